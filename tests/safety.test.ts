// Refusing what is unsafe: a public host without keys, an answer without its audit entry, a request past its deadline,
// more on-demand detection than one request may run, a caller past its rate limit.
import { AddressInfo } from 'node:net';
import { createKey } from '../src/auth/keys';
import { loadConfig } from '../src/config';
import neo4j from 'neo4j-driver';
import { Database, DeadlineExceededError, openDatabase } from '../src/db/database';
import { mapPaced } from '../src/detection/support';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { loadDataset } from '../src/ingest/loader';
import { checkSafeToServe, serveCommand, UnsafeStartError } from '../src/cli/serve.command';
import { AppOptions, createApp } from '../src/server/app';
import { emptyDatabase, fixture, testDatabase } from './helpers/db';

let db: Database;
let token: string;
const servers: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
  token = (await createKey(db, 'safety-investigator', 'investigator')).token;
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await db.close();
});

async function serve(options: AppOptions) {
  const { httpServer, apollo } = await createApp(db, await buildRingscopeSchema(), options);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  servers.push({ stop: () => apollo.stop() });
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
}

describe('starting', () => {
  const base = { ...loadConfig(), authMode: 'auto' as const };
  it('refuses a public host with no key, unless RINGSCOPE_AUTH=off says so', () => {
    expect(() => checkSafeToServe({ ...base, host: '0.0.0.0' }, false)).toThrow(UnsafeStartError);
    expect(() => checkSafeToServe({ ...base, host: '192.168.1.5' }, false)).toThrow(/RINGSCOPE_AUTH=off/);
    expect(() => checkSafeToServe({ ...base, host: '0.0.0.0', authMode: 'off' }, false)).not.toThrow();
    expect(() => checkSafeToServe({ ...base, host: '0.0.0.0' }, true)).not.toThrow();
    expect(() => checkSafeToServe({ ...base, host: '127.0.0.1' }, false)).not.toThrow();
    expect(() => checkSafeToServe({ ...base, host: '::1' }, false)).not.toThrow();
  });

  it('`serve` on 0.0.0.0 against a database without keys stops before listening, with what to set', async () => {
    await emptyDatabase(db);
    const config = { ...loadConfig(), host: '0.0.0.0', port: 1, authMode: 'auto' as const };
    await expect(serveCommand(config, {})).rejects.toThrow(/refusing to serve on 0\.0\.0\.0 with no API key/);
    await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
    token = (await createKey(db, 'safety-investigator', 'investigator')).token;
  });
});

it('withholds the answer when its audit entry cannot be written', async () => {
  const broken = await openDatabase(loadConfig());
  await broken.driver.close();
  const graphql = await serve({ auditDatabase: broken });
  const { status, body } = await graphql('query Look { account(id: "u1") { id phoneHash } }');
  expect(status).toBe(503);
  expect(body).toEqual({
    errors: [{ message: expect.stringMatching(/audit trail/), extensions: { code: 'AUDIT_UNAVAILABLE' } }],
  });
  expect(JSON.stringify(body)).not.toContain('u1');
});

it('ends a request past its deadline with QUERY_TIMEOUT', async () => {
  const graphql = await serve({ requestDeadlineMs: 1 });
  await new Promise((r) => setTimeout(r, 5));
  const { body } = await graphql('{ accountNetwork(id: "u1", depth: 4, limit: 2000) { nodes { id } } }');
  expect(body.errors[0].extensions.code).toBe('QUERY_TIMEOUT');
  expect(body.data?.accountNetwork ?? null).toBeNull();
});

it('ends a statement Neo4j is already running when the deadline passes, and the database lets it go', async () => {
  const running = async () => {
    // The text looked for is a parameter, so this statement does not find itself.
    const { records } = await db.driver.executeQuery(
      'SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $text RETURN count(*) AS n',
      { text: 'range(1, $n)' },
    );
    return Number(records[0].get('n'));
  };
  const bounded = db.withDeadline(Date.now() + 1500);
  const counting = bounded.read('diagnostics/count-to', { n: neo4j.int(1e12) }).then(
    () => 'finished',
    (error: Error & { code?: string }) => error.code ?? error.message,
  );
  // It is running inside the database before the deadline comes...
  let seen = 0;
  for (let i = 0; i < 50 && seen === 0; i++) {
    seen = await running();
    if (seen === 0) await new Promise((r) => setTimeout(r, 20));
  }
  expect(seen).toBe(1);
  // ...and the deadline ends it there: a transaction timeout, not an answer, and no transaction left behind.
  expect(await counting).toMatch(/TransactionTimedOut/);
  expect(await running()).toBe(0);
});

it('stops paced in-process work at the deadline', async () => {
  const bounded = db.withDeadline(Date.now() + 200);
  let done = 0;
  const busy = (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until);
  };
  const work = mapPaced(
    bounded,
    Array.from({ length: 1000 }, (_, i) => i),
    () => {
      busy(5);
      done++;
    },
  );
  await expect(work).rejects.toBeInstanceOf(DeadlineExceededError);
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(1000);
});

it('counts on-demand detectors as expensive: two per request at most, aliases or not', async () => {
  const graphql = await serve({});
  const one = 'sharedDeviceRings(accountId: "u1") { id }';
  const two = await graphql(`{ a: ${one} b: ${one} }`);
  expect(two.body.errors).toBeUndefined();
  const three = await graphql(`fragment F on Query { c: ${one} } { a: ${one} b: ${one} ...F }`);
  expect(three.status).toBe(400);
  expect(three.body.errors[0].message).toMatch(/more on-demand detection than one request may run/);
});

it("adds the on-demand detectors' cost to the cost of what the request selects", async () => {
  const graphql = await serve({});
  // Alone, this selection is far inside armor's budget; beside two detector runs it is not.
  const wide = `ring(id: "x") { ${Array.from({ length: 3 }, (_, i) => `m${i}: members(first: 100) { account { id } }`).join(' ')} }`;
  expect((await graphql(`{ ${wide} }`)).body.errors?.[0]?.message ?? '').not.toMatch(/cost/i);
  const one = 'sharedDeviceRings(accountId: "u1") { id }';
  const both = await graphql(`{ a: ${one} b: ${one} ${wide} }`);
  expect(both.status).toBe(400);
  expect(both.body.errors[0].message).toMatch(/18000 for its on-demand detectors and \d+ for the fields it selects/);
});

it('refuses an on-demand limit out of range (the demo test checks the cut itself)', async () => {
  const graphql = await serve({});
  for (const limit of [0, 501]) {
    const bad = await graphql(`{ cashbackRings(accountId: "u1", limit: ${limit}) { id } }`);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors[0].message).toMatch(/limit must be a whole number from 1 to 500/);
  }
});

it('rate-limits per key, with on-demand runs taking more of the budget than look-ups', async () => {
  const graphql = await serve({ auth: { perMinute: 25 } });
  const stats = await graphql('{ stats { accounts } }');
  expect(stats.status).toBe(200);
  // 1 point for the request and 10 per scoped run: the second such request passes the budget of 25.
  const first = await graphql('{ sharedDeviceRings(accountId: "u1") { id } }');
  expect(first.body.errors).toBeUndefined();
  const second = await graphql(
    '{ a: sharedDeviceRings(accountId: "u1") { id } b: sharedDeviceRings(accountId: "u2") { id } }',
  );
  expect(second.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain('RATE_LIMITED');
  const after = await graphql('{ stats { accounts } }');
  expect(after.status).toBe(429);
  expect(after.body.errors[0].extensions.code).toBe('RATE_LIMITED');
});
