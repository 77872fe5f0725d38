// Writes the importer-format CSVs that the bulk path would hand to neo4j-admin import (every row checked, the
// rejected ones left out) to a folder, with the importer's --nodes/--relationships options in args.txt, so that
// bench/load-vs-neo4j.sh can time the bare importer on pre-cleaned files.
// Usage: node dist/bench/prepare-import.js DATASET_DIR OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { BulkChecker } from '../src/ingest/bulk-check';
import { ImportFiles } from '../src/ingest/import-files';
import { loadDataset } from '../src/ingest/loader';

async function main(): Promise<void> {
  const [folder, outDir] = process.argv.slice(2);
  if (!folder || !outDir) throw new Error('usage: prepare-import.js DATASET_DIR OUT_DIR');
  const out = new ImportFiles(path.resolve(outDir));
  const checker = new BulkChecker(out);
  const summary = await loadDataset(undefined, { folder: path.resolve(folder), batchSize: 10000, sink: checker });
  await checker.finish();
  await out.close();
  const multiline = out.multilineFiles();
  const args = [...out.args(), ...(multiline.length ? ['--multiline-fields=true'] : [])];
  fs.writeFileSync(path.join(outDir, 'args.txt'), args.join('\n') + '\n');
  process.stdout.write(JSON.stringify({ rows: summary.rows, stored: summary.stored, ...out.counts() }) + '\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
