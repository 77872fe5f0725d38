// The loader: idempotent, strict about every row, and never half-writes a batch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/db/database';
import { rows } from '../src/db/values';
import { loadDataset, LoadSummary } from '../src/ingest/loader';
import { readCsv } from '../src/ingest/reader';
import { Rejection, RejectsWriter } from '../src/ingest/rejects';
import { dumpGraph, emptyDatabase, fixture, testDatabase } from './helpers/db';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());
beforeEach(async () => emptyDatabase(db));

function folderWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-ingest-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

async function load(folder: string, extra: Partial<Parameters<typeof loadDataset>[1]> = {}) {
  const rejects = new RejectsWriter(undefined, 1000);
  const summary = await loadDataset(db, { folder, batchSize: 2, rejects, ...extra });
  return { summary, rejected: rejects.first };
}

async function counts(): Promise<Record<string, number>> {
  return rows<Record<string, number>>(await db.read('read/stats'))[0];
}

const ACCOUNTS = 'id,created_at,region,phone_hash\nu1,2024-01-05T08:00:00Z,Zhejiang,ph1\nu2,2024-02-10T09:30:00Z,,\n';
const SHOP = 'id,name,owner_account_id\nm1,Tea shop,u1\n';
const PRODUCTS = 'id,merchant_id,title,price\np1,m1,Green tea,39.90\n';

function expectRejected(rejected: Rejection[], file: string, line: number, column: string, reason: RegExp): void {
  expect(rejected).toEqual(
    expect.arrayContaining([expect.objectContaining({ file, line, column, reason: expect.stringMatching(reason) })]),
  );
}

describe('loading a dataset folder', () => {
  it('stores every file of the load format as the graph model of DESIGN.md', async () => {
    const { summary } = await load(fixture('tiny'));
    expect(summary.rejected).toBe(0);
    expect(summary.ignored).toEqual(['rings.csv']);
    const c = await counts();
    expect(c).toMatchObject({
      accounts: 4,
      devices: 2,
      ips: 1,
      merchants: 2,
      products: 2,
      orders: 3,
      reviews: 3,
      payments: 2,
      likes: 1,
      deviceUses: 3,
    });
    const [check] = rows<Record<string, unknown>>(
      await db.driver.executeQuery(
        `MATCH (u:Account {id: 'u1'})-[:PLACED]->(o:Order {id: 'o1'})-[:OF]->(p:Product)-[:SOLD_BY]->(m:Merchant)-[:OWNED_BY]->(owner:Account)
         MATCH (u)-[:WROTE]->(r:Review)-[:FOR_ORDER]->(o)
         MATCH (owner)-[:SENT]->(pay:Payment)-[:TO]->(u), (pay)-[:REIMBURSES]->(o)
         MATCH (u)-[used:USED]->(:Device {id: 'd1'})
         MATCH (u2:Account {id: 'u2'})
         RETURN o.amount AS amount, o.browseSeconds AS browse, r.text AS text, m.name AS shop, pay.memo AS memo,
                toString(used.firstSeen) AS firstSeen, toString(used.lastSeen) AS lastSeen, toString(u2.createdAt) AS u2Created`,
      ),
    );
    expect(check).toEqual({
      amount: 39.9,
      browse: 320,
      text: 'Great tea, "fresh", 好评',
      shop: 'Acme, Tea & Co',
      memo: '返现',
      // two sightings of u1 on d1 widen to the earliest first_seen and latest last_seen
      firstSeen: '2024-12-01T00:00:00Z',
      lastSeen: '2025-02-01T00:00:00Z',
      // +08:00 is stored as the same instant in UTC
      u2Created: '2024-02-10T01:30:00Z',
    });
  });

  it('is idempotent: loading the same folder twice changes no node, relationship or property', async () => {
    await load(fixture('tiny'));
    const before = await dumpGraph(db);
    const { summary } = await load(fixture('tiny'));
    expect(summary.rejected).toBe(0);
    expect(summary.files.reduce((n, f) => n + f.created, 0)).toBe(0);
    expect(await dumpGraph(db)).toEqual(before);
  });

  it('reads NDJSON with the same field names into the same graph as CSV', async () => {
    await load(fixture('tiny'));
    const fromCsv = await dumpGraph(db);
    await emptyDatabase(db);
    const { summary } = await load(fixture('tiny-ndjson'));
    expect(summary.rejected).toBe(0);
    expect(await dumpGraph(db)).toEqual(fromCsv);
  });

  it('requires accounts', async () => {
    await expect(load(folderWith({ 'orders.csv': 'id\n' }))).rejects.toThrow(/accounts\.csv .*required/);
  });
});

