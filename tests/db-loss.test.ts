// Losing the database under load: the embedded Neo4j is killed (SIGKILL) while clients ask; /healthz says 503 (from
// its own 500 ms check, not a hang), requests fail fast with DATABASE_UNAVAILABLE, the process that started Neo4j
// restarts it, and the same API serves again without being restarted. No assertion reads a stopwatch (tests do not
// time the machine): every request carries a 30 s abort, which tells a hang (the bug: more than 30 s without an
// answer) from an answer, and the answers say which path produced them. How fast they come on this machine is
// measured by bench/db-loss.ts (bench/results/liveness.md, "Losing the database").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { createKey } from '../src/auth/keys';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
import { EmbeddedDatabase, startEmbedded } from '../src/db/embedded';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { loadDataset } from '../src/ingest/loader';
import { createApp } from '../src/server/app';
import { fixture } from './helpers/db';
import { Health, healthz } from './helpers/health';

jest.setTimeout(400_000);

let home: string;
let embedded: EmbeddedDatabase;
let db: Database;
let base: string;
let token: string;
let stopApollo: () => Promise<void>;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-dbloss-'));
  embedded = await startEmbedded({ home, heap: '512m', pagecache: '64m', restartOnCrash: true });
  db = await openDatabase(loadConfig({ ...process.env, NEO4J_URI: embedded.uri }));
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
  token = (await createKey(db, 'dbloss-viewer', 'viewer')).token;
  const { httpServer, apollo } = await createApp(db, await buildRingscopeSchema(), {});
  stopApollo = () => apollo.stop();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopApollo?.();
  await db?.close();
  await embedded?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

interface Answer {
  at: number;
  ms: number;
  status: number;
  code: string;
}

async function ask(): Promise<Answer> {
  const at = Date.now();
  try {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query Stats { stats { accounts } }' }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    return { at, ms: Date.now() - at, status: response.status, code: body.errors?.[0]?.extensions?.code ?? 'ok' };
  } catch (error) {
    return { at, ms: Date.now() - at, status: 0, code: (error as Error).name };
  }
}

const health = () => healthz(base);

it('answers 503 and DATABASE_UNAVAILABLE instead of hanging while Neo4j is down, restarts it, and serves again', async () => {
  const answers: Answer[] = [];
  let running = true;
  const clients = Array.from({ length: 8 }, async () => {
    while (running) {
      answers.push(await ask());
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  const pid = embedded.pid;
  process.kill(pid, 'SIGKILL');
  const killedAt = Date.now();

  // Down: /healthz says so, every time it is asked, from its own check (an answer, never a hang).
  const healthWhileDown: Health[] = [];
  for (let k = 0; k < 100; k++) {
    const h = await health();
    healthWhileDown.push(h);
    if (h.status === 503) break;
  }
  expect(healthWhileDown.at(-1)).toMatchObject({
    status: 503,
    body: { status: 'unavailable', database: { reachable: false } },
  });
  for (const h of healthWhileDown) expect([200, 503]).toContain(h.status);

  // Back: the same API (not restarted) answers again once the launcher restarted Neo4j under a new pid.
  let recoveredAt = 0;
  while (Date.now() - killedAt < 300_000) {
    const h = await health();
    expect([200, 503]).toContain(h.status);
    if (h.status === 200) {
      recoveredAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  expect(recoveredAt).toBeGreaterThan(0);
  expect(embedded.pid).not.toBe(pid);
  // Let every client finish a few requests against the restarted database.
  await new Promise((r) => setTimeout(r, 6000));
  running = false;
  await Promise.all(clients);

  const down = answers.filter((a) => a.at > killedAt + 500 && a.at + a.ms < recoveredAt - 500);
  expect(down.length).toBeGreaterThan(0);
  for (const a of down) {
    expect(a.status).toBe(503);
    expect(a.code).toBe('DATABASE_UNAVAILABLE');
  }
  const after = answers.filter((a) => a.at > recoveredAt + 500);
  expect(after.length).toBeGreaterThan(0);
  for (const a of after) expect(a).toMatchObject({ status: 200, code: 'ok' });
  expect(answers.filter((a) => a.status === 0)).toEqual([]);
});
