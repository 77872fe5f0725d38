// Reads stored rings: the filtered list and the details (members, evidence) of one ring.
import { Database } from '../db/database';
import { Context } from './context';
import { pagedRead } from './paged-read';
import { Ring, RingDetails } from './ring.type';
import { RingsArgs } from './ring.args';

export function listRings(db: Database, args: RingsArgs & { accountId?: string | null }) {
  return pagedRead(
    db,
    'rings/list',
    {
      kind: args.kind ?? null,
      minScore: args.minScore ?? 0,
      minSize: args.minSize ?? 1,
      since: args.since?.toISOString() ?? null,
      until: args.until?.toISOString() ?? null,
      merchantId: args.merchantId ?? null,
      productId: args.productId ?? null,
      accountId: args.accountId ?? null,
    },
    args,
    2,
    (n) => ({ ...(n as unknown as Ring), stored: true }),
  );
}

export async function ringDetails(ring: Ring, ctx: Context): Promise<RingDetails> {
  if (ring.details) return ring.details;
  const loaded = await ctx.loaders.ring.load(ring.id);
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
