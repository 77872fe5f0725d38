// Runs every registered detector with its defaults and the caller's overrides, then merges rings caught by several.
import { Database } from '../db/database';
import { combineRings } from './combine';
import { detectors } from './registry';
import { withSharedReads } from './shared-reads';
import { DetectedRing, Scope } from './types';

export interface DetectAllResult {
  rings: DetectedRing[];
  /** Every parameter of every detector as used, by detector name. */
  parameters: Record<string, object>;
  /** Seconds per detector (they run side by side), for combining, and in total. */
  timings: Record<string, number>;
}

export async function detectAll(
  db: Database,
  overrides?: Partial<Record<string, object>>,
  scope?: Scope,
): Promise<DetectAllResult> {
  const started = Date.now();
  const parameters: Record<string, object> = {};
  const timings: Record<string, number> = {};
  // Reads that several detectors make alike (the shops, the rating mix) are made once in this run.
  const runDb = withSharedReads(db);
  // Side by side: while one detector works in the process, the database serves another's queries.
  const found = await Promise.all(
    detectors.map(async (detector) => {
      const params = { ...detector.defaults, ...(overrides?.[detector.name] ?? {}) };
      parameters[detector.name] = params;
      const t = Date.now();
      const rings = await detector.detect(runDb, params, scope);
      timings[detector.name] = (Date.now() - t) / 1000;
      return rings;
    }),
  );
  // Detectors that compare with ordinary customers look again at the accounts no ring holds yet, with every ring's
  // members left out of the ordinary customers; what they find is added to their first pass.
  const known = found.flat();
  const refined = await Promise.all(
    detectors.map(async (detector, i) => {
      if (!detector.refine) return found[i];
      const t = Date.now();
      const more = await detector.refine(runDb, parameters[detector.name], known, scope);
      timings[`${detector.name} (again)`] = (Date.now() - t) / 1000;
      return [...found[i], ...more];
    }),
  );
  const t = Date.now();
  const rings = combineRings(refined.flat());
  timings.combine = (Date.now() - t) / 1000;
  timings.total = (Date.now() - started) / 1000;
  return { rings, parameters, timings };
}
