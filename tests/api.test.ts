// The first GraphQL API: look-ups with their links, Relay pagination at page boundaries, clear errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/db/database';
import { loadDataset } from '../src/ingest/loader';
import { emptyDatabase, fixture, testDatabase } from './helpers/db';
import { Api, testApi } from './helpers/api';

let db: Database;
let api: Api;
beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
  api = await testApi(db);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('look-ups with their links', () => {
  it('account(id) gives devices, co-users, orders, reviews and payments', async () => {
    const { data, errors } = await api.query(`{
      account(id: "u1") {
        id region createdAt
        devices { totalCount edges { node { device { id } accountCount firstSeen lastSeen } } }
        sharedDeviceAccounts { totalCount edges { node { account { id } sharedDevices { id } } } }
        orders { totalCount edges { node { id amount keyword browseSeconds product { id merchant { id owner { id } } } } } }
        reviews { edges { node { id rating text order { id } } } }
        paymentsReceived { edges { node { id amount memo payer { id } order { id } } } }
        paymentsSent { totalCount }
      }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      account: {
        id: 'u1',
        region: 'Zhejiang',
        createdAt: '2024-01-05T08:00:00.000Z',
        devices: {
          totalCount: 1,
          edges: [
            {
              node: {
                device: { id: 'd1' },
                accountCount: 2,
                firstSeen: '2024-12-01T00:00:00.000Z',
                lastSeen: '2025-02-01T00:00:00.000Z',
              },
            },
          ],
        },
        sharedDeviceAccounts: {
          totalCount: 1,
          edges: [{ node: { account: { id: 'u2' }, sharedDevices: [{ id: 'd1' }] } }],
        },
        orders: {
          totalCount: 1,
          edges: [
            {
              node: {
                id: 'o1',
                amount: 39.9,
                keyword: 'green tea',
                browseSeconds: 320,
                product: { id: 'p1', merchant: { id: 'm1', owner: { id: 'owner1' } } },
              },
            },
          ],
        },
        reviews: { edges: [{ node: { id: 'r1', rating: 5, text: 'Great tea, "fresh", 好评', order: { id: 'o1' } } }] },
        paymentsReceived: {
          edges: [{ node: { id: 'pay1', amount: 45.9, memo: '返现', payer: { id: 'owner1' }, order: { id: 'o1' } } }],
        },
        paymentsSent: { totalCount: 0 },
      },
    });
  });

  it('product, merchant, review, order, payment and device look-ups resolve their links', async () => {
    const { data, errors } = await api.query(`{
      product(id: "p1") { title price averageRating reviewCount orderCount merchant { name } }
      merchant(id: "m1") { name owner { id } products { totalCount edges { node { id } } } }
      review(id: "r3") { text rating order { id } account { id } product { id } }
      order(id: "o2") { account { id } product { id } }
      payment(id: "pay2") { payer { id } payee { id } order { id } }
      device(id: "d1") { accountCount accounts { edges { node { id } } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      product: {
        title: 'Green tea, 250 g',
        price: 39.9,
        averageRating: 5,
        reviewCount: 2,
        orderCount: 2,
        merchant: { name: 'Acme, Tea & Co' },
      },
      merchant: {
        name: 'Acme, Tea & Co',
        owner: { id: 'owner1' },
        products: { totalCount: 1, edges: [{ node: { id: 'p1' } }] },
      },
      review: { text: 'Broke\nin a week', rating: 2, order: null, account: { id: 'u3' }, product: { id: 'p2' } },
      order: { account: { id: 'u2' }, product: { id: 'p1' } },
      payment: { payer: { id: 'owner1' }, payee: { id: 'u2' }, order: null },
      device: { accountCount: 2, accounts: { edges: [{ node: { id: 'u1' } }, { node: { id: 'u2' } }] } },
    });
  });

  it('an unknown id is null, not an error', async () => {
    const { data, errors } = await api.query('{ account(id: "nobody") { id } product(id: "none") { id } }');
    expect(errors).toBeUndefined();
    expect(data).toEqual({ account: null, product: null });
  });

  it('stats counts what is loaded', async () => {
    const { data } = await api.query(
      '{ stats { accounts devices ips merchants products orders reviews payments likes deviceUses rings } }',
    );
    expect(data).toEqual({
      stats: {
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
        rings: 0,
      },
    });
  });
});

describe('Relay pagination', () => {
  async function walk(
    query: string,
    pick: (d: Record<string, unknown>) => {
      edges: { cursor: string; node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      totalCount: number;
    },
    first: number,
  ) {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const { data, errors } = await api.query(query, { first, after });
      expect(errors).toBeUndefined();
      const conn = pick(data!);
      seen.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) return { seen, total: conn.totalCount };
      expect(conn.pageInfo.endCursor).toBe(conn.edges[conn.edges.length - 1].cursor);
      after = conn.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  it.each([1, 2, 3])('walks product reviews %i at a time without skipping or repeating', async (first) => {
    const q =
      'query($first: Int!, $after: String) { product(id: "p1") { reviews(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }';
    const { seen, total } = await walk(q, (d) => (d.product as { reviews: never }).reviews, first);
    expect(seen).toEqual(['r2', 'r1']); // newest first
    expect(total).toBe(2);
  });

  it("walks a device's accounts one by one, ending exactly at the last page", async () => {
    const q =
      'query($first: Int!, $after: String) { device(id: "d1") { accounts(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } } }';
    const { seen, total } = await walk(q, (d) => (d.device as { accounts: never }).accounts, 1);
    expect(seen).toEqual(['u1', 'u2']);
    expect(total).toBe(2);
  });

  it('an empty page has no end cursor and no next page', async () => {
    const { data } = await api.query(
      '{ account(id: "u3") { paymentsSent { totalCount pageInfo { hasNextPage endCursor } edges { cursor } } } }',
    );
    expect(data).toEqual({
      account: { paymentsSent: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } },
    });
  });
});

describe('errors carry a code and a clear message, never internals', () => {
  it('first above 100 is BAD_USER_INPUT naming the limit', async () => {
    const { errors } = await api.query('{ account(id: "u1") { orders(first: 500) { totalCount } } }');
    expect(errors?.[0]).toMatchObject({
      message: expect.stringContaining('first must not be greater than 100'),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('a cursor that was not issued is BAD_USER_INPUT', async () => {
    const { errors } = await api.query('{ account(id: "u1") { orders(after: "bm90LWEtY3Vyc29y") { totalCount } } }');
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it.each([
    ['a date that is not one', '["not-a-date","o1"]', 'orders'],
    ['a number where an id belongs', '["2025-03-01T10:15:00Z",7]', 'orders'],
    ['a rings cursor with a text score', '["SCORE","abc","x"]', null],
  ])('a forged cursor (%s) is BAD_USER_INPUT, not an internal error', async (_case, key, field) => {
    const after = Buffer.from(key).toString('base64url');
    const query = field
      ? `{ account(id: "u1") { ${field}(after: "${after}") { totalCount } } }`
      : `{ rings(after: "${after}") { totalCount } }`;
    const { errors } = await api.query(query);
    expect(errors?.[0]).toMatchObject({
      message: '`after` is not a cursor returned by this list',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('an unknown field is a validation error without a suggestion list', async () => {
    const { errors } = await api.query('{ account(id: "u1") { passwordHash } }');
    expect(errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(errors)).not.toMatch(/stack|MATCH|Neo4j/);
  });

  it('a query nested deeper than the limit is refused before it runs', async () => {
    const deep =
      '{ account(id: "u1") { orders { edges { node { account { orders { edges { node { account { orders { edges { node { id } } } } } } } } } } } } }';
    const { errors } = await api.query(deep);
    expect(errors?.[0].message).toMatch(/depth/i);
  });
});

describe('pagination over timestamps finer than a millisecond', () => {
  it('walks orders placed within the same millisecond one by one without skipping any', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-submilli-'));
    fs.writeFileSync(path.join(dir, 'accounts.csv'), 'id,created_at\nsub1,2024-01-01T00:00:00Z\n');
    fs.writeFileSync(
      path.join(dir, 'orders.csv'),
      'id,account_id,product_id,placed_at,amount\n' +
        'sm1,sub1,p1,2025-03-01T10:00:00Z,1.00\n' +
        'sm2,sub1,p1,2025-03-01T10:00:00.0005Z,1.00\n' +
        'sm3,sub1,p1,2025-03-01T10:00:00.0005Z,1.00\n' +
        'sm4,sub1,p1,2025-03-01T10:00:00.000999Z,1.00\n',
    );
    expect((await loadDataset(db, { folder: dir, batchSize: 100 })).rejected).toBe(0);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const { data } = await api.query<{
        account: {
          orders: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
        };
      }>(
        'query($after: String) { account(id: "sub1") { orders(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }',
        { after },
      );
      const orders: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        data!.account.orders;
      seen.push(...orders.edges.map((e) => e.node.id));
      if (!orders.pageInfo.hasNextPage) break;
      after = orders.pageInfo.endCursor;
    }
    expect(seen).toEqual(['sm4', 'sm3', 'sm2', 'sm1']);
  });
});
