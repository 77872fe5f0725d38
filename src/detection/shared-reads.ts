// Reads of the whole graph that several detectors make with the same parameters (the shop list, the products worth
// scanning, the reviews' rating mix per shop): within one run they are read once and shared, through the run's own
// database handle rather than a cache that outlives the run (the next run sees the data as it is then).
import { Database } from '../db/database';

/**
 * Statements whose result depends only on their parameters and the graph, and that more than one detector reads, or
 * one detector twice (the cohorts, tested again once the other detectors' rings are known: detect-all.ts).
 */
export const SHARED_STATEMENTS: ReadonlySet<string> = new Set([
  'detection/base-rate-ratings',
  'detection/merchant-ids',
  'detection/coordinated-products',
  'detection/shared-device-cohorts',
  'detection/shared-network-cohorts',
  'detection/cohort-shops',
  'detection/registration-hours',
]);

/**
 * The same database for one detection run: a read of a shared statement with parameters already read in this run
 * gets the same result (its records are converted afresh by each reader, so no reader sees another's changes).
 * A handle derived from it (withTimeout, withDeadline) does not share.
 */
export function withSharedReads(db: Database, statements: ReadonlySet<string> = SHARED_STATEMENTS): Database {
  const memo = new Map<string, ReturnType<Database['read']>>();
  return {
    ...db,
    read(statement, params = {}) {
      if (!statements.has(statement)) return db.read(statement, params);
      const key = `${statement}\n${JSON.stringify(params)}`;
      let result = memo.get(key);
      if (!result) memo.set(key, (result = db.read(statement, params)));
      return result as ReturnType<typeof db.read>;
    },
  };
}
