// Reads stored rings: the filtered list and the details (members, evidence) of one ring.
import { GraphQLError } from 'graphql';
import { Database } from '../db/database';
import { CursorKey } from './connection.type';
import { Context } from './context';
import { pagedRead } from './paged-read';
import { Ring, RingDetails } from './ring.type';
import { RingOrder, RingsArgs } from './ring.args';

/** Rings pages are keyed on (order, sort key, ring id, detection run): ring ids carry over from run to run. */
const RING_CURSOR: CursorKey[] = ['string', 'number', 'string', 'string'];

export function listRings(db: Database, args: RingsArgs & { accountId?: string | null }) {
  const orderBy = args.orderBy ?? RingOrder.SCORE;
  return pagedRead(
    db,
    'rings/list',
    {
      kind: args.kind ?? null,
      minScore: args.minScore ?? 0,
      minSize: args.minSize ?? 1,
      since: args.since?.toISOString() ?? null,
      until: args.until?.toISOString() ?? null,
      detectedSince: args.detectedSince?.toISOString() ?? null,
      merchantId: args.merchantId ?? null,
      productId: args.productId ?? null,
      accountId: args.accountId ?? null,
      orderBy,
    },
    args,
    RING_CURSOR,
    (n) => ({ ...(n as unknown as Ring), stored: true }),
    // The cursor carries its order, so a page asked for in another order fails instead of skipping rings.
    ([order]) => {
      if (order !== orderBy)
        throw new GraphQLError(`\`after\` is a cursor of a list ordered by ${String(order)}, not ${orderBy}`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
    },
    // A page of another run would repeat or skip rings whose scores changed: say so instead.
    (key, row) => {
      if (key[3] !== row.runId)
        throw new GraphQLError(
          `\`after\` is a cursor of detection run ${String(key[3])}, which a newer run has replaced; ask for the first page again`,
          { extensions: { code: 'BAD_USER_INPUT' } },
        );
    },
  );
}

export async function ringDetails(ring: Ring, ctx: Context): Promise<RingDetails> {
  if (ring.details) return ring.details;
  // From the run the ring was listed from: a run switch between the list and this read must not mix two runs.
  const loaded = await ctx.loaders.ring.load([ring.runId ?? null, ring.id]);
  if (!loaded && ring.runId)
    throw new GraphQLError(
      `ring ${ring.id} was listed from detection run ${ring.runId}, which a newer run replaced while this request was read; ask again`,
      { extensions: { code: 'RUN_REPLACED' } },
    );
  ring.details = loaded?.details ?? {
    members: [],
    devices: [],
    payments: [],
    products: [],
    orders: [],
    reviews: [],
    merchants: [],
  };
  return ring.details;
}
