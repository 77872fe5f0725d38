// The bulk path's validation alone (the row checks and the importer files, no database), for its time and memory:
// node --expose-gc dist/bench/bulk-validate.js DIR [--out FILES_DIR]. Prints rows, seconds, rows/s, the process's
// peak RSS and the live heap once every row is checked (after a full collection), as one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BulkChecker } from '../src/ingest/bulk-check';
import { ImportFiles } from '../src/ingest/import-files';
import { loadDataset } from '../src/ingest/loader';

async function main(): Promise<void> {
  const [folder] = process.argv.slice(2);
  if (!folder) throw new Error('usage: bulk-validate DIR [--out FILES_DIR]');
  const at = process.argv.indexOf('--out');
  const outDir = at > 0 ? process.argv[at + 1] : fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-validate-'));
  const started = Date.now();
  const out = new ImportFiles(outDir);
  const checker = new BulkChecker(out);
  const summary = await loadDataset(undefined, { folder, batchSize: 5000, sink: checker });
  await checker.finish();
  await out.close();
  const seconds = (Date.now() - started) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const liveMiB = process.memoryUsage().heapUsed / 2 ** 20;
  // The tables were alive when the heap was measured.
  checker.release();
  fs.rmSync(outDir, { recursive: true, force: true });
  const line = {
    rows: summary.rows,
    rejected: summary.files.reduce((n, f) => n + f.rejected, 0),
    seconds,
    rowsPerSecond: Math.round(summary.rows / seconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    liveHeapMiB: Math.round(liveMiB),
    loadavg: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
