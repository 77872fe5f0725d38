// Losing the database, timed: the embedded Neo4j is killed (SIGKILL) under 8 clients while /healthz is polled every
// 100 ms. It records how long /healthz and the clients' requests took while the database was down (the issue's "503
// within a second", "fail fast with DATABASE_UNAVAILABLE"), how long the launcher took to bring Neo4j back, and when
// the same API (not restarted) served again. tests/db-loss.test.ts checks the same path without a stopwatch.
//
// Usage: npx tsc -p tsconfig.json && node dist/bench/db-loss.js [--folder DIR] [--rounds N] [--json FILE]
//   --folder DIR   the dataset loaded first (default tests/fixtures/tiny)
//   --rounds N     kills, one after the other on the same server (default 3)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { createKey } from '../src/auth/keys';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { startEmbedded } from '../src/db/embedded';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { loadDataset } from '../src/ingest/loader';
import { createApp } from '../src/server/app';
import { projectRoot } from '../src/util/project-root';

interface Args {
  folder: string;
  rounds: number;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { folder: path.join(projectRoot(), 'tests', 'fixtures', 'tiny'), rounds: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--folder') args.folder = path.resolve(argv[++i]);
    else if (argv[i] === '--rounds') args.rounds = Number(argv[++i]);
    else if (argv[i] === '--json') args.json = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

interface Answer {
  at: number;
  ms: number;
  status: number;
  code: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timed(url: string, init: RequestInit, code: (body: unknown) => string): Promise<Answer> {
  const at = Date.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
    const body: unknown = await response.json();
    return { at, ms: Date.now() - at, status: response.status, code: code(body) };
  } catch (error) {
    return { at, ms: Date.now() - at, status: 0, code: (error as Error).name };
  }
}

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-dbloss-bench-'));
  const embedded = await startEmbedded({ home, heap: '512m', pagecache: '64m', restartOnCrash: true });
  const db = await openDatabase(loadConfig({ ...process.env, NEO4J_URI: embedded.uri }));
  const rounds: Record<string, number | string>[] = [];
  try {
    await loadDataset(db, { folder: args.folder, batchSize: 5000 });
    const token = (await createKey(db, 'bench-viewer', 'viewer')).token;
    const { httpServer, apollo } = await createApp(db, await buildRingscopeSchema(), {});
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    const ask = () =>
      timed(
        `${base}/graphql`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: 'query Stats { stats { accounts } }' }),
        },
        (body) => (body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? 'ok',
      );
    const health = () => timed(`${base}/healthz`, {}, (body) => String((body as { status?: string }).status));
    try {
      for (let round = 1; round <= args.rounds; round++) {
        const answers: Answer[] = [];
        const polls: Answer[] = [];
        let running = true;
        const clients = Array.from({ length: 8 }, async () => {
          while (running) {
            answers.push(await ask());
            await sleep(20);
          }
        });
        const poller = (async () => {
          while (running) {
            polls.push(await health());
            await sleep(100);
          }
        })();
        await sleep(2000);
        const pid = embedded.pid;
        const killedAt = Date.now();
        process.kill(pid, 'SIGKILL');
        // Back when /healthz says ok again under a new pid.
        let recoveredAt = 0;
        while (Date.now() - killedAt < 300_000 && !recoveredAt) {
          await sleep(100);
          const last = polls.at(-1);
          if (last && last.at > killedAt && last.status === 200 && embedded.pid !== pid) recoveredAt = last.at;
        }
        await sleep(3000);
        running = false;
        await Promise.all([...clients, poller]);
        const healthDown = polls.filter((p) => p.at > killedAt && p.at < recoveredAt);
        const firstUnavailable = healthDown.find((p) => p.status === 503);
        const asksDown = answers.filter((a) => a.at > killedAt + 500 && a.at + a.ms < recoveredAt - 500);
        const after = answers.filter((a) => a.at > recoveredAt + 500);
        const row = {
          round,
          'first 503 after the kill, ms': firstUnavailable
            ? firstUnavailable.at + firstUnavailable.ms - killedAt
            : 'none',
          'healthz polls while down': healthDown.length,
          'of them 503': healthDown.filter((p) => p.status === 503).length,
          'healthz max ms while down': Math.round(Math.max(...healthDown.map((p) => p.ms))),
          'healthz p95 ms while down': Math.round(
            quantile(
              healthDown.map((p) => p.ms),
              0.95,
            ),
          ),
          'requests while down': asksDown.length,
          'of them DATABASE_UNAVAILABLE': asksDown.filter((a) => a.code === 'DATABASE_UNAVAILABLE').length,
          'request max ms while down': Math.round(Math.max(...asksDown.map((a) => a.ms))),
          'request p95 ms while down': Math.round(
            quantile(
              asksDown.map((a) => a.ms),
              0.95,
            ),
          ),
          'back after s': Math.round((recoveredAt - killedAt) / 100) / 10,
          'requests after, ok': `${after.filter((a) => a.code === 'ok').length} of ${after.length}`,
          'hung (30 s abort)':
            answers.filter((a) => a.status === 0).length + polls.filter((p) => p.status === 0).length,
        };
        rounds.push(row);
        process.stdout.write(`${JSON.stringify(row)}\n`);
      }
    } finally {
      await apollo.stop();
    }
  } finally {
    await db.close();
    await embedded.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
  const keys = Object.keys(rounds[0] ?? {});
  process.stdout.write(
    [
      `| ${keys.join(' | ')} |`,
      `| ${keys.map(() => '---:').join(' | ')} |`,
      ...rounds.map((r) => `| ${keys.map((k) => String(r[k])).join(' | ')} |`),
    ].join('\n') + '\n',
  );
  if (args.json) fs.writeFileSync(args.json, JSON.stringify(rounds, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
