// Who is asking: the bearer key check, the role check, the rate limit and the audit record, shared by GraphQL and REST.
import { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AuditRecord, recordAudit, ReturnedIds } from '../auth/audit';
import { anyKeyExists, keyOfToken, wellFormedToken } from '../auth/keys';
import { Role, roleAllows } from '../auth/roles';
import { Database, isDatabaseUnavailable } from '../db/database';
import { Asker } from '../graphql/context';
import { logger } from '../util/logger';

/** Who is asking: a key's name and role, or the open development principal (no keys, loopback). */
export type Principal = Asker;

const AUDIT_WRITE_MS = 5000;

const OPEN: Principal = Object.freeze({ keyName: null, role: 'admin', open: true });

export class AccessError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AccessOptions {
  /** 'auto': keys once one exists; 'required': always; 'off': never. */
  mode: 'auto' | 'required' | 'off';
  /** Requests per key per minute (per client address when open). */
  perMinute: number;
  /** Failed key checks per client address per minute before it must wait (token guessing). */
  failuresPerMinute?: number;
}

/** The access state of one server: whether keys are needed, and the per-key limiters. */
export class Access {
  private keysExist = false;
  private readonly limiter: RateLimiterMemory;
  private readonly failures: RateLimiterMemory;

  constructor(
    private readonly db: Database,
    readonly options: AccessOptions,
    /** Where the trail is written: the same database unless a test points it elsewhere. */
    private readonly auditDb: Database = db,
  ) {
    this.limiter = new RateLimiterMemory({ points: options.perMinute, duration: 60 });
    this.failures = new RateLimiterMemory({ points: options.failuresPerMinute ?? 30, duration: 60 });
  }

  /** Whether requests need a key now; a key created while serving counts from the next request on. */
  async keysRequired(): Promise<boolean> {
    if (this.options.mode === 'off') return false;
    if (this.options.mode === 'required' || this.keysExist) return true;
    this.keysExist = await anyKeyExists(this.db);
    return this.keysExist;
  }

  /** Whether the last key check found the API open, so that the next one may run beside the request. */
  mightBeOpen(): boolean {
    return this.options.mode === 'auto' && !this.keysExist;
  }

  /** 'open' (development), 'off' (explicitly disabled) or 'required': what the log and /healthz say. */
  async describe(): Promise<'open' | 'off' | 'required'> {
    if (this.options.mode === 'off') return 'off';
    return (await this.keysRequired()) ? 'required' : 'open';
  }

  async authenticate(req: Request): Promise<Principal> {
    if (!(await this.keysRequired())) return OPEN;
    const client = `ip:${req.ip ?? 'unknown'}`;
    if ((await this.failures.get(client))?.remainingPoints === 0) {
      throw new AccessError(429, 'RATE_LIMITED', 'Too many failed key checks from this address; wait a minute.');
    }
    const match = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
    const token = match?.[1];
    const key = token && wellFormedToken(token) ? await keyOfToken(this.db, token) : null;
    if (!key) {
      await this.failures.penalty(client, 1);
      logger.warn({ client, reason: !match ? 'no bearer token' : 'unknown token' }, 'request refused: no valid key');
      throw new AccessError(
        401,
        'UNAUTHENTICATED',
        !match
          ? 'This API needs a key: send Authorization: Bearer <token> (an admin creates one with `ringscope keys create`).'
          : 'The bearer token is not a live key (unknown, revoked or malformed).',
      );
    }
    return { keyName: key.name, role: key.role, open: false };
  }

  /** Takes `points` from the caller's budget; on-demand detectors take more than a look-up. */
  async consume(principal: Principal, req: Request | undefined, points = 1): Promise<void> {
    const who = principal.keyName ? `key:${principal.keyName}` : `ip:${req?.ip ?? 'unknown'}`;
    try {
      await this.limiter.consume(who, points);
    } catch (error) {
      if (error instanceof Error) throw error;
      const wait = Math.ceil((error as RateLimiterRes).msBeforeNext / 1000);
      throw new AccessError(
        429,
        'RATE_LIMITED',
        `Rate limit of ${this.options.perMinute} per minute reached; retry in ${wait} s.`,
      );
    }
  }

