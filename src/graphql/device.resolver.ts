// Device: look-up by id and the accounts that used it.
import { Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { INVESTIGATOR } from './auth-checker';
import { Context } from './context';
import { PageArgs } from './connection.type';
import { IdArgs } from './id.args';
import { pagedRead } from './paged-read';
import { Account, AccountConnection, Device } from './entities.type';

@Resolver(() => Device)
export class DeviceResolver {
  @Authorized(INVESTIGATOR)
  @Query(() => Device, { nullable: true })
  device(@Args() { id }: IdArgs, @Ctx() ctx: Context): Promise<Device | null> {
    return ctx.loaders.device.load(id);
  }

  @Authorized(INVESTIGATOR)
  @FieldResolver(() => AccountConnection, { description: 'Accounts that used this device, by id.' })
  accounts(@Root() d: Device, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return pagedRead(ctx.db, 'read/device-accounts', { id: d.id }, page, ['string'], (n) => n as unknown as Account);
  }

  @FieldResolver(() => Int, { description: 'How many accounts used this device.' })
  async accountCount(@Root() d: Device, @Ctx() ctx: Context): Promise<number> {
    return (await pagedRead(ctx.db, 'read/device-accounts', { id: d.id }, { first: 1 }, ['string'], (n) => n))
      .totalCount;
  }
}
