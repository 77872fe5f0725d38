// `ringscope generate`: a synthetic dataset in the load format with planted rings and hard negatives.
import path from 'node:path';
import { generateDataset } from '../generate/generator';

export async function generateCommand(opts: {
  out: string;
  accounts: number;
  seed: number;
  format: string;
}): Promise<number> {
  if (opts.format !== 'csv' && opts.format !== 'ndjson')
    throw new Error(`--format must be csv or ndjson, not ${opts.format}`);
  const started = Date.now();
  const summary = await generateDataset({
    out: path.resolve(opts.out),
    accounts: opts.accounts,
    seed: opts.seed,
    format: opts.format,
  });
  const seconds = (Date.now() - started) / 1000;
  const rows = Object.values(summary.files).reduce((a: number, b: number) => a + b, 0);
  process.stdout.write(
    `Wrote ${rows} rows to ${path.resolve(opts.out)} in ${seconds.toFixed(1)} s (${summary.rings} planted rings)\n`,
  );
  for (const [file, n] of Object.entries(summary.files))
    process.stdout.write(`  ${file.padEnd(22)} ${String(n).padStart(10)}\n`);
  return 0;
}
