// What every resolver receives: the database and this request's batching loaders.
import { Database } from '../db/database';
import { Loaders, createLoaders } from './loaders';

export interface Context {
  db: Database;
  loaders: Loaders;
  /** Whether this request may run mutations (RINGSCOPE_ADMIN_TOKEN, see README). */
  canWrite: boolean;
}

export function createContext(db: Database, options: { canWrite?: boolean } = {}): Context {
  return { db, loaders: createLoaders(db), canWrite: options.canWrite ?? true };
}
