// The bulk path's row checks: the same decisions as the statements in cypher/ingest/, made in memory against the
// rows accepted so far, with every accepted row written to importer-format CSV files for neo4j-admin import.
import neo4j from 'neo4j-driver';
import { FieldValue } from './fields';
import { FileSpec, ParsedRow } from './formats';
import { ImportFiles } from './import-files';
import { BatchResult, BatchSink } from './loader';

type Problem = { column: string; reason: string };
/** A stored property value: text, a double, or a DateTime as fixed-width UTC text (so text order is time order). */
type Stored = string | number | null;

interface Entity {
  props: Stored[];
  /** The ids this row points at, as the Cypher statements compare them (account, product, order, ...). */
  links: (string | null)[];
}

/**
 * Replays, row by row and in file order, what the write transactions would do on an empty database: a row is
 * rejected for the same reasons, with the same columns and texts, as cypher/ingest/<file>.cypher rejects it there.
 * Memory grows with the ids and properties of the accepted rows (the importer needs every row once anyway).
 */
export class BulkChecker implements BatchSink {
  private readonly nodes = new Map<string, Map<string, Entity>>();
  private readonly devices = new Set<string>();
  private readonly ips = new Set<string>();
  /** Merged relationships, written when the load ends: account\0device -> [firstSeen, lastSeen], and the like. */
  private readonly used = new Map<string, [string, string]>();
  private readonly seenAt = new Map<string, [string, string]>();
  private readonly liked = new Map<string, string>();

  constructor(private readonly out: ImportFiles) {}

  private table(label: string): Map<string, Entity> {
    let t = this.nodes.get(label);
    if (!t) this.nodes.set(label, (t = new Map()));
    return t;
  }

  private has(label: string, id: FieldValue): boolean {
    return id !== null && this.table(label).has(String(id));
  }

  async write(spec: FileSpec, rows: ParsedRow[], columns: Record<string, string>): Promise<BatchResult> {
    const result: BatchResult = { rejected: [], created: 0 };
    for (const row of rows) {
      const outcome = this.check(spec, row, columns);
      if (outcome === 'created') result.created++;
      else if (outcome !== 'kept') result.rejected.push({ line: row.line, problems: outcome });
    }
    await this.out.drain();
    return result;
  }

