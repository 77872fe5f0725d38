// Ring: the stored list and look-up, and every ring's members, evidence and drawable graph.
import { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Context } from './context';
import { IdArgs } from './id.args';
import { Device, Merchant, Order, Payment, Product, Review } from './entities.type';
import { Graph } from './graph.type';
import { GraphArgs, MembersArgs, RingsArgs } from './ring.args';
import { Ring, RingConnection, RingKind, RingMember } from './ring.type';
import { listRings, ringDetails } from './rings-read';
import { ringGraph } from './ring-graph';
import { selects } from './selection';
import { runById } from '../detection/store';
import { DetectionRunInfo, runInfo } from './detection.resolver';

function present<T>(items: (T | null | Error)[]): T[] {
  return items.filter((x): x is T => x !== null && !(x instanceof Error));
}

@Resolver(() => Ring)
export class RingResolver {
  @Query(() => RingConnection, { description: 'Rings stored by the latest detection run, highest score first.' })
  rings(@Args() args: RingsArgs, @Ctx() ctx: Context) {
    return listRings(ctx.db, args);
  }

  @Query(() => Ring, { nullable: true, description: 'A stored ring by id.' })
  ring(@Args() { id }: IdArgs, @Ctx() ctx: Context): Promise<Ring | null> {
    return ctx.loaders.ring.load([null, id]);
  }

  @FieldResolver(() => [RingMember], { description: 'Members, most strongly tied first.' })
  async members(
    @Root() ring: Ring,
    @Args() { first }: MembersArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RingMember[]> {
    const members = (await ringDetails(ring, ctx)).members.slice(0, first ?? undefined);
    // Evidence is read for the members returned, and only when the query selects it.
    const wantEvidence = selects(info, 'evidence');
    const [accounts, evidence] = await Promise.all([
      ctx.loaders.account.loadMany(members.map((m) => m.accountId)),
      Promise.all(
        members.map(
          (m) =>
            m.evidence ??
            (wantEvidence && ring.runId ? ctx.loaders.memberEvidence.load([ring.runId, ring.id, m.accountId]) : []),
        ),
      ),
    ]);
    return members.flatMap((m, i) => {
      const account = accounts[i];
      return account && !(account instanceof Error)
        ? [
            {
              account,
              score: m.score,
              evidence: evidence[i],
              role: m.role ?? 'member',
              signals: (m.signals ?? ring.signals) as RingKind[],
            },
          ]
        : [];
    });
  }

  @FieldResolver(() => [Merchant], { description: 'Shops the ring benefits.' })
  async merchants(@Root() ring: Ring, @Ctx() ctx: Context) {
    return present(await ctx.loaders.merchant.loadMany((await ringDetails(ring, ctx)).merchants));
  }

  @FieldResolver(() => [Product], { description: 'Products the ring bought or reviewed as part of the scheme.' })
  async products(@Root() ring: Ring, @Ctx() ctx: Context) {
    return present(await ctx.loaders.product.loadMany((await ringDetails(ring, ctx)).products));
  }

  @FieldResolver(() => [Device], { description: 'Devices the members shared.' })
  async devices(@Root() ring: Ring, @Ctx() ctx: Context) {
    return present(await ctx.loaders.device.loadMany((await ringDetails(ring, ctx)).devices));
  }

  @FieldResolver(() => [Payment], { description: 'Payments behind the ring (cashback, organiser transfers).' })
  async payments(@Root() ring: Ring, @Ctx() ctx: Context) {
    return present(await ctx.loaders.payment.loadMany((await ringDetails(ring, ctx)).payments));
  }

  @FieldResolver(() => [Order], { description: 'Orders that are part of the evidence.' })
  async orders(@Root() ring: Ring, @Ctx() ctx: Context) {
    return present(await ctx.loaders.order.loadMany((await ringDetails(ring, ctx)).orders));
  }

  @FieldResolver(() => [Review], { description: 'Reviews that are part of the evidence.' })
  async reviews(@Root() ring: Ring, @Ctx() ctx: Context) {
    return present(await ctx.loaders.review.loadMany((await ringDetails(ring, ctx)).reviews));
  }

  @FieldResolver(() => DetectionRunInfo, {
    nullable: true,
    description: 'The detection run this stored ring was read from, with its parameters; null for on-demand rings.',
  })
  async run(@Root() ring: Ring, @Ctx() ctx: Context): Promise<DetectionRunInfo | null> {
    const run = ring.runId ? await runById(ctx.db, ring.runId) : null;
    return run && runInfo(run);
  }

  @FieldResolver(() => Graph, { description: 'The ring, its members and evidence, and the relationships among them.' })
  async graph(
    @Root() ring: Ring,
    @Args() { limit }: GraphArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Graph> {
    return ringGraph(ctx.db, ring, await ringDetails(ring, ctx), limit, selects(info, 'properties'));
  }
}
