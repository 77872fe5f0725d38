// The API as clients reach it over HTTP: health, GraphQL, the admin token on mutations, and metrics.
import { AddressInfo } from 'node:net';
import http from 'node:http';
import { Database } from '../src/db/database';
import { loadDataset } from '../src/ingest/loader';
import { createKey } from '../src/auth/keys';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { createApp } from '../src/server/app';
import { emptyDatabase, fixture, testDatabase } from './helpers/db';

let db: Database;
let server: http.Server;
let stopApollo: () => Promise<void>;
let base: string;

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
  const { httpServer, apollo } = await createApp(db, await buildRingscopeSchema(), {
    corsOrigins: ['http://localhost:5173'],
  });
  server = httpServer;
  stopApollo = () => apollo.stop();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopApollo();
  await db.close();
});

async function graphql(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

it('/healthz reports the database as reachable', async () => {
  const response = await fetch(`${base}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    status: 'ok',
    database: { reachable: true, latencyMs: expect.any(Number) },
    access: 'open',
  });
});

it('answers a query over HTTP', async () => {
  const { status, body } = await graphql('query Stats { stats { accounts } }');
  expect(status).toBe(200);
  expect(body).toEqual({ data: { stats: { accounts: 4 } } });
});

it('GraphQL answers, errors too, are never stored by a cache (Cache-Control: no-store)', async () => {
  // (No query that fails validation here: the /metrics test counts those.)
  for (const query of ['query Stats { stats { accounts } }', '{ stats { accounts ']) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  }
});

it('a malformed query gets a code and no stack trace', async () => {
  const { status, body } = await graphql('{ stats { accounts ');
  expect(status).toBe(400);
  expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
});

it('a body that is not JSON gets a JSON error with a code, not an HTML stack page', async () => {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: 'not json',
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual({
    errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
  });
});

it('/healthz says the API is open while no key exists', async () => {
  expect(((await (await fetch(`${base}/healthz`)).json()) as { access: string }).access).toBe('open');
});

it('/metrics counts operations by name and outcome in Prometheus format', async () => {
  await graphql('query Stats { stats { accounts } }');
  await graphql('query Broken { stats { nothing } }');
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toMatch(/ringscope_graphql_operation_seconds_count\{operation="Stats",outcome="ok"\} [1-9]/);
  expect(text).toMatch(
    /ringscope_graphql_operation_seconds_count\{operation="anonymous",outcome="GRAPHQL_VALIDATION_FAILED"\} 1/,
  );
  expect(text).toMatch(/ringscope_process_cpu_seconds_total/);
});

async function runCount(): Promise<number> {
  const result = await db.driver.executeQuery('MATCH (r:DetectionRun) RETURN count(r) AS n');
  return Number(result.records[0].get('n'));
}

it('once a key exists, runDetection (and everything else) needs it, from the next request on', async () => {
  const mutation = 'mutation { runDetection { run { id ringCount } } }';
  // A second server over the same store that, like the first, last found no key: both check beside the request.
  const other = await createApp(db, await buildRingscopeSchema());
  await new Promise<void>((resolve) => other.httpServer.listen(0, '127.0.0.1', resolve));
  const otherBase = `http://127.0.0.1:${(other.httpServer.address() as AddressInfo).port}`;
  const ask = (query: string) =>
    fetch(`${otherBase}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
  try {
    expect((await ask('{ stats { accounts } }')).status).toBe(200);
    const runsBefore = await runCount();
    const { token } = await createKey(db, 'http-admin', 'admin');
    // A query ran beside the check, but its answer is the refusal, with nothing of what it read.
    const query = await graphql('{ stats { accounts } }');
    expect(query.status).toBe(401);
    expect(query.body).toEqual({
      errors: [{ message: expect.stringContaining('needs a key'), extensions: { code: 'UNAUTHENTICATED' } }],
    });
    // A mutation waits for the check: refused, and no detection run was started.
    const refused = await ask(mutation);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="ringscope"');
    expect(((await refused.json()) as Record<string, any>).errors[0].extensions.code).toBe('UNAUTHENTICATED'); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(await runCount()).toBe(runsBefore);
    await testAdmin(token);
  } finally {
    await other.apollo.stop();
  }
});

async function testAdmin(token: string) {
  const mutation = 'mutation { runDetection { run { id ringCount } } }';
  const anonymous = await graphql(mutation);
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const wrong = await graphql(mutation, { authorization: 'Bearer not-the-token-at-all' });
  expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const admin = await graphql(mutation, { authorization: `Bearer ${token}` });
  expect(admin.body.errors).toBeUndefined();
  expect(admin.body.data.runDetection.run.id).toMatch(/^run-/);
  expect((await fetch(`${base}/metrics`)).status).toBe(401);
  expect(((await (await fetch(`${base}/healthz`)).json()) as { access: string }).access).toBe('required');
}

it('lets the configured front-end origin call the API from a browser, and no other', async () => {
  const preflight = (origin: string) =>
    fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
  const allowed = await preflight('http://localhost:5173');
  expect(allowed.status).toBe(204);
  expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
});
