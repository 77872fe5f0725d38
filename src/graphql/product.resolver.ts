// Product: look-up by id, its merchant, orders, reviews and rating summary.
import { Args, Authorized, Ctx, FieldResolver, Float, Int, Query, Resolver, Root } from 'type-graphql';
import { INVESTIGATOR } from './auth-checker';
import { Context } from './context';
import { PageArgs } from './connection.type';
import { IdArgs } from './id.args';
import { pagedRead } from './paged-read';
import { rows } from '../db/values';
import { Merchant, Order, OrderConnection, Product, Review, ReviewConnection } from './entities.type';

interface ProductSummary {
  orderCount: number;
  reviewCount: number;
  averageRating: number | null;
}

@Resolver(() => Product)
export class ProductResolver {
  @Authorized(INVESTIGATOR)
  @Query(() => Product, { nullable: true })
  product(@Args() { id }: IdArgs, @Ctx() ctx: Context): Promise<Product | null> {
    return ctx.loaders.product.load(id);
  }

  @FieldResolver(() => Merchant)
  merchant(@Root() p: Product, @Ctx() ctx: Context) {
    return ctx.loaders.merchant.load(p.merchantId);
  }

  @Authorized(INVESTIGATOR)
  @FieldResolver(() => OrderConnection, { description: 'Orders of this product, newest first.' })
  orders(@Root() p: Product, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'read/product-orders',
      { id: p.id },
      page,
      ['time', 'string'],
      (n) => n as unknown as Order,
    );
  }

  @Authorized(INVESTIGATOR)
  @FieldResolver(() => ReviewConnection, { description: 'Reviews of this product, newest first.' })
  reviews(@Root() p: Product, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'read/product-reviews',
      { id: p.id },
      page,
      ['time', 'string'],
      (n) => n as unknown as Review,
    );
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Average rating over all reviews; null without reviews.' })
  async averageRating(@Root() p: Product, @Ctx() ctx: Context): Promise<number | null> {
    return (await summary(p, ctx)).averageRating;
  }

  @FieldResolver(() => Int)
  async reviewCount(@Root() p: Product, @Ctx() ctx: Context): Promise<number> {
    return (await summary(p, ctx)).reviewCount;
  }

  @FieldResolver(() => Int)
  async orderCount(@Root() p: Product, @Ctx() ctx: Context): Promise<number> {
    return (await summary(p, ctx)).orderCount;
  }
}

// One query answers all three summary fields; cache it on the object for the request.
const summaries = new WeakMap<Product, Promise<ProductSummary>>();
function summary(p: Product, ctx: Context): Promise<ProductSummary> {
  let s = summaries.get(p);
  if (!s) {
    s = ctx.db.read('read/product-summary', { id: p.id }).then((r) => rows<ProductSummary>(r)[0]);
    summaries.set(p, s);
  }
  return s;
}
