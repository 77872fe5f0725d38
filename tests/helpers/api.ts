// Runs GraphQL operations through the real Apollo server (no port) against the real database.
import { ApolloServer } from '@apollo/server';
import { Database } from '../../src/db/database';
import { buildRingscopeSchema } from '../../src/graphql/schema';
import { Context, createContext } from '../../src/graphql/context';
import { createApollo } from '../../src/server/app';

export interface Api {
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  stop(): Promise<void>;
}

export async function testApi(db: Database): Promise<Api> {
  const apollo: ApolloServer<Context> = createApollo(await buildRingscopeSchema());
  await apollo.start();
  return {
    async query(query, variables) {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(db) });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult as never;
    },
    stop: () => apollo.stop(),
  };
}
