// runDetection as a batch job: its detectors run in a worker thread (the API's event loop keeps answering), it is
// bounded by its own deadline (RINGSCOPE_DETECTION_DEADLINE_MS) instead of the request deadline, and a run stopped
// at that deadline stores nothing.
import { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
import * as detectWorker from '../src/detection/detect-worker';
import { detectors } from '../src/detection/registry';
import { runDetection } from '../src/detection/run';
import { currentRun, storeRun } from '../src/detection/store';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { loadDataset } from '../src/ingest/loader';
import { createApp } from '../src/server/app';
import { emptyDatabase, fixture, testDatabase } from './helpers/db';
import { farm } from './helpers/rings';

let db: Database;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await db.close();
});

async function serve(api: Database, requestDeadlineMs?: number): Promise<string> {
  const { httpServer, apollo } = await createApp(api, await buildRingscopeSchema(), {
    requestDeadlineMs,
    auth: { perMinute: 1_000_000 },
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  stops.push(() => apollo.stop());
  return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function graphql(base: string, query: string): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as never;
}

const RUN = 'mutation { runDetection { run { id ringCount } ringsByKind { kind count } } }';
const STORED = '{ detectionRun { id ringCount } rings(first: 100) { edges { node { id kind score size } } } }';

it('runs the detectors off the API thread, and /healthz answers 200 all the while', async () => {
  const base = await serve(db);
  // The API thread's own detectors are never called: the worker loads its own.
  const spies = detectors.map((d) => jest.spyOn(d, 'detect'));
  const statuses: number[] = [];
  let done = false;
  const polls = (async () => {
    while (!done) {
      statuses.push((await fetch(`${base}/healthz`)).status);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const answer = await graphql(base, RUN);
  done = true;
  await polls;
  for (const spy of spies) {
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  }
  expect(answer.errors).toBeUndefined();
  expect(answer.data.runDetection.run.id).toMatch(/^run-/);
  // Health checks were answered while the run was under way (starting the worker alone takes several ticks).
  expect(statuses.length).toBeGreaterThan(1);
  expect(statuses.every((s) => s === 200)).toBe(true);
  const stored = await graphql(base, STORED);
  expect(stored.data.detectionRun).toEqual(answer.data.runDetection.run);
});

it('is not bounded by the request deadline: a run longer than RINGSCOPE_REQUEST_DEADLINE_MS completes', async () => {
  // 1 ms: every statement of a request fails past it, so before a run had its own deadline this mutation failed.
  const base = await serve(db, 1);
  const answer = await graphql(base, RUN);
  expect(answer.errors).toBeUndefined();
  expect(answer.data.runDetection.run.id).toMatch(/^run-/);
});

it('stops at RINGSCOPE_DETECTION_DEADLINE_MS with a clear error, and the previous run stays current', async () => {
  // The previous run: one ring (the tiny fixture has none of its own), stored as a run stores its rings.
  const previous = await storeRun(db, [farm(['u1', 'u2', 'u3'])], {
    startedAt: new Date(),
    parameters: {},
    timings: {},
  });
  const base = await serve(db);
  const before = await graphql(base, STORED);
  expect(before.data.detectionRun).toEqual({ id: previous.id, ringCount: 1 });
  expect(before.data.rings.edges).toHaveLength(1);
  const runs = async () => {
    const session = db.session('READ');
    try {
      return (await session.run('MATCH (r:DetectionRun) RETURN count(r) AS n')).records[0].get('n').toNumber();
    } finally {
      await session.close();
    }
  };
  const runsBefore = await runs();
  // The server as RINGSCOPE_DETECTION_DEADLINE_MS=1 configures it: the run cannot even start its worker in time.
  const short = await openDatabase(loadConfig({ ...process.env, RINGSCOPE_DETECTION_DEADLINE_MS: '1' }));
  stops.push(() => short.close());
  const hurried = await serve(short);
  const answer = await graphql(hurried, RUN);
  expect(answer.data).toBeNull();
  expect(answer.errors).toHaveLength(1);
  expect(answer.errors![0].extensions.code).toBe('QUERY_TIMEOUT');
  expect(answer.errors![0].message).toMatch(
    /detection run went past its deadline \(RINGSCOPE_DETECTION_DEADLINE_MS=1\)/,
  );
  expect(answer.errors![0].message).toMatch(/still those of the previous run/);
  expect(await graphql(base, STORED)).toEqual(before);
  expect(await runs()).toBe(runsBefore);
  // The next run, with time enough, is stored as usual.
  const next = await graphql(base, RUN);
  expect(next.errors).toBeUndefined();
  expect(next.data.runDetection.run.id).not.toBe(before.data.detectionRun.id);
});

it('a deadline reached while storing fails the run as the run deadline, and the previous run stays current', async () => {
  const previous = await currentRun(db);
  expect(previous).not.toBeNull();
  // The detectors finish just past a 300 ms deadline, so storing starts with no time left.
  const slow = jest.spyOn(detectWorker, 'detectAllInWorker').mockImplementation(async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { rings: [farm(['u1', 'u2'])], parameters: {}, timings: {} };
  });
  try {
    const hurried = { ...db, config: { ...db.config, detectionDeadlineMs: 300 } };
    await expect(runDetection(hurried)).rejects.toThrow(detectWorker.DetectionDeadlineError);
  } finally {
    slow.mockRestore();
  }
  expect((await currentRun(db))?.id).toBe(previous!.id);
});
