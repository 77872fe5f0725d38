// Order, Review and Payment: look-ups by id and their links, all batched through the loaders.
import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { INVESTIGATOR } from './auth-checker';
import { Context } from './context';
import { IdArgs } from './id.args';
import { Account, Order, Payment, Product, Review } from './entities.type';

@Resolver(() => Order)
export class OrderResolver {
  @Authorized(INVESTIGATOR)
  @Query(() => Order, { nullable: true })
  order(@Args() { id }: IdArgs, @Ctx() ctx: Context): Promise<Order | null> {
    return ctx.loaders.order.load(id);
  }

  @FieldResolver(() => Account, { description: 'The buyer.' })
  account(@Root() o: Order, @Ctx() ctx: Context) {
    return ctx.loaders.account.load(o.accountId);
  }

  @FieldResolver(() => Product)
  product(@Root() o: Order, @Ctx() ctx: Context) {
    return ctx.loaders.product.load(o.productId);
  }
}

@Resolver(() => Review)
export class ReviewResolver {
  @Authorized(INVESTIGATOR)
  @Query(() => Review, { nullable: true })
  review(@Args() { id }: IdArgs, @Ctx() ctx: Context): Promise<Review | null> {
    return ctx.loaders.review.load(id);
  }

  @FieldResolver(() => Account, { description: 'The author.' })
  account(@Root() r: Review, @Ctx() ctx: Context) {
    return ctx.loaders.account.load(r.accountId);
  }

  @FieldResolver(() => Product)
  product(@Root() r: Review, @Ctx() ctx: Context) {
    return ctx.loaders.product.load(r.productId);
  }

  @FieldResolver(() => Order, {
    nullable: true,
    description: 'The order this review is for, when the platform linked it.',
  })
  order(@Root() r: Review, @Ctx() ctx: Context) {
    return r.orderId ? ctx.loaders.order.load(r.orderId) : null;
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  @Authorized(INVESTIGATOR)
  @Query(() => Payment, { nullable: true })
  payment(@Args() { id }: IdArgs, @Ctx() ctx: Context): Promise<Payment | null> {
    return ctx.loaders.payment.load(id);
  }

  @FieldResolver(() => Account)
  payer(@Root() p: Payment, @Ctx() ctx: Context) {
    return ctx.loaders.account.load(p.payerId);
  }

  @FieldResolver(() => Account)
  payee(@Root() p: Payment, @Ctx() ctx: Context) {
    return ctx.loaders.account.load(p.payeeId);
  }

  @FieldResolver(() => Order, {
    nullable: true,
    description: 'The order this payment refers to, when the wallet recorded one.',
  })
  order(@Root() p: Payment, @Ctx() ctx: Context) {
    return p.orderId ? ctx.loaders.order.load(p.orderId) : null;
  }
}
