// `ringscope serve` / `npm start`: opens the database (embedded unless NEO4J_URI), optionally loads the demo, serves.
import { Config } from '../config';
import { openDatabase } from '../db/database';
import { buildRingscopeSchema } from '../graphql/schema';
import { createApp } from '../server/app';
import { logger } from '../util/logger';
import { prepareDemo } from './demo';
import { enableAlerts } from '../alerts/enable';

export async function serveCommand(config: Config, opts: { demo?: boolean }): Promise<void> {
  enableAlerts(config);
  const db = await openDatabase(config);
  if (opts.demo) await prepareDemo(db, config.batchSize);
  const schema = await buildRingscopeSchema();
  const { httpServer } = await createApp(db, schema, {
    adminToken: config.adminToken,
    corsOrigins: config.corsOrigins,
  });
  if (!config.adminToken)
    logger.warn('RINGSCOPE_ADMIN_TOKEN is unset: mutations are open to every client (development mode)');
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${config.port} is already in use; set PORT to another one (the database stays as it is)`)
          : error,
      ),
    );
    httpServer.listen(config.port, resolve);
  });
  logger.info({ url: `http://localhost:${config.port}/graphql`, database: db.uri }, 'ringscope is serving');
  process.stdout.write(`ringscope: GraphQL on http://localhost:${config.port}/graphql (health: /healthz)\n`);
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
