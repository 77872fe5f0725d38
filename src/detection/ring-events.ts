// What a detection run changed, as events: rings that are new, and rings that grew by at least a configured share.
import { Database } from '../db/database';
import { StoredRun } from './store';

export type RingEventType = 'RING_NEW' | 'RING_GREW';

export interface RingEvent {
  /** `<runId>:<ringId>`: one event per ring per run. */
  id: string;
  type: RingEventType;
  ringId: string;
  runId: string;
  /** When the run that saw it finished. */
  at: Date;
  kind: string;
  score: number;
  size: number;
  previousSize: number | null;
  explanation: string;
}

/** Events of a stored run: every ring without a predecessor, and every kept ring that grew by `growthShare` or more. */
export function ringEventsOf(run: StoredRun, growthShare: number): RingEvent[] {
  return run.changes.flatMap((c): RingEvent[] => {
    const type: RingEventType | null =
      c.previousSize === null
        ? 'RING_NEW'
        : c.size > c.previousSize && c.size >= c.previousSize * (1 + growthShare)
          ? 'RING_GREW'
          : null;
    if (!type) return [];
    const { ringId, kind, score, size, previousSize, explanation } = c;
    return [
      {
        id: `${run.id}:${ringId}`,
        type,
        ringId,
        runId: run.id,
        at: run.finishedAt,
        kind,
        score,
        size,
        previousSize,
        explanation,
      },
    ];
  });
}

export async function recordRingEvents(db: Database, events: RingEvent[]): Promise<void> {
  if (!events.length) return;
  await db.write('alerts/create-events', { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) });
}
