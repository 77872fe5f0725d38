// `ringscope load <folder>`: the bulk path (offline importer) into an empty embedded database, write transactions
// otherwise; writes rejects.csv and summary.json and prints a summary per file and per phase.
import fs from 'node:fs';
import path from 'node:path';
import { Config } from '../config';
import { Database } from '../db/database';
import { embeddedNeo4jHome, runningEmbeddedPid } from '../db/embedded';
import { rows } from '../db/values';
import { bulkLoad, BulkOptions } from '../ingest/bulk';
import { datasetFiles, loadDataset, LoadSummary } from '../ingest/loader';
import { ChangesWriter, formatChange, formatRejection, RejectsWriter } from '../ingest/rejects';
import { progressReporter } from './progress';

export interface LoadCommandOptions {
  dryRun?: boolean;
  batchSize?: number;
  reportDir?: string;
  /** Write transactions even into an empty embedded database. */
  transactional?: boolean;
  /** Apply rows whose id is stored with other content, listing each change in changes.csv (always transactional). */
  update?: boolean;
  /** For tests: see the importer process (to kill it). */
  onImportStarted?: BulkOptions['onImportStarted'];
}

export async function loadCommand(
  config: Config,
  folder: string,
  opts: LoadCommandOptions,
  open: () => Promise<Database>,
): Promise<number> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const reportDir = path.resolve(opts.reportDir ?? path.join(config.home, 'loads', stamp));
  // A missing folder or accounts file is reported before the database is started, not twenty seconds later.
  datasetFiles(folder);
  const rejects = new RejectsWriter(path.join(reportDir, 'rejects.csv'));
  const changes = new ChangesWriter(path.join(reportDir, 'changes.csv'));
  const progress = progressReporter();
  const batchSize = opts.batchSize ?? config.batchSize;
  let summary: LoadSummary;
  let db: Database | undefined;
  try {
    const choice = await choosePath(config, opts, open);
    db = choice.db;
    if (choice.bulk) {
      const bulk = await bulkLoad({
        folder,
        // Batches only pace progress and back-pressure here: nothing is sent to the database.
        batchSize: Math.max(batchSize, 10000),
        rejects,
        home: config.home,
        reportDir,
        importHeap: config.importHeap,
        importOffHeap: config.importOffHeap,
        onProgress: (e) => progress.update(e),
        onValidated: () => progress.stop(),
        onImportProgress: (stage, percent) => progress.stage('import', stage, percent),
        onImportStarted: opts.onImportStarted,
      });
      progress.stop();
      progress.stage('index', 'constraints and indexes', 0);
      const reopened = Date.now();
      db = await open();
      progress.stop();
      const index = db.schemaSeconds?.index ?? (Date.now() - reopened) / 1000;
      summary = {
        ...bulk,
        path: 'bulk',
        seconds: bulk.seconds + (Date.now() - reopened) / 1000,
        phases: [
          { phase: 'validate', rows: bulk.rows, seconds: bulk.validateSeconds },
          { phase: 'import', rows: bulk.stored, seconds: bulk.import.seconds },
          { phase: 'index', rows: bulk.import.nodes, seconds: index },
          { phase: 'migrate', rows: 0, seconds: db.schemaSeconds?.migrate ?? 0 },
        ],
      };
    } else {
      db ??= await open();
      summary = await loadDataset(db, {
        folder,
        batchSize,
        writers: config.loadWriters,
        dryRun: opts.dryRun,
        update: opts.update,
        rejects,
        changes,
        onProgress: (e) => progress.update(e),
      });
      summary.path = 'transactional';
      summary.phases = [{ phase: opts.dryRun ? 'validate' : 'load', rows: summary.rows, seconds: summary.seconds }];
    }
    summary.note = choice.note;
    // The Node process's own peak (the importer and database JVMs are other processes).
    summary.loaderPeakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  } finally {
    progress.stop();
    await rejects.close();
    await changes.close();
    await db?.close();
  }
  fs.mkdirSync(reportDir, { recursive: true });
  fs.writeFileSync(path.join(reportDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  printSummary(summary, rejects, changes, reportDir);
  return summary.rejected > 0 ? 2 : 0;
}

/**
 * The bulk path needs an embedded database that holds nothing and that this command may stop: a fresh home, or a
 * store this command opened itself and found empty. Otherwise rows go through write transactions.
 */
async function choosePath(
  config: Config,
  opts: LoadCommandOptions,
  open: () => Promise<Database>,
): Promise<{ bulk: boolean; db?: Database; note?: string }> {
  if (config.neo4jUri || opts.dryRun || opts.transactional) return { bulk: false };
  // The importer cannot update: with --update a repeated id corrects the earlier row, whatever the store holds.
  if (opts.update) return { bulk: false, note: '--update: loaded through write transactions' };
  const store = path.join(embeddedNeo4jHome(config.home), 'data', 'databases', 'neo4j');
  if (!fs.existsSync(store) && !runningEmbeddedPid(config.home)) return { bulk: true };
  const db = await open();
  const [{ empty }] = rows<{ empty: boolean }>(await db.read('ingest/is-empty'));
  if (!empty) return { bulk: false, db, note: 'the database holds data: loaded through write transactions' };
  if (!db.embedded?.owned) {
    const note =
      `the database in ${config.home} is held by another process (pid ${db.embedded?.pid}): loaded through ` +
      'write transactions instead of the offline importer (stop that process for a faster first load)';
    return { bulk: false, db, note };
  }
  await db.close();
  return { bulk: true };
}

function printSummary(summary: LoadSummary, rejects: RejectsWriter, changes: ChangesWriter, reportDir: string): void {
  const out = process.stdout;
  const how = summary.path === 'bulk' ? ' (offline importer)' : '';
  out.write(`${summary.dryRun ? 'Dry run of' : 'Loaded'} ${summary.folder}${how} in ${summary.seconds.toFixed(1)} s\n`);
  if (summary.note) out.write(`  ${summary.note}\n`);
  // With --update, how many stored rows each file changed and left as they were.
  const updateColumns = (changed: string, same: string): string =>
    summary.update ? ` ${changed.padStart(9)} ${same.padStart(9)}` : '';
  out.write(
    `  ${'file'.padEnd(22)} ${'rows'.padStart(10)} ${(summary.dryRun ? 'valid' : 'stored').padStart(10)} ${'new'.padStart(10)}${updateColumns('changed', 'unchanged')} ${'rejected'.padStart(9)} ${'rows/s'.padStart(9)}\n`,
  );
  for (const f of summary.files) {
    const rate = Math.round(f.rows / Math.max(f.seconds, 0.001));
    out.write(
      `  ${f.file.padEnd(22)} ${String(f.rows).padStart(10)} ${String(f.stored).padStart(10)} ${(summary.dryRun ? '-' : String(f.created)).padStart(10)}${updateColumns(String(f.updated), String(f.unchanged))} ${String(f.rejected).padStart(9)} ${String(rate).padStart(9)}\n`,
    );
  }
  if (summary.phases && summary.phases.length > 1) {
    out.write(`  ${'phase'.padEnd(22)} ${'rows'.padStart(10)} ${'seconds'.padStart(10)} ${'rows/s'.padStart(10)}\n`);
    for (const p of summary.phases) {
      const rate = p.rows ? String(Math.round(p.rows / Math.max(p.seconds, 0.001))) : '-';
      out.write(
        `  ${p.phase.padEnd(22)} ${String(p.rows).padStart(10)} ${p.seconds.toFixed(1).padStart(10)} ${rate.padStart(10)}\n`,
      );
    }
  }
  if (summary.ignored.length) out.write(`  not part of the load format, ignored: ${summary.ignored.join(', ')}\n`);
  for (const f of summary.files)
    if (f.linesNotRead)
      out.write(`  ${f.file}: ${f.linesNotRead} line(s) after an unclosed quote were not read (see rejects.csv)\n`);
  if (summary.update) {
    const verb = summary.dryRun ? 'would change' : 'changed';
    out.write(`\n${summary.updated} stored row(s) ${verb}, ${summary.unchanged} unchanged`);
    out.write(changes.count ? `; every change is in ${path.join(reportDir, 'changes.csv')}\n` : '\n');
    for (const c of changes.first) out.write(`  ${formatChange(c)}\n`);
    if (changes.count > changes.first.length) out.write(`  ... and ${changes.count - changes.first.length} more\n`);
  }
  if (summary.warnings.length) {
    out.write(
      `\n${summary.warnings.length} stored row(s) left inconsistent by the corrections (also in summary.json):\n`,
    );
    for (const w of summary.warnings) out.write(`  ${w}\n`);
  }
  if (summary.rejected > 0) {
    out.write(`\n${summary.rejected} row(s) rejected; all of them are in ${path.join(reportDir, 'rejects.csv')}\n`);
    for (const r of rejects.first) out.write(`  ${formatRejection(r)}\n`);
    if (rejects.count > rejects.first.length) out.write(`  ... and ${rejects.count - rejects.first.length} more\n`);
  }
  out.write(`summary: ${path.join(reportDir, 'summary.json')}\n`);
}
