// YelpChi (reviews only): load the development half into a fresh store, run every detector, report flagged accounts
// and the lift against Yelp's filter labels (the filtered share among flagged accounts ÷ the share among all).
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/burst-yelp node dist/bench/yelpchi.js [--data DIR] [--labels FILE]
//        [--skip-load] [--set detector.param=value ...] [--sweep detector.param=v1,v2,...]
import os from 'node:os';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { detectAll } from '../src/detection/detect-all';
import { csvRecords } from '../src/detection/evaluate';
import { DetectedRing } from '../src/detection/types';
import { loadDataset } from '../src/ingest/loader';
import { parseOverrides } from '../src/cli/detect.command';

const DEV = '/work/shared/data/yelpchi-dev';

interface Args {
  data: string;
  labels: string;
  skipLoad: boolean;
  sets: string[];
  sweep: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    data: `${DEV}/data`,
    labels: `${DEV}/labels/labels.csv`,
    skipLoad: false,
    sets: [],
    sweep: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data') args.data = argv[++i];
    else if (a === '--labels') args.labels = argv[++i];
    else if (a === '--skip-load') args.skipLoad = true;
    else if (a === '--set') args.sets.push(argv[++i] ?? '');
    else if (a === '--sweep') args.sweep = argv[++i] ?? null;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

interface Figure {
  flagged: number;
  filtered: number;
  share: number;
  lift: number;
}

function figureOf(accounts: Set<string>, filteredAccounts: Set<string>, baseShare: number): Figure {
  const filtered = [...accounts].filter((a) => filteredAccounts.has(a)).length;
  const share = accounts.size ? filtered / accounts.size : 0;
  return { flagged: accounts.size, filtered, share, lift: baseShare ? share / baseShare : 0 };
}

const row = (label: string, f: Figure): string =>
  `| ${label} | ${f.flagged} | ${f.filtered} | ${(f.share * 100).toFixed(1)}% | ${f.lift.toFixed(2)} |`;

/** The figure per signal kind (a COMBINED ring's members count under each of their signals) and in total. */
function report(rings: DetectedRing[], filteredAccounts: Set<string>, baseShare: number): string[] {
  const byKind = new Map<string, Set<string>>();
  const all = new Set<string>();
  for (const ring of rings)
    for (const m of ring.members) {
      all.add(m.accountId);
      for (const s of m.signals ?? ring.signals) (byKind.get(s) ?? byKind.set(s, new Set()).get(s)!).add(m.accountId);
    }
  const lines = [
    '| detector kind | flagged accounts | filtered | filtered share | lift |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const [kind, accounts] of [...byKind.entries()].sort())
    lines.push(row(kind, figureOf(accounts, filteredAccounts, baseShare)));
  lines.push(row('**all**', figureOf(all, filteredAccounts, baseShare)));
  return lines;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const labels = csvRecords(args.labels);
  const filteredAccounts = new Set(labels.filter((r) => r.filtered === '1').map((r) => r.account_id));
  const allAccounts = new Set(labels.map((r) => r.account_id));
  const baseShare = filteredAccounts.size / allAccounts.size;
  const db = await openDatabase(loadConfig({ ...process.env, RINGSCOPE_QUERY_TIMEOUT_MS: '3600000' }));
  const out = process.stdout;
  try {
    if (!args.skipLoad) {
      const t = Date.now();
      const summary = await loadDataset(db, { folder: args.data, batchSize: 5000 });
      out.write(`loaded ${args.data} in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(summary)}\n\n`);
    }
    out.write(
      `base: ${filteredAccounts.size} of ${allAccounts.size} accounts have a filtered review (${(baseShare * 100).toFixed(1)}%)\n\n`,
    );
    const settings: string[][] = [];
    if (args.sweep) {
      const [key, values] = args.sweep.split('=');
      for (const v of values.split(';')) settings.push([...args.sets, `${key}=${v}`]);
    } else settings.push(args.sets);
    for (const sets of settings) {
      const t = Date.now();
      const { rings, timings } = await detectAll(db, parseOverrides(sets));
      out.write(`### ${sets.length ? sets.join(' ') : 'defaults'}\n\n`);
      out.write(report(rings, filteredAccounts, baseShare).join('\n') + '\n\n');
      out.write(
        `${rings.length} rings; detectAll ${((Date.now() - t) / 1000).toFixed(1)} s (${Object.entries(timings)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')})\n\n`,
      );
    }
    out.write(
      `machine: ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}\n`,
    );
  } finally {
    await db.close();
  }
}

if (require.main === module)
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
