// What every resolver receives: the database (bounded by this request's deadline), batching loaders, and who asks.
import { ReturnedIds } from '../auth/audit';
import { Role } from '../auth/roles';
import { Database } from '../db/database';
import { Loaders, createLoaders } from './loaders';

/** Who is asking (src/server/access.ts makes one per request from its bearer key). */
export interface Asker {
  keyName: string | null;
  role: Role;
  /** No key was needed (development): nothing is audited. */
  open: boolean;
}

export interface Context {
  db: Database;
  loaders: Loaders;
  asker: Asker;
  /** Accounts, products and merchants this request returned, for the audit trail. */
  returned: ReturnedIds;
  /** Takes extra rate-limit points (on-demand detectors cost more than a look-up). */
  consume(points: number): Promise<void>;
  /** The key check this request runs beside, when it runs beside one (authenticateSpeculatively). */
  accessCheck?: Promise<void>;
}

const OPEN: Asker = { keyName: null, role: 'admin', open: true };

export function createContext(
  db: Database,
  options: {
    asker?: Asker;
    deadlineMs?: number;
    consume?: (points: number) => Promise<void>;
    accessCheck?: Promise<void>;
  } = {},
): Context {
  const bounded = options.deadlineMs ? db.withDeadline(Date.now() + options.deadlineMs) : db;
  return {
    db: bounded,
    loaders: createLoaders(bounded),
    asker: options.asker ?? OPEN,
    returned: new ReturnedIds(),
    consume: options.consume ?? (async () => undefined),
    accessCheck: options.accessCheck,
  };
}