describe('rejecting bad rows with file, line, column and reason', () => {
  it('rejects bad timestamps, ratings, amounts and field counts, and stores the good rows', async () => {
    const folder = folderWith({
      'accounts.csv':
        ACCOUNTS +
        'u3,2024-02-30T00:00:00Z,,\n' + // line 4: no such day
        'u4,2024-01-05 08:00:00,,\n' + // line 5: not ISO 8601
        'u5,2024-01-05T08:00:00,,\n' + // line 6: no zone
        'u6,2024-01-05T08:00:00Z,x\n', // line 7: 3 fields
      'merchants.csv': SHOP,
      'products.csv': PRODUCTS + 'p2,m1,Cup,-3\n',
      'orders.csv':
        'id,account_id,product_id,placed_at,amount\n' +
        'o1,u1,p1,2025-03-01T10:15:00Z,39.90\n' +
        'o2,u1,p1,2025-03-01T10:15:00Z,abc\n',
      'reviews.csv':
        'id,account_id,product_id,rating,created_at,order_id\n' +
        'r1,u1,p1,6,2025-03-02T10:00:00Z,o1\n' +
        'r2,u1,p1,0,2025-03-02T10:00:00Z,\n' +
        'r3,u1,p1,4.5,2025-03-02T10:00:00Z,\n' +
        'r4,u1,p1,5,2025-03-02T10:00:00Z,o1\n',
    });
    const { summary, rejected } = await load(folder);
    expectRejected(rejected, 'accounts.csv', 4, 'created_at', /not a valid calendar date/);
    expectRejected(rejected, 'accounts.csv', 5, 'created_at', /not an ISO 8601 timestamp/);
    expectRejected(rejected, 'accounts.csv', 6, 'created_at', /no time zone/);
    expectRejected(rejected, 'accounts.csv', 7, '', /expected 4 fields .* found 3/);
    expectRejected(rejected, 'products.csv', 3, 'price', /negative amount/);
    expectRejected(rejected, 'orders.csv', 3, 'amount', /not a decimal amount/);
    expectRejected(rejected, 'reviews.csv', 2, 'rating', /outside 1-5/);
    expectRejected(rejected, 'reviews.csv', 3, 'rating', /outside 1-5/);
    expectRejected(rejected, 'reviews.csv', 4, 'rating', /not a whole number/);
    expect(summary.rejected).toBe(9);
    expect(await counts()).toMatchObject({ accounts: 2, products: 1, orders: 1, reviews: 1 });
  });

  it('reports references to unknown ids instead of inventing them', async () => {
    const folder = folderWith({
      'accounts.csv': ACCOUNTS,
      'merchants.csv': SHOP + 'm2,Ghost shop,nobody\n',
      'products.csv': PRODUCTS + 'p2,m9,Cup,3.00\n',
      'orders.csv':
        'id,account_id,product_id,placed_at,amount\n' +
        'o1,u1,p1,2025-03-01T10:15:00Z,39.90\n' +
        'o2,ghost,p1,2025-03-01T10:15:00Z,39.90\n' +
        'o3,u1,nope,2025-03-01T10:15:00Z,39.90\n',
      'reviews.csv': 'id,account_id,product_id,rating,created_at,order_id\nr1,u2,p1,5,2025-03-02T10:00:00Z,o1\n',
      'payments.csv':
        'id,payer_account_id,payee_account_id,amount,paid_at,order_id\npay1,u1,u9,5.00,2025-03-02T10:00:00Z,\npay2,u1,u2,5.00,2025-03-02T10:00:00Z,o77\n',
      'review_likes.csv': 'account_id,review_id,liked_at\nu1,r404,2025-03-03T00:00:00Z\n',
    });
    const { rejected } = await load(folder);
    expectRejected(rejected, 'merchants.csv', 3, 'owner_account_id', /unknown account id/);
    expectRejected(rejected, 'products.csv', 3, 'merchant_id', /unknown merchant id/);
    expectRejected(rejected, 'orders.csv', 3, 'account_id', /unknown account id/);
    expectRejected(rejected, 'orders.csv', 4, 'product_id', /unknown product id/);
    expectRejected(rejected, 'reviews.csv', 2, 'order_id', /not placed by this account/);
    expectRejected(rejected, 'payments.csv', 2, 'payee_account_id', /unknown account id/);
    expectRejected(rejected, 'payments.csv', 3, 'order_id', /unknown order id/);
    expectRejected(rejected, 'review_likes.csv', 2, 'review_id', /unknown review id/);
    expect(await counts()).toMatchObject({
      accounts: 2,
      merchants: 1,
      products: 1,
      orders: 1,
      reviews: 0,
      payments: 0,
      likes: 0,
    });
  });

  it('rejects a duplicate id with different content and keeps the stored row', async () => {
    await load(folderWith({ 'accounts.csv': ACCOUNTS }));
    const { rejected } = await load(
      folderWith({
        'accounts.csv':
          'id,created_at,region,phone_hash\nu1,2024-01-05T08:00:00Z,Jiangsu,ph1\nu1,2024-01-05T08:00:00Z,Zhejiang,ph1\n',
      }),
    );
    expect(rejected).toHaveLength(1);
    expectRejected(rejected, 'accounts.csv', 2, 'region', /duplicate id with different content \(stored: Zhejiang\)/);
    const [u1] = rows<{ region: string }>(
      await db.driver.executeQuery("MATCH (a:Account {id: 'u1'}) RETURN a.region AS region"),
    );
    expect(u1.region).toBe('Zhejiang');
  });

  it('rejects the same id twice in one file when the rows differ', async () => {
    const { rejected } = await load(
      folderWith({
        'accounts.csv': 'id,created_at,region,phone_hash\nu1,2024-01-05T08:00:00Z,A,\nu1,2024-01-05T08:00:00Z,B,\n',
      }),
    );
    expectRejected(rejected, 'accounts.csv', 3, 'region', /duplicate id with different content \(stored: A\)/);
  });

  it('rejects a whole file whose header is wrong, naming the column', async () => {
    const { summary, rejected } = await load(
      folderWith({
        'accounts.csv': ACCOUNTS,
        'orders.csv': 'id,acount_id,product_id,placed_at,amount\no1,u1,p1,2025-03-01T10:15:00Z,1\n',
      }),
    );
    expectRejected(rejected, 'orders.csv', 1, 'acount_id', /unknown column/);
    expect(summary.files.find((f) => f.file === 'orders.csv')).toMatchObject({ rows: 1, stored: 0, rejected: 1 });
    const missing = await load(folderWith({ 'accounts.csv': 'id,region\nu1,x\n' }));
    expectRejected(missing.rejected, 'accounts.csv', 1, 'created_at', /required column missing/);
  });

  it('stops at an unclosed quote, reports the record it opened in, keeps the rows before it', async () => {
    const { summary, rejected } = await load(
      folderWith({
        'accounts.csv':
          // Two blank lines (skipped by the parser) before the record whose quote never closes, CRLF after it.
          ACCOUNTS +
          '\n\nu3,2024-01-05T08:00:00Z,"Zhejiang,\r\nu4,2024-01-05T08:00:00Z,,\r\nu5,2024-01-05T08:00:00Z,,\r\n',
      }),
    );
    expectRejected(
      rejected,
      'accounts.csv',
      6,
      '',
      /malformed CSV: a quoted field in the record starting on line 6 is never closed; the rest of the file, from that line on, was not read/,
    );
    expect(rejected).toHaveLength(1);
    expect((await counts()).accounts).toBe(2);
    // The summary says how much of the file was never read: the record with the quote and the two after it.
    expect(summary.files[0].linesNotRead).toBe(3);
    expect(summary.linesNotRead).toBe(3);
  });

  it('counts a line break inside a quoted field once, whatever it is (CRLF, LF, CR)', async () => {
    const file = path.join(folderWith({ 'x.csv': 'a,b\r\n"1\r\n2",x\r\n"3\n4",y\r\n"5\r6",z\r\nlast,w\r\n' }), 'x.csv');
    const lines: number[] = [];
    for await (const item of readCsv(file, { bytes: 0 })) if ('record' in item) lines.push(item.record.line);
    expect(lines).toEqual([2, 4, 6, 8]);
  });

  it('keeps a quote inside an unquoted field as written (6" screen) and reads on', async () => {
    const { summary, rejected } = await load(
      folderWith({
        'accounts.csv': ACCOUNTS,
        'merchants.csv': SHOP,
        'products.csv': PRODUCTS + 'p2,m1,Phone 6" screen,1999\np3,m1,"Quoted" and more,5\n',
      }),
    );
    expect(rejected).toEqual([]);
    expect(summary.rejected).toBe(0);
    const { records } = await db.driver.executeQuery(
      "MATCH (p:Product) WHERE p.id IN ['p2', 'p3'] RETURN p.title AS title ORDER BY p.id",
    );
    expect(records.map((r) => r.get('title'))).toEqual(['Phone 6" screen', '"Quoted" and more']);
  });

  it('gives the right line after a CRLF inside a quoted field', async () => {
    const { rejected } = await load(
      folderWith({
        'accounts.csv': ACCOUNTS,
        'merchants.csv': SHOP,
        'products.csv': 'id,merchant_id,title,price\r\np1,m1,"Green\r\ntea\r\n2025",39.90\r\np2,m1,Oolong,-1\r\n',
      }),
    );
    expectRejected(rejected, 'products.csv', 5, 'price', /negative|not a/);
    expect(rejected).toHaveLength(1);
  });

  it('--dry-run checks rows and references but writes nothing', async () => {
    const folder = folderWith({
      'accounts.csv': ACCOUNTS,
      'orders.csv': 'id,account_id,product_id,placed_at,amount\no1,u1,p1,2025-03-01T10:15:00Z,39.90\n',
    });
    const { summary, rejected } = await load(folder, { dryRun: true });
    expect(summary.dryRun).toBe(true);
    expectRejected(rejected, 'orders.csv', 2, 'product_id', /unknown product id/);
    expect(rejected).toHaveLength(1); // u1 is known from accounts.csv read earlier in the same run
    expect((await counts()).accounts).toBe(0);
  });

  it('--dry-run also reports what conflicts with rows already stored, as the real load would, and writes nothing', async () => {
    await load(folderWith({ 'accounts.csv': ACCOUNTS, 'merchants.csv': SHOP, 'products.csv': PRODUCTS }));
    const before = await counts();
    const folder = folderWith({
      'accounts.csv': ACCOUNTS.replace('Zhejiang', 'Jiangsu') + 'u3,2024-03-01T00:00:00Z,,\n',
      'products.csv': PRODUCTS.replace('m1,Green tea,39.90', 'm1,Green tea,41.00'),
      'orders.csv': 'id,account_id,product_id,placed_at,amount\no1,u3,p1,2025-03-01T10:15:00Z,39.90\n',
    });
    const dry = await load(folder, { dryRun: true });
    expectRejected(
      dry.rejected,
      'accounts.csv',
      2,
      'region',
      /duplicate id with different content \(stored: Zhejiang\)/,
    );
    expectRejected(dry.rejected, 'products.csv', 2, 'price', /duplicate id with different content/);
    // u3 is new in this very run: known to the order, though the rolled-back statement could not see it.
    expect(dry.rejected).toHaveLength(2);
    expect(await counts()).toEqual(before);
    const real = await load(folder);
    expect(real.rejected.map((r) => [r.file, r.line, r.column])).toEqual(
      dry.rejected.map((r) => [r.file, r.line, r.column]),
    );
  });
});

