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
  /** The configuration it was opened with: a detection worker opens its own driver to `uri` with it. */
  config: Config;
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
  /** The same, with every statement ending by `at` (epoch ms): one request's deadline. */
  withDeadline(at: number): Database;
  /** The same without a deadline (statements get this handle's timeouts): clean-up after a run stopped at its own. */
  withoutDeadline(): Database;
  /** The request's deadline (epoch ms), when this handle has one. */
  deadline?: number;
  /** Throws DeadlineExceededError past the deadline, and lets other requests run if this one has held the event loop. */
  checkpoint(): Promise<void>;
  session(mode?: 'READ' | 'WRITE'): Session;
  /** Runs a named statement from cypher/ in a read transaction (routed to secondaries in a cluster). */
  read<R extends RecordShape = RecordShape>(
    statement: string,
    params?: Record<string, unknown>,
  ): Promise<QueryResult<R>>;
  /**
   * Runs a small named read in an auto-commit transaction: one round trip to the database where `read` takes three
   * (BEGIN, RUN, COMMIT), for look-ups made on every request (the key check). A transient failure is retried through
   * `read`; the same timeouts and deadline apply.
   */
  readOnce<R extends RecordShape = RecordShape>(
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
  /**
   * Resolves when the database answers `RETURN 1` within `timeoutMs`, on a small pool of its own: a health check
   * never waits behind the queries that fill the main pool under load.
   */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A request ran past RINGSCOPE_REQUEST_DEADLINE_MS (answered as QUERY_TIMEOUT). */
export class DeadlineExceededError extends Error {
  constructor() {
    super('the request ran past its deadline');
  }
}

/** Whether an error means the database is not reachable (down, restarting, or not answering in time). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return (
    e?.code === neo4j.error.SERVICE_UNAVAILABLE ||
    e?.code === neo4j.error.SESSION_EXPIRED ||
    /acquisition timed out|ECONNREFUSED|ECONNRESET|Connection was closed/i.test(e?.message ?? '')
  );
}

// In-process work gives the event loop back this often, so /healthz and other requests answer meanwhile.
const YIELD_EVERY_MS = 20;

export async function openDatabase(config: Config, options: { restartEmbedded?: boolean } = {}): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.neo4jUri;
  if (!uri) {
    embedded = await startEmbedded({
      home: config.home,
      heap: config.embeddedHeap,
      pagecache: config.embeddedPagecache,
      restartOnCrash: options.restartEmbedded,
    });
    uri = embedded.uri;
  }
  const db = await connectDatabase(config, uri, embedded);
  db.schemaSeconds = await applySchema(db);
  return db;
}

/**
 * A driver to `uri` (already running) and the handle over it, without starting a database or applying the schema:
 * what openDatabase builds on, and what a detection worker opens beside the process's own driver.
 */
export async function connectDatabase(config: Config, uri: string, embedded?: EmbeddedDatabase): Promise<Database> {
  const auth = config.neo4jPassword ? neo4j.auth.basic(config.neo4jUser, config.neo4jPassword) : undefined;
  const driver = neo4j.driver(uri, auth, {
    disableLosslessIntegers: false,
    maxConnectionPoolSize: 50,
    // A dead database must fail fast, not after the driver's 30 s connect and 30 s retry defaults.
    connectionTimeout: config.dbConnectTimeoutMs,
    connectionAcquisitionTimeout: config.dbConnectTimeoutMs * 2,
    maxTransactionRetryTime: config.dbRetryMs,
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
  let healthDriver: Driver | undefined;
  const handle = (timeoutMs: number, deadline?: number): Database => {
    let lastYield = Date.now();
    // The transaction timeout: the handle's own, or what is left of the request's deadline if that is shorter.
    const txConfig = () => {
      if (deadline === undefined) return { timeout: timeoutMs };
      const left = deadline - Date.now();
      if (left <= 0) throw new DeadlineExceededError();
      return { timeout: Math.max(1, Math.min(timeoutMs, left)) };
    };
    // Writes and auto-commit statements: the request's deadline when there is one, else the write timeout.
    const writeConfig = () => (deadline === undefined ? { timeout: config.writeTimeoutMs } : txConfig());
    // A session for one piece of work, closed whatever happens.
    const inSession = async <T>(mode: 'READ' | 'WRITE', work: (session: Session) => Promise<T>): Promise<T> => {
      const session = db.session(mode);
      try {
        return await work(session);
      } finally {
        await session.close();
      }
    };
    const db: Database = {
      driver,
      name,
      uri,
      config,
      embedded,
      queryTimeoutMs: timeoutMs,
      detectionTimeoutMs: config.detectionTimeoutMs,
      deadline,
      withTimeout: (ms) => handle(ms, deadline),
      withDeadline: (at) => handle(timeoutMs, at),
      withoutDeadline: () => handle(timeoutMs),
      async checkpoint() {
        if (deadline !== undefined && Date.now() > deadline) throw new DeadlineExceededError();
        if (Date.now() - lastYield >= YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
      },
      session: (mode = 'READ') =>
        driver.session({
          database: name,
          defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
        }),
      async read(statement, params = {}) {
        // Between statements a request gives the event loop back and stops at its deadline.
        await db.checkpoint();
        return inSession('READ', (session) =>
          session.executeRead((tx) => tx.run(cypher(statement), params), txConfig()),
        );
      },
      async readOnce(statement, params = {}) {
        await db.checkpoint();
        try {
          return await inSession('READ', (session) => session.run(cypher(statement), params, txConfig()));
        } catch (error) {
          if (neo4j.isRetryableError(error as Error)) return db.read(statement, params);
          throw error;
        }
      },
      write: (statement, params = {}) =>
        inSession('WRITE', (session) => session.executeWrite((tx) => tx.run(cypher(statement), params), writeConfig())),
      autoCommit: (statement, params = {}) =>
        inSession('WRITE', (session) => session.run(cypher(statement), params, writeConfig())),
      async ping(pingTimeoutMs) {
        healthDriver ??= neo4j.driver(uri, auth, {
          maxConnectionPoolSize: 2,
          connectionTimeout: pingTimeoutMs,
          connectionAcquisitionTimeout: pingTimeoutMs,
          maxTransactionRetryTime: 0,
          logging: { level: 'error', logger: (_level, message) => logger.warn(message) },
        });
        const session = healthDriver.session({ database: name, defaultAccessMode: neo4j.session.READ });
        try {
          await session.run('RETURN 1', {}, { timeout: pingTimeoutMs });
        } finally {
          await session.close();
        }
      },
      async close() {
        await healthDriver?.close();
        await driver.close();
        await embedded?.stop();
      },
    };
    return db;
  };
  return handle(config.queryTimeoutMs);
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
    // Plain indexes first: each CREATE INDEX returns at once and is populated in the background, while each
    // CREATE CONSTRAINT waits for its own index; so after a bulk import the two populations overlap.
    const statements = cypherStatements('schema');
    const plain = (s: string): boolean => /^CREATE\s+INDEX\b/i.test(s);
    for (const statement of [...statements.filter(plain), ...statements.filter((s) => !plain(s))])
      await session.run(statement);
    // After a bulk import the indexes are built over millions of rows: wait for them up to an hour.
    await session.run('CALL db.awaitIndexes(3600)');
    const indexed = Date.now();
    for (const statement of cypherStatements('migrate')) await session.run(statement);
    return { index: (indexed - started) / 1000, migrate: (Date.now() - indexed) / 1000 };
  } finally {
    await session.close();
  }
}
