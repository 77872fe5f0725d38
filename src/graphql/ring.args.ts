// Filters of the `rings` list (and of Account/Product/Merchant.rings).
import { ArgsType, Field, Float, ID, Int, registerEnumType } from 'type-graphql';
import { IsOptional, Max, Min } from 'class-validator';
import { PageArgs } from './connection.type';
import { RingKind } from './ring.type';

export enum RingOrder {
  SCORE = 'SCORE',
  SIZE = 'SIZE',
  LAST_ACTIVITY = 'LAST_ACTIVITY',
}

registerEnumType(RingOrder, {
  name: 'RingOrder',
  description: 'How a list of rings is sorted; always descending, ties broken by ring id.',
  valuesConfig: {
    SCORE: { description: 'Most certain first.' },
    SIZE: { description: 'Most members first.' },
    LAST_ACTIVITY: { description: 'Most recently active first (rings without activity last).' },
  },
});

@ArgsType()
export class RingFilterArgs extends PageArgs {
  @Field(() => RingKind, {
    nullable: true,
    description: 'Rings of this kind, and COMBINED rings carrying it as a signal.',
  })
  kind?: RingKind | null;

  @Field(() => Float, { defaultValue: 0 })
  @Min(0)
  @Max(1)
  minScore: number = 0;

  @Field(() => Int, { defaultValue: 2 })
  @Min(1)
  minSize: number = 2;

  @Field(() => Date, { nullable: true, description: 'Rings active at or after this time.' })
  @IsOptional()
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Rings active at or before this time.' })
  @IsOptional()
  until?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Rings that first became visible at or after this time (Ring.firstDetected, the end of the run that found them): what is new since a review.',
  })
  @IsOptional()
  detectedSince?: Date | null;

  @Field(() => RingOrder, { defaultValue: RingOrder.SCORE })
  orderBy: RingOrder = RingOrder.SCORE;
}

@ArgsType()
export class RingsArgs extends RingFilterArgs {
  @Field(() => ID, { nullable: true, description: 'Only rings benefiting this shop.' })
  @IsOptional()
  merchantId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only rings with this product among their evidence.' })
  @IsOptional()
  productId?: string | null;
}

@ArgsType()
export class GraphArgs {
  @Field(() => Int, { defaultValue: 300, description: 'Most nodes to return, 1 to 2000.' })
  @Min(1)
  @Max(2000)
  limit: number = 300;
}

@ArgsType()
export class MembersArgs {
  @Field(() => Int, {
    nullable: true,
    description: "Only the first N members (a list view need not carry every member's evidence); all when omitted.",
  })
  @IsOptional()
  @Min(1)
  first?: number | null;
}