describe('two writers', () => {
  it('writes two batches at once and reports, stores and counts exactly what one writer does', async () => {
    // Every kind of outcome, spread over many batches of 2: good rows, bad fields, unknown references, an id repeated
    // with the same content (in the same batch and two batches later) and with other content.
    const accounts = ['id,created_at,region,phone_hash'];
    for (let i = 1; i <= 30; i++) accounts.push(`u${i},2024-01-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z,,`);
    accounts.push('u5,2024-01-06T08:00:00Z,,', 'bad,not-a-time,,', 'u7,2024-01-08T08:00:00Z,Hubei,');
    const orders = ['id,account_id,product_id,placed_at,amount'];
    for (let i = 1; i <= 40; i++)
      orders.push(`o${i},u${(i % 30) + 1},p1,2025-03-01T10:${String(i).padStart(2, '0')}:00Z,9.90`);
    orders.splice(7, 0, 'o90,u2,p404,2025-03-01T11:00:00Z,9.90', 'o91,nobody,p1,2025-03-01T11:00:00Z,-1');
    orders.push(
      'o3,u4,p1,2025-03-01T10:03:00Z,9.90',
      'o4,u5,p1,2025-03-01T10:04:00Z,19.90',
      'o92,u1,p1,2025-03-01T10:00:00Z,',
    );
    const reviews = ['id,account_id,product_id,rating,created_at,order_id,text'];
    for (let i = 1; i <= 20; i++)
      reviews.push(`r${i},u${(i % 30) + 1},p1,${(i % 5) + 1},2025-03-02T10:00:00Z,o${i},ok`);
    reviews.push('r99,u1,p1,6,2025-03-02T10:00:00Z,,', 'r98,u1,p1,5,2025-03-02T10:00:00Z,o404,');
    const folder = folderWith({
      'accounts.csv': accounts.join('\n') + '\n',
      'merchants.csv': SHOP,
      'products.csv': PRODUCTS,
      'orders.csv': orders.join('\n') + '\n',
      'reviews.csv': reviews.join('\n') + '\n',
    });
    const run = async (writers: number) => {
      await emptyDatabase(db);
      let writing = 0;
      const { summary, rejected } = await load(folder, {
        writers,
        onProgress: (e) => (writing = Math.max(writing, e.writing)),
      });
      const files = summary.files.map((f) => ({ ...f, seconds: 0 }));
      return { files, rejected: summary.rejected, rejects: rejected, graph: await dumpGraph(db), writing };
    };
    const one = await run(1);
    const two = await run(2);
    expect(one.writing).toBe(0);
    // Another batch was being written while one was recorded.
    expect(two.writing).toBeGreaterThanOrEqual(1);
    expect(two.files).toEqual(one.files);
    expect(two.rejected).toBe(one.rejected);
    expect(two.rejects).toEqual(one.rejects);
    expect(two.graph).toEqual(one.graph);
    // The outcomes the data holds, so the comparison is of loads that did something.
    expect(one.rejects.map((r) => `${r.file}:${r.line}:${r.column}`)).toEqual([
      'accounts.csv:33:created_at',
      'accounts.csv:34:region',
      // Rejected while reading, then by the batch's statement: the order one writer has always written them in.
      'orders.csv:9:amount',
      'orders.csv:8:product_id',
      'orders.csv:46:amount',
      'orders.csv:45:amount',
      'reviews.csv:22:rating',
      'reviews.csv:23:order_id',
    ]);
    expect(one.files.find((f) => f.file === 'orders.csv')).toMatchObject({
      rows: 45,
      stored: 41,
      created: 40,
      unchanged: 1,
    });
  });
});

