// One entry of the audit trail as GraphQL: who (key, role) asked what, and which accounts, products and shops came back.
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from './connection.type';

@ObjectType({ description: 'One authenticated request: who asked, what, and what it returned.' })
export class AuditEntry {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field({ description: 'Name of the API key that made the request.' })
  keyName!: string;

  @Field({ description: 'Role of that key at the time.' })
  role!: string;

  @Field(() => String, { nullable: true, description: 'GraphQL operation name, or "GET /path" for a REST route.' })
  operation!: string | null;

  @Field({ description: 'The query text (GraphQL) or the URL (REST), as sent.' })
  query!: string;

  @Field({ description: 'Variables or route parameters as given, as JSON text (personal values kept).' })
  variables!: string;

  @Field(() => [ID], { description: 'Accounts whose fields the answer contained.' })
  accountIds!: string[];

  @Field(() => [ID])
  productIds!: string[];

  @Field(() => [ID])
  merchantIds!: string[];

  @Field({ description: '"ok", or the first error code (FORBIDDEN, BAD_USER_INPUT, QUERY_TIMEOUT, ...).' })
  outcome!: string;

  @Field(() => Int)
  durationMs!: number;
}

@ObjectType()
export class AuditEntryConnection extends ConnectionType(AuditEntry, 'AuditEntry') {}
