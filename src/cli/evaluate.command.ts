// `ringscope evaluate --truth rings.csv`: how well the current run's rings match a generated dataset's ground truth.
import fs from 'node:fs';
import path from 'node:path';
import { Config } from '../config';
import { openDatabase } from '../db/database';
import { rows } from '../db/values';
import { EvaluatedRing, evaluate, evaluationTable } from '../detection/evaluate';

export async function evaluateCommand(config: Config, opts: { truth: string; negatives?: string }): Promise<number> {
  for (const file of [opts.truth, opts.negatives].filter((f): f is string => !!f))
    if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const besideTruth = path.join(path.dirname(opts.truth), 'negatives.csv');
  const negatives = opts.negatives ?? (fs.existsSync(besideTruth) ? besideTruth : undefined);
  const db = await openDatabase(config);
  try {
    const stored = rows<{ signals: EvaluatedRing['signals']; members: EvaluatedRing['members'] }>(
      await db.read('rings/current-members'),
    );
    if (stored.length === 0) {
      process.stderr.write('No rings stored: run `ringscope detect` first.\n');
      return 1;
    }
    const rings: EvaluatedRing[] = stored.map((r) => ({
      signals: r.signals,
      members: r.members,
    }));
    process.stdout.write(`${evaluationTable(evaluate(rings, opts.truth, negatives))}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
