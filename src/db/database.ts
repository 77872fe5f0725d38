// One driver per process: connects to NEO4J_URI or the embedded database, and applies the schema.
import neo4j, { Driver, QueryResult, RecordShape, Session } from 'neo4j-driver';
import { Config } from '../config';
import { logger } from '../util/logger';
import { cypher, cypherStatements } from './cypher';
import { startEmbedded, EmbeddedDatabase } from './embedded';

export interface Database {
  driver: Driver;
  /** Name of the database to use, or undefined for the server's default. */
  name?: string;
  uri: string;
  /** The embedded database this handle started or reuses; undefined with NEO4J_URI. */
  embedded?: EmbeddedDatabase;
  /** How long opening took to create constraints and indexes (and wait for them), and to migrate. */
  schemaSeconds?: SchemaSeconds;
  /** Transaction timeout of reads through this handle (the API's; see withTimeout). */
  queryTimeoutMs: number;
  /** Timeout for a full detection run's reads, which scan the whole graph (RINGSCOPE_DETECTION_TIMEOUT_MS). */
  detectionTimeoutMs: number;
  /** The same driver and database, with reads bounded by another timeout. */
  withTimeout(ms: number): Database;
  session(mode?: 'READ' | 'WRITE'): Session;
  /** Runs a named statement from cypher/ in a read transaction (routed to secondaries in a cluster). */
  read<R extends RecordShape = RecordShape>(
    statement: string,
    params?: Record<string, unknown>,
  ): Promise<QueryResult<R>>;
  /** Runs a named statement from cypher/ in a write transaction (retried on transient errors). */
  write<R extends RecordShape = RecordShape>(
    statement: string,
    params?: Record<string, unknown>,
  ): Promise<QueryResult<R>>;
  /** Runs a named statement in an auto-commit transaction (needed by CALL ... IN TRANSACTIONS). */
  autoCommit(statement: string, params?: Record<string, unknown>): Promise<QueryResult>;
  close(): Promise<void>;
}

export async function openDatabase(config: Config): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.neo4jUri;
  if (!uri) {
    embedded = await startEmbedded({
      home: config.home,
      heap: config.embeddedHeap,
      pagecache: config.embeddedPagecache,
    });
    uri = embedded.uri;
  }
  const auth = config.neo4jPassword ? neo4j.auth.basic(config.neo4jUser, config.neo4jPassword) : undefined;
  const driver = neo4j.driver(uri, auth, {
    disableLosslessIntegers: false,
    maxConnectionPoolSize: 50,
    logging: { level: 'warn', logger: (level, message) => logger[level === 'error' ? 'error' : 'warn'](message) },
  });
  try {
    await driver.verifyConnectivity({ database: config.neo4jDatabase });
  } catch (error) {
    await driver.close();
    await embedded?.stop();
    throw new Error(`cannot reach Neo4j at ${uri}: ${(error as Error).message}`, { cause: error });
  }
  const name = config.neo4jDatabase;
  const handle = (timeoutMs: number): Database => {
    const txConfig = { timeout: timeoutMs };
    const db: Database = {
      driver,
      name,
      uri,
      embedded,
      queryTimeoutMs: timeoutMs,
      detectionTimeoutMs: config.detectionTimeoutMs,
      withTimeout: (ms) => handle(ms),
      session: (mode = 'READ') =>
        driver.session({
          database: name,
          defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
        }),
      async read(statement, params = {}) {
        const session = db.session('READ');
        try {
          return await session.executeRead((tx) => tx.run(cypher(statement), params), txConfig);
        } finally {
          await session.close();
        }
      },
      async write(statement, params = {}) {
        const session = db.session('WRITE');
        try {
          return await session.executeWrite((tx) => tx.run(cypher(statement), params));
        } finally {
          await session.close();
        }
      },
      async autoCommit(statement, params = {}) {
        const session = db.session('WRITE');
        try {
          return await session.run(cypher(statement), params);
        } finally {
          await session.close();
        }
      },
      async close() {
        await driver.close();
        await embedded?.stop();
      },
    };
    return db;
  };
  const db = handle(config.queryTimeoutMs);
  db.schemaSeconds = await applySchema(db);
  return db;
}

export interface SchemaSeconds {
  index: number;
  migrate: number;
}

/** Constraints and indexes from cypher/schema.cypher (IF [NOT] EXISTS), then cypher/migrate.cypher: both idempotent. */
export async function applySchema(db: Database): Promise<SchemaSeconds> {
  const session = db.session('WRITE');
  try {
    const started = Date.now();
    for (const statement of cypherStatements('schema')) await session.run(statement);
    // After a bulk import the indexes are built over millions of rows: wait for them up to an hour.
    await session.run('CALL db.awaitIndexes(3600)');
    const indexed = Date.now();
    for (const statement of cypherStatements('migrate')) await session.run(statement);
    return { index: (indexed - started) / 1000, migrate: (Date.now() - indexed) / 1000 };
  } finally {
    await session.close();
  }
}
