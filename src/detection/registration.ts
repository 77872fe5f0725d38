// Registration bursts: accounts created within minutes or hours of each other, against the platform's own
// registrations. Farms register their accounts in one burst (issue 7: "often the accounts were registered in one
// burst"); people who happen to share a network or a shop registered whenever they joined.
import { Database } from '../db/database';
import { rows } from '../db/values';
import { lowerBound } from './support';

const HOUR = 3600;

/** The platform's registrations per hour: how many accounts were created in any stretch of time. */
export class Registrations {
  private readonly hours: number[];
  private readonly before: number[];
  readonly total: number;

  constructor(perHour: { hour: number; accounts: number }[]) {
    const sortedHours = [...perHour].sort((a, b) => a.hour - b.hour);
    this.hours = sortedHours.map((h) => h.hour);
    this.before = [0];
    for (const h of sortedHours) this.before.push(this.before[this.before.length - 1] + h.accounts);
    this.total = this.before[this.before.length - 1];
  }

  /** Share of all accounts registered in the whole hours from `from` to `to` (epoch seconds), both included. */
  shareBetween(from: number, to: number): number {
    if (this.total === 0) return 1;
    const a = lowerBound(this.hours, Math.floor(from / HOUR));
    const b = lowerBound(this.hours, Math.floor(to / HOUR) + 1);
    return (this.before[b] - this.before[a]) / this.total;
  }
}

/** Fewest accounts a registration burst is tested for: two registered together is a coincidence, three a group. */
export const MIN_BURST_ACCOUNTS = 3;

/**
 * ln p that `times.length` accounts picked at random from the platform's registrations were all created within a
 * span as short as theirs: k · q^(k−1), where q is the share of the platform's accounts registered within that span
 * on either side of theirs (the local density, so a platform-wide launch day or an import that stamped every account
 * with one date is no burst). For k uniform draws over T, P(span ≤ s) ≤ k (s/T)^(k−1). Null when fewer than
 * MIN_BURST_ACCOUNTS times are known (reviews-only data often has no registration dates).
 */
export function logRegistrationBurst(times: number[], registrations: Registrations): number | null {
  if (times.length < MIN_BURST_ACCOUNTS || registrations.total === 0) return null;
  const first = Math.min(...times);
  const last = Math.max(...times);
  const span = last - first;
  const q = registrations.shareBetween(first - span, last + span);
  const k = times.length;
  return Math.min(0, Math.log(k) + (k - 1) * Math.log(Math.max(q, Number.MIN_VALUE)));
}

export async function readRegistrations(db: Database): Promise<Registrations> {
  return new Registrations(rows<{ hour: number; accounts: number }>(await db.read('detection/registration-hours')));
}
