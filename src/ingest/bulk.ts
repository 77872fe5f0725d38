// The bulk path for an empty embedded database: ringscope's own row checks stream every file (rejecting rows exactly
// as the transactional path does), the accepted rows go to importer-format CSVs, and Neo4j's offline importer
// writes the store from them. Constraints, indexes and migration follow when the database is opened again.
import { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { importIntoEmbedded, ImportResult } from '../db/importer';
import { BulkChecker } from './bulk-check';
import { ImportFiles } from './import-files';
import { loadDataset, LoadOptions, LoadSummary } from './loader';

export interface BulkOptions extends Omit<LoadOptions, 'sink' | 'dryRun'> {
  /** RINGSCOPE_HOME of the embedded database, which must be empty and closed. */
  home: string;
  /** Where the importer's report file goes. */
  reportDir: string;
  importHeap?: string;
  importOffHeap?: string;
  onImportStarted?: (child: ChildProcess) => void;
  onImportProgress?: (stage: string, percent: number) => void;
  /** Called when the validate phase ends and the import begins. */
  onValidated?: (summary: LoadSummary) => void;
}

export interface BulkSummary extends LoadSummary {
  import: ImportResult & { files: string[] };
  validateSeconds: number;
}

export async function bulkLoad(options: BulkOptions): Promise<BulkSummary> {
  const started = Date.now();
  const filesDir = path.join(options.home, 'import-files');
  fs.rmSync(filesDir, { recursive: true, force: true });
  const out = new ImportFiles(filesDir);
  try {
    const checker = new BulkChecker(out);
    const summary = await loadDataset(undefined, { ...options, sink: checker });
    await checker.finish();
    await out.close();
    checker.release();
    const validateSeconds = (Date.now() - started) / 1000;
    options.onValidated?.(summary);
    const files = out.args();
    let result: ImportResult = { nodes: 0, relationships: 0, properties: 0, seconds: 0 };
    // Nothing accepted (every account rejected): the store stays as it is, empty.
    if (out.counts().nodes > 0) {
      fs.mkdirSync(options.reportDir, { recursive: true });
      result = await importIntoEmbedded({
        home: options.home,
        files,
        multilineFiles: out.multilineFiles(),
        reportFile: path.join(options.reportDir, 'import.report'),
        heap: options.importHeap ?? '1g',
        offHeap: options.importOffHeap ?? '2g',
        onStarted: options.onImportStarted,
        onProgress: options.onImportProgress,
      });
    }
    return {
      ...summary,
      seconds: (Date.now() - started) / 1000,
      validateSeconds,
      import: { ...result, files: files.map((f) => path.basename(f.split('=').pop()!)) },
    };
  } finally {
    await out.close().catch(() => undefined);
    fs.rmSync(filesDir, { recursive: true, force: true });
  }
}
