// Loads a dataset folder into Neo4j: streaming, batched, idempotent, and strict about every row.
import fs from 'node:fs';
import path from 'node:path';
import neo4j, { QueryResult } from 'neo4j-driver';
import { Database } from '../db/database';
import { cypher } from '../db/cypher';
import { rows, toPlain } from '../db/values';
import { FieldError, isoOf } from './fields';
import { FILES, FileSpec, ParsedRow, propertyColumns } from './formats';
import { readCsv, readNdjson, ReadItem, ReadProgress } from './reader';
import { ChangesWriter, Rejection, RejectsWriter } from './rejects';

export interface LoadOptions {
  folder: string;
  batchSize: number;
  dryRun?: boolean;
  /** Apply rows whose id is stored with other content (instead of rejecting them), listing each change. */
  update?: boolean;
  rejects?: RejectsWriter;
  /** Where --update lists each value it changed (or, in a dry run, would change). */
  changes?: ChangesWriter;
  /** Called after every batch with the file being read and how far it is, for progress display. */
  onProgress?: (event: ProgressEvent) => void;
  /** Where checked batches go instead of write transactions (the bulk path's in-memory checks). */
  sink?: BatchSink;
  /**
   * Write transactions in flight at once (RINGSCOPE_LOAD_WRITERS; default 1), for files whose rows each create their
   * own node (FileSpec.concurrent) and only when writing: a dry run, --update and a sink write one batch at a time.
   */
  writers?: number;
}

/** Takes one batch of parsed rows of a file and says which were rejected and how many nodes are new. */
export interface BatchSink {
  write(spec: FileSpec, rows: ParsedRow[], columns: Record<string, string>): Promise<BatchResult>;
}

export interface ProgressEvent {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  /** Batches of the file still being written when this one was recorded (LoadOptions.writers). */
  writing: number;
}

export interface FileSummary {
  file: string;
  rows: number;
  stored: number;
  /** Nodes newly created (id files); 0 for relationship files, whose rows merge. */
  created: number;
  /** Rows whose id was stored with other content and that --update applied (a dry run: would apply). */
  updated: number;
  /** Rows whose id was stored with the same content (id files). */
  unchanged: number;
  rejected: number;
  seconds: number;
  /** Lines after an unclosed quote that were never read as rows (so neither stored nor rejected one by one). */
  linesNotRead?: number;
  /** Batches written again after Neo4j ended their transaction in a deadlock with another writer's. */
  deadlocksRetried?: number;
}

export interface LoadSummary {
  folder: string;
  dryRun: boolean;
  update: boolean;
  files: FileSummary[];
  ignored: string[];
  rows: number;
  stored: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Lines after unclosed quotes, in all files, that were not read (see FileSummary.linesNotRead). */
  linesNotRead: number;
  /** Stored rows that a --update load left inconsistent (a review of an order now another account's or product's). */
  warnings: string[];
  seconds: number;
  /** How the rows were written: Neo4j's offline importer into an empty store, or write transactions. */
  path?: 'bulk' | 'transactional';
  /** Why that path (e.g. another process holds the database, so no bulk import). */
  note?: string;
  /** Each phase with the rows it handled and how long it took (validate, import, index, migrate; or load). */
  phases?: PhaseSummary[];
  /** Peak resident memory of the loading process, MiB. */
  loaderPeakRssMiB?: number;
}

export interface PhaseSummary {
  phase: string;
  rows: number;
  seconds: number;
}

export class DatasetError extends Error {}

/** Finds the files of the format in a folder: name.csv or name.ndjson, never both. */
export function datasetFiles(folder: string): { spec: FileSpec; file: string }[] {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new DatasetError(`${folder}: not a folder`);
  const entries = fs.readdirSync(folder);
  const out: { spec: FileSpec; file: string }[] = [];
  for (const spec of FILES) {
    const found = entries.filter((e) => e === `${spec.name}.csv` || e === `${spec.name}.ndjson`);
    if (found.length > 1) throw new DatasetError(`${folder}: both ${found.join(' and ')}; keep one`);
    if (found.length === 1) out.push({ spec, file: path.join(folder, found[0]) });
  }
  if (!out.some((f) => f.spec.name === 'accounts')) {
    const nearly = entries.find((e) => /^accounts\.(csv|ndjson)$/i.test(e));
    const hint = nearly ? ` (found ${nearly}: file names are lower case)` : '';
    throw new DatasetError(`${folder}: accounts.csv (or accounts.ndjson) is required${hint}`);
  }
  return out;
}

