// PROFILEs one statement of cypher/ against the database of RINGSCOPE_HOME (or NEO4J_URI) and prints the
// operator tree with rows, db hits and time, inside a transaction that is rolled back (nothing is written).
//
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/... node dist/bench/profile-cypher.js STATEMENT [options]
//   STATEMENT               a name under cypher/, e.g. rings/list or ingest/orders
//   --params JSON           the statement's parameters (JSON; {"a": 1})
//   --int a,b               send these top-level parameters as Cypher integers (JSON numbers arrive as floats)
//   --csv FILE              ingest statements: a batch of rows of FILE parsed as the loader does (its spec is
//                           picked by the file name), passed as $rows and $columns like src/ingest/loader.ts
//   --skip N --rows N       which rows of FILE (default: the first 5000)
//   --suffix S              append S to the rows' own ids (id; deviceId of account_devices), so that a batch of an
//                           already loaded file takes the first-load path (new nodes) instead of the reload path
//   --repeat N              run N times in separate transactions and print the time of each (plan cache warm
//                           after the first); the profile printed is the last one
//   --explain               EXPLAIN instead of PROFILE (nothing runs)
//   --file PATH             profile the statement in PATH instead (a candidate rewrite); STATEMENT is then only a label
import fs from 'node:fs';
import path from 'node:path';
import neo4j, { ResultSummary } from 'neo4j-driver';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { cypher } from '../src/db/cypher';
import { FILES, ParsedRow, propertyColumns } from '../src/ingest/formats';
import { parseRow } from '../src/ingest/loader';
import { readCsv } from '../src/ingest/reader';

interface Args {
  statement: string;
  params: Record<string, unknown>;
  csv?: string;
  skip: number;
  rows: number;
  repeat: number;
  explain: boolean;
  file?: string;
  suffix?: string;
  ints: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { statement: '', params: {}, skip: 0, rows: 5000, repeat: 1, explain: false, ints: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--params') args.params = JSON.parse(argv[++i]) as Record<string, unknown>;
    else if (a === '--csv') args.csv = argv[++i];
    else if (a === '--skip') args.skip = Number(argv[++i]);
    else if (a === '--rows') args.rows = Number(argv[++i]);
    else if (a === '--repeat') args.repeat = Number(argv[++i]);
    else if (a === '--explain') args.explain = true;
    else if (a === '--file') args.file = argv[++i];
    else if (a === '--suffix') args.suffix = argv[++i];
    else if (a === '--int') args.ints = argv[++i].split(',');
    else args.statement = a;
  }
  if (!args.statement)
    throw new Error('usage: node dist/bench/profile-cypher.js STATEMENT [--params JSON] [--csv FILE]');
  return args;
}

/** The parameters the loader's writeBatch would send for rows skip..skip+count of a CSV file. */
async function csvBatch(file: string, skip: number, count: number, suffix = ''): Promise<Record<string, unknown>> {
  const base = path.basename(file).replace(/\.csv$/, '');
  const spec = FILES.find((s) => s.name === base);
  if (!spec) throw new Error(`${file}: not a file of the load format`);
  const columns = new Map(spec.columns.map((c) => [c.name, c]));
  const rows: ParsedRow[] = [];
  let seen = 0;
  for await (const item of readCsv(file, { bytes: 0 })) {
    if (!('record' in item)) continue;
    if (seen++ < skip) continue;
    const parsed = parseRow(spec, columns, item.record.line, item.record.fields);
    if ('problems' in parsed) continue;
    if (suffix)
      for (const key of ['id', 'deviceId'])
        if (typeof parsed.refs[key] === 'string') parsed.refs[key] = `${parsed.refs[key]}${suffix}`;
    rows.push(parsed);
    if (rows.length >= count) break;
  }
  return {
    rows: rows.map((r) => ({ line: r.line, props: r.props, ...r.refs })),
    columns: propertyColumns(spec),
  };
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number((v as { toNumber?: () => number })?.toNumber?.() ?? v ?? 0);
}

interface PlanNode {
  operatorType: string;
  arguments: Record<string, unknown>;
  dbHits?: number;
  rows?: number;
  time?: number;
  pageCacheHits?: number;
  pageCacheMisses?: number;
  children: PlanNode[];
}

function printPlan(plan: PlanNode, depth = 0): { dbHits: number; time: number } {
  const details = String(plan.arguments.Details ?? '').replace(/\s+/g, ' ');
  const rows = num(plan.arguments.EstimatedRows);
  const line =
    `${'  '.repeat(depth)}${plan.operatorType.replace(/@\w+$/, '')}` +
    (plan.rows !== undefined ? `  rows ${num(plan.rows)}` : `  est ${rows.toFixed(0)}`) +
    (plan.dbHits !== undefined ? `  dbHits ${num(plan.dbHits)}` : '') +
    (plan.time ? `  ${(num(plan.time) / 1e6).toFixed(1)} ms` : '') +
    (details ? `  | ${details.slice(0, 160)}` : '');
  process.stdout.write(line + '\n');
  let dbHits = num(plan.dbHits);
  let time = num(plan.time);
  for (const c of plan.children) {
    const sub = printPlan(c, depth + 1);
    dbHits += sub.dbHits;
    time += sub.time;
  }
  return { dbHits, time };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const params = args.csv
    ? { ...(await csvBatch(args.csv, args.skip, args.rows, args.suffix)), ...args.params }
    : args.params;
  for (const name of args.ints) params[name] = neo4j.int(Number(params[name]));
  const db = await openDatabase(loadConfig({ ...process.env, RINGSCOPE_QUERY_TIMEOUT_MS: '3600000' }));
  const statement = args.file
    ? fs
        .readFileSync(args.file, 'utf8')
        .split('\n')
        .filter((l) => !l.trim().startsWith('//'))
        .join('\n')
        .trim()
    : cypher(args.statement);
  const text = `${args.explain ? 'EXPLAIN' : 'PROFILE'} ${statement}`;
  try {
    let summary: ResultSummary | undefined;
    let records = 0;
    for (let i = 0; i < args.repeat; i++) {
      const session = db.session('WRITE');
      const tx = session.beginTransaction({ timeout: db.queryTimeoutMs });
      const started = process.hrtime.bigint();
      try {
        const result = await tx.run(text, params);
        records = result.records.length;
        summary = result.summary;
      } finally {
        await tx.rollback();
        await session.close();
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      process.stdout.write(`run ${i + 1}: ${ms.toFixed(1)} ms client-side, ${records} records\n`);
    }
    const plan = (summary!.profile || summary!.plan) as unknown as PlanNode | false;
    if (!plan) throw new Error('no plan returned');
    const args0 = plan.arguments;
    process.stdout.write(
      `\n${args.statement}: runtime ${String(args0.runtime ?? '?')}, planner ${String(args0.planner ?? '?')}, ` +
        `version ${String(args0.version ?? '?')}\n`,
    );
    const totals = printPlan(plan);
    if (!args.explain)
      process.stdout.write(
        `\ntotal db hits ${totals.dbHits}; server time (sum of operators, ms) ${(totals.time / 1e6).toFixed(1)}; ` +
          `result available after ${num(summary!.resultAvailableAfter)} ms, consumed after ${num(summary!.resultConsumedAfter)} ms\n`,
      );
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
