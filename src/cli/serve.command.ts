// `ringscope serve` / `npm start`: opens the database (embedded unless NEO4J_URI), optionally loads the demo, serves.
import { anyKeyExists, ensureBootstrapKey } from '../auth/keys';
import { Config } from '../config';
import { openDatabase } from '../db/database';
import { buildRingscopeSchema } from '../graphql/schema';
import { createApp } from '../server/app';
import { logger } from '../util/logger';
import { prepareDemo } from './demo';
import { enableAlerts } from '../alerts/enable';

/** Whether a listen address reaches only this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class UnsafeStartError extends Error {}

/** Refuses a public listen address with no key at all, unless RINGSCOPE_AUTH=off says so on purpose. */
export function checkSafeToServe(config: Config, keysExist: boolean): void {
  if (isLoopback(config.host) || config.authMode === 'off' || keysExist) return;
  throw new UnsafeStartError(
    `refusing to serve on ${config.host} with no API key: anyone who can reach the port would read personal data. ` +
      'Create a key first (`ringscope keys create --name NAME --role admin`), or set RINGSCOPE_ADMIN_TOKEN, ' +
      'or set RINGSCOPE_AUTH=off to serve openly on purpose.',
  );
}

export async function serveCommand(config: Config, opts: { demo?: boolean }): Promise<void> {
  enableAlerts(config);
  // The API restarts the embedded database it started if that dies; the driver reconnects to the same port.
  const db = await openDatabase(config, { restartEmbedded: true });
  try {
    if (config.adminToken) {
      const { revoked } = await ensureBootstrapKey(db, config.adminToken);
      if (revoked) logger.warn('RINGSCOPE_ADMIN_TOKEN names the revoked key "bootstrap": it is not accepted');
    }
    checkSafeToServe(config, await anyKeyExists(db));
  } catch (error) {
    await db.close();
    throw error;
  }
  if (opts.demo) await prepareDemo(db, config.batchSize);
  const schema = await buildRingscopeSchema();
  const { httpServer, access } = await createApp(db, schema, {
    corsOrigins: config.corsOrigins,
    auth: { mode: config.authMode, perMinute: config.rateLimitPerMinute },
    requestDeadlineMs: config.requestDeadlineMs,
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${config.port} is already in use; set PORT to another one (the database stays as it is)`)
          : error,
      ),
    );
    httpServer.listen(config.port, config.host, resolve);
  });
  const mode = await access.describe();
  if (mode === 'open')
    logger.warn(
      'no API key exists: the API is open to every client on this machine (development mode); `ringscope keys create` closes it',
    );
  if (mode === 'off')
    logger.warn(`RINGSCOPE_AUTH=off: the API on ${config.host} is open to every client that reaches it`);
  const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info(
    { url: `http://${shown}:${config.port}/graphql`, database: db.uri, access: mode },
    'ringscope is serving',
  );
  process.stdout.write(
    `ringscope: GraphQL on http://${shown}:${config.port}/graphql (health: /healthz; access: ${mode === 'required' ? 'API keys required' : mode === 'open' ? 'open, development mode (no API key exists)' : 'open, RINGSCOPE_AUTH=off'})\n`,
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    httpServer.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
