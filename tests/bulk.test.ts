// The bulk path (Neo4j's offline importer into an empty embedded store): the same rejections and the same graph as
// write transactions, and a killed import leaves the store as it was.
import { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadCommand } from '../src/cli/load.command';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
import { rows } from '../src/db/values';
import { FILES } from '../src/ingest/formats';
import { FileSummary, loadDataset } from '../src/ingest/loader';
import { RejectsWriter } from '../src/ingest/rejects';
import { dumpGraph, emptyDatabase, fixture, testDatabase } from './helpers/db';

jest.setTimeout(600_000);

let shared: Database;
const homes: string[] = [];
beforeAll(async () => {
  shared = await testDatabase();
});
afterAll(async () => {
  await shared.close();
  for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
});

/** A config for an embedded database of its own in a new home (NEO4J_URI unset: the bulk path may run). */
function ownHome(): ReturnType<typeof loadConfig> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bulk-'));
  homes.push(home);
  return loadConfig({
    ...process.env,
    NEO4J_URI: '',
    RINGSCOPE_HOME: home,
    RINGSCOPE_NEO4J_HEAP: '1g',
    RINGSCOPE_NEO4J_PAGECACHE: '128m',
  });
}

const read = (file: string): string => fs.readFileSync(file, 'utf8');

/** The tiny fixture with bad rows of every kind appended to its files (and one file whose header is wrong). */
function folderWithBadRows(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-bulk-data-'));
  homes.push(dir);
  const tiny = fixture('tiny');
  const extra: Record<string, string> = {
    'accounts.csv':
      'u9,2024-02-30T00:00:00Z,,\n' + // no such day
      'u1,2024-01-05T09:00:00Z,Zhejiang,other\n' + // duplicate id, two properties differ
      'u10,2024-01-05T08:00:00Z,x\n' + // 3 fields
      'u2,2024-02-10T01:30:00Z,,\n', // the same row again: stored, nothing new
    'merchants.csv': 'm9,Ghost shop,nobody\nm1,Other name,u2\n',
    'products.csv': 'p9,m404,Cup,3.00\np1,m1,Green tea,41.5\np8,m1,Big,12345678.9\np8,m1,Big,12345678.8\n',
    'orders.csv':
      'o9,ghost,p1,2025-03-01T10:15:00Z,39.90,,,\n' +
      'o8,u1,nope,2025-03-01T10:15:00Z,abc,,,\n' +
      'o1,u2,p1,2025-03-01T10:15:00.120Z,39.90,,,\n',
    'reviews.csv':
      'r9,u2,p1,5,2025-03-02T10:00:00Z,o1,\nr8,u1,p1,6,2025-03-02T10:00:00Z,,\n' +
      // A text over two lines (CRLF inside the quotes), then its id again with another text: the bulk checks read
      // the first row again from its file to say what is stored.
      'r7,u1,p1,4,2025-03-02T12:00:00Z,,"two\r\nlines, ""quoted"""\n\n' +
      'r7,u1,p1,4,2025-03-02T12:00:00Z,,other text\n',
    'payments.csv': 'pay9,u1,u1,5.00,2025-03-02T10:00:00Z,,\npay8,u1,u3,5.00,2025-03-02T10:00:00Z,o404,\n',
    'review_likes.csv': 'u1,r404,2025-03-03T00:00:00Z\n',
  };
  for (const name of fs.readdirSync(tiny)) {
    const text = read(path.join(tiny, name));
    fs.writeFileSync(path.join(dir, name), text + (text.endsWith('\n') ? '' : '\n') + (extra[name] ?? ''));
  }
  // A quote that never closes: the rows after it are not read.
  fs.appendFileSync(path.join(dir, 'account_devices.csv'), 'u1,"d1,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z,\n');
  return dir;
}

async function opened(config: ReturnType<typeof loadConfig>): Promise<Database> {
  return openDatabase(config);
}

/**
 * An open function for loadCommand whose database stays up after the command closes it, so that the test reads the
 * loaded store without starting the database once more (each start takes tens of seconds here).
 */
function keepingOpen(config: ReturnType<typeof loadConfig>): { open: () => Promise<Database>; kept: () => Database } {
  let kept: Database | undefined;
  return {
    open: async () => {
      kept = await openDatabase(config);
      return { ...kept, close: async () => undefined };
    },
    kept: () => kept!,
  };
}

