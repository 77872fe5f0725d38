// Account: look-up by id and its links (devices, co-users, orders, reviews, payments).
import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { INVESTIGATOR } from './auth-checker';
import { Context } from './context';
import { PageArgs } from './connection.type';
import { IdArgs } from './id.args';
import { pagedRead } from './paged-read';
import {
  Account,
  DeviceUse,
  DeviceUseConnection,
  OrderConnection,
  PaymentConnection,
  ReviewConnection,
  SharedDeviceAccount,
  SharedDeviceAccountConnection,
  Order,
  Review,
  Payment,
} from './entities.type';

// An account's own links (devices, orders, reviews, payments) are personal: investigators and admins only.
@Authorized(INVESTIGATOR)
@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'An account by id, or null when there is none.' })
  account(@Args() { id }: IdArgs, @Ctx() ctx: Context): Promise<Account | null> {
    return ctx.loaders.account.load(id);
  }

  @FieldResolver(() => DeviceUseConnection, { description: 'Devices this account used.' })
  devices(@Root() a: Account, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(ctx.db, 'read/account-devices', { id: a.id }, page, ['string'], (n) => n as unknown as DeviceUse);
  }

  @FieldResolver(() => SharedDeviceAccountConnection, {
    description: 'Other accounts seen on the same devices, most shared devices first.',
  })
  sharedDeviceAccounts(@Root() a: Account, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'read/account-shared-device-accounts',
      { id: a.id },
      page,
      ['number', 'string'],
      (n) => n as unknown as SharedDeviceAccount,
    );
  }

  @FieldResolver(() => OrderConnection, { description: 'Orders placed, newest first.' })
  orders(@Root() a: Account, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'read/account-orders',
      { id: a.id },
      page,
      ['time', 'string'],
      (n) => n as unknown as Order,
    );
  }

  @FieldResolver(() => ReviewConnection, { description: 'Reviews written, newest first.' })
  reviews(@Root() a: Account, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'read/account-reviews',
      { id: a.id },
      page,
      ['time', 'string'],
      (n) => n as unknown as Review,
    );
  }

  @FieldResolver(() => PaymentConnection, { description: 'Payments sent, newest first.' })
  paymentsSent(@Root() a: Account, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'read/account-payments-sent',
      { id: a.id },
      page,
      ['time', 'string'],
      (n) => n as unknown as Payment,
    );
  }

  @FieldResolver(() => PaymentConnection, { description: 'Payments received, newest first.' })
  paymentsReceived(@Root() a: Account, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(
      ctx.db,
      'read/account-payments-received',
      { id: a.id },
      page,
      ['time', 'string'],
      (n) => n as unknown as Payment,
    );
  }
}
