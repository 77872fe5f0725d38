// The files the generator writes: the load format of DESIGN.md plus the rings.csv / negatives.csv ground truth.
import { FileSchema } from './csv-writer';

const req = (name: string) => ({ name });
const opt = (name: string) => ({ name, optional: true });

export const SCHEMAS = {
  accounts: { name: 'accounts', columns: [req('id'), req('created_at'), opt('region'), opt('phone_hash')] },
  merchants: { name: 'merchants', columns: [req('id'), req('name'), opt('owner_account_id')] },
  products: { name: 'products', columns: [req('id'), req('merchant_id'), req('title'), req('price')] },
  account_devices: {
    name: 'account_devices',
    columns: [req('account_id'), req('device_id'), req('first_seen'), req('last_seen'), opt('ip')],
  },
  orders: {
    name: 'orders',
    columns: [
      req('id'),
      req('account_id'),
      req('product_id'),
      req('placed_at'),
      req('amount'),
      opt('keyword'),
      { name: 'browse_seconds', optional: true, numeric: true },
      opt('ship_to_hash'),
    ],
  },
  reviews: {
    name: 'reviews',
    columns: [
      req('id'),
      req('account_id'),
      req('product_id'),
      { name: 'rating', numeric: true },
      req('created_at'),
      opt('order_id'),
      opt('text'),
    ],
  },
  payments: {
    name: 'payments',
    columns: [
      req('id'),
      req('payer_account_id'),
      req('payee_account_id'),
      req('amount'),
      req('paid_at'),
      opt('order_id'),
      opt('memo'),
    ],
  },
  review_likes: { name: 'review_likes', columns: [req('account_id'), req('review_id'), req('liked_at')] },
} satisfies Record<string, FileSchema>;

/** Ground truth, always CSV: planted rings and hard-negative groups. */
export const TRUTH_SCHEMAS = {
  rings: { name: 'rings', columns: [req('ring_id'), req('kind'), req('account_id')] },
  negatives: { name: 'negatives', columns: [req('group_id'), req('kind'), req('account_id')] },
} satisfies Record<string, FileSchema>;

export type DataFile = keyof typeof SCHEMAS;
export type TruthFile = keyof typeof TRUTH_SCHEMAS;
