// productIntegrity: what a product's rating and sales look like with and without ring members.
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A clock hour in which a product sold at least `minBurstOrders` times (productIntegrity argument, default 5).',
})
export class PurchaseBurst {
  @Field()
  start!: Date;

  @Field()
  end!: Date;

  @Field(() => Int)
  orders!: number;

  @Field(() => Int, { description: 'Distinct buyers in the hour.' })
  buyers!: number;

  @Field(() => Int, { description: 'Buyers who are members of a stored ring.' })
  ringBuyers!: number;

  @Field(() => Float, {
    description: "Orders per distinct buyer; Shopee's order-brushing rule flags an hour at 3 or more.",
  })
  ordersPerBuyer!: number;
}

@ObjectType()
export class ProductIntegrity {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  reviewCount!: number;

  @Field(() => Float, { nullable: true, description: 'Average rating over all reviews.' })
  averageRating!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average rating leaving out reviews by ring members.' })
  averageRatingWithoutRings!: number | null;

  @Field(() => Int)
  ringReviewCount!: number;

  @Field(() => Float, { description: 'Share of reviews written by ring members, 0 to 1.' })
  ringReviewShare!: number;

  @Field(() => Int)
  orderCount!: number;

  @Field(() => Int)
  ringOrderCount!: number;

  @Field(() => [PurchaseBurst], { description: 'Busiest hours with at least `minBurstOrders` orders, busiest first.' })
  bursts!: PurchaseBurst[];
}