describe('surviving a crash mid-load', () => {
  it('leaves only whole batches, and loading again completes the data', async () => {
    const accounts = ['id,created_at,region,phone_hash'];
    const orders = ['id,account_id,product_id,placed_at,amount'];
    for (let i = 0; i < 50; i++) {
      accounts.push(`a${i},2024-01-05T08:00:00Z,,`);
      orders.push(`o${i},a${i},p1,2025-03-01T10:15:00Z,1.00`);
    }
    const folder = folderWith({
      'accounts.csv': accounts.join('\n'),
      'merchants.csv': 'id,name\nm1,Shop\n',
      'products.csv': 'id,merchant_id,title,price\np1,m1,Tea,1.00\n',
      'orders.csv': orders.join('\n'),
    });
    let calls = 0;
    const crash = (e: { file: string; rows: number }): void => {
      if (e.file === 'orders.csv' && e.rows > 20 && ++calls > 0) throw new Error('simulated crash');
    };
    await expect(loadDataset(db, { folder, batchSize: 7, onProgress: crash })).rejects.toThrow('simulated crash');
    const [partial] = rows<{ orders: number; placed: number; of: number }>(
      await db.driver.executeQuery(
        'MATCH (o:Order) RETURN count(o) AS orders, COUNT { ()-[:PLACED]->() } AS placed, COUNT { ()-[:OF]->() } AS of',
      ),
    );
    expect(partial.orders % 7).toBe(0); // whole batches only
    expect(partial.orders).toBeLessThan(50);
    expect(partial.placed).toBe(partial.orders); // no order without its buyer
    expect(partial.of).toBe(partial.orders);
    const summary: LoadSummary = await loadDataset(db, { folder, batchSize: 7 });
    expect(summary.rejected).toBe(0);
    expect((await counts()).orders).toBe(50);
  });
});
