// `ringscope detect`: runs every detector over the whole graph and stores the rings as the current run.
import { Config } from '../config';
import { openDatabase } from '../db/database';
import { ringsByKind, runDetection } from '../detection/run';

/** `--set cashback.minPayees=4` style overrides, grouped by detector name. */
export function parseOverrides(pairs: string[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const pair of pairs) {
    const m = /^([\w-]+)\.(\w+)=(.+)$/.exec(pair);
    if (!m) throw new Error(`--set expects detector.parameter=value, got "${pair}"`);
    const value = Number(m[3]);
    (out[m[1]] ??= {})[m[2]] = Number.isFinite(value) ? value : m[3];
  }
  return out;
}

export async function detectCommand(config: Config, opts: { set?: string[] }): Promise<number> {
  const overrides = parseOverrides(opts.set ?? []);
  const db = await openDatabase(config);
  try {
    const { run, rings, timings } = await runDetection(db, overrides);
    const seconds = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
    process.stdout.write(`Detection run ${run.id}: ${run.rings} rings in ${seconds.toFixed(1)} s\n`);
    for (const [kind, n] of Object.entries(ringsByKind(rings))) process.stdout.write(`  ${kind.padEnd(22)} ${n}\n`);
    process.stdout.write(
      `  timings (s): ${Object.entries(timings)
        .map(([k, v]) => `${k} ${v.toFixed(1)}`)
        .join(', ')}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}