/** Files beside the dataset that are not part of the load format (rings.csv ground truth, notes). */
export function ignoredFiles(folder: string): string[] {
  const known = new Set(FILES.flatMap((s) => [`${s.name}.csv`, `${s.name}.ndjson`]));
  return fs.readdirSync(folder).filter((e) => !known.has(e) && !e.startsWith('.'));
}

/** Loads through write transactions on `db`, or through `options.sink` (then `db` may be undefined). */
export async function loadDataset(db: Database | undefined, options: LoadOptions): Promise<LoadSummary> {
  const started = Date.now();
  const files = datasetFiles(options.folder);
  const summary: LoadSummary = {
    folder: options.folder,
    dryRun: !!options.dryRun,
    update: !!options.update,
    files: [],
    ignored: ignoredFiles(options.folder),
    rows: 0,
    stored: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    linesNotRead: 0,
    warnings: [],
    seconds: 0,
  };
  const dryRunIds = options.dryRun ? new DryRunIds() : undefined;
  const writers = options.sink || options.dryRun || options.update ? 1 : Math.max(1, options.writers ?? 1);
  const sink: BatchSink = options.sink ?? {
    write: (spec, rows, columns) =>
      dryRunIds
        ? dryRunIds.check(db!, spec, rows, columns, !!options.update)
        : writers > 1
          ? retryingDeadlocks(
              () => writeBatch(db!, spec, rows, columns, false),
              () => deadlocks++,
            )
          : writeBatch(db!, spec, rows, columns, !!options.update),
  };
  const relinkedOrders = new Set<string>();
  let deadlocks = 0;
  for (const { spec, file } of files) {
    const fileSummary = await loadFile(spec, file, options, sink, relinkedOrders, spec.concurrent ? writers : 1);
    if (deadlocks > 0) fileSummary.deadlocksRetried = deadlocks;
    deadlocks = 0;
    summary.files.push(fileSummary);
    summary.rows += fileSummary.rows;
    summary.stored += fileSummary.stored;
    summary.updated += fileSummary.updated;
    summary.unchanged += fileSummary.unchanged;
    summary.rejected += fileSummary.rejected;
    summary.linesNotRead += fileSummary.linesNotRead ?? 0;
  }
  if (relinkedOrders.size && db && !options.dryRun) summary.warnings = await staleReviews(db, [...relinkedOrders]);
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/** Reviews whose order --update gave to another account or product, and that reviews.csv did not correct too. */
async function staleReviews(db: Database, orderIds: string[]): Promise<string[]> {
  type Stale = { review: string; account: string; product: string; order: string; buyer: string; orderProduct: string };
  const stale: Stale[] = [];
  // In slices, so that a correction of millions of orders does not become one parameter list.
  for (let i = 0; i < orderIds.length; i += 10000)
    stale.push(...rows<Stale>(await db.read('ingest/stale-review-orders', { orderIds: orderIds.slice(i, i + 10000) })));
  return stale.map(
    (r) =>
      `review ${r.review} (account ${r.account}, product ${r.product}) is for order ${r.order}, which is now ` +
      `account ${r.buyer}'s order of product ${r.orderProduct}: correct the review's row too`,
  );
}

async function loadFile(
  spec: FileSpec,
  file: string,
  options: LoadOptions,
  sink: BatchSink,
  relinkedOrders: Set<string>,
  writers: number,
): Promise<FileSummary> {
  const started = Date.now();
  const name = path.basename(file);
  const bytesTotal = fs.statSync(file).size;
  const progress: ReadProgress = { bytes: 0 };
  const items: AsyncGenerator<ReadItem> = file.endsWith('.ndjson')
    ? readNdjson(file, progress)
    : readCsv(file, progress);
  const summary: FileSummary = {
    file: name,
    rows: 0,
    stored: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    seconds: 0,
  };
  /** A batch given to the sink, with the rows read before it that were rejected while reading. */
  interface Pending {
    rows: ParsedRow[];
    keys: Set<string>;
    before: Omit<Rejection, 'file'>[];
    result?: Promise<BatchResult>;
  }
  // With several writers, what a batch's write reports is recorded when the batches before it are: the rejects
  // file, the changes and the counts come out as one writer would give them.
  const inFlight: Pending[] = [];
  let before: Omit<Rejection, 'file'>[] = [];
  /** Writes a rejection to the rejects file; `count`: one the reading did not count yet (the database's). */
  const record = async (r: Omit<Rejection, 'file'>, count = false): Promise<void> => {
    if (count) summary.rejected++;
    await options.rejects?.add({ file: name, ...r });
  };
  const reject = async (r: Omit<Rejection, 'file'>): Promise<void> => {
    summary.rejected++;
    if (writers === 1) return record(r);
    before.push(r);
    // A file of bad rows does not pile them up in memory.
    if (before.length >= options.batchSize) await flush();
  };
  const columns = new Map(spec.columns.map((c) => [c.name, c]));
  const propColumns = propertyColumns(spec);
  let batch: ParsedRow[] = [];
  let keys = new Set<string>();

  const settle = async (entry: Pending): Promise<void> => {
    for (const r of entry.before) await record(r);
    if (!entry.result) return;
    const rows = entry.rows;
    const result = await entry.result;
    const bad = new Set<number>();
    for (const r of result.rejected) {
      bad.add(r.line);
      const row = rows.find((x) => x.line === r.line);
      // Problems in the file's column order, whichever path found them (Cypher map keys have no fixed order).
      for (const p of [...r.problems].sort((a, b) => columnIndex(spec, a.column) - columnIndex(spec, b.column)))
        await record({ line: r.line, column: p.column, value: rawValue(row, spec, p.column), reason: p.reason }, true);
      // A row with two problems is still one rejected row.
      summary.rejected -= r.problems.length - 1;
    }
    summary.stored += rows.length - bad.size;
    summary.created += result.created;
    summary.unchanged += result.unchanged ?? 0;
    // A rejected row changes nothing (a dry run drops references to rows new in the run after the statement).
    for (const change of result.changes ?? []) {
      if (bad.has(change.line)) continue;
      summary.updated++;
      if (spec.name === 'orders' && change.diffs.some((d) => d.column === 'account_id' || d.column === 'product_id'))
        relinkedOrders.add(change.id);
      const ordered = [...change.diffs].sort((a, b) => columnIndex(spec, a.column) - columnIndex(spec, b.column));
      for (const d of ordered)
        await options.changes?.add({
          file: name,
          line: change.line,
          id: change.id,
          column: d.column,
          old: reportValue(d.before),
          new: reportValue(d.after),
        });
    }
    options.onProgress?.({
      file: name,
      bytesRead: progress.bytes,
      bytesTotal,
      rows: summary.rows,
      writing: inFlight.filter((p) => p.result).length,
    });
  };
  const settleNext = async (): Promise<void> => {
    try {
      await settle(inFlight.shift()!);
    } catch (error) {
      // The other batches in flight end before the error is reported: nothing writes after the load has failed.
      await Promise.allSettled(inFlight.splice(0).map((p) => p.result));
      throw error;
    }
  };
  const drain = async (): Promise<void> => {
    while (inFlight.length > 0) await settleNext();
  };
  const flush = async (): Promise<void> => {
    if (batch.length === 0 && before.length === 0) return;
    const entry: Pending = { rows: batch, keys, before };
    batch = [];
    keys = new Set();
    before = [];
    if (entry.rows.length > 0) {
      // A batch that shares a key with one being written waits for it: a repeated id is compared with the stored
      // copy, so that copy must be committed first.
      if (inFlight.some((p) => [...entry.keys].some((k) => p.keys.has(k)))) await drain();
      while (inFlight.length >= writers) await settleNext();
      entry.result = sink.write(spec, entry.rows, propColumns);
      // Recorded in order by settle, which reports a failure; until then it is not an unhandled rejection.
      entry.result.catch(() => undefined);
    }
    inFlight.push(entry);
    if (writers === 1) await drain();
  };

  try {
    await readRows();
  } catch (error) {
    await Promise.allSettled(inFlight.splice(0).map((p) => p.result));
    throw error;
  }
  await flush();
  await drain();
  options.onProgress?.({ file: name, bytesRead: bytesTotal, bytesTotal, rows: summary.rows, writing: 0 });
  summary.seconds = (Date.now() - started) / 1000;
  return summary;

  async function readRows(): Promise<void> {
    for await (const item of items) {
      if ('header' in item) {
        if (!file.endsWith('.ndjson')) {
          const problem = checkHeader(spec, item.header);
          if (problem) {
            await reject({ line: 1, column: problem.column, value: '', reason: problem.reason });
            // Every data row of the file is rejected with it; a file with a bad header and no rows still counts once.
            summary.rows = await countRemaining(items);
            summary.rejected = Math.max(1, summary.rows);
            break;
          }
        }
        continue;
      }
      if ('problem' in item) {
        summary.rows++;
        await reject({ line: item.problem.line, column: item.problem.column, value: '', reason: item.problem.reason });
        if (item.problem.linesNotRead !== undefined) summary.linesNotRead = item.problem.linesNotRead;
        if (item.problem.fatal) break;
        continue;
      }
      summary.rows++;
      const parsed = parseRow(spec, columns, item.record.line, item.record.fields);
      if ('problems' in parsed) {
        for (const p of parsed.problems) await reject({ line: item.record.line, ...p });
        summary.rejected -= parsed.problems.length - 1;
        continue;
      }
      if (item.record.source) {
        parsed.offset = item.record.offset;
        parsed.source = item.record.source;
      }
      const key = spec.key(parsed);
      // A repeated key inside one batch is settled against the stored copy in the next batch.
      if (keys.has(key)) await flush();
      keys.add(key);
      batch.push(parsed);
      if (batch.length >= options.batchSize) await flush();
    }
  }
}

/**
 * Two writers' transactions can each lock a popular product's relationships in the other's order; Neo4j ends one
 * with DeadlockDetected. Its batch is written again, for up to a minute: the driver's own retry window
 * (RINGSCOPE_DB_RETRY_MS) is shorter than one batch's transaction.
 */
async function retryingDeadlocks<T>(work: () => Promise<T>, onRetry: () => void, windowMs = 60_000): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== DEADLOCK || Date.now() - started > windowMs) throw error;
      onRetry();
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

