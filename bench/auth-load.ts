// Concurrent clients with mixed roles against a served API, with keys and audit on and off side by side.
//
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/... node dist/bench/auth-load.js [options]
//   --clients N     concurrent clients (default 32), cycling through viewer, investigator and admin keys
//   --seconds S     length of each timed round (default 30)
//   --rounds R      rounds per mode, alternating auth on / auth off (default 2)
//   --json FILE     also write the figures as JSON
// Needs a loaded database with a current detection run. Creates three keys (bench-viewer, bench-investigator,
// bench-admin) if missing; each mode gets its own Express app on a local port over the same database.
import fs from 'node:fs';
import os from 'node:os';
import { AddressInfo } from 'node:net';
import { createKey, listKeys, revokeKey } from '../src/auth/keys';
import { Role } from '../src/auth/roles';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
import { rows } from '../src/db/values';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { createApp } from '../src/server/app';

interface Args {
  clients: number;
  seconds: number;
  rounds: number;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { clients: 32, seconds: 30, rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--clients') args.clients = Number(argv[++i]);
    else if (a === '--seconds') args.seconds = Number(argv[++i]);
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a === '--json') args.json = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return args;
}

interface Sample {
  ms: number;
  ok: boolean;
  op: string;
  code?: string;
}

/** What each role asks, in turn: the questions its users would. */
function workload(ids: { rings: string[]; accounts: string[] }) {
  const pick = (xs: string[], i: number) => xs[i % xs.length];
  const viewer = [
    () => ['RingList', '{ rings(first: 20) { totalCount edges { node { id kind score size explanation } } } }', {}],
    (i: number) => [
      'RingMembers',
      'query($id: ID!) { ring(id: $id) { id members(first: 10) { account { id } score evidence } } }',
      { id: pick(ids.rings, i) },
    ],
    (i: number) => [
      'RingGraph',
      'query($id: ID!) { ring(id: $id) { graph(limit: 100) { nodes { id } edges { id } } } }',
      { id: pick(ids.rings, i) },
    ],
    () => ['Stats', '{ stats { accounts rings } }', {}],
  ];
  const investigator = [
    (i: number) => [
      'Account',
      'query($id: ID!) { account(id: $id) { id phoneHash region orders(first: 10) { totalCount edges { node { id amount } } } rings { totalCount } } }',
      { id: pick(ids.accounts, i) },
    ],
    (i: number) => [
      'Network',
      'query($id: ID!) { accountNetwork(id: $id, depth: 2, limit: 200) { nodes { id } edges { id } } }',
      { id: pick(ids.accounts, i) },
    ],
    ...viewer,
  ];
  const admin = [
    () => ['AuditLog', '{ auditLog(first: 20) { edges { node { at keyName operation outcome } } } }', {}],
    ...investigator,
  ];
  return { viewer, investigator, admin } as Record<Role, ((i: number) => unknown[])[]>;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function round(
  db: Database,
  auth: boolean,
  tokens: Record<Role, string>,
  ids: { rings: string[]; accounts: string[] },
  args: Args,
): Promise<Sample[]> {
  const { httpServer, apollo } = await createApp(db, await buildRingscopeSchema(), {
    auth: { mode: auth ? 'required' : 'off', perMinute: 10_000_000 },
    requestDeadlineMs: 15000,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  const plan = workload(ids);
  const roles: Role[] = ['viewer', 'investigator', 'admin'];
  const samples: Sample[] = [];
  const until = Date.now() + args.seconds * 1000;
  await Promise.all(
    Array.from({ length: args.clients }, async (_, c) => {
      const role = roles[c % roles.length];
      // Without auth there is no audit trail to read: admins ask what investigators ask.
      const asks = auth ? plan[role] : plan[role].filter((_f, k) => role !== 'admin' || k > 0);
      for (let i = c; Date.now() < until; i++) {
        const [op, query, variables] = asks[i % asks.length](i) as [string, string, object];
        const started = performance.now();
        try {
          const response = await fetch(base, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
            body: JSON.stringify({ query, variables }),
          });
          const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
          const ok = response.status === 200 && !body.errors;
          samples.push({ ms: performance.now() - started, ok, op, code: body.errors?.[0]?.extensions?.code });
        } catch (error) {
          samples.push({ ms: performance.now() - started, ok: false, op, code: (error as Error).name });
        }
      }
    }),
  );
  await apollo.stop();
  return samples;
}

function summary(samples: Sample[], seconds: number) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => !s.ok);
  return {
    requests: samples.length,
    perSecond: Math.round(samples.length / seconds),
    errors: errors.length,
    errorCodes: [...new Set(errors.map((e) => `${e.op}:${e.code}`))],
    p50: Math.round(quantile(ms, 0.5) * 10) / 10,
    p95: Math.round(quantile(ms, 0.95) * 10) / 10,
    p99: Math.round(quantile(ms, 0.99) * 10) / 10,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const db = await openDatabase(loadConfig());
  try {
    const tokens = {} as Record<Role, string>;
    const existing = new Set((await listKeys(db)).filter((k) => !k.revokedAt).map((k) => k.name));
    for (const role of ['viewer', 'investigator', 'admin'] as Role[]) {
      // Tokens are shown once: a bench key left from an earlier run is replaced.
      if (existing.has(`bench-${role}`)) await revokeKey(db, `bench-${role}`);
      const name = `bench-${role}-${Date.now()}`;
      tokens[role] = (await createKey(db, name, role)).token;
    }
    const rings = rows<{ id: string; accounts: string[] }>(await db.read('bench/ring-sample'));
    const ids = { rings: rings.map((r) => r.id), accounts: rings.flatMap((r) => r.accounts) };
    const by: Record<'on' | 'off', Sample[]> = { on: [], off: [] };
    for (let r = 0; r < args.rounds; r++)
      for (const mode of ['on', 'off'] as const) {
        const samples = await round(db, mode === 'on', tokens, ids, args);
        by[mode].push(...samples);
        process.stderr.write(`round ${r + 1} auth ${mode}: ${JSON.stringify(summary(samples, args.seconds))}\n`);
      }
    const seconds = args.seconds * args.rounds;
    const on = summary(by.on, seconds);
    const off = summary(by.off, seconds);
    const result = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
      args,
      on,
      off,
      overhead: {
        p50: Math.round((on.p50 / off.p50) * 100) / 100,
        p95: Math.round((on.p95 / off.p95) * 100) / 100,
        throughput: Math.round((off.perSecond / on.perSecond) * 100) / 100,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (args.json) fs.writeFileSync(args.json, JSON.stringify(result, null, 2));
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
