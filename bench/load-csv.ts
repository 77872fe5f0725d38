// Runs one LOAD CSV baseline of cypher/bench/ (every statement, in order, each in its own auto-commit transaction as
// CALL {} IN TRANSACTIONS needs) against the database of RINGSCOPE_HOME or NEO4J_URI, and prints the seconds taken.
// Usage: node dist/bench/load-csv.js load-csv-merge|load-csv-merge-concurrent file:///folder/
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { cypherStatements } from '../src/db/cypher';

async function main(): Promise<void> {
  const [variant, base] = process.argv.slice(2);
  if (!variant || !base) throw new Error('usage: load-csv.js VARIANT FILE_URL_FOLDER');
  const db = await openDatabase(loadConfig());
  const started = Date.now();
  try {
    const session = db.session('WRITE');
    try {
      for (const statement of cypherStatements(`bench/${variant}`)) await session.run(statement, { base });
    } finally {
      await session.close();
    }
  } finally {
    await db.close();
  }
  process.stdout.write(JSON.stringify({ variant, seconds: (Date.now() - started) / 1000 }) + '\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
