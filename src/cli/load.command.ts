// `ringscope load <folder>`: runs the loader with progress, writes rejects.csv and summary.json, prints a summary.
import fs from 'node:fs';
import path from 'node:path';
import { Config } from '../config';
import { Database } from '../db/database';
import { datasetFiles, loadDataset, LoadSummary } from '../ingest/loader';
import { formatRejection, RejectsWriter } from '../ingest/rejects';
import { progressReporter } from './progress';

export async function loadCommand(
  config: Config,
  folder: string,
  opts: { dryRun?: boolean; batchSize?: number; reportDir?: string },
  open: () => Promise<Database>,
): Promise<number> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const reportDir = path.resolve(opts.reportDir ?? path.join(config.home, 'loads', stamp));
  // A missing folder or accounts file is reported before the database is started, not twenty seconds later.
  datasetFiles(folder);
  const rejects = new RejectsWriter(path.join(reportDir, 'rejects.csv'));
  const db = await open();
  const progress = progressReporter();
  let summary: LoadSummary;
  try {
    summary = await loadDataset(db, {
      folder,
      batchSize: opts.batchSize ?? config.batchSize,
      dryRun: opts.dryRun,
      rejects,
      onProgress: (e) => progress.update(e),
    });
  } finally {
    progress.stop();
    await rejects.close();
    await db.close();
  }
  fs.mkdirSync(reportDir, { recursive: true });
  fs.writeFileSync(path.join(reportDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  printSummary(summary, rejects, reportDir);
  return summary.rejected > 0 ? 2 : 0;
}

function printSummary(summary: LoadSummary, rejects: RejectsWriter, reportDir: string): void {
  const out = process.stdout;
  out.write(`${summary.dryRun ? 'Dry run of' : 'Loaded'} ${summary.folder} in ${summary.seconds.toFixed(1)} s\n`);
  out.write(
    `  ${'file'.padEnd(22)} ${'rows'.padStart(10)} ${(summary.dryRun ? 'valid' : 'stored').padStart(10)} ${'new'.padStart(10)} ${'rejected'.padStart(9)} ${'rows/s'.padStart(9)}\n`,
  );
  for (const f of summary.files) {
    const rate = Math.round(f.rows / Math.max(f.seconds, 0.001));
    out.write(
      `  ${f.file.padEnd(22)} ${String(f.rows).padStart(10)} ${String(f.stored).padStart(10)} ${(summary.dryRun ? '-' : String(f.created)).padStart(10)} ${String(f.rejected).padStart(9)} ${String(rate).padStart(9)}\n`,
    );
  }
  if (summary.ignored.length) out.write(`  not part of the load format, ignored: ${summary.ignored.join(', ')}\n`);
  if (summary.rejected > 0) {
    out.write(`\n${summary.rejected} row(s) rejected; all of them are in ${path.join(reportDir, 'rejects.csv')}\n`);
    for (const r of rejects.first) out.write(`  ${formatRejection(r)}\n`);
    if (rejects.count > rejects.first.length) out.write(`  ... and ${rejects.count - rejects.first.length} more\n`);
  }
  out.write(`summary: ${path.join(reportDir, 'summary.json')}\n`);
}
