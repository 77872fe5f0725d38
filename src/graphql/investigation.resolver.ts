// productIntegrity and accountNetwork: the two questions an investigator asks after "which rings?".
import { Args, ArgsType, Authorized, Ctx, Field, ID, Int, Query, registerEnumType, Resolver } from 'type-graphql';
import { INVESTIGATOR } from './auth-checker';
import { ArrayNotEmpty, IsNotEmpty, IsOptional, Max, MaxLength, Min } from 'class-validator';
import neo4j, { Node, Relationship } from 'neo4j-driver';
import { rows } from '../db/values';
import { Context } from './context';
import { GraphBuilder } from './graph-builder';
import { Graph } from './graph.type';
import { ProductIntegrity, PurchaseBurst } from './integrity.type';

@ArgsType()
class ProductIntegrityArgs {
  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(200)
  id!: string;

  @Field(() => Int, { defaultValue: 5, description: 'Orders in an hour that make it a burst.' })
  @Min(2)
  minBurstOrders: number = 5;

  @Field(() => Int, { defaultValue: 20 })
  @Min(1)
  @Max(200)
  maxBursts: number = 20;
}

export enum NetworkLink {
  DEVICES = 'DEVICES',
  IPS = 'IPS',
  PAYMENTS = 'PAYMENTS',
  PURCHASES = 'PURCHASES',
  REVIEWS = 'REVIEWS',
  RINGS = 'RINGS',
}

registerEnumType(NetworkLink, {
  name: 'NetworkLink',
  description: 'Kinds of relationship accountNetwork follows.',
  valuesConfig: {
    DEVICES: { description: 'Devices used (USED).' },
    IPS: { description: 'IP addresses seen (SEEN_AT).' },
    PAYMENTS: { description: 'Payments sent and received (SENT, TO).' },
    PURCHASES: { description: 'Orders, their products and shops (PLACED, OF, SOLD_BY, OWNED_BY).' },
    REVIEWS: { description: 'Reviews, what they are about, and likes (WROTE, ABOUT, FOR_ORDER, LIKED).' },
    RINGS: { description: 'Stored rings, their evidence and shops (MEMBER_OF, EVIDENCE, TARGETS).' },
  },
});

/** The relationship types behind each kind of link, as APOC's relationshipFilter spells them. */
const LINK_TYPES: Record<NetworkLink, string[]> = {
  DEVICES: ['USED'],
  IPS: ['SEEN_AT'],
  PAYMENTS: ['SENT', 'TO'],
  PURCHASES: ['PLACED', 'OF', 'SOLD_BY', 'OWNED_BY'],
  REVIEWS: ['WROTE', 'ABOUT', 'FOR_ORDER', 'LIKED'],
  RINGS: ['MEMBER_OF', 'EVIDENCE', 'TARGETS'],
};

@ArgsType()
class AccountNetworkArgs {
  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(200)
  id!: string;

  @Field(() => Int, { defaultValue: 2, description: 'Hops from the account, 1 to 4.' })
  @Min(1)
  @Max(4)
  depth: number = 2;

  @Field(() => Int, { defaultValue: 200, description: 'Most nodes to return, 1 to 2000.' })
  @Min(1)
  @Max(2000)
  limit: number = 200;

  @Field(() => [NetworkLink], {
    nullable: true,
    description:
      'Relationships to follow; all when omitted. [DEVICES, IPS, PAYMENTS] draws the accounts around this one ' +
      'without the orders and reviews that otherwise fill the limit.',
  })
  @IsOptional()
  @ArrayNotEmpty()
  via?: NetworkLink[] | null;
}

interface IntegrityRow {
  reviewCount: number;
  averageRating: number | null;
  ringReviewCount: number;
  averageRatingWithoutRings: number | null;
  orderCount: number;
  ringOrderCount: number;
  bursts: { start: Date; orders: number; buyers: number; ringBuyers: number }[];
}

@Resolver()
export class InvestigationResolver {
  @Authorized(INVESTIGATOR)
  @Query(() => ProductIntegrity, { nullable: true, description: 'Rating and sales with and without ring members.' })
  async productIntegrity(@Args() args: ProductIntegrityArgs, @Ctx() ctx: Context): Promise<ProductIntegrity | null> {
    const [row] = rows<IntegrityRow>(
      await ctx.db.read('read/product-integrity', {
        id: args.id,
        minBurstOrders: neo4j.int(args.minBurstOrders),
        maxBursts: neo4j.int(args.maxBursts),
      }),
    );
    if (!row) return null;
    const bursts: PurchaseBurst[] = row.bursts.map((b) => ({
      ...b,
      end: new Date(b.start.getTime() + 3600_000),
      ordersPerBuyer: b.buyers ? Math.round((b.orders / b.buyers) * 100) / 100 : 0,
    }));
    return {
      productId: args.id,
      ...row,
      ringReviewShare: row.reviewCount ? row.ringReviewCount / row.reviewCount : 0,
      bursts,
    };
  }

  @Authorized(INVESTIGATOR)
  @Query(() => Graph, {
    nullable: true,
    description: 'Everything within `depth` hops of an account, nearest first, for drawing; null for an unknown id.',
  })
  async accountNetwork(@Args() args: AccountNetworkArgs, @Ctx() ctx: Context): Promise<Graph | null> {
    const result = await ctx.db.read('read/account-network', {
      id: args.id,
      depth: neo4j.int(args.depth),
      // APOC's limit counts paths; asking for one more than we keep tells whether anything was left out.
      limit: neo4j.int(args.limit + 1),
      relationshipFilter: (args.via ?? Object.values(NetworkLink)).flatMap((l) => LINK_TYPES[l]).join('|'),
    });
    const record = result.records[0];
    if (!record) return null;
    const builder = new GraphBuilder(args.limit);
    for (const n of record.get('nodes') as Node[]) builder.addNeo4jNode(n);
    for (const r of record.get('rels') as Relationship[]) builder.addNeo4jRelationship(r);
    return builder.build();
  }
}
