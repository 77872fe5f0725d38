// A graph that Cytoscape.js, sigma/graphology and Neo4j NVL draw as is: string ids unique across nodes and edges.
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

// simpleResolvers: a ring's graph is a thousand nodes and edges, and type-graphql otherwise wraps each of their fields in
// a middleware runner; these types have no @Authorized fields and no middleware (a viewer's graph is filtered by
// Ring.graph itself), so graphql-js reads the properties directly.
@ObjectType({
  description: 'A node: id is "<Label>:<key>", e.g. "Account:u1"; no layout or colours.',
  simpleResolvers: true,
})
export class GraphNode {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Primary label: Account, Device, Ip, Merchant, Product, Order, Review, Payment or Ring.' })
  label!: string;

  @Field(() => GraphQLJSONObject)
  properties!: Record<string, unknown>;
}

@ObjectType({
  description: 'A directed edge between two node ids; id is "<TYPE>:<source>-><target>".',
  simpleResolvers: true,
})
export class GraphEdge {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  source!: string;

  @Field(() => ID)
  target!: string;

  @Field({ description: 'Relationship type, e.g. USED, PLACED, MEMBER_OF, EVIDENCE.' })
  type!: string;

  @Field(() => GraphQLJSONObject)
  properties!: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true })
export class Graph {
  @Field(() => [GraphNode])
  nodes!: GraphNode[];

  @Field(() => [GraphEdge])
  edges!: GraphEdge[];

  @Field({ description: 'True when more was there than `limit` allowed; what is shown is the nearest part.' })
  truncated!: boolean;

  @Field(() => Int)
  limit!: number;
}
