// DEVELOPMENT PASSTHROUGH, to be replaced by the `auth` branch's real access control at merge: every request is
// allowed and nobody is signed in. The console's routes already call these two names, so the real version (API keys
// with roles viewer / investigator / admin, and an audit trail) takes effect without touching them.
import { NextFunction, Request, Response } from 'express';

export type Role = 'viewer' | 'investigator' | 'admin';

/** Who made a request; the passthrough knows nobody. */
export interface Principal {
  keyId: string;
  role: Role;
}

/** Express middleware that admits requests of at least `role`. Passthrough: admits every request. */
export function requireRole(_role: Role) {
  return (_req: Request, _res: Response, next: NextFunction): void => next();
}

/** The principal behind a request. Passthrough: always null (no keys exist). */
export function principalOf(_req: Request): Principal | null {
  return null;
}
