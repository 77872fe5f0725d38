// The load format of DESIGN.md: each file's columns, their types, and how a row becomes query parameters.
import * as f from './fields';
import { FieldParser, FieldValue } from './fields';
import type { CsvRowSource } from './reader';

export interface ColumnSpec {
  name: string;
  required: boolean;
  parse: FieldParser;
  /** Where the parsed value goes: a graph property (props.x) or a reference/key parameter (ref). */
  property?: string;
  ref?: string;
}

export interface FileSpec {
  /** Base name without extension, as in DESIGN.md. */
  name: string;
  /** Statement under cypher/ that writes one batch. */
  statement: string;
  columns: ColumnSpec[];
  /** The row's identity within the file, for duplicate detection inside one batch. */
  key: (row: ParsedRow) => string;
  /** Cross-field checks that need no database. */
  check?: (row: ParsedRow) => { column: string; reason: string } | undefined;
  /**
   * Each row creates its own node (and relationships to nodes of other files) and merges nothing shared, so batches
   * with no key in common can be written at once (LoadOptions.writers).
   */
  concurrent?: boolean;
}

export interface ParsedRow {
  line: number;
  /** CSV: the record's byte offset in its file and how to read it again (the bulk checks keep no values). */
  offset?: number;
  source?: CsvRowSource;
  props: Record<string, FieldValue>;
  refs: Record<string, FieldValue>;
}

const col = (
  name: string,
  required: boolean,
  parse: FieldParser,
  target: { property?: string; ref?: string },
): ColumnSpec => ({
  name,
  required,
  parse,
  ...target,
});

const lt = (a: FieldValue, b: FieldValue): boolean => a !== null && b !== null && a.toString() < b.toString();

export const FILES: FileSpec[] = [
  {
    name: 'accounts',
    concurrent: true,
    statement: 'ingest/accounts',
    columns: [
      col('id', true, f.id, { ref: 'id' }),
      col('created_at', true, f.timestamp, { property: 'createdAt' }),
      col('region', false, f.text, { property: 'region' }),
      col('phone_hash', false, f.text, { property: 'phoneHash' }),
    ],
    key: (r) => String(r.refs.id),
  },
  {
    name: 'merchants',
    concurrent: true,
    statement: 'ingest/merchants',
    columns: [
      col('id', true, f.id, { ref: 'id' }),
      col('name', true, f.text, { property: 'name' }),
      col('owner_account_id', false, f.id, { ref: 'ownerAccountId' }),
    ],
    key: (r) => String(r.refs.id),
  },
  {
    name: 'products',
    concurrent: true,
    statement: 'ingest/products',
    columns: [
      col('id', true, f.id, { ref: 'id' }),
      col('merchant_id', true, f.id, { ref: 'merchantId' }),
      col('title', true, f.text, { property: 'title' }),
      col('price', true, f.amount, { property: 'price' }),
    ],
    key: (r) => String(r.refs.id),
  },
  {
    name: 'account_devices',
    statement: 'ingest/account-devices',
    columns: [
      col('account_id', true, f.id, { ref: 'accountId' }),
      col('device_id', true, f.id, { ref: 'deviceId' }),
      col('first_seen', true, f.timestamp, { property: 'firstSeen' }),
      col('last_seen', true, f.timestamp, { property: 'lastSeen' }),
      col('ip', false, f.id, { ref: 'ip' }),
    ],
    // Sightings of the same pair merge (min/max), so they are not duplicates; the key only splits batches.
    key: (r) => `${r.refs.accountId}\u0000${r.refs.deviceId}\u0000${r.refs.ip ?? ''}`,
    check: (r) =>
      lt(r.props.lastSeen, r.props.firstSeen)
        ? { column: 'last_seen', reason: 'last_seen is before first_seen' }
        : undefined,
  },
  {
    name: 'orders',
    concurrent: true,
    statement: 'ingest/orders',
    columns: [
      col('id', true, f.id, { ref: 'id' }),
      col('account_id', true, f.id, { ref: 'accountId' }),
      col('product_id', true, f.id, { ref: 'productId' }),
      col('placed_at', true, f.timestamp, { property: 'placedAt' }),
      col('amount', true, f.amount, { property: 'amount' }),
      col('keyword', false, f.text, { property: 'keyword' }),
      col('browse_seconds', false, f.seconds, { property: 'browseSeconds' }),
      col('ship_to_hash', false, f.text, { property: 'shipToHash' }),
    ],
    key: (r) => String(r.refs.id),
  },
  {
    name: 'reviews',
    concurrent: true,
    statement: 'ingest/reviews',
    columns: [
      col('id', true, f.id, { ref: 'id' }),
      col('account_id', true, f.id, { ref: 'accountId' }),
      col('product_id', true, f.id, { ref: 'productId' }),
      col('rating', true, f.rating, { property: 'rating' }),
      col('created_at', true, f.timestamp, { property: 'createdAt' }),
      col('order_id', false, f.id, { ref: 'orderId' }),
      col('text', false, f.text, { property: 'text' }),
    ],
    key: (r) => String(r.refs.id),
  },
  {
    name: 'payments',
    concurrent: true,
    statement: 'ingest/payments',
    columns: [
      col('id', true, f.id, { ref: 'id' }),
      col('payer_account_id', true, f.id, { ref: 'payerId' }),
      col('payee_account_id', true, f.id, { ref: 'payeeId' }),
      col('amount', true, f.amount, { property: 'amount' }),
      col('paid_at', true, f.timestamp, { property: 'paidAt' }),
      col('order_id', false, f.id, { ref: 'orderId' }),
      col('memo', false, f.text, { property: 'memo' }),
    ],
    key: (r) => String(r.refs.id),
    check: (r) =>
      r.refs.payerId === r.refs.payeeId
        ? { column: 'payee_account_id', reason: 'payer and payee are the same account' }
        : undefined,
  },
  {
    name: 'review_likes',
    statement: 'ingest/review-likes',
    columns: [
      col('account_id', true, f.id, { ref: 'accountId' }),
      col('review_id', true, f.id, { ref: 'reviewId' }),
      col('liked_at', true, f.timestamp, { property: 'at' }),
    ],
    key: (r) => `${r.refs.accountId}\u0000${r.refs.reviewId}`,
  },
];

/** Maps graph property names back to the CSV column, for error messages from Cypher. */
export function propertyColumns(spec: FileSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of spec.columns) if (c.property) out[c.property] = c.name;
  return out;
}
