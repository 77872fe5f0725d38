// Alerts: a run's new and grown rings become (:RingEvent)s, `ringEvents(since)` lists them, and webhooks receive
// them signed (HMAC-SHA256) on a local port, with retries when the receiver fails.
import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { postRingEvents, SIGNATURE_HEADER } from '../src/alerts/webhooks';
import { Database } from '../src/db/database';
import { RingEvent, ringEventsOf, recordRingEvents } from '../src/detection/ring-events';
import { onRunStored, runDetection } from '../src/detection/run';
import { storeRun, StoredRun } from '../src/detection/store';
import { loadDataset } from '../src/ingest/loader';
import { Api, testApi } from './helpers/api';
import { emptyDatabase, fixture, testDatabase } from './helpers/db';
import { farm } from './helpers/rings';

let db: Database;
let api: Api;

/** A receiver on a local port that answers with the statuses given, in turn, and keeps what it was sent. */
async function receiver(statuses: number[]) {
  const received: { body: string; signature: string | undefined; delivery: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({
        body,
        signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
        delivery: req.headers['x-ringscope-delivery'] as string | undefined,
      });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)];
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

const SECRET = 'test-webhook-secret';
const verify = (body: string, header: string | undefined) => {
  const expected = Buffer.from(`sha256=${crypto.createHmac('sha256', SECRET).update(body).digest('hex')}`);
  const got = Buffer.from(header ?? '');
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
};

let first: StoredRun;
let second: StoredRun;
let firstEvents: RingEvent[];
let secondEvents: RingEvent[];

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
  api = await testApi(db);
  first = await storeRun(db, [farm(['u1', 'u2', 'u3'])], { startedAt: new Date(), parameters: {}, timings: {} });
  firstEvents = ringEventsOf(first, 0.2);
  await recordRingEvents(db, firstEvents);
  // The same farm, caught with a fourth account: it keeps its id (Jaccard 3/4) and grew by a third.
  second = await storeRun(db, [farm(['u1', 'u2', 'u3', 'owner1'])], {
    startedAt: new Date(),
    parameters: {},
    timings: {},
  });
  secondEvents = ringEventsOf(second, 0.2);
  await recordRingEvents(db, secondEvents);
});
afterAll(async () => {
  onRunStored(undefined);
  await api.stop();
  await db.close();
});

describe('ring events', () => {
  test('a ring no earlier run had is new; the same ring with a third more members grew', () => {
    expect(firstEvents).toEqual([expect.objectContaining({ type: 'RING_NEW', size: 3, previousSize: null })]);
    expect(secondEvents).toEqual([
      expect.objectContaining({ type: 'RING_GREW', ringId: firstEvents[0].ringId, size: 4, previousSize: 3 }),
    ]);
  });

  test('growth below the configured share is no event', () => {
    expect(ringEventsOf(second, 0.5)).toEqual([]);
  });

  test('ringEvents(since) lists them oldest first, page by page', async () => {
    const query = `query($since: DateTimeISO!, $after: String) { ringEvents(since: $since, first: 1, after: $after) {
      totalCount edges { node { id type ringId runId size previousSize kind } } pageInfo { hasNextPage endCursor } } }`;
    type Page = {
      ringEvents: {
        totalCount: number;
        edges: { node: Record<string, unknown> }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const since = first.startedAt.toISOString();
    const one = await api.query<Page>(query, { since });
    expect(one.errors).toBeUndefined();
    expect(one.data!.ringEvents.totalCount).toBe(2);
    expect(one.data!.ringEvents.edges[0].node).toMatchObject({
      type: 'RING_NEW',
      runId: first.id,
      size: 3,
      previousSize: null,
      kind: 'SHARED_DEVICE',
    });
    const two = await api.query<Page>(query, { since, after: one.data!.ringEvents.pageInfo.endCursor });
    expect(two.data!.ringEvents.edges[0].node).toMatchObject({
      type: 'RING_GREW',
      runId: second.id,
      size: 4,
      previousSize: 3,
    });
    expect(two.data!.ringEvents.pageInfo.hasNextPage).toBe(false);
    const later = await api.query<Page>(query, { since: new Date(second.finishedAt.getTime() + 1000).toISOString() });
    expect(later.data!.ringEvents.totalCount).toBe(0);
  });

  test('recording the same events again changes nothing', async () => {
    await recordRingEvents(db, secondEvents);
    const { data } = await api.query<{ ringEvents: { totalCount: number } }>(
      'query($since: DateTimeISO!) { ringEvents(since: $since) { totalCount } }',
      { since: first.startedAt.toISOString() },
    );
    expect(data!.ringEvents.totalCount).toBe(2);
  });
});

describe('webhooks', () => {
  test('a receiver on a local port gets the events as JSON with a signature it can check', async () => {
    const hook = await receiver([200]);
    try {
      const [delivery] = await postRingEvents(second, secondEvents, { urls: [hook.url], secret: SECRET });
      expect(delivery).toEqual({ url: hook.url, ok: true, attempts: 1, status: 200 });
      expect(hook.received).toHaveLength(1);
      const { body, signature, delivery: deliveryId } = hook.received[0];
      expect(verify(body, signature)).toBe(true);
      expect(verify(`${body} `, signature)).toBe(false);
      expect(deliveryId).toBe(second.id);
      const payload = JSON.parse(body);
      expect(payload.run.id).toBe(second.id);
      expect(payload.events).toEqual([
        expect.objectContaining({ type: 'RING_GREW', ringId: firstEvents[0].ringId, size: 4 }),
      ]);
    } finally {
      await hook.close();
    }
  });

  test('a failing receiver is retried until it answers, and a refusing one is not', async () => {
    const flaky = await receiver([503, 500, 200]);
    const refusing = await receiver([400]);
    try {
      const deliveries = await postRingEvents(second, secondEvents, {
        urls: [flaky.url, refusing.url],
        secret: SECRET,
        retryDelayMs: 10,
      });
      expect(deliveries).toEqual([
        { url: flaky.url, ok: true, attempts: 3, status: 200 },
        { url: refusing.url, ok: false, attempts: 1, status: 400 },
      ]);
      expect(flaky.received.map((r) => r.body)).toEqual(Array(3).fill(flaky.received[0].body));
      expect(flaky.received.every((r) => verify(r.body, r.signature))).toBe(true);
    } finally {
      await flaky.close();
      await refusing.close();
    }
  });

  test('a receiver that never answers is given up after the configured attempts', async () => {
    const [delivery] = await postRingEvents(second, secondEvents, {
      urls: ['http://127.0.0.1:9/unreachable'],
      secret: SECRET,
      attempts: 2,
      retryDelayMs: 10,
    });
    expect(delivery).toEqual({ url: 'http://127.0.0.1:9/unreachable', ok: false, attempts: 2, status: null });
  });

  test('a detection run tells the listener its events after it is stored', async () => {
    const told: { runId: string; events: RingEvent[] }[] = [];
    onRunStored(async (run, events) => {
      told.push({ runId: run.id, events });
    });
    const result = await runDetection(db);
    await result.alerted;
    expect(told).toEqual([{ runId: result.run.id, events: result.events }]);
    // Whatever the detectors found on the tiny data, the events say how it differs from the hand-made run before.
    for (const e of result.events) expect(['RING_NEW', 'RING_GREW']).toContain(e.type);
  });
});