const DEADLOCK = 'Neo.TransientError.Transaction.DeadlockDetected';

async function countRemaining(items: AsyncGenerator<ReadItem>): Promise<number> {
  let n = 0;
  for await (const item of items) if (!('header' in item)) n++;
  return n;
}

function checkHeader(spec: FileSpec, header: string[]): { column: string; reason: string } | undefined {
  const expected = spec.columns.map((c) => c.name);
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h))
      return { column: h, reason: 'column appears twice in the header; nothing in this file was loaded' };
    seen.add(h);
    if (!expected.includes(h)) {
      return { column: h, reason: `unknown column (expected ${expected.join(', ')}); nothing in this file was loaded` };
    }
  }
  for (const c of spec.columns) {
    if (c.required && !seen.has(c.name))
      return { column: c.name, reason: 'required column missing from the header; nothing in this file was loaded' };
  }
  return undefined;
}

type ParseResult = ParsedRow | { problems: { column: string; value: string; reason: string }[] };

export function parseRow(
  spec: FileSpec,
  columns: Map<string, FileSpec['columns'][number]>,
  line: number,
  fields: Record<string, string>,
): ParseResult {
  const problems: { column: string; value: string; reason: string }[] = [];
  for (const k of Object.keys(fields)) {
    if (!columns.has(k)) problems.push({ column: k, value: fields[k], reason: 'unknown field' });
  }
  const row: ParsedRow = { line, props: {}, refs: {} };
  for (const c of spec.columns) {
    const raw = fields[c.name];
    let value = null;
    if (raw === undefined || raw === '') {
      if (c.required) problems.push({ column: c.name, value: '', reason: 'required value is empty' });
    } else {
      const parsed = c.parse(raw);
      if (parsed instanceof FieldError) problems.push({ column: c.name, value: raw, reason: parsed.reason });
      else value = parsed;
    }
    if (c.property) row.props[c.property] = value;
    if (c.ref) row.refs[c.ref] = value;
  }
  if (problems.length === 0 && spec.check) {
    const p = spec.check(row);
    if (p) problems.push({ ...p, value: fields[p.column] ?? '' });
  }
  return problems.length ? { problems } : row;
}

