// A full detection run: every detector over the whole graph, stored as the new current run.
import { Database, DeadlineExceededError } from '../db/database';
import { DetectionDeadlineError, detectAllInWorker } from './detect-worker';
import { detectors } from './registry';
import { RingEvent, ringEventsOf, recordRingEvents } from './ring-events';
import { storeRun, StoredRun } from './store';
import { DetectedRing, ParameterDoc } from './types';

export interface RunResult {
  run: StoredRun;
  rings: DetectedRing[];
  parameters: Record<string, object>;
  timings: Record<string, number>;
  /** New and grown rings, recorded as (:RingEvent)s; `alerted` settles when the run listener (webhooks) is done. */
  events: RingEvent[];
  alerted: Promise<void>;
}

/** Told of every stored run's events (webhooks: src/alerts); set by the commands that run detection. */
export type RunListener = (run: StoredRun, events: RingEvent[]) => Promise<void>;
let listener: RunListener | undefined;
/** How much a kept ring must grow (a share of its size) to be an event (RINGSCOPE_RING_GROWTH). */
let growthShare = 0.2;

export function onRunStored(next: RunListener | undefined, options: { growthShare?: number } = {}): void {
  listener = next;
  growthShare = options.growthShare ?? growthShare;
}

// One run at a time per process; a second request waits for the first instead of racing it.
let running: Promise<unknown> = Promise.resolve();

/**
 * Runs every detector in a worker thread (the event loop keeps serving requests) and stores the rings as the
 * current run. The run is a batch job: it is bounded by RINGSCOPE_DETECTION_DEADLINE_MS from its start (not by the
 * request deadline of a `runDetection` mutation); past it the worker is stopped and nothing is stored.
 */
export function runDetection(db: Database, overrides?: Record<string, object>): Promise<RunResult> {
  if (overrides) validateOverrides(overrides as Record<string, Record<string, unknown>>);
  const deadlineMs = db.config.detectionDeadlineMs;
  const next = running.then(async () => {
    const startedAt = new Date();
    // A full run scans the whole graph: its statements get the detection timeout and the run's own deadline.
    const runDb = db.withTimeout(db.detectionTimeoutMs).withDeadline(startedAt.getTime() + deadlineMs);
    const { rings, parameters, timings } = await detectAllInWorker(runDb, overrides);
    const storeStarted = Date.now();
    const run = await storeRun(runDb, rings, { startedAt, parameters, timings }).catch((error: unknown) => {
      // Past the deadline before the switch: storeRun removed what it wrote, so the previous run stays current.
      throw error instanceof DeadlineExceededError ? new DetectionDeadlineError(deadlineMs) : error;
    });
    const events = ringEventsOf(run, growthShare);
    // The run is current now: its events are recorded whatever is left of the deadline.
    await recordRingEvents(runDb.withoutDeadline(), events);
    // Delivery (with its retries) does not hold up the next run or the caller; the caller may wait for it.
    const alerted = listener ? listener(run, events) : Promise.resolve();
    const result = { run, rings, parameters, timings: { ...timings, store: (Date.now() - storeStarted) / 1000 } };
    return { ...result, events, alerted };
  });
  running = next.catch(() => undefined);
  return next;
}

export function ringsByKind(rings: DetectedRing[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rings) out[r.kind] = (out[r.kind] ?? 0) + 1;
  return out;
}

export class InvalidParameterError extends Error {}

/** Checks overrides against the detectors' documented parameters: known names, same types as the defaults. */
export function validateOverrides(overrides: Record<string, Record<string, unknown>>): Record<string, object> {
  for (const [name, params] of Object.entries(overrides)) {
    const detector = detectors.find((d) => d.name === name);
    if (!detector) {
      throw new InvalidParameterError(`unknown detector "${name}" (known: ${detectors.map((d) => d.name).join(', ')})`);
    }
    // runDetection's JSON can carry anything here: null, a string, a list.
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new InvalidParameterError(`${name} must be an object of parameters, got ${JSON.stringify(params)}`);
    }
    const defaults = detector.defaults as Record<string, unknown>;
    const docs = detector.parameters as Record<string, ParameterDoc>;
    for (const [key, value] of Object.entries(params)) {
      // Own keys only: "__proto__" or "constructor" are in every object.
      if (!Object.hasOwn(defaults, key)) {
        throw new InvalidParameterError(
          `${name} has no parameter "${key}" (it has: ${Object.keys(defaults).join(', ')})`,
        );
      }
      if (typeof defaults[key] === 'string' && docs[key]?.max !== undefined) {
        checkNumberList(`${name}.${key}`, value, docs[key].max!);
        continue;
      }
      if (typeof value !== typeof defaults[key] || (typeof value === 'number' && !Number.isFinite(value))) {
        throw new InvalidParameterError(
          `${name}.${key} must be a ${typeof defaults[key]}, got ${JSON.stringify(value)}`,
        );
      }
      const [min, max] = parameterRange(docs[key]);
      if (typeof value === 'number' && (value < min || value > max)) {
        throw new InvalidParameterError(`${name}.${key} must be between ${min} and ${max}, got ${value}`);
      }
    }
  }
  return overrides;
}

/** Most numbers a list parameter (review-burst's windows) may hold: each is a pass over the reviews it scans. */
export const MAX_LIST_ITEMS = 10;

/**
 * A comma-separated list of numbers (a number alone is a list of one, as the CLI's --set gives it): each positive and
 * at most `max`, at least one and at most MAX_LIST_ITEMS, so a list is as bounded as a number.
 */
function checkNumberList(name: string, value: unknown, max: number): void {
  const items = typeof value === 'number' ? [value] : typeof value === 'string' ? value.split(',').map(Number) : [];
  if (!items.length || items.length > MAX_LIST_ITEMS || items.some((x) => !Number.isFinite(x) || x <= 0 || x > max)) {
    throw new InvalidParameterError(
      `${name} must be 1 to ${MAX_LIST_ITEMS} comma-separated numbers above 0 and at most ${max}, got ${JSON.stringify(value).slice(0, 100)}`,
    );
  }
}

/** What a parameter may be: nothing is negative, shares and scores are 0..1, ratings 1..5 stars, the rest up to its max. */
export function parameterRange(doc: ParameterDoc | undefined): [number, number] {
  const unit = doc?.unit ?? '';
  if (unit.includes('0..1')) return [0, Math.min(1, doc?.max ?? 1)];
  if (unit === 'stars') return [1, Math.min(5, doc?.max ?? 5)];
  // An undeclared bound refuses every override: a parameter gets one by declaring `max` (types.ts).
  return [0, doc?.max ?? 0];
}
