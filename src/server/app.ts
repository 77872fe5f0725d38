// Builds the HTTP app: Apollo Server 5 on /graphql behind Express, plus /healthz, /metrics, the console, GraphiQL and
// case-file exports. Started elsewhere.
import http from 'node:http';
import cors from 'cors';
import express, { NextFunction, Request, Response } from 'express';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, GraphQLSchema, ValidationContext } from 'graphql';
import { Database } from '../db/database';
import { Context, createContext } from '../graphql/context';
import { ON_DEMAND_FIELDS } from '../graphql/on-demand.resolver';
import { logger } from '../util/logger';
import {
  Access,
  accessFailure,
  AccessError,
  AccessOptions,
  auditRoute,
  authenticate,
  authenticateSpeculatively,
  pendingCheckOf,
  principalOf,
  refusalOf,
  requireRole,
  RouteOperation,
  sendAccessError,
} from './access';
import { auditPlugin } from './audit.plugin';
import { formatError } from './errors';
import { expensiveFieldsRule } from './expensive-fields.rule';
import { metricsPlugin, metricsRegistry } from './metrics.plugin';
import { requestLogPlugin } from './request-log.plugin';
import { caseFileRoute } from './case-file.route';
import { consoleRoutes } from './console.route';

/** Query-cost bounds (graphql-armor): generous for an investigator's UI, fatal for a query bomb. */
export const LIMITS = { maxDepth: 10, maxCost: 20000, maxAliases: 20, maxTokens: 2000, maxDirectives: 20 };

/** `/metrics` as the audit trail names it. */
const METRICS: RouteOperation = { name: 'metrics', variables: () => ({}) };

/**
 * An on-demand detector costs this much of LIMITS.maxCost, on top of what armor counts for the fields selected: two
 * per request at most, however they are aliased, leaving 2000 for what they select; a third never fits.
 */
export const ON_DEMAND_COST = 9000;

export interface AppOptions {
  corsOrigins?: string[];
  /** Who may ask (src/server/access.ts); keys once one exists when omitted. */
  auth?: Partial<AccessOptions>;
  /** RINGSCOPE_REQUEST_DEADLINE_MS. */
  requestDeadlineMs?: number;
  /** /healthz answers within this, database or not. */
  healthTimeoutMs?: number;
  /** Where the audit trail is written; the API's database unless given. */
  auditDatabase?: Database;
}

export function createApollo(schema: GraphQLSchema, httpServer?: http.Server, access?: Access): ApolloServer<Context> {
  // Armor's cost of each operation as it validates it (one ValidationContext per validation), for the rule that
  // adds the on-demand detectors' cost to it.
  const selectedCosts = new WeakMap<ValidationContext, number>();
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    costLimit: {
      maxCost: LIMITS.maxCost,
      onAccept: [(context, details: { n: number }) => void (context && selectedCosts.set(context, details.n))],
    },
    maxAliases: { n: LIMITS.maxAliases },
    // The token limit is graphql-js's own (parseOptions below): armor's version turns syntax errors into HTTP 500s.
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  const onDemandCosts = Object.fromEntries(ON_DEMAND_FIELDS.map((f) => [f, ON_DEMAND_COST]));
  return new ApolloServer<Context>({
    ...protection,
    validationRules: [
      ...protection.validationRules,
      expensiveFieldsRule({
        costs: onDemandCosts,
        maxCost: LIMITS.maxCost,
        selectedCost: (context) => selectedCosts.get(context) ?? 0,
      }),
    ],
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
      // Apollo's cache-control plugin hooks every field of every response to work out a max-age that, with no
      // @cacheControl hints in this schema, is always 0; it costs most on large lists (a ring's graph), and all it
      // ever does is answer `Cache-Control: no-store`, which noStorePlugin sends instead.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin<Context>(),
      speculativeAccessPlugin(),
      ...(access ? [auditPlugin(access)] : []),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
}

/**
 * The other half of authenticateSpeculatively: a request that runs beside its key check waits for the check before
 * a mutation runs, and before any answer leaves; a failed check replaces the answer with the check's own error
 * (401 UNAUTHENTICATED with its WWW-Authenticate header, or 503 DATABASE_UNAVAILABLE), as `authenticate` sends it.
 */
function speculativeAccessPlugin(): ApolloServerPlugin<Context> {
  const refusal = (error: unknown) => {
    const failure = accessFailure(error);
    if (!failure) throw error;
    return failure;
  };
  return {
    async requestDidStart({ contextValue }) {
      const check = contextValue.accessCheck;
      if (!check) return;
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'query') return;
          try {
            await check;
          } catch (error) {
            const failure = refusal(error);
            throw new GraphQLError(failure.message, {
              extensions: { code: failure.code, http: { status: failure.status } },
            });
          }
        },
        async willSendResponse({ response }) {
          try {
            await check;
          } catch (error) {
            const answer = refusalOf(refusal(error));
            response.http.status = answer.status;
            for (const [name, value] of answer.headers) response.http.headers.set(name.toLowerCase(), value);
            response.body = { kind: 'single', singleResult: answer.body };
          }
        },
      };
    },
  };
}

