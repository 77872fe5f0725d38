// Does /healthz keep answering while the heaviest allowed request runs? Serves the store of RINGSCOPE_HOME with one
// or more builds in turn (`ringscope serve` of each build, a child process), sends `runDetection` (auth off, loopback)
// and polls /healthz every 200 ms from this process until the mutation answers. The server's own event-loop delay
// during the run is read from its /metrics (prom-client's monitorEventLoopDelay, reset by a scrape just before).
// After each run the stored rings are read back through `rings` and written in a canonical form, so the builds can
// be compared ring for ring (`cmp` the files).
//
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/... node dist/bench/liveness.js \
//          --build before=/path/to/old/checkout --build after=. [--rounds N] [--out DIR] [--port P]
//   Each build needs its dist/ compiled. Extra server environment can be given as usual (e.g.
//   RINGSCOPE_REQUEST_DEADLINE_MS, which main's runDetection inherits).
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface Args {
  builds: [string, string][];
  rounds: number;
  out: string;
  port: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { builds: [], rounds: 1, out: '.', port: 4710 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--build') {
      const [name, dir] = argv[++i].split('=');
      args.builds.push([name, path.resolve(dir)]);
    } else if (argv[i] === '--rounds') args.rounds = Number(argv[++i]);
    else if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--port') args.port = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!args.builds.length) throw new Error('give at least one --build name=dir');
  return args;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function graphql(base: string, query: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** A metric's value from Prometheus text, e.g. ringscope_nodejs_eventloop_lag_max_seconds. */
function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function startServer(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(dir, 'bin/ringscope.js'), 'serve'], {
    env: { ...process.env, PORT: String(port), RINGSCOPE_AUTH: 'off', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    await sleep(500);
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {
      // not listening yet
    }
  }
  throw new Error('serve did not answer /healthz in 5 minutes');
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

interface Round {
  build: string;
  round: number;
  seconds: number;
  outcome: string;
  polls: number;
  failed: number;
  healthMaxMs: number;
  healthP95Ms: number;
  healthP99Ms: number;
  loopMaxMs: number;
  loopP99Ms: number;
}

async function oneRun(build: string, round: number, base: string): Promise<Round> {
  await fetch(`${base}/metrics`).then((r) => r.text()); // resets the server's loop-delay histogram
  const latencies: number[] = [];
  let failed = 0;
  let done = false;
  const pending: Promise<void>[] = [];
  const poller = (async () => {
    while (!done) {
      const t = performance.now();
      pending.push(
        fetch(`${base}/healthz`)
          .then(async (res) => {
            await res.text();
            if (!res.ok) failed++;
          })
          .catch(() => void failed++)
          .finally(() => void latencies.push(performance.now() - t)),
      );
      await sleep(200);
    }
  })();
  const started = performance.now();
  const answer = await graphql(
    base,
    'mutation { runDetection { seconds run { id ringCount } ringsByKind { kind count } } }',
  );
  const seconds = (performance.now() - started) / 1000;
  done = true;
  await poller;
  await Promise.all(pending);
  const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
  const sorted = [...latencies].sort((a, b) => a - b);
  const outcome = answer.errors
    ? `error: ${JSON.stringify(answer.errors).slice(0, 300)}`
    : `ok: ${JSON.stringify(answer.data)}`;
  return {
    build,
    round,
    seconds,
    outcome,
    polls: latencies.length,
    failed,
    healthMaxMs: sorted[sorted.length - 1],
    healthP95Ms: quantile(sorted, 0.95),
    healthP99Ms: quantile(sorted, 0.99),
    loopMaxMs: metric(metrics, 'ringscope_nodejs_eventloop_lag_max_seconds') * 1000,
    loopP99Ms: metric(metrics, 'ringscope_nodejs_eventloop_lag_p99_seconds') * 1000,
  };
}

/** Every stored ring of the current run, members sorted, one JSON line each, sorted. */
async function dumpRings(base: string): Promise<string> {
  const lines: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await graphql(
      base,
      `{ rings(first: 100${after ? `, after: ${JSON.stringify(after)}` : ''}) { pageInfo { hasNextPage endCursor }
          edges { node { id kind score size explanation members { account { id } role score signals evidence } } } } }`,
    );
    if (page.errors) throw new Error(JSON.stringify(page.errors));
    const rings = page.data!.rings as {
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: { members: { account: { id: string } }[] } }[];
    };
    for (const { node } of rings.edges) {
      node.members.sort((a, b) => a.account.id.localeCompare(b.account.id));
      lines.push(JSON.stringify(node));
    }
    if (!rings.pageInfo.hasNextPage) break;
    after = rings.pageInfo.endCursor;
  }
  return lines.sort().join('\n') + '\n';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(args.out, { recursive: true });
  const base = `http://127.0.0.1:${args.port}`;
  const results: Round[] = [];
  process.stdout.write(
    `nproc ${os.cpus().length}, memory ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg().map((l) => l.toFixed(2))}\n`,
  );
  // Builds alternate round by round, so a busier machine in one stretch falls on both.
  for (let round = 1; round <= args.rounds; round++) {
    for (const [build, dir] of args.builds) {
      const child = await startServer(dir, args.port);
      try {
        const result = await oneRun(build, round, base);
        results.push(result);
        process.stdout.write(`${JSON.stringify(result)}\n`);
        if (result.outcome.startsWith('ok'))
          fs.writeFileSync(path.join(args.out, `rings-${build}-${round}.jsonl`), await dumpRings(base));
      } finally {
        await stopServer(child);
      }
      process.stdout.write(`load ${os.loadavg().map((l) => l.toFixed(2))}\n`);
    }
  }
  process.stdout.write(
    '\nbuild   round  seconds  polls  failed  healthz max  p95  p99 ms  loop max  p99 ms  outcome\n',
  );
  for (const r of results)
    process.stdout.write(
      `${r.build.padEnd(8)}${String(r.round).padStart(5)}${r.seconds.toFixed(1).padStart(9)}${String(r.polls).padStart(7)}${String(r.failed).padStart(8)}${r.healthMaxMs.toFixed(0).padStart(13)}${r.healthP95Ms.toFixed(0).padStart(5)}${r.healthP99Ms.toFixed(0).padStart(8)}${r.loopMaxMs.toFixed(0).padStart(10)}${r.loopP99Ms.toFixed(0).padStart(8)}  ${r.outcome.slice(0, 60)}\n`,
    );
  fs.writeFileSync(path.join(args.out, 'liveness.json'), JSON.stringify(results, null, 2));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
