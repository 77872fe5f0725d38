// The bulk path's row checks: the same decisions as the statements in cypher/ingest/, made in memory against the
// rows accepted so far, with every accepted row written to importer-format CSV files for neo4j-admin import.
import neo4j from 'neo4j-driver';
import { FieldValue } from './fields';
import { ColumnSpec, FileSpec, ParsedRow } from './formats';
import { ImportFiles } from './import-files';
import { BatchResult, BatchSink, parseRow } from './loader';
import { CsvRowSource } from './reader';
import { BigMap, BigSet } from '../util/big-map';
import { IdTable } from '../util/id-table';

type Problem = { column: string; reason: string };
/** A stored property value: text, a double, or a DateTime as fixed-width UTC text (so text order is time order). */
type Stored = string | number | null;

/**
 * The accepted rows of one label, compactly: id -> row number, and per row where it is in its file (to read its
 * values again when a later row repeats the id) and the rows it links to, as row numbers of their tables.
 */
class Table {
  /** id -> row number, in the order the rows were accepted (the index into offsets, sources and links). */
  readonly ids = new IdTable();
  /** Byte offset of each row in its CSV file, or -1 when its values are kept in `kept` (NDJSON). */
  readonly offsets: number[] = [];
  readonly sources: (CsvRowSource | undefined)[] = [];
  /** links[slot][row]: the row number of the linked node in its table, -1 for none. */
  readonly links: number[][] = [];
  readonly kept = new BigMap<Stored[], number>();

  row(id: FieldValue): number | undefined {
    return id === null ? undefined : this.ids.get(String(id));
  }

  link(slot: number, row: number): number {
    return this.links[slot]?.[row] ?? -1;
  }
}

/** A node row's links: the table each points into and the id (null for none). */
type Links = [Table, FieldValue][];

/**
 * Replays, row by row and in file order, what the write transactions would do on an empty database: a row is
 * rejected for the same reasons, with the same columns and texts, as cypher/ingest/<file>.cypher rejects it there.
 * Memory grows with the ids of the accepted rows, not their values: a repeated id re-reads the first row's values
 * from its file (NDJSON rows, which have no byte offsets, are kept in memory).
 */
export class BulkChecker implements BatchSink {
  private readonly nodes = new Map<string, Table>();
  private readonly devices = new BigSet();
  private readonly ips = new BigSet();
  /** Merged relationships, written when the load ends: account\0device -> [firstSeen, lastSeen], and the like. */
  private readonly used = new BigMap<[string, string]>();
  private readonly seenAt = new BigMap<[string, string]>();
  private readonly liked = new BigMap<string>();
  private readonly columnMaps = new Map<FileSpec, Map<string, ColumnSpec>>();

  constructor(private readonly out: ImportFiles) {}

  private table(label: string): Table {
    let t = this.nodes.get(label);
    if (!t) this.nodes.set(label, (t = new Table()));
    return t;
  }

  private has(label: string, id: FieldValue): boolean {
    return id !== null && this.table(label).ids.has(String(id));
  }

  /** The row number of `id` in the label's table, -1 for a null id (the id must be accepted). */
  private rowOf(table: Table, id: FieldValue): number {
    return table.row(id) ?? -1;
  }

  async write(spec: FileSpec, rows: ParsedRow[], columns: Record<string, string>): Promise<BatchResult> {
    const result = { rejected: [] as BatchResult['rejected'], created: 0, unchanged: 0 };
    // In a file of ids, a kept row repeats an accepted id with the same content (as write transactions count it).
    const idFile = spec.columns[0].name === 'id';
    for (const row of rows) {
      const outcome = this.check(spec, row, columns);
      if (outcome === 'created') result.created++;
      else if (outcome === 'kept') result.unchanged += idFile ? 1 : 0;
      else result.rejected.push({ line: row.line, problems: outcome });
    }
    await this.out.drain();
    return result;
  }