function columnIndex(spec: FileSpec, column: string): number {
  return spec.columns.findIndex((c) => c.name === column);
}

function rawValue(row: ParsedRow | undefined, spec: FileSpec, column: string): string {
  if (!row) return '';
  const c = spec.columns.find((x) => x.name === column);
  const v = c?.property ? row.props[c.property] : c?.ref ? row.refs[c.ref] : undefined;
  return v === null || v === undefined ? '' : v.toString();
}

export interface BatchResult {
  rejected: { line: number; problems: { column: string; reason: string }[] }[];
  created: number;
  /** Rows whose id was stored with the same content. */
  unchanged?: number;
  /** With --update: each row whose id was stored with other content, and its values before and after. */
  changes?: RowChange[];
}

export interface RowChange {
  line: number;
  id: string;
  diffs: { column: string; before: unknown; after: unknown }[];
}

/** A stored or loaded value as the change report shows it: timestamps in ISO 8601 UTC, '' for none. */
function reportValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (neo4j.isInt(v)) return v.toString();
  if (neo4j.isDateTime(v)) return isoOf(v).replace('.000Z', 'Z');
  return String(v);
}

/** Carries a dry run's result out of the transaction it rolls back. */
class RolledBack extends Error {
  constructor(readonly result: QueryResult) {
    super('rolled back');
  }
}

