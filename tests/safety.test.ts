// Refusing what is unsafe: a public host without keys, an answer without its audit entry, a request past its deadline,
// more on-demand detection than one request may run, a caller past its rate limit.
import { AddressInfo } from 'node:net';
import { createKey } from '../src/auth/keys';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
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

it('counts on-demand detectors as expensive: two per request at most, aliases or not', async () => {
  const graphql = await serve({});
  const one = 'sharedDeviceRings(accountId: "u1") { id }';
  const two = await graphql(`{ a: ${one} b: ${one} }`);
  expect(two.body.errors).toBeUndefined();
  const three = await graphql(`fragment F on Query { c: ${one} } { a: ${one} b: ${one} ...F }`);
  expect(three.status).toBe(400);
  expect(three.body.errors[0].message).toMatch(/more on-demand detection than one request may run/);
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