  private check(spec: FileSpec, row: ParsedRow, columns: Record<string, string>): Problem[] | 'created' | 'kept' {
    const r = row.refs;
    switch (spec.name) {
      case 'accounts':
        return this.node(spec, 'Account', row, columns, [], [], (values) =>
          this.out.node('Account', [r.id, ...values]),
        );
      case 'merchants': {
        const refs = problems([r.ownerAccountId !== null && !this.has('Account', r.ownerAccountId), OWNER]);
        return this.node(
          spec,
          'Merchant',
          row,
          columns,
          refs,
          [[this.table('Account'), r.ownerAccountId]],
          (values) => {
            this.out.node('Merchant', [r.id, ...values]);
            if (r.ownerAccountId !== null) this.out.relationship('OWNED_BY', r.id, r.ownerAccountId);
          },
          (before, now) => (before[0] !== now[0] ? [DIFFERENT_OWNER] : []),
        );
      }
      case 'products': {
        const refs = problems([!this.has('Merchant', r.merchantId), UNKNOWN_MERCHANT]);
        return this.node(
          spec,
          'Product',
          row,
          columns,
          refs,
          [[this.table('Merchant'), r.merchantId]],
          (values) => {
            this.out.node('Product', [r.id, ...values]);
            this.out.relationship('SOLD_BY', r.id, r.merchantId);
          },
          (before, now) => (before[0] !== now[0] ? [DIFFERENT_MERCHANT] : []),
        );
      }
      case 'account_devices': {
        if (!this.has('Account', r.accountId)) return [{ column: 'account_id', reason: 'unknown account id' }];
        const first = stored(row.props.firstSeen) as string;
        const last = stored(row.props.lastSeen) as string;
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
        return this.node(
          spec,
          'Order',
          row,
          columns,
          refs,
          [
            [this.table('Account'), r.accountId],
            [this.table('Product'), r.productId],
          ],
          (values) => {
            this.out.node('Order', [r.id, ...values]);
            this.out.relationship('PLACED', r.accountId, r.id);
            this.out.relationship('OF', r.id, r.productId);
          },
          (before, now) => (before[0] !== now[0] || before[1] !== now[1] ? [DIFFERENT_ACCOUNT_OR_PRODUCT] : []),
        );
      }
      case 'reviews': {
        const orders = this.table('Order');
        const order = orders.row(r.orderId);
        const accounts = this.table('Account');
        const products = this.table('Product');
        const account = accounts.row(r.accountId);
        const product = products.row(r.productId);
        const refs = problems(
          [account === undefined, UNKNOWN_ACCOUNT],
          [product === undefined, UNKNOWN_PRODUCT],
          [r.orderId !== null && order === undefined, UNKNOWN_ORDER],
          [
            order !== undefined &&
              account !== undefined &&
              product !== undefined &&
              (orders.link(0, order) !== account || orders.link(1, order) !== product),
            { column: 'order_id', reason: 'order was not placed by this account for this product' },
          ],
        );
        return this.node(
          spec,
          'Review',
          row,
          columns,
          refs,
          [
            [accounts, r.accountId],
            [products, r.productId],
            [orders, r.orderId],
          ],
          (values) => {
            this.out.node('Review', [r.id, ...values]);
            this.out.relationship('WROTE', r.accountId, r.id);
            this.out.relationship('ABOUT', r.id, r.productId);
            if (r.orderId !== null) this.out.relationship('FOR_ORDER', r.id, r.orderId);
          },
          (before, now) => [
            ...(before[0] !== now[0] || before[1] !== now[1] ? [DIFFERENT_ACCOUNT_OR_PRODUCT] : []),
            ...(before[2] !== now[2] ? [DIFFERENT_ORDER] : []),
          ],
        );
      }
      case 'payments': {
        const refs = problems(
          [!this.has('Account', r.payerId), { column: 'payer_account_id', reason: 'unknown account id' }],
          [!this.has('Account', r.payeeId), { column: 'payee_account_id', reason: 'unknown account id' }],
          [r.orderId !== null && !this.has('Order', r.orderId), UNKNOWN_ORDER],
        );
        return this.node(
          spec,
          'Payment',
          row,
          columns,
          refs,
          [
            [this.table('Account'), r.payerId],
            [this.table('Account'), r.payeeId],
            [this.table('Order'), r.orderId],
          ],
          (values) => {
            this.out.node('Payment', [r.id, ...values]);
            this.out.relationship('SENT', r.payerId, r.id);
            this.out.relationship('TO', r.id, r.payeeId);
            if (r.orderId !== null) this.out.relationship('REIMBURSES', r.id, r.orderId);
          },
          (before, now) => [
            ...(before[0] !== now[0] || before[1] !== now[1]
              ? [{ column: 'payer_account_id', reason: 'duplicate id with a different payer or payee' }]
              : []),
            ...(before[2] !== now[2] ? [DIFFERENT_ORDER] : []),
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
        const at = stored(row.props.at) as string;
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
    spec: FileSpec,
    label: string,
    row: ParsedRow,
    columns: Record<string, string>,
    refs: Problem[],
    links: Links,
    write: (values: Stored[]) => void,
    linkConflicts: (before: number[], now: number[]) => Problem[] = () => [],
  ): Problem[] | 'created' | 'kept' {
    if (refs.length) return refs;
    const table = this.table(label);
    const id = String(row.refs.id);
    const existing = table.ids.get(id);
    const props = Object.keys(row.props);
    const values = props.map((k) => stored(row.props[k]));
    const now = links.map(([t, linked]) => this.rowOf(t, linked));
    if (existing !== undefined) {
      const before = this.storedValues(spec, table, existing, props);
      const conflicts: Problem[] = [];
      values.forEach((v, i) => {
        if (v !== before[i])
          conflicts.push({
            column: columns[props[i]],
            reason: `duplicate id with different content (stored: ${display(before[i])})`,
          });
      });
      conflicts.push(
        ...linkConflicts(
          now.map((_, slot) => table.link(slot, existing)),
          now,
        ),
      );
      return conflicts.length ? conflicts : 'kept';
    }
    const at = table.ids.add(id);
    if (row.source && row.offset !== undefined) {
      table.offsets.push(row.offset);
      table.sources.push(row.source);
    } else {
      table.offsets.push(-1);
      table.sources.push(undefined);
      table.kept.set(at, values);
    }
    now.forEach((linked, slot) => (table.links[slot] ??= []).push(linked));
    write(values);
    return 'created';
  }

  /** The stored values of an accepted row, read again from its file (the row parsed then, so it parses now). */
  private storedValues(spec: FileSpec, table: Table, at: number, props: string[]): Stored[] {
    const kept = table.kept.get(at);
    if (kept) return kept;
    let columns = this.columnMaps.get(spec);
    if (!columns) this.columnMaps.set(spec, (columns = new Map(spec.columns.map((c) => [c.name, c]))));
    const parsed = parseRow(spec, columns, 0, table.sources[at]!.read(table.offsets[at]));
    if ('problems' in parsed)
      throw new Error(`${spec.name}: an accepted row no longer parses: ${parsed.problems[0].reason}`);
    return props.map((k) => stored(parsed.props[k]));
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

  /**
   * Lets go of every accepted id once the import files are written, and collects the garbage when the process may
   * (`ringscope load` runs with --expose-gc): at 20M orders the tables hold about 10 GiB, which an idle process
   * waiting for the importer would otherwise keep while the importer and then the database need the memory.
   */
  release(): void {
    this.nodes.clear();
    this.devices.clear();
    this.ips.clear();
    this.used.clear();
    this.seenAt.clear();
    this.liked.clear();
    (globalThis as { gc?: () => void }).gc?.();
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

function widen(merged: BigMap<[string, string]>, key: string, first: string, last: string): void {
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
