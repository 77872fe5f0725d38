// Runs detectAll on the loaded database and scores it against a generated dataset's rings.csv and negatives.csv.
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=... node dist/bench/evaluate.js <dataset-dir> [--scoped N] [--misses] [--set detector.param=value ...]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { detectAll } from '../src/detection/detect-all';
import { csvRecords, evaluate, evaluationTable, TRUTH_KINDS } from '../src/detection/evaluate';
import { DetectedRing } from '../src/detection/types';
import { parseOverrides } from '../src/cli/detect.command';

interface Args {
  dataset: string;
  scoped: number;
  misses: boolean;
  overrides: Record<string, Record<string, unknown>>;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { dataset: '', scoped: 10, misses: false, overrides: {} };
  const sets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scoped') args.scoped = Number(argv[++i]);
    else if (a === '--misses') args.misses = true;
    else if (a === '--set') sets.push(argv[++i] ?? '');
    else args.dataset = a;
  }
  // Parsed as `ringscope detect --set` parses them.
  args.overrides = parseOverrides(sets);
  if (!args.dataset)
    throw new Error('usage: node dist/bench/evaluate.js <dataset-dir> [--scoped N] [--misses] [--set d.p=v]');
  return args;
}

/** Flagged accounts outside the truth of their kind, and truth accounts nobody flagged: where to look next. */
function printMisses(rings: DetectedRing[], truthFile: string, negativesFile?: string): void {
  const truth = csvRecords(truthFile);
  const negatives = negativesFile ? csvRecords(negativesFile) : [];
  const truthKind = new Map<string, string>();
  for (const r of truth) truthKind.set(`${r.account_id}|${r.kind}`, r.ring_id);
  const negOf = new Map(negatives.map((r) => [r.account_id, `${r.kind}:${r.group_id}`]));
  const anyTruth = new Map(truth.map((r) => [r.account_id, `${r.kind}:${r.ring_id}`]));
  for (const [kind, signal] of Object.entries(TRUTH_KINDS)) {
    const fp = new Map<string, string[]>();
    const caught = (ring: (typeof rings)[number], m: (typeof rings)[number]['members'][number]) =>
      (m.signals ?? ring.signals).includes(signal);
    for (const ring of rings)
      for (const m of ring.members)
        if (caught(ring, m) && !truthKind.has(`${m.accountId}|${kind}`))
          (
            fp.get(ring.explanation.slice(0, 90)) ??
            fp.set(ring.explanation.slice(0, 90), []).get(ring.explanation.slice(0, 90))!
          ).push(`${m.accountId}(${anyTruth.get(m.accountId) ?? negOf.get(m.accountId) ?? 'normal'},${m.role})`);
    const flagged = new Set(rings.flatMap((r) => r.members.filter((m) => caught(r, m)).map((m) => m.accountId)));
    const fnByRing = new Map<string, string[]>();
    for (const r of truth.filter((x) => x.kind === kind && !flagged.has(x.account_id)))
      (fnByRing.get(r.ring_id) ?? fnByRing.set(r.ring_id, []).get(r.ring_id)!).push(r.account_id);
    process.stdout.write(
      `\n## ${kind}: false positives in ${fp.size} rings, misses in ${fnByRing.size} planted rings\n`,
    );
    for (const [ring, ms] of [...fp.entries()].slice(0, 8))
      process.stdout.write(`FP ${ring}…: ${ms.slice(0, 8).join(' ')}\n`);
    for (const [ring, ms] of [...fnByRing.entries()].slice(0, 8))
      process.stdout.write(
        `FN ${ring} (${truth.filter((x) => x.ring_id === ring).length} planted): ${ms.slice(0, 10).join(' ')}\n`,
      );
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const truthFile = path.join(args.dataset, 'rings.csv');
  const negativesFile = path.join(args.dataset, 'negatives.csv');
  const db = await openDatabase(loadConfig({ ...process.env, RINGSCOPE_QUERY_TIMEOUT_MS: '3600000' }));
  try {
    const { rings, timings, parameters } = await detectAll(db, args.overrides);
    const result = evaluate(rings, truthFile, fs.existsSync(negativesFile) ? negativesFile : undefined);
    const out = process.stdout;
    out.write(`# ${args.dataset}: ${rings.length} rings, ${result.flaggedAccounts} accounts flagged\n\n`);
    out.write(evaluationTable(result) + '\n\n');
    const byKind: Record<string, number> = {};
    for (const r of rings) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    out.write(`rings by kind: ${JSON.stringify(byKind)}\n`);
    out.write(
      `detectAll seconds: ${Object.entries(timings)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}\n`,
    );
    out.write(`parameters: ${JSON.stringify(parameters)}\n`);
    out.write(
      `machine: ${os.cpus().length} cpus, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}\n`,
    );

    if (args.scoped > 0) {
      // On-demand queries around planted ring members: the investigator's "rings around this account".
      const truth = csvRecords(truthFile);
      const picks = [...new Map(truth.map((r) => [r.ring_id, r.account_id])).values()].slice(0, args.scoped);
      const seconds: number[] = [];
      for (const accountId of picks) {
        const t = Date.now();
        await detectAll(db, args.overrides, { accountId });
        seconds.push((Date.now() - t) / 1000);
      }
      seconds.sort((a, b) => a - b);
      if (seconds.length)
        out.write(
          `scoped detectAll around ${seconds.length} ring accounts: median ${seconds[Math.floor(seconds.length / 2)].toFixed(3)} s, max ${seconds[seconds.length - 1].toFixed(3)} s\n`,
        );
    }
    if (args.misses) printMisses(rings, truthFile, fs.existsSync(negativesFile) ? negativesFile : undefined);
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
