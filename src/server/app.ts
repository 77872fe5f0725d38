// Builds the HTTP app: Apollo Server 5 on /graphql behind Express, plus /healthz, /metrics, the console, GraphiQL and
// case-file exports. Started elsewhere.
import crypto from 'node:crypto';
import http from 'node:http';
import cors from 'cors';
import express, { NextFunction, Request, Response } from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLSchema } from 'graphql';
import { Database } from '../db/database';
import { Context, createContext } from '../graphql/context';
import { logger } from '../util/logger';
import { formatError } from './errors';
import { metricsPlugin, metricsRegistry } from './metrics.plugin';
import { requestLogPlugin } from './request-log.plugin';
import { caseFileRoute } from './case-file.route';
import { consoleRoutes } from './console.route';

/** Query-cost bounds (graphql-armor): generous for an investigator's UI, fatal for a query bomb. */
export const LIMITS = { maxDepth: 10, maxCost: 20000, maxAliases: 20, maxTokens: 2000, maxDirectives: 20 };

export function createApollo(schema: GraphQLSchema, httpServer?: http.Server): ApolloServer<Context> {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    costLimit: { maxCost: LIMITS.maxCost },
    maxAliases: { n: LIMITS.maxAliases },
    // The token limit is graphql-js's own (parseOptions below): armor's version turns syntax errors into HTTP 500s.
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  return new ApolloServer<Context>({
    ...protection,
    schema,
    formatError,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      ...protection.plugins,
      requestLogPlugin<Context>(),
      metricsPlugin<Context>(),
      // Apollo's landing page loads Sandbox from Apollo's CDN; browsers get the bundled GraphiQL instead (console.route).
      ApolloServerPluginLandingPageDisabled(),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
}

export async function createApp(
  db: Database,
  schema: GraphQLSchema,
  options: { adminToken?: string; corsOrigins?: string[] } = {},
) {
  const app = express();
  // Off unless configured: an open API on localhost would be readable by any page the investigator visits.
  if (options.corsOrigins?.length)
    app.use(cors({ origin: options.corsOrigins.includes('*') ? true : options.corsOrigins }));
  const httpServer = http.createServer(app);
  const apollo = createApollo(schema, httpServer);
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    const started = Date.now();
    try {
      await db.driver.executeQuery('RETURN 1', {}, { database: db.name });
      res.json({ status: 'ok', database: { reachable: true, latencyMs: Date.now() - started } });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', database: { reachable: false, error: (error as Error).message } });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });
  // What a request may do; /graphql and the case files build their context the same way, so roles apply to both.
  const contextFor = (req: Request): Context =>
    createContext(db, {
      canWrite: !options.adminToken || sameSecret(req.headers.authorization, `Bearer ${options.adminToken}`),
    });
  app.get('/', (_req, res) => res.redirect('/console'));
  app.use(consoleRoutes());
  app.get('/rings/:id/export', caseFileRoute(schema, contextFor));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: async ({ req }) => contextFor(req) }),
  );
  // Errors before GraphQL (a body that is not JSON, or too large) as JSON with a code, never Express's HTML stack page.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'error outside GraphQL');
    const message =
      error.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON.'
        : error.type === 'entity.too.large'
          ? 'The request body is larger than 1 MB.'
          : status < 500
            ? 'Bad request.'
            : 'Internal server error; the details are in the server log.';
    res
      .status(status)
      .json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  });
  return { app, httpServer, apollo };
}

/** Compares a presented credential in constant time, so response timing does not reveal the token. */
function sameSecret(presented: string | undefined, expected: string): boolean {
  const a = crypto
    .createHash('sha256')
    .update(presented ?? '')
    .digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
