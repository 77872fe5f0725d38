// Builds the type-graphql schema from the resolver classes and emits the SDL to schema/schema.graphql.
import 'reflect-metadata';
import path from 'node:path';
import { GraphQLSchema } from 'graphql';
import { buildSchema, NonEmptyArray } from 'type-graphql';
import { projectRoot } from '../util/project-root';
import { AccountResolver } from './account.resolver';
import { DeviceResolver } from './device.resolver';
import { MerchantResolver } from './merchant.resolver';
import { ProductResolver } from './product.resolver';
import { OrderResolver, PaymentResolver, ReviewResolver } from './order.resolver';
import { StatsResolver } from './stats.resolver';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  AccountResolver,
  DeviceResolver,
  MerchantResolver,
  ProductResolver,
  OrderResolver,
  ReviewResolver,
  PaymentResolver,
  StatsResolver,
];

export const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'schema.graphql');

export function buildRingscopeSchema(options: { emit?: string | false } = {}): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: options.emit ? { path: options.emit, sortedSchema: true } : false,
  });
}
