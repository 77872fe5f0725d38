// Starts one embedded Neo4j for the whole test run (unless NEO4J_URI points at a database to use).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbedded, EmbeddedDatabase } from '../../src/db/embedded';

declare global {
  var __RINGSCOPE_TEST_DB__: { db?: EmbeddedDatabase; home?: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_URI) return;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-test-'));
  const db = await startEmbedded({ home, heap: '2g', pagecache: '256m' });
  process.env.NEO4J_URI = db.uri;
  process.env.RINGSCOPE_TEST_OWNS_DB = '1';
  globalThis.__RINGSCOPE_TEST_DB__ = { db, home };
}
