// The one typed configuration of ringscope, read from the environment (documented in README.md).
import path from 'node:path';
import { projectRoot } from './util/project-root';

export interface Config {
  /** Bolt/neo4j URI of an external database; unset means "start the embedded one". */
  neo4jUri?: string;
  neo4jUser: string;
  neo4jPassword: string;
  neo4jDatabase?: string;
  /** Where the embedded database keeps its store and state (git-ignored). */
  home: string;
  port: number;
  /** Interface the API listens on; loopback unless set (HOST). */
  host: string;
  /** RINGSCOPE_AUTH: 'required' (keys always), 'off' (never, even on a public host), 'auto' (keys once one exists). */
  authMode: 'auto' | 'required' | 'off';
  /** Every request ends its Cypher and in-process work by then (RINGSCOPE_REQUEST_DEADLINE_MS). */
  requestDeadlineMs: number;
  /** Requests per key (or per client address when open) per minute (RINGSCOPE_RATE_LIMIT). */
  rateLimitPerMinute: number;
  logLevel: string;
  embeddedHeap: string;
  embeddedPagecache: string;
  /** The offline importer's JVM heap and off-heap limit for a bulk load (RINGSCOPE_IMPORT_HEAP, _OFFHEAP). */
  importHeap: string;
  importOffHeap: string;
  /** Timeout for every Cypher transaction the API runs on behalf of a client. */
  queryTimeoutMs: number;
  detectionTimeoutMs: number;
  /**
   * A whole detection run (`runDetection`, `ringscope detect`) ends by then, in the database and in its worker
   * (RINGSCOPE_DETECTION_DEADLINE_MS); it is a batch job, so not the request deadline.
   */
  detectionDeadlineMs: number;
  /** Transaction timeout of writes and auto-commit statements outside a request (loads, storing a run). */
  writeTimeoutMs: number;
  /** How long the driver waits to connect before the database counts as unavailable. */
  dbConnectTimeoutMs: number;
  /** How long the driver retries a transient failure (a restarting database) before giving up. */
  dbRetryMs: number;
  /** Browser origins allowed to call the API (CORS); empty: same origin only. */
  corsOrigins: string[];
  /** Rows per write transaction when loading. */
  batchSize: number;
  /** Write transactions the transactional loader keeps in flight at once (files whose rows each create a node). */
  loadWriters: number;
  /** Bootstrap admin token (RINGSCOPE_ADMIN_TOKEN): stored, hashed, as the admin key `bootstrap` at start-up. */
  adminToken?: string;
  /** URLs that receive each detection run's ring events (new and grown rings) as signed JSON. */
  webhooks: string[];
  /** Shared secret of the webhooks' HMAC-SHA256 signature; required when webhooks are set. */
  webhookSecret?: string;
  /** Share of its size a kept ring must grow by to be an event (0.2: 10 members becoming 12). */
  ringGrowthShare: number;
}

function share(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a share such as 0.2, got "${raw}"`);
  return n;
}

function urls(name: string, env: NodeJS.ProcessEnv): string[] {
  const list = (env[name] ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const u of list)
    if (!/^https?:\/\//.test(u)) throw new Error(`${name} must list http(s) URLs separated by commas, got "${u}"`);
  return list;
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** A JVM memory size as -Xmx and --max-off-heap-memory take it: a number with an optional k, m or g. */
function memory(name: string, fallback: string, env: NodeJS.ProcessEnv): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9][0-9]*[kKmMgG]?$/.test(raw))
    throw new Error(`${name} must be a memory size such as 512m or 4g, got "${raw}"`);
  return raw;
}

function authMode(raw: string | undefined): Config['authMode'] {
  if (raw === undefined || raw === '' || raw === 'auto') return 'auto';
  if (raw === 'required' || raw === 'off') return raw;
  throw new Error(`RINGSCOPE_AUTH must be "required" or "off" (or unset), got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env.RINGSCOPE_WEBHOOKS && !env.RINGSCOPE_WEBHOOK_SECRET)
    throw new Error('RINGSCOPE_WEBHOOKS is set without RINGSCOPE_WEBHOOK_SECRET: webhooks are always signed');
  return {
    neo4jUri: env.NEO4J_URI || undefined,
    neo4jUser: env.NEO4J_USER ?? 'neo4j',
    neo4jPassword: env.NEO4J_PASSWORD ?? '',
    neo4jDatabase: env.NEO4J_DATABASE || undefined,
    home: path.resolve(env.RINGSCOPE_HOME || path.join(projectRoot(), '.ringscope')),
    port: int('PORT', 4000, env),
    host: env.HOST || '127.0.0.1',
    authMode: authMode(env.RINGSCOPE_AUTH),
    requestDeadlineMs: int('RINGSCOPE_REQUEST_DEADLINE_MS', 15000, env),
    rateLimitPerMinute: int('RINGSCOPE_RATE_LIMIT', 600, env),
    logLevel: env.LOG_LEVEL || 'info',
    embeddedHeap: env.RINGSCOPE_NEO4J_HEAP || '4g',
    embeddedPagecache: env.RINGSCOPE_NEO4J_PAGECACHE || '2g',
    importHeap: memory('RINGSCOPE_IMPORT_HEAP', '1g', env),
    importOffHeap: memory('RINGSCOPE_IMPORT_OFFHEAP', '2g', env),
    queryTimeoutMs: int('RINGSCOPE_QUERY_TIMEOUT_MS', 15000, env),
    detectionTimeoutMs: int('RINGSCOPE_DETECTION_TIMEOUT_MS', 600000, env),
    detectionDeadlineMs: int('RINGSCOPE_DETECTION_DEADLINE_MS', 1800000, env),
    writeTimeoutMs: int('RINGSCOPE_WRITE_TIMEOUT_MS', 600000, env),
    dbConnectTimeoutMs: int('RINGSCOPE_DB_CONNECT_TIMEOUT_MS', 2000, env),
    dbRetryMs: int('RINGSCOPE_DB_RETRY_MS', 1000, env),
    corsOrigins: (env.RINGSCOPE_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    batchSize: int('RINGSCOPE_BATCH_SIZE', 5000, env),
    loadWriters: int('RINGSCOPE_LOAD_WRITERS', 1, env),
    adminToken: env.RINGSCOPE_ADMIN_TOKEN || undefined,
    webhooks: urls('RINGSCOPE_WEBHOOKS', env),
    webhookSecret: env.RINGSCOPE_WEBHOOK_SECRET || undefined,
    ringGrowthShare: share('RINGSCOPE_RING_GROWTH', 0.2, env),
  };
}
