// Per-request DataLoaders: every `order.product`, `review.account`... in one response is one batched query.
import DataLoader from 'dataloader';
import { Database } from '../db/database';
import { rows } from '../db/values';
import { Account, Device, Merchant, Order, Payment, Product, Review } from './entities.type';

function byId<T extends { id: string }>(db: Database, statement: string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const found = new Map(rows<{ node: T }>(await db.read(statement, { ids: [...ids] })).map((r) => [r.node.id, r.node]));
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: 500 },
  );
}

export function createLoaders(db: Database) {
  return {
    account: byId<Account>(db, 'read/accounts-by-id'),
    device: byId<Device>(db, 'read/devices-by-id'),
    merchant: byId<Merchant>(db, 'read/merchants-by-id'),
    product: byId<Product>(db, 'read/products-by-id'),
    order: byId<Order>(db, 'read/orders-by-id'),
    review: byId<Review>(db, 'read/reviews-by-id'),
    payment: byId<Payment>(db, 'read/payments-by-id'),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
