// How long in-process detection holds the event loop: each on-demand detector at its widest bounds around the demo's
// busiest shop, product and account (as one request would run it, with the request deadline), and a full run, each
// with the longest single block (a 5 ms timer's lateness, and the CPU this process used in it, which a busy machine
// does not inflate) and perf_hooks' event-loop delay histogram. Writes the
// rings too, so two builds can be compared ring for ring (`cmp` the two files).
//
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/... node dist/bench/event-loop-block.js [--dump FILE] [--full]
//   (loads and detects the demo into an empty store first, as `serve --demo` does)
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { prepareDemo } from '../src/cli/demo';
import { detectAll } from '../src/detection/detect-all';
import { detectors } from '../src/detection/registry';
import { DetectedRing, Scope } from '../src/detection/types';

/** The widest parameters the bounds allow, as tests/demo.test.ts asks for them. */
const WIDEST: Record<string, Record<string, number>> = {
  'shared-device': { minScore: 0 },
  cashback: {
    maxLagHours: 2160,
    maxCommission: 10000,
    maxCommissionRate: 10,
    minPayees: 1,
    maxFundingHops: 6,
    fundingLeadHours: 2160,
    minScore: 0,
  },
  'coordinated-purchase': {
    maxWindowHours: 2160,
    minGroupSize: 0,
    minProducts: 0,
    reviewWithinHours: 2160,
    minScore: 0,
  },
};

interface Blocks {
  /** Longest lateness of the 5 ms timer: what a client waits, including time the busy machine gave to others. */
  longestMs: number;
  /** Most CPU time this process used between two ticks of the timer: the block itself, however busy the machine. */
  longestCpuMs: number;
  p99Ms: number;
  seconds: number;
}

/** Runs `work` while a 5 ms timer notes how late it fires: the longest lateness is the longest block. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; blocks: Blocks }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  let longest = 0;
  let longestCpu = 0;
  let last = performance.now();
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let lastCpu = cpuNow();
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = cpuNow();
    longest = Math.max(longest, now - last - 5);
    longestCpu = Math.max(longestCpu, cpu - lastCpu);
    last = now;
    lastCpu = cpu;
  }, 5);
  histogram.enable();
  const started = performance.now();
  try {
    const result = await work();
    return {
      result,
      blocks: {
        longestMs: Math.max(longest, performance.now() - last - 5),
        longestCpuMs: Math.max(longestCpu, cpuNow() - lastCpu),
        p99Ms: histogram.percentile(99) / 1e6,
        seconds: (performance.now() - started) / 1000,
      },
    };
  } finally {
    clearInterval(timer);
    histogram.disable();
  }
}

const canonical = (ring: DetectedRing): string =>
  JSON.stringify({ ...ring, members: [...ring.members].sort((a, b) => a.accountId.localeCompare(b.accountId)) });

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dump = argv.includes('--dump') ? argv[argv.indexOf('--dump') + 1] : undefined;
  const db = await openDatabase(loadConfig());
  const lines: string[] = [];
  try {
    await prepareDemo(db, 5000);
    const busiest = async (statement: string) => {
      const session = db.session('READ');
      try {
        return (await session.run(statement)).records[0].get('id') as string;
      } finally {
        await session.close();
      }
    };
    const scopes: [string, Scope][] = [
      [
        'busiest shop',
        {
          merchantId: await busiest(
            'MATCH (m:Merchant)<-[:SOLD_BY]-(:Product)<-[:OF]-(o:Order) WITH m, count(o) AS n RETURN m.id AS id ORDER BY n DESC, id LIMIT 1',
          ),
        },
      ],
      [
        'busiest product',
        {
          productId: await busiest(
            'MATCH (p:Product)<-[:OF]-(o:Order) WITH p, count(o) AS n RETURN p.id AS id ORDER BY n DESC, id LIMIT 1',
          ),
        },
      ],
      [
        'busiest account',
        {
          accountId: await busiest(
            'MATCH (a:Account)-[r]-() WITH a, count(r) AS n RETURN a.id AS id ORDER BY n DESC, id LIMIT 1',
          ),
        },
      ],
    ];
    process.stdout.write(
      'detector              scope             rings  seconds  longest block ms  of it CPU ms  p99 delay ms\n',
    );
    for (const [name, widest] of Object.entries(WIDEST)) {
      const detector = detectors.find((d) => d.name === name)!;
      for (const [label, scope] of scopes) {
        // As one request runs it: the request deadline (15 s) bounds its Cypher and its checkpoints.
        const handle = db.withDeadline(Date.now() + 15000);
        const { result, blocks } = await measure(() =>
          detector.detect(handle, { ...detector.defaults, ...widest }, scope).catch((e: Error) => e),
        );
        const rings = result instanceof Error ? `(${result.name})` : String(result.length);
        process.stdout.write(
          `${name.padEnd(22)}${label.padEnd(18)}${rings.padStart(5)}${blocks.seconds.toFixed(1).padStart(9)}${blocks.longestMs.toFixed(0).padStart(18)}${blocks.longestCpuMs.toFixed(0).padStart(14)}${blocks.p99Ms.toFixed(0).padStart(14)}\n`,
        );
        if (!(result instanceof Error)) lines.push(...result.map((r) => `${name} ${label} ${canonical(r)}`).sort());
      }
    }
    if (argv.includes('--full')) {
      const { result, blocks } = await measure(() => detectAll(db.withTimeout(db.detectionTimeoutMs)));
      process.stdout.write(
        `${'full run'.padEnd(40)}${String(result.rings.length).padStart(5)}${blocks.seconds.toFixed(1).padStart(9)}${blocks.longestMs.toFixed(0).padStart(18)}${blocks.longestCpuMs.toFixed(0).padStart(14)}${blocks.p99Ms.toFixed(0).padStart(14)}\n`,
      );
      lines.push(...result.rings.map((r) => `full ${canonical(r)}`).sort());
    }
    if (dump) fs.writeFileSync(dump, lines.join('\n') + '\n');
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
