// Account.rings, Product.rings, Merchant.rings: the stored rings each is part of or targeted by.
import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Context } from './context';
import { Account, Merchant, Product } from './entities.type';
import { RingFilterArgs } from './ring.args';
import { RingConnection } from './ring.type';
import { listRings } from './rings-read';

@Resolver(() => Account)
export class AccountRingsResolver {
  @FieldResolver(() => RingConnection, { description: 'Stored rings this account is a member of.' })
  rings(@Root() a: Account, @Args() args: RingFilterArgs, @Ctx() ctx: Context) {
    return listRings(ctx.db, { ...args, accountId: a.id });
  }
}

@Resolver(() => Product)
export class ProductRingsResolver {
  @FieldResolver(() => RingConnection, { description: 'Stored rings with this product among their evidence.' })
  rings(@Root() p: Product, @Args() args: RingFilterArgs, @Ctx() ctx: Context) {
    return listRings(ctx.db, { ...args, productId: p.id });
  }
}

@Resolver(() => Merchant)
export class MerchantRingsResolver {
  @FieldResolver(() => RingConnection, { description: 'Stored rings benefiting this shop.' })
  rings(@Root() m: Merchant, @Args() args: RingFilterArgs, @Ctx() ctx: Context) {
    return listRings(ctx.db, { ...args, merchantId: m.id });
  }
}
