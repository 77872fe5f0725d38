// What every resolver receives: the database and this request's batching loaders.
import { Database } from '../db/database';
import { Loaders, createLoaders } from './loaders';

export interface Context {
  db: Database;
  loaders: Loaders;
}

export function createContext(db: Database): Context {
  return { db, loaders: createLoaders(db) };
}
