// The database every test talks to (the real one from global setup), and a way to empty it.
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { Database, openDatabase } from '../../src/db/database';

export async function testDatabase(): Promise<Database> {
  if (!process.env.NEO4J_URI)
    throw new Error('NEO4J_URI is unset: run the tests through jest (global setup starts Neo4j)');
  const db = await openDatabase(loadConfig({ ...process.env, RINGSCOPE_QUERY_TIMEOUT_MS: '60000' }));
  if (!process.env.RINGSCOPE_TEST_OWNS_DB && process.env.RINGSCOPE_TEST_WIPE !== '1') {
    await db.close();
    throw new Error('tests empty the database; set RINGSCOPE_TEST_WIPE=1 to allow that on the database at NEO4J_URI');
  }
  return db;
}

export async function emptyDatabase(db: Database): Promise<void> {
  const session = db.session('WRITE');
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

export const fixture = (name: string): string => path.join(__dirname, '..', 'fixtures', name);

/**
 * Every node and relationship with its properties, in a stable order: two equal dumps mean an unchanged graph.
 * Properties are sorted by key, as their stored order differs between stores written differently.
 */
export async function dumpGraph(db: Database): Promise<string[]> {
  const session = db.session('READ');
  try {
    const nodes = await session.run(
      'MATCH (n) RETURN labels(n)[0] + " " + coalesce(n.id, n.address) + " " + apoc.convert.toSortedJsonMap(properties(n)) AS line',
    );
    const rels = await session.run(
      'MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.address) + " -" + type(r) + "-> " + coalesce(b.id, b.address) + " " + apoc.convert.toSortedJsonMap(properties(r)) AS line',
    );
    return [...nodes.records, ...rels.records].map((r) => r.get('line') as string).sort();
  } finally {
    await session.close();
  }
}
