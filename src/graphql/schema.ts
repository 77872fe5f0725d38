// Builds the type-graphql schema from the resolver classes and emits the SDL to schema/schema.graphql.
import 'reflect-metadata';
import path from 'node:path';
import { GraphQLSchema } from 'graphql';
import { buildSchema, emitSchemaDefinitionFile, NonEmptyArray } from 'type-graphql';
import { projectRoot } from '../util/project-root';
import { AccountResolver } from './account.resolver';
import { DeviceResolver } from './device.resolver';
import { MerchantResolver } from './merchant.resolver';
import { ProductResolver } from './product.resolver';
import { OrderResolver, PaymentResolver, ReviewResolver } from './order.resolver';
import { StatsResolver } from './stats.resolver';
import { RingResolver } from './ring.resolver';
import { AccountRingsResolver, MerchantRingsResolver, ProductRingsResolver } from './ring-links.resolver';
import { InvestigationResolver } from './investigation.resolver';
import { DetectionResolver } from './detection.resolver';
import { OnDemandResolver } from './on-demand.resolver';
import { RingEventsResolver } from './ring-events.resolver';
import { Context } from './context';

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
  RingResolver,
  AccountRingsResolver,
  ProductRingsResolver,
  MerchantRingsResolver,
  InvestigationResolver,
  DetectionResolver,
  OnDemandResolver,
  RingEventsResolver,
];

export const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'schema.graphql');

export function buildRingscopeSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    // Mutations change data: only requests carrying RINGSCOPE_ADMIN_TOKEN, when one is set.
    authChecker: ({ context }: { context: Context }) => context.canWrite,
  });
}

/** Writes the SDL (sorted, so diffs stay small); `npm run schema` commits it to schema/schema.graphql. */
export async function emitSchema(file: string = SCHEMA_FILE): Promise<void> {
  await emitSchemaDefinitionFile(file, await buildRingscopeSchema(), { sortedSchema: true });
}