/** Every GraphQL answer (personal data among it) is `Cache-Control: no-store`, as Apollo's cache-control plugin said. */
function noStorePlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

export async function createApp(db: Database, schema: GraphQLSchema, options: AppOptions = {}) {
  const app = express();
  // Off unless configured: an open API on localhost would be readable by any page the investigator visits.
  if (options.corsOrigins?.length)
    app.use(cors({ origin: options.corsOrigins.includes('*') ? true : options.corsOrigins }));
  const httpServer = http.createServer(app);
  const access = new Access(db, { mode: 'auto', perMinute: 600, ...options.auth }, options.auditDatabase);
  app.locals.access = access;
  const apollo = createApollo(schema, httpServer, access);
  await apollo.start();
  const healthTimeoutMs = options.healthTimeoutMs ?? 500;
  let lastAccessMode: string = 'unknown';

  // Open to all, and says nothing but health: whether the database answers, and whether keys are needed.
  app.get('/healthz', async (_req, res) => {
    const started = Date.now();
    // Its own connection (db.ping), so 32 clients filling the query pool do not make a healthy database look down.
    const ping = db.ping(healthTimeoutMs).then(
      () => true,
      () => false,
    );
    const described = access.describe().then(
      (mode) => void (lastAccessMode = mode),
      () => undefined,
    );
    // A busy event loop runs this timer late, together with the answer that came meanwhile: one more turn of the
    // loop (setImmediate runs after I/O is read) lets that answer win rather than calling a healthy database down.
    const late = new Promise<false>((resolve) =>
      setTimeout(() => setImmediate(() => resolve(false)), healthTimeoutMs).unref(),
    );
    const reachable = await Promise.race([ping, late]);
    // The access mode as last known if finding it out (a key look-up while none exists) takes longer.
    await Promise.race([described, late]);
    res.status(reachable ? 200 : 503).json({
      status: reachable ? 'ok' : 'unavailable',
      database: { reachable, latencyMs: Date.now() - started },
      access: lastAccessMode,
    });
  });
  // Any key may read the metrics; each read is on the audit trail like any other request a key makes.
  app.get('/metrics', requireRole('viewer', METRICS), async (req, res, next) => {
    try {
      const text = await metricsRegistry.metrics();
      await auditRoute(req, METRICS, 'ok');
      res.type(metricsRegistry.contentType).send(text);
    } catch (error) {
      if (error instanceof AccessError) sendAccessError(res, error);
      else next(error);
    }
  });
  // What a request may do; /graphql and the case files build their context the same way, so roles apply to both.
  const contextFor = (req: Request): Context => {
    const principal = principalOf(req);
    return createContext(db, {
      asker: principal,
      accessCheck: pendingCheckOf(req),
      deadlineMs: options.requestDeadlineMs ?? 15000,
      consume: (points) =>
        access.consume(principal, req, points).catch((error: unknown) => {
          if (error instanceof AccessError) throw new GraphQLError(error.message, { extensions: { code: error.code } });
          throw error;
        }),
    });
  };
  app.get('/', (_req, res) => res.redirect('/console'));
  app.use(consoleRoutes());
  app.get('/rings/:id/export', authenticate(), caseFileRoute(schema, contextFor));
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    authenticateSpeculatively(),
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
  return { app, httpServer, apollo, access };
}