  private check(spec: FileSpec, row: ParsedRow, columns: Record<string, string>): Problem[] | 'created' | 'kept' {
    const r = row.refs;
    const props = Object.keys(row.props);
    const values = props.map((k) => stored(row.props[k]));
    switch (spec.name) {
      case 'accounts':
        return this.node(
          'Account',
          r.id,
          values,
          [],
          () => [],
          columns,
          props,
          () => this.out.node('Account', [r.id, ...values]),
        );
      case 'merchants': {
        const refs = problems([r.ownerAccountId !== null && !this.has('Account', r.ownerAccountId), OWNER]);
        return this.node(
          'Merchant',
          r.id,
          values,
          [link(r.ownerAccountId)],
          () => refs,
          columns,
          props,
          () => {
            this.out.node('Merchant', [r.id, ...values]);
            if (r.ownerAccountId !== null) this.out.relationship('OWNED_BY', r.id, r.ownerAccountId);
          },
          (e) => ((e.links[0] ?? '') !== (link(r.ownerAccountId) ?? '') ? [DIFFERENT_OWNER] : []),
        );
      }
      case 'products': {
        const refs = problems([!this.has('Merchant', r.merchantId), UNKNOWN_MERCHANT]);
        return this.node(
          'Product',
          r.id,
          values,
          [link(r.merchantId)],
          () => refs,
          columns,
          props,
          () => {
            this.out.node('Product', [r.id, ...values]);
            this.out.relationship('SOLD_BY', r.id, r.merchantId);
          },
          (e) => (e.links[0] !== link(r.merchantId) ? [DIFFERENT_MERCHANT] : []),
        );
      }
      case 'account_devices': {
        if (!this.has('Account', r.accountId)) return [{ column: 'account_id', reason: 'unknown account id' }];
        const [first, last] = values as [string, string];
        const device = String(r.deviceId);
        if (!this.devices.has(device)) {
          this.devices.add(device);
          this.out.node('Device', [device]);
        }
        widen(this.used, `${r.accountId}\u0000${device}`, first, last);
        if (r.ip !== null) {
          const ip = String(r.ip);
          if (!this.ips.has(ip)) {
            this.ips.add(ip);
            this.out.node('Ip', [ip]);
          }
          widen(this.seenAt, `${r.accountId}\u0000${ip}`, first, last);
        }
        return 'kept';
      }
      case 'orders': {
        const refs = problems(
          [!this.has('Account', r.accountId), UNKNOWN_ACCOUNT],
          [!this.has('Product', r.productId), UNKNOWN_PRODUCT],
        );
        const links = [link(r.accountId), link(r.productId)];
        return this.node(
          'Order',
          r.id,
          values,
          links,
          () => refs,
          columns,
          props,
          () => {
            this.out.node('Order', [r.id, ...values]);
            this.out.relationship('PLACED', r.accountId, r.id);
            this.out.relationship('OF', r.id, r.productId);
          },
          (e) => (e.links[0] !== links[0] || e.links[1] !== links[1] ? [DIFFERENT_ACCOUNT_OR_PRODUCT] : []),
        );
      }
      case 'reviews': {
        const order = r.orderId === null ? undefined : this.table('Order').get(String(r.orderId));
        const a = this.has('Account', r.accountId);
        const p = this.has('Product', r.productId);
        const refs = problems(
          [!a, UNKNOWN_ACCOUNT],
          [!p, UNKNOWN_PRODUCT],
          [r.orderId !== null && !order, UNKNOWN_ORDER],
          [
            !!order && a && p && (order.links[0] !== link(r.accountId) || order.links[1] !== link(r.productId)),
            { column: 'order_id', reason: 'order was not placed by this account for this product' },
          ],
        );
        const links = [link(r.accountId), link(r.productId), link(r.orderId)];
        return this.node(
          'Review',
          r.id,
          values,
          links,
          () => refs,
          columns,
          props,
          () => {
            this.out.node('Review', [r.id, ...values]);
            this.out.relationship('WROTE', r.accountId, r.id);
            this.out.relationship('ABOUT', r.id, r.productId);
            if (r.orderId !== null) this.out.relationship('FOR_ORDER', r.id, r.orderId);
          },
          (e) => [
            ...(e.links[0] !== links[0] || e.links[1] !== links[1] ? [DIFFERENT_ACCOUNT_OR_PRODUCT] : []),
            ...((e.links[2] ?? '') !== (links[2] ?? '') ? [DIFFERENT_ORDER] : []),
          ],
        );
      }
      case 'payments': {
        const refs = problems(
          [!this.has('Account', r.payerId), { column: 'payer_account_id', reason: 'unknown account id' }],
          [!this.has('Account', r.payeeId), { column: 'payee_account_id', reason: 'unknown account id' }],
          [r.orderId !== null && !this.has('Order', r.orderId), UNKNOWN_ORDER],
        );
        const links = [link(r.payerId), link(r.payeeId), link(r.orderId)];
        return this.node(
          'Payment',
          r.id,
          values,
          links,
          () => refs,
          columns,
          props,
          () => {
            this.out.node('Payment', [r.id, ...values]);
            this.out.relationship('SENT', r.payerId, r.id);
            this.out.relationship('TO', r.id, r.payeeId);
            if (r.orderId !== null) this.out.relationship('REIMBURSES', r.id, r.orderId);
          },
          (e) => [
            ...(e.links[0] !== links[0] || e.links[1] !== links[1]
              ? [{ column: 'payer_account_id', reason: 'duplicate id with a different payer or payee' }]
              : []),
            ...((e.links[2] ?? '') !== (links[2] ?? '') ? [DIFFERENT_ORDER] : []),
          ],
        );
      }
      case 'review_likes': {
        const refs = problems(
          [!this.has('Account', r.accountId), UNKNOWN_ACCOUNT],
          [!this.has('Review', r.reviewId), { column: 'review_id', reason: 'unknown review id' }],
        );
        if (refs.length) return refs;
        const key = `${r.accountId}\u0000${r.reviewId}`;
        const at = values[0] as string;
        const before = this.liked.get(key);
        if (before === undefined || at < before) this.liked.set(key, at);
        return 'kept';
      }
      default:
        throw new Error(`no bulk check for ${spec.name}`);
    }
  }

