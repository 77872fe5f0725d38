// Merchant: look-up by id, owner and products.
import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { INVESTIGATOR } from './auth-checker';
import { Context } from './context';
import { PageArgs } from './connection.type';
import { IdArgs } from './id.args';
import { pagedRead } from './paged-read';
import { Account, Merchant, Product, ProductConnection } from './entities.type';

@Resolver(() => Merchant)
export class MerchantResolver {
  @Authorized(INVESTIGATOR)
  @Query(() => Merchant, { nullable: true })
  merchant(@Args() { id }: IdArgs, @Ctx() ctx: Context): Promise<Merchant | null> {
    return ctx.loaders.merchant.load(id);
  }

  @FieldResolver(() => Account, { nullable: true, description: "The shop owner's account, when known." })
  owner(@Root() m: Merchant, @Ctx() ctx: Context): Promise<Account | null> | null {
    return m.ownerAccountId ? ctx.loaders.account.load(m.ownerAccountId) : null;
  }

  @FieldResolver(() => ProductConnection)
  products(@Root() m: Merchant, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(ctx.db, 'read/merchant-products', { id: m.id }, page, ['string'], (n) => n as unknown as Product);
  }
}
