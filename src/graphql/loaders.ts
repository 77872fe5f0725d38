// Per-request DataLoaders: every `order.product`, `review.account`... in one response is one batched query.
import DataLoader from 'dataloader';
import { Database } from '../db/database';
import { rows } from '../db/values';
import { Account, Device, Merchant, Order, Payment, Product, Review } from './entities.type';
import { DetectedMember } from '../detection/types';
import { Ring, RingDetails } from './ring.type';

type StoredRingRow = Ring &
  Omit<RingDetails, 'members'> & { members: (Omit<DetectedMember, 'evidence'> & { account: Account })[] };

/** A stored ring from rings/by-id; its members' accounts go to the account loader, so `members { account }` is free. */
function storedRing(row: StoredRingRow | null, accounts: DataLoader<string, Account | null>): Ring | null {
  if (!row) return null;
  const { members: rows, devices, payments, products, orders, reviews, merchants, ...ring } = row;
  // Evidence stays unread until a query asks for it (memberEvidence), hence null.
  const members = rows.map(({ account, ...member }) => {
    accounts.prime(member.accountId, account);
    return { ...member, evidence: null };
  });
  members.sort((a, b) => b.score - a.score || a.accountId.localeCompare(b.accountId));
  return { ...ring, stored: true, details: { members, devices, payments, products, orders, reviews, merchants } };
}

const ringKey = ([runId, id]: readonly [string | null, string]): string => `${runId ?? ''}\u0000${id}`;

/** One query for many ids, answered in the order asked (null where nothing has that id). */
async function fetchById<T extends { id: string }>(
  db: Database,
  statement: string,
  ids: readonly string[],
): Promise<(T | null)[]> {
  const found = new Map(rows<{ node: T }>(await db.read(statement, { ids: [...ids] })).map((r) => [r.node.id, r.node]));
  return ids.map((id) => found.get(id) ?? null);
}

function byId<T extends { id: string }>(db: Database, statement: string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>((ids) => fetchById<T>(db, statement, ids), { maxBatchSize: 500 });
}

export function createLoaders(db: Database) {
  const account = byId<Account>(db, 'read/accounts-by-id');
  return {
    account,
    device: byId<Device>(db, 'read/devices-by-id'),
    merchant: byId<Merchant>(db, 'read/merchants-by-id'),
    product: byId<Product>(db, 'read/products-by-id'),
    order: byId<Order>(db, 'read/orders-by-id'),
    review: byId<Review>(db, 'read/reviews-by-id'),
    payment: byId<Payment>(db, 'read/payments-by-id'),
    /** A stored ring by [runId, id]; a null runId means the current run's. */
    ring: new DataLoader<readonly [string | null, string], Ring | null, string>(
      async (keys) => {
        type Row = { key: [string | null, string]; node: StoredRingRow };
        const found = new Map(
          rows<Row>(await db.read('rings/by-id', { keys: [...keys] })).map((r) => [ringKey(r.key), r.node]),
        );
        return keys.map((k) => storedRing(found.get(ringKey(k)) ?? null, account));
      },
      { maxBatchSize: 500, cacheKeyFn: ringKey },
    ),
    /** Evidence of one member of one stored ring, keyed [runId, ringId, accountId]; [] once the run is gone. */
    memberEvidence: new DataLoader<readonly [string, string, string], string[], string>(
      async (keys) => {
        const byRing = new Map<string, { runId: string; id: string; accounts: string[] }>();
        for (const [runId, id, accountId] of keys) {
          const ring = `${runId}\u0000${id}`;
          (byRing.get(ring) ?? byRing.set(ring, { runId, id, accounts: [] }).get(ring)!).accounts.push(accountId);
        }
        type Row = { runId: string; ringId: string; accountId: string; evidence: string[] };
        const found = new Map(
          rows<Row>(await db.read('rings/member-evidence', { rings: [...byRing.values()] })).map((r) => [
            [r.runId, r.ringId, r.accountId].join('\u0000'),
            r.evidence,
          ]),
        );
        return keys.map((k) => found.get(k.join('\u0000')) ?? []);
      },
      { maxBatchSize: 2000, cacheKeyFn: (k) => k.join('\u0000') },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