async function writeBatch(
  db: Database,
  spec: FileSpec,
  rows: ParsedRow[],
  columns: Record<string, string>,
  update: boolean,
  rollBack = false,
): Promise<BatchResult> {
  const params = { rows: rows.map((r) => ({ line: r.line, props: r.props, ...r.refs })), columns, update };
  const session = db.session('WRITE');
  try {
    let result;
    if (rollBack) {
      // --dry-run: the real statement, so its comparisons with stored rows are the real ones, then undone by
      // throwing out of the transaction (which keeps the driver's retries on deadlocks and lost leaders).
      try {
        await session.executeWrite(async (tx) => {
          throw new RolledBack(await tx.run(cypher(spec.statement), params));
        });
      } catch (error) {
        if (!(error instanceof RolledBack)) throw error;
        result = error.result;
      }
      if (!result) throw new Error('dry run: the rolled-back statement returned nothing');
    } else {
      // One transaction per batch: a crash leaves a batch either fully written or not at all.
      result = await session.executeWrite((tx) => tx.run(cypher(spec.statement), params));
    }
    const record = result.records[0];
    return {
      rejected: (record.get('rejected') as BatchResult['rejected']).map((r) => ({
        ...r,
        line: toPlain(r.line) as number,
      })),
      created: toPlain(record.get('created')) as number,
      unchanged: toPlain(record.get('unchanged')) as number,
      // Values stay as Neo4j returned them (DateTime, not Date) until reportValue formats them.
      changes: (record.get('changes') as RowChange[]).map((c) => ({ ...c, line: toPlain(c.line) as number })),
    };
  } finally {
    await session.close();
  }
}

/**
 * --dry-run: the same checks without writing. Each batch runs the load's own statement in a transaction that is
 * rolled back, so rows are checked against what is stored exactly as a real load checks them; a reference it finds
 * unknown still counts as known when an earlier row of this run has that id (kept in memory, so a dry run's memory
 * grows with ids).
 */
class DryRunIds {
  private seen = new Map<string, Set<string>>();

  private ids(label: string): Set<string> {
    let s = this.seen.get(label);
    if (!s) this.seen.set(label, (s = new Set()));
    return s;
  }

  async check(
    db: Database,
    spec: FileSpec,
    rows: ParsedRow[],
    columns: Record<string, string>,
    update: boolean,
  ): Promise<BatchResult> {
    const refs: [string, string, string][] = REFERENCES[spec.name] ?? [];
    const byLine = new Map(rows.map((r) => [r.line, r]));
    const rejected: BatchResult['rejected'] = [];
    const badReference = new Set<number>();
    const result = await writeBatch(db, spec, rows, columns, update, true);
    for (const r of result.rejected) {
      // The rolled-back statement sees only stored rows: a reference to a row new in this run is no problem.
      const problems = r.problems.filter((p) => {
        const ref = p.reason.startsWith('unknown ') ? refs.find(([, , column]) => column === p.column) : undefined;
        return !ref || !this.ids(ref[1]).has(String(byLine.get(r.line)!.refs[ref[0]]));
      });
      if (problems.some((p) => p.reason.startsWith('unknown '))) badReference.add(r.line);
      if (problems.length) rejected.push({ line: r.line, problems });
    }
    const own = OWN_LABEL[spec.name];
    if (own) for (const r of rows) if (!badReference.has(r.line)) this.ids(own).add(String(r.refs.id));
    return { rejected, created: 0, unchanged: result.unchanged, changes: result.changes };
  }
}

const OWN_LABEL: Record<string, string> = {
  accounts: 'Account',
  merchants: 'Merchant',
  products: 'Product',
  orders: 'Order',
  reviews: 'Review',
  payments: 'Payment',
};

/** [ref parameter, label it points at, CSV column] for every reference of each file. */
const REFERENCES: Record<string, [string, string, string][]> = {
  merchants: [['ownerAccountId', 'Account', 'owner_account_id']],
  products: [['merchantId', 'Merchant', 'merchant_id']],
  account_devices: [['accountId', 'Account', 'account_id']],
  orders: [
    ['accountId', 'Account', 'account_id'],
    ['productId', 'Product', 'product_id'],
  ],
  reviews: [
    ['accountId', 'Account', 'account_id'],
    ['productId', 'Product', 'product_id'],
    ['orderId', 'Order', 'order_id'],
  ],
  payments: [
    ['payerId', 'Account', 'payer_account_id'],
    ['payeeId', 'Account', 'payee_account_id'],
    ['orderId', 'Order', 'order_id'],
  ],
  review_likes: [
    ['accountId', 'Account', 'account_id'],
    ['reviewId', 'Review', 'review_id'],
  ],
};