  /** Writes one audit entry within AUDIT_WRITE_MS; throws when it cannot (the caller then withholds the answer). */
  audit(record: AuditRecord): Promise<string> {
    return recordAudit(this.auditDb.withDeadline(Date.now() + AUDIT_WRITE_MS), record);
  }
}

const principals = new WeakMap<Request, Principal>();

/** The key behind a request that passed `authenticate` or `requireRole`. */
export function principalOf(req: Request): Principal {
  const principal = principals.get(req);
  if (!principal) throw new Error('no principal: mount authenticate or requireRole before this route');
  return principal;
}

function accessOf(req: Request): Access {
  const access = req.app.locals.access as Access | undefined;
  if (!access) throw new Error('app.locals.access is not set: build the app with createApp');
  return access;
}

/** A failed access check as the client is told of it; undefined for errors that are not about access. */
export function accessFailure(error: unknown): AccessError | undefined {
  return error instanceof AccessError
    ? error
    : isDatabaseUnavailable(error)
      ? new AccessError(503, 'DATABASE_UNAVAILABLE', 'The database is not answering; try again shortly.')
      : undefined;
}

/** The answer to a refused request: its status, headers and GraphQL-shaped error body, on every route alike. */
export function refusalOf(failure: AccessError): {
  status: number;
  headers: [string, string][];
  body: { errors: { message: string; extensions: { code: string } }[] };
} {
  return {
    status: failure.status,
    headers: failure.status === 401 ? [['WWW-Authenticate', 'Bearer realm="ringscope"']] : [],
    body: { errors: [{ message: failure.message, extensions: { code: failure.code } }] },
  };
}

export function sendAccessError(res: Response, error: unknown): void {
  const failure = accessFailure(error);
  if (!failure) throw error;
  const refusal = refusalOf(failure);
  for (const [name, value] of refusal.headers) res.setHeader(name, value);
  res.status(refusal.status).json(refusal.body);
}

/** Runs a check before the route; an access failure is answered here, anything else goes to Express's handler. */
function guard(check: (req: Request) => Promise<void>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await check(req);
    } catch (error) {
      try {
        sendAccessError(res, error);
      } catch (other) {
        next(other);
      }
      return;
    }
    next();
  };
}

/** The principal of a request, authenticated (and charged one rate-limit point) once however many guards run. */
async function principalFor(req: Request): Promise<Principal> {
  const known = principals.get(req);
  if (known) return known;
  const access = accessOf(req);
  const principal = await access.authenticate(req);
  try {
    await access.consume(principal, req);
  } catch (error) {
    // A key refused for its rate is on the trail too: who kept asking, and for what.
    if (error instanceof AccessError && !principal.open) await auditRefused(access, req, principal, error.code);
    throw error;
  }
  principals.set(req, principal);
  return principal;
}

/** The audit entry of a request a key made that was refused before it ran (its rate limit). */
async function auditRefused(access: Access, req: Request, principal: Principal, outcome: string): Promise<void> {
  // GraphQL bodies are parsed before the key check; other routes are named by method and path.
  const body = (req.body ?? {}) as { operationName?: unknown; query?: unknown; variables?: unknown };
  const graphql = typeof body.query === 'string';
  await writeAudit(access, {
    keyName: principal.keyName!,
    role: principal.role,
    operation: graphql
      ? typeof body.operationName === 'string'
        ? body.operationName
        : 'anonymous'
      : `${req.method} ${req.path}`,
    query: graphql ? (body.query as string) : req.originalUrl,
    variables: graphql ? (body.variables ?? {}) : req.query,
    accountIds: [],
    productIds: [],
    merchantIds: [],
    outcome,
    durationMs: 0,
  });
}