describe('the bulk path', () => {
  it('reports every bad row exactly as write transactions do, and stores the same graph', async () => {
    const folder = folderWithBadRows();
    // Write transactions into the shared database.
    await emptyDatabase(shared);
    const transactionalRejects = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-rejects-')), 'r.csv');
    const writer = new RejectsWriter(transactionalRejects);
    const transactional = await loadDataset(shared, { folder, batchSize: 2, rejects: writer });
    await writer.close();
    const expectedGraph = await dumpGraph(shared);

    // The bulk path into an empty embedded store of its own.
    const config = ownHome();
    const reportDir = path.join(config.home, 'report');
    const database = keepingOpen(config);
    expect(await loadCommand(config, folder, { reportDir }, database.open)).toBe(2);
    const summary = JSON.parse(read(path.join(reportDir, 'summary.json')));
    expect(summary.path).toBe('bulk');
    expect(summary.phases.map((p: { phase: string }) => p.phase)).toEqual(['validate', 'import', 'index', 'migrate']);
    // The same counts per file: rows stored, nodes new, repeated ids found unchanged, rows rejected.
    const counts = (files: FileSummary[]) => files.map((f) => [f.file, f.stored, f.created, f.unchanged, f.rejected]);
    expect(counts(summary.files)).toEqual(counts(transactional.files));

    // The same rejections; only their order in rejects.csv may differ, as it follows the batches (a row's own
    // checks report at once, checks against stored rows when its batch is written).
    const bulkRejects = inFileOrder(parse(read(path.join(reportDir, 'rejects.csv')), { columns: true }));
    const expectedRejects = inFileOrder(parse(read(transactionalRejects), { columns: true }));
    expect(expectedRejects.length).toBeGreaterThan(15);
    expect(bulkRejects).toEqual(expectedRejects);
    // Among them, stored values printed as Cypher's toString prints them.
    expect(bulkRejects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'products.csv',
          column: 'price',
          reason: expect.stringMatching(/stored: 39\.9\)/),
        }),
        expect.objectContaining({ file: 'products.csv', reason: expect.stringMatching(/stored: 1\.23456789E7\)/) }),
        expect.objectContaining({
          file: 'orders.csv',
          reason: expect.stringMatching(/stored: 2025-03-01T10:15:00Z\)/),
        }),
        // Read again from its file: the first r7's text, line break and doubled quotes as stored.
        expect.objectContaining({
          file: 'reviews.csv',
          column: 'text',
          reason: 'duplicate id with different content (stored: two\r\nlines, "quoted")',
        }),
      ]),
    );
    const strip = (files: { seconds: number }[]) => files.map(({ seconds: _, ...rest }) => rest);
    expect(strip(summary.files)).toEqual(strip(transactional.files));
    expect(summary.rejected).toBe(transactional.rejected);

    const db = database.kept();
    try {
      expect(await dumpGraph(db)).toEqual(expectedGraph);
      // The constraints of cypher/schema.cypher hold on the imported store.
      const { records } = await db.driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
      expect(records[0].get('names')).toEqual(expect.arrayContaining(['account_id', 'order_id', 'ip_address']));
    } finally {
      await db.close();
    }
  });

  it('says so and writes transactions when another process holds the empty database', async () => {
    const config = ownHome();
    const holder = await opened(config);
    try {
      const reportDir = path.join(config.home, 'r0');
      expect(await loadCommand(config, fixture('tiny'), { reportDir }, () => opened(config))).toBe(0);
      const summary = JSON.parse(read(path.join(reportDir, 'summary.json')));
      expect(summary.path).toBe('transactional');
      expect(summary.note).toMatch(/held by another process \(pid \d+\): loaded through write transactions/);
      expect(rows<{ accounts: number }>(await holder.read('read/stats'))[0].accounts).toBe(4);
    } finally {
      await holder.close();
    }
  });

  it('leaves the store as it was when the import is killed, and NDJSON goes the same way afterwards', async () => {
    const config = ownHome();
    const store = path.join(config.home, 'neo4j', 'data', 'databases', 'neo4j');
    const staging = path.join(config.home, 'import-staging', 'data', 'databases', 'neo4j');
    const onImportStarted = (child: ChildProcess): void => {
      // Kill the importer once it has started writing its store.
      const timer = setInterval(() => {
        if (fs.existsSync(staging)) {
          clearInterval(timer);
          child.kill('SIGKILL');
        }
      }, 20);
      child.once('exit', () => clearInterval(timer));
    };
    await expect(
      loadCommand(config, fixture('tiny'), { reportDir: path.join(config.home, 'r1'), onImportStarted }, () =>
        opened(config),
      ),
    ).rejects.toThrow(/offline import was stopped by SIGKILL; the database was left as it was before the load/);
    // Nothing of the killed import is left, and the store is as it was: none yet.
    expect(fs.existsSync(path.join(config.home, 'import-staging'))).toBe(false);
    expect(fs.existsSync(store)).toBe(false);

    await emptyDatabase(shared);
    await loadDataset(shared, { folder: fixture('tiny'), batchSize: 2 });
    const reportDir = path.join(config.home, 'r2');
    const database = keepingOpen(config);
    expect(await loadCommand(config, fixture('tiny-ndjson'), { reportDir }, database.open)).toBe(0);
    expect(JSON.parse(read(path.join(reportDir, 'summary.json'))).path).toBe('bulk');
    try {
      expect(await dumpGraph(database.kept())).toEqual(await dumpGraph(shared));
    } finally {
      await database.kept().close();
    }
  });
});

/** Rejections sorted by file (in load order) and line, keeping the order of a row's own problems. */
function inFileOrder(rejects: Record<string, string>[]): Record<string, string>[] {
  const file = (r: Record<string, string>) => FILES.findIndex((s) => r.file.startsWith(`${s.name}.`));
  return [...rejects].sort((a, b) => file(a) - file(b) || Number(a.line) - Number(b.line));
}