  /**
   * A node row: rejected for its reference problems; else, when its id is already accepted, rejected for every
   * property (and link) that differs from the accepted row, which stays; else accepted and written.
   */
  private node(
    label: string,
    id: FieldValue,
    values: Stored[],
    links: (string | null)[],
    refProblems: () => Problem[],
    columns: Record<string, string>,
    props: string[],
    write: () => void,
    linkConflicts: (existing: Entity) => Problem[] = () => [],
  ): Problem[] | 'created' | 'kept' {
    const table = this.table(label);
    const existing = table.get(String(id));
    const refs = refProblems();
    if (refs.length) return refs;
    if (existing) {
      const conflicts: Problem[] = [];
      values.forEach((v, i) => {
        if (v !== existing.props[i])
          conflicts.push({
            column: columns[props[i]],
            reason: `duplicate id with different content (stored: ${display(existing.props[i])})`,
          });
      });
      conflicts.push(...linkConflicts(existing));
      return conflicts.length ? conflicts : 'kept';
    }
    table.set(String(id), { props: values, links });
    write();
    return 'created';
  }

  /** Writes the merged relationships (device and IP sightings, likes) once every row has been read. */
  async finish(): Promise<void> {
    for (const [key, [first, last]] of this.used) {
      const [account, device] = key.split('\u0000');
      this.out.relationship('USED', account, device, [first, last]);
      await this.out.drain();
    }
    for (const [key, [first, last]] of this.seenAt) {
      const [account, ip] = key.split('\u0000');
      this.out.relationship('SEEN_AT', account, ip, [first, last]);
      await this.out.drain();
    }
    for (const [key, at] of this.liked) {
      const [account, review] = key.split('\u0000');
      this.out.relationship('LIKED', account, review, [at]);
      await this.out.drain();
    }
  }
}

const UNKNOWN_ACCOUNT = { column: 'account_id', reason: 'unknown account id' };
const OWNER = { column: 'owner_account_id', reason: 'unknown account id' };
const UNKNOWN_MERCHANT = { column: 'merchant_id', reason: 'unknown merchant id' };
const UNKNOWN_PRODUCT = { column: 'product_id', reason: 'unknown product id' };
const UNKNOWN_ORDER = { column: 'order_id', reason: 'unknown order id' };
const DIFFERENT_OWNER = { column: 'owner_account_id', reason: 'duplicate id with a different owner' };
const DIFFERENT_MERCHANT = { column: 'merchant_id', reason: 'duplicate id with a different merchant' };
const DIFFERENT_ACCOUNT_OR_PRODUCT = {
  column: 'account_id',
  reason: 'duplicate id with a different account or product',
};
const DIFFERENT_ORDER = { column: 'order_id', reason: 'duplicate id with a different order' };

function problems(...checks: [boolean, Problem][]): Problem[] {
  return checks.filter(([bad]) => bad).map(([, p]) => p);
}

function link(id: FieldValue): string | null {
  return id === null ? null : String(id);
}

function widen(merged: Map<string, [string, string]>, key: string, first: string, last: string): void {
  const span = merged.get(key);
  if (!span) merged.set(key, [first, last]);
  else {
    if (first < span[0]) span[0] = first;
    if (last > span[1]) span[1] = last;
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A parsed value as the bulk path keeps it; a DateTime (always UTC here) becomes fixed-width ISO text. */
export function stored(value: FieldValue): Stored {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  const t = value as unknown as Record<string, number>;
  return (
    `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}` +
    `.${pad(t.nanosecond, 9)}Z`
  );
}

/** Is this stored value a DateTime's text (and not a string property)? Only used for display. */
const DATETIME_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;

/**
 * A stored value as Cypher's toString prints it in the transactional path's messages: doubles as Java prints
 * them (5.0, 1.0E7), DateTimes with trailing zeros of the fraction dropped, null as "empty".
 */
export function display(value: Stored): string {
  if (value === null) return 'empty';
  if (typeof value === 'number') return javaDouble(value);
  if (DATETIME_TEXT.test(value)) return value.replace(/\.?0+Z$/, 'Z').replace(/\.Z$/, 'Z');
  return value;
}

function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** The type each parsed property has in the store, as the importer's header names it. */
export function importType(value: FieldValue): 'datetime' | 'double' | 'string' {
  if (typeof value === 'number') return 'double';
  return neo4j.isDateTime(value) ? 'datetime' : 'string';
}