/** Writes an audit entry, or throws AccessError(503, AUDIT_UNAVAILABLE) so that nothing else is answered. */
async function writeAudit(access: Access, record: AuditRecord): Promise<void> {
  try {
    await access.audit(record);
  } catch (error) {
    logger.error(
      { err: error, key: record.keyName, operation: record.operation, outcome: record.outcome },
      'audit entry could not be written',
    );
    throw new AccessError(
      503,
      'AUDIT_UNAVAILABLE',
      'The audit trail could not be written, so the answer is withheld; try again shortly.',
    );
  }
}

/** Express middleware: the key check and one point of rate limit; the role is checked per field (GraphQL). */
export function authenticate(): RequestHandler {
  return guard(async (req) => {
    await principalFor(req);
  });
}

const pendingChecks = new WeakMap<Request, Promise<void>>();

/**
 * `authenticate` for /graphql, which does not wait for the key check while it can only confirm what the last one
 * found: in `auto` mode, while no key has been seen, a request without a bearer token runs as the open principal
 * and the check (one read of the store, as long as the list read it precedes) runs beside it. The check still
 * decides: a mutation waits for it before it runs, and no answer leaves before it (speculativeAccessPlugin). A key
 * created elsewhere meanwhile makes the answer the same 401 that `authenticate` gives; all it costs is one read-only
 * query run for nothing. A request with a token, or once any key has been seen, is checked first as before.
 */
export function authenticateSpeculatively(): RequestHandler {
  return guard(async (req) => {
    const access = accessOf(req);
    if (!access.mightBeOpen() || req.headers.authorization !== undefined) {
      await principalFor(req);
      return;
    }
    const check = access.authenticate(req).then(() => undefined);
    check.catch(() => undefined); // awaited by the plugin; never an unhandled rejection if the request ends early
    await access.consume(OPEN, req);
    principals.set(req, OPEN);
    pendingChecks.set(req, check);
  });
}

/** The key check a request runs beside (authenticateSpeculatively), if it runs beside one. */
export function pendingCheckOf(req: Request): Promise<void> | undefined {
  return pendingChecks.get(req);
}

/** What a REST route is, for its audit entry: an operation name and the variables it was asked with. */
export interface RouteOperation {
  name: string;
  variables(req: Request): unknown;
}

const started = new WeakMap<Request, number>();

/**
 * Express middleware for REST routes: the same key check, rate limit and role rule as GraphQL. A refusal is written
 * to the audit trail here (if it cannot be, the answer is a 503); a request let through is recorded by the route
 * itself with `auditRoute`, once it knows what it returns and before it answers.
 */
export function requireRole(role: Role, operation: RouteOperation): RequestHandler {
  return guard(async (req) => {
    started.set(req, Date.now());
    const principal = await principalFor(req);
    if (roleAllows(principal.role, role)) return;
    await auditRoute(req, operation, 'FORBIDDEN');
    throw new AccessError(403, 'FORBIDDEN', `This needs the ${role} role; the key has ${principal.role}.`);
  });
}

/**
 * Writes the audit entry of a REST request behind `requireRole`: who asked, the operation and its variables, the
 * accounts, products and merchants it returns, and the outcome. Nothing is written when no key was needed; throws
 * AccessError(503, AUDIT_UNAVAILABLE) when the entry cannot be written, so the route answers nothing else.
 */
export async function auditRoute(
  req: Request,
  operation: RouteOperation,
  outcome: string,
  returned: ReturnedIds = new ReturnedIds(),
): Promise<void> {
  const principal = principalOf(req);
  if (principal.open) return;
  await writeAudit(accessOf(req), {
    keyName: principal.keyName!,
    role: principal.role,
    operation: operation.name,
    query: req.originalUrl,
    variables: operation.variables(req),
    accountIds: [...returned.accounts].sort(),
    productIds: [...returned.products].sort(),
    merchantIds: [...returned.merchants].sort(),
    outcome,
    durationMs: Date.now() - (started.get(req) ?? Date.now()),
  });
}
