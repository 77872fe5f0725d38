// Stores a detection run's rings in the graph and makes it current atomically, then drops the old run's rings.
import crypto from 'node:crypto';
import { Database } from '../db/database';
import { rows } from '../db/values';
import { DetectedRing } from './types';

export interface StoredRun {
  id: string;
  rings: number;
  startedAt: Date;
  finishedAt: Date;
  /** Each stored ring with its size in the run before (null: a new ring), for ring events and alerts. */
  changes: RingChange[];
}

export interface RingChange {
  ringId: string;
  kind: string;
  score: number;
  explanation: string;
  size: number;
  previousSize: number | null;
}

const WRITE_BATCH = 200;

export function newRunId(at: Date): string {
  return `run-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${crypto.randomBytes(3).toString('hex')}`;
}

/** A ring of the run before, as the next run matches against it. */
interface PreviousRing {
  id: string;
  accountIds: string[];
  firstDetected: string;
}

/** The shape of a stored ring's id. */
export const RING_ID = /^ring-[0-9a-f]{10}$/;

/** Share of members two rings have in common (Jaccard) at which the new one keeps the old one's id. */
export const KEEP_ID_OVERLAP = 0.5;

/** A new ring's id: from its kind and members, so that the same data gives the same ids in any database. */
function freshId(ring: DetectedRing, taken: Set<string>): string {
  const members = ring.members.map((m) => m.accountId).sort();
  for (let attempt = 0; ; attempt++) {
    const hash = crypto.createHash('sha256').update(`${ring.kind}\n${members.join('\n')}\n${attempt}`);
    const id = `ring-${hash.digest('hex').slice(0, 10)}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * Ids for the new run's rings (in the order given): a ring that shares at least KEEP_ID_OVERLAP of its members
 * with a ring of the run before keeps that ring's id and first-detected time, best overlaps first, each old id
 * once; any other ring gets a fresh id, and a null first-detected time that the switch sets to the moment the
 * run becomes visible (so "new since T" never misses a run that started before T and finished after it).
 */
export function carryIds(
  rings: DetectedRing[],
  previous: PreviousRing[],
): { id: string; firstDetected: string | null }[] {
  // Rings stored before ids carried over were named `<runId>/<rank>`; those names are not worth keeping.
  // An id seen twice (two runs left current by a race) is matched once.
  const seenIds = new Set<string>();
  previous = previous.filter((p) => RING_ID.test(p.id) && !seenIds.has(p.id) && !!seenIds.add(p.id));
  const ringsOf = new Map<string, number[]>();
  previous.forEach((p, j) => {
    for (const a of p.accountIds) (ringsOf.get(a) ?? ringsOf.set(a, []).get(a)!).push(j);
  });
  const candidates: { overlap: number; i: number; j: number }[] = [];
  rings.forEach((ring, i) => {
    const shared = new Map<number, number>();
    for (const m of ring.members)
      for (const j of ringsOf.get(m.accountId) ?? []) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, both] of shared) {
      const overlap = both / (ring.members.length + previous[j].accountIds.length - both);
      if (overlap >= KEEP_ID_OVERLAP) candidates.push({ overlap, i, j });
    }
  });
  candidates.sort((a, b) => b.overlap - a.overlap || a.i - b.i || a.j - b.j);
  const result: ({ id: string; firstDetected: string | null } | undefined)[] = new Array(rings.length);
  const usedOld = new Set<number>();
  const taken = new Set<string>();
  for (const { i, j } of candidates) {
    if (result[i] || usedOld.has(j)) continue;
    usedOld.add(j);
    taken.add(previous[j].id);
    result[i] = { id: previous[j].id, firstDetected: previous[j].firstDetected };
  }
  return rings.map((ring, i) => {
    if (result[i]) return result[i]!;
    const id = freshId(ring, taken);
    taken.add(id);
    return { id, firstDetected: null };
  });
}

export async function storeRun(
  db: Database,
  rings: DetectedRing[],
  meta: { startedAt: Date; parameters: object; timings: Record<string, number> },
): Promise<StoredRun> {
  const id = newRunId(meta.startedAt);
  await db.write('rings/create-run', {
    id,
    startedAt: meta.startedAt.toISOString(),
    parameters: JSON.stringify(meta.parameters),
  });
  const ordered = [...rings].sort((a, b) => b.score - a.score);
  const changes: RingChange[] = [];
  try {
    const previous = rows<{ id: string; members: { accountId: string }[]; firstDetected: string }>(
      await db.read('rings/current-members'),
    ).map(({ id, members, firstDetected }) => ({ id, accountIds: members.map((m) => m.accountId), firstDetected }));
    const ids = carryIds(ordered, previous);
    const previousSize = new Map(previous.map((p) => [p.id, p.accountIds.length]));
    ordered.forEach((r, i) =>
      changes.push({
        ringId: ids[i].id,
        kind: r.kind,
        score: r.score,
        explanation: r.explanation,
        size: r.members.length,
        previousSize: ids[i].firstDetected === null ? null : (previousSize.get(ids[i].id) ?? null),
      }),
    );
    for (let i = 0; i < ordered.length; i += WRITE_BATCH) {
      const batch = ordered.slice(i, i + WRITE_BATCH).map((r, j) => ({
        ...r,
        ...ids[i + j],
        members: r.members.map((m) => ({ ...m, role: m.role ?? 'member', signals: m.signals ?? r.signals })),
        firstActivity: r.firstActivity?.toISOString() ?? null,
        lastActivity: r.lastActivity?.toISOString() ?? null,
      }));
      await db.write('rings/write-rings', { runId: id, rings: batch });
    }
  } catch (error) {
    // Also when the run stopped at its deadline: the half-written run goes, whatever time is left.
    await db.withoutDeadline().autoCommit('rings/delete-failed-run', { runId: id });
    throw error;
  }
  const finishedAt = new Date();
  await db.write('rings/switch-run', {
    id,
    finishedAt: finishedAt.toISOString(),
    ringCount: ordered.length,
    timings: JSON.stringify(meta.timings),
  });
  // The run is current: clearing up after it does not fail it at the deadline of the run or request.
  const after = db.withoutDeadline();
  // A run still writing after twice the detection timeout belongs to a process that is gone.
  await after.write('rings/mark-abandoned-runs', {
    abandonedAfterSeconds: Math.ceil((2 * db.detectionTimeoutMs) / 1000),
  });
  await after.autoCommit('rings/delete-stale-rings');
  return { id, rings: ordered.length, startedAt: meta.startedAt, finishedAt, changes };
}

export interface CurrentRun {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  parameters: string;
  ringCount: number;
  timings: string;
}

export async function currentRun(db: Database): Promise<CurrentRun | null> {
  return rows<{ run: CurrentRun }>(await db.read('rings/current-run'))[0]?.run ?? null;
}

/** A run by id, current or not (the run a stored ring was read from). */
export async function runById(db: Database, id: string): Promise<CurrentRun | null> {
  return rows<{ run: CurrentRun }>(await db.read('rings/run-by-id', { id }))[0]?.run ?? null;
}
