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
}

const WRITE_BATCH = 200;

export function newRunId(at: Date): string {
  return `run-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${crypto.randomBytes(3).toString('hex')}`;
}

/** Ring ids are `<runId>/<n>`, n by descending score, so the strongest ring of a run is /1. */
export function ringId(runId: string, index: number): string {
  return `${runId}/${index + 1}`;
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
  try {
    for (let i = 0; i < ordered.length; i += WRITE_BATCH) {
      const batch = ordered.slice(i, i + WRITE_BATCH).map((r, j) => ({
        ...r,
        id: ringId(id, i + j),
        members: r.members.map((m) => ({ ...m, role: m.role ?? 'member' })),
        firstActivity: r.firstActivity?.toISOString() ?? null,
        lastActivity: r.lastActivity?.toISOString() ?? null,
      }));
      await db.write('rings/write-rings', { runId: id, rings: batch });
    }
  } catch (error) {
    await db.autoCommit('rings/delete-failed-run', { runId: id });
    throw error;
  }
  const finishedAt = new Date();
  await db.write('rings/switch-run', {
    id,
    finishedAt: finishedAt.toISOString(),
    ringCount: ordered.length,
    timings: JSON.stringify(meta.timings),
  });
  // A run still writing after twice the detection timeout belongs to a process that is gone.
  await db.write('rings/mark-abandoned-runs', {
    abandonedAfterSeconds: Math.ceil((2 * db.detectionTimeoutMs) / 1000),
  });
  await db.autoCommit('rings/delete-stale-rings');
  return { id, rings: ordered.length, startedAt: meta.startedAt, finishedAt };
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
