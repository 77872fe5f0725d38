// `stats`: how much data is loaded, per label.
import { Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { VIEWER } from './auth-checker';
import { Context } from './context';
import { rows } from '../db/values';

@ObjectType({ description: 'Counts of what is loaded.' })
export class Stats {
  @Field(() => Int) accounts!: number;
  @Field(() => Int) devices!: number;
  @Field(() => Int) ips!: number;
  @Field(() => Int) merchants!: number;
  @Field(() => Int) products!: number;
  @Field(() => Int) orders!: number;
  @Field(() => Int) reviews!: number;
  @Field(() => Int) payments!: number;
  @Field(() => Int) likes!: number;
  @Field(() => Int, { description: 'Account-device links.' }) deviceUses!: number;
  @Field(() => Int, { description: 'Rings stored by the latest detection run.' }) rings!: number;
}

@Resolver()
export class StatsResolver {
  @Authorized(VIEWER)
  @Query(() => Stats)
  async stats(@Ctx() ctx: Context): Promise<Stats> {
    return rows<Stats>(await ctx.db.read('read/stats'))[0];
  }
}
