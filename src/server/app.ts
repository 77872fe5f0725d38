// Builds the HTTP app: Apollo Server 5 on /graphql behind Express, plus /healthz. Started elsewhere.
import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLSchema } from 'graphql';
import { Database } from '../db/database';
import { Context, createContext } from '../graphql/context';
import { formatError } from './errors';
import { requestLogPlugin } from './request-log.plugin';

/** Query-cost bounds (graphql-armor): generous for an investigator's UI, fatal for a query bomb. */
export const LIMITS = { maxDepth: 10, maxCost: 20000, maxAliases: 20, maxTokens: 2000, maxDirectives: 20 };

export function createApollo(schema: GraphQLSchema, httpServer?: http.Server): ApolloServer<Context> {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    costLimit: { maxCost: LIMITS.maxCost },
    maxAliases: { n: LIMITS.maxAliases },
    maxTokens: { n: LIMITS.maxTokens },
    maxDirectives: { n: LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  return new ApolloServer<Context>({
    ...protection,
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      ...protection.plugins,
      requestLogPlugin<Context>(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
}

export async function createApp(db: Database, schema: GraphQLSchema, options: { adminToken?: string } = {}) {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = createApollo(schema, httpServer);
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    const started = Date.now();
    try {
      await db.driver.executeQuery('RETURN 1', {}, { database: db.name });
      res.json({ status: 'ok', database: { reachable: true, latencyMs: Date.now() - started } });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', database: { reachable: false, error: (error as Error).message } });
    }
  });
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(db, {
          canWrite: !options.adminToken || req.headers.authorization === `Bearer ${options.adminToken}`,
        }),
    }),
  );
  return { app, httpServer, apollo };
}
