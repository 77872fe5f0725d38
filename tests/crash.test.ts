// A killed database mid-load: Neo4j recovers to whole batches only, and loading the same folder again completes it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
import { startEmbedded } from '../src/db/embedded';
import { rows } from '../src/db/values';
import { loadDataset } from '../src/ingest/loader';
import { logger } from '../src/util/logger';

const BATCH = 1000;
const ORDERS = 30000;

function dataset(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-crash-data-'));
  const accounts = ['id,created_at'];
  for (let i = 0; i < 3000; i++) accounts.push(`a${i},2024-01-05T08:00:00Z`);
  const orders = ['id,account_id,product_id,placed_at,amount,keyword'];
  for (let i = 0; i < ORDERS; i++) orders.push(`o${i},a${i % 3000},p${i % 10},2025-03-01T10:15:00Z,9.90,tea`);
  fs.writeFileSync(path.join(dir, 'accounts.csv'), accounts.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'merchants.csv'), 'id,name\nm1,Shop\n');
  fs.writeFileSync(
    path.join(dir, 'products.csv'),
    ['id,merchant_id,title,price', ...Array.from({ length: 10 }, (_, i) => `p${i},m1,Tea ${i},9.90`)].join('\n') + '\n',
  );
  fs.writeFileSync(path.join(dir, 'orders.csv'), orders.join('\n') + '\n');
  return dir;
}

async function open(home: string): Promise<{ db: Database; pid: number; stop: () => Promise<void> }> {
  const embedded = await startEmbedded({ home, heap: '1g', pagecache: '256m' });
  const { pid } = JSON.parse(fs.readFileSync(path.join(home, 'neo4j.json'), 'utf8')) as { pid: number };
  const db = await openDatabase(loadConfig({ ...process.env, NEO4J_URI: embedded.uri }));
  return { db, pid, stop: () => embedded.stop() };
}

async function orderCounts(db: Database) {
  return rows<{ orders: number; placed: number; of: number }>(
    await db.driver.executeQuery(
      'MATCH (o:Order) RETURN count(o) AS orders, COUNT { ()-[:PLACED]->() } AS placed, COUNT { ()-[:OF]->() } AS of',
    ),
  )[0];
}

// The driver logs the connections the kill breaks; they are the point of this test, not news.
const level = logger.level;
beforeAll(() => (logger.level = 'fatal'));
afterAll(() => (logger.level = level));

it('a database killed with SIGKILL during a load keeps whole batches, and a second load completes it', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-crash-home-'));
  const folder = dataset();
  const first = await open(home);
  let killed = false;
  const killMidBatch = (e: { file: string; rows: number }) => {
    // A few batches in, kill the JVM while the next batch is in flight: no shutdown, no flush.
    if (!killed && e.file === 'orders.csv' && e.rows >= 5 * BATCH) {
      killed = true;
      setTimeout(() => process.kill(first.pid, 'SIGKILL'), 20);
      // The driver would retry against the dead server for half a minute; a closed driver gives up at once.
      setTimeout(() => void first.db.driver.close(), 1000);
    }
  };
  await expect(loadDataset(first.db, { folder, batchSize: BATCH, onProgress: killMidBatch })).rejects.toThrow();
  expect(killed).toBe(true);
  await first.stop();

  const second = await open(home); // Neo4j recovers the store from its transaction log
  try {
    const partial = await orderCounts(second.db);
    expect(partial.orders % BATCH).toBe(0);
    expect(partial.orders).toBeGreaterThanOrEqual(5 * BATCH);
    expect(partial.orders).toBeLessThan(ORDERS);
    expect(partial.placed).toBe(partial.orders);
    expect(partial.of).toBe(partial.orders);
    const summary = await loadDataset(second.db, { folder, batchSize: BATCH });
    expect(summary.rejected).toBe(0);
    expect(await orderCounts(second.db)).toEqual({ orders: ORDERS, placed: ORDERS, of: ORDERS });
  } finally {
    await second.db.driver.close();
    await second.stop();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
