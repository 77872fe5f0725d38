// Times a full detection run against the database of RINGSCOPE_HOME (or NEO4J_URI) without storing it: each
// detector alone, one after another (its own cost), then all nine side by side as `ringscope detect` runs them,
// with the time and count of every cypher/ statement. Optionally writes the rings in a canonical form, so that two
// builds can be compared ring for ring (`cmp` the two files).
//
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/... node dist/bench/detect-timing.js [options]
//   --mode alone|together|both   default both
//   --only a,b                   alone mode: just these detectors (by name)
//   --dump FILE                  write the together run's rings (sorted, members sorted) as JSON lines
import fs from 'node:fs';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
import { detectAll } from '../src/detection/detect-all';
import { detectors } from '../src/detection/registry';
import { DetectedRing } from '../src/detection/types';

interface Args {
  mode: 'alone' | 'together' | 'both';
  only?: string[];
  dump?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { mode: 'both' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--mode') args.mode = argv[++i] as Args['mode'];
    else if (argv[i] === '--only') args.only = argv[++i].split(',');
    else if (argv[i] === '--dump') args.dump = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

/** Per statement: how many times it ran and the seconds from send to the last record, summed. */
type StatementTimes = Map<string, { n: number; seconds: number }>;

/** The same database, with every read timed by statement name (the reads may overlap, so the sums can too). */
function timed(db: Database, times: StatementTimes): Database {
  const wrap = (inner: Database): Database => ({
    ...inner,
    withTimeout: (ms) => wrap(inner.withTimeout(ms)),
    withDeadline: (at) => wrap(inner.withDeadline(at)),
    async read(statement, params) {
      const t = process.hrtime.bigint();
      try {
        return await inner.read(statement, params);
      } finally {
        const entry = times.get(statement) ?? { n: 0, seconds: 0 };
        entry.n++;
        entry.seconds += Number(process.hrtime.bigint() - t) / 1e9;
        times.set(statement, entry);
      }
    },
  });
  return wrap(db);
}

function printTimes(times: StatementTimes): void {
  const sorted = [...times].sort((a, b) => b[1].seconds - a[1].seconds);
  for (const [name, { n, seconds }] of sorted)
    process.stdout.write(`    ${name.padEnd(44)} ${String(n).padStart(6)} x ${seconds.toFixed(2).padStart(8)} s\n`);
}

/** A ring as text that does not depend on the order the detectors or the database returned things in. */
function canonical(ring: DetectedRing): string {
  const members = [...ring.members].sort((a, b) => a.accountId.localeCompare(b.accountId));
  return JSON.stringify({ ...ring, members });
}

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of the database's JVM and of this process: on a shared machine they vary far less than wall time. */
function cpuNow(db: Database): { jvm: number; node: number } {
  const usage = process.cpuUsage();
  return { jvm: db.embedded ? cpuSeconds(db.embedded.pid) : NaN, node: (usage.user + usage.system) / 1e6 };
}

function cpuSince(db: Database, before: { jvm: number; node: number }): string {
  const now = cpuNow(db);
  return `cpu: jvm ${(now.jvm - before.jvm).toFixed(1)} s, node ${(now.node - before.node).toFixed(1)} s`;
}

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = await openDatabase(loadConfig());
  const db = base.withTimeout(base.detectionTimeoutMs);
  try {
    if (args.mode !== 'together') {
      process.stdout.write(`alone (one after another), load ${loadavg()}\n`);
      for (const detector of detectors) {
        if (args.only && !args.only.includes(detector.name)) continue;
        const times: StatementTimes = new Map();
        const t = Date.now();
        const cpu = cpuNow(base);
        const rings = await detector.detect(timed(db, times), { ...detector.defaults });
        const s = (Date.now() - t) / 1000;
        process.stdout.write(
          `  ${detector.name.padEnd(22)} ${s.toFixed(1).padStart(7)} s  ${rings.length} rings  ${cpuSince(base, cpu)}\n`,
        );
        printTimes(times);
      }
    }
    if (args.mode !== 'alone') {
      process.stdout.write(`together (as ringscope detect), load ${loadavg()}\n`);
      const times: StatementTimes = new Map();
      const cpu = cpuNow(base);
      const { rings, timings } = await detectAll(timed(db, times));
      process.stdout.write(`  ${cpuSince(base, cpu)}\n`);
      for (const [name, s] of Object.entries(timings))
        process.stdout.write(`  ${name.padEnd(22)} ${s.toFixed(1).padStart(7)} s\n`);
      process.stdout.write(`  ${rings.length} rings; statements:\n`);
      printTimes(times);
      process.stdout.write(`load after ${loadavg()}\n`);
      if (args.dump) fs.writeFileSync(args.dump, rings.map(canonical).sort().join('\n') + '\n');
    }
  } finally {
    await base.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
