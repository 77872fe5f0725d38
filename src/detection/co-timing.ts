// Co-timing: whether the accounts of a group placed their orders at one shop together (within minutes, hours or
// days of each other) more often than their own number of orders there and the shop's own traffic explain. A studio
// runs its emulators through a campaign in one sitting, often on different products of the shop each time, so the
// product scan of the lockstep detector does not see it; people who merely share a network order when they like.
import { logPoissonTail } from './null-model';

/**
 * Half-widths (seconds) of the windows scanned: 20 minutes up by a factor of 4 to two weeks, the range issue 7 gives
 * for a campaign's window (10 minutes to 2 weeks) on the lockstep detector's scale.
 */
export const CO_TIMING_WIDTHS = [1200, 4800, 19200, 76800, 307200, 1209600];

/**
 * Weight, in orders, of an even spread over the data's span when the shop's own order times are few: a shop with
 * no other orders is judged against uniform timing, one with thousands against its own rhythm.
 */
const PRIOR_ORDERS = 20;

export interface CoTiming {
  /** ln p, Bonferroni over the windows scanned (two offsets of each width). */
  logP: number;
  /** The window (bucket width, seconds) that gave it. */
  window: number;
  /** Orders placed in a bucket with another member's, beyond the first member in each bucket. */
  companions: number;
  /** Such companions expected at the shop's own timing. */
  expected: number;
  /** Buckets holding two or more members. */
  sittings: number;
}

/**
 * The members' order times at the shop (one list per member) against the shop's other orders (sorted) over a data
 * span of `spanSeconds`. For each window w, the timeline is cut into buckets 2w wide at two offsets, so any orders
 * within w of each other share a bucket; in each bucket with k members, k − 1 are companions. If each member ordered
 * at times drawn from the shop's own timing, a pair of orders of two members shares a bucket with the chance that two
 * of the shop's other orders do (estimated from its pairs, shrunk towards an even spread), so pairs sharing a bucket
 * are about Poisson with mean Σ_{a<a'} n_a n_a' times that chance; companions are never more than such pairs, so the
 * Poisson tail of the companions is a conservative p. A lunch shop's orders all fall at noon, so colleagues at noon
 * are expected more often than at a shop whose buyers come at any hour; a live-stream seller's sessions likewise.
 * Null with fewer than two members who ordered there.
 */
export function logCoTiming(
  memberTimes: number[][],
  shopTimes: number[],
  spanSeconds: number,
  widths: number[] = CO_TIMING_WIDTHS,
): CoTiming | null {
  const members = memberTimes.filter((ts) => ts.length > 0);
  if (members.length < 2 || spanSeconds <= 0) return null;
  const total = members.reduce((s, ts) => s + ts.length, 0);
  const pairs = (total * total - members.reduce((s, ts) => s + ts.length * ts.length, 0)) / 2;
  const C = shopTimes.length;
  const tests = 2 * widths.length;
  let best: CoTiming | null = null;
  for (const w of widths) {
    const width = 2 * w;
    const even = Math.min(1, width / spanSeconds);
    for (const offset of [0, w]) {
      const bucketOf = (t: number) => Math.floor((t + offset) / width);
      // Pairs of the shop's own orders that share a bucket, over all its pairs: the unbiased estimate of the chance
      // that two orders drawn from its timing do (counting each order with itself would make a shop of 20 orders
      // look like it sells in bursts).
      let sharing = 0;
      let run = 0;
      for (let i = 0; i < C; i++) {
        run++;
        if (i === C - 1 || bucketOf(shopTimes[i + 1]) !== bucketOf(shopTimes[i])) {
          sharing += run * (run - 1);
          run = 0;
        }
      }
      const own = C >= 2 ? sharing / (C * (C - 1)) : 0;
      const trust = C / (C + PRIOR_ORDERS);
      const collision = Math.min(1, trust * own + (1 - trust) * even);
      const expected = pairs * collision;
      const present = new Map<number, number>();
      for (const ts of members) for (const b of new Set(ts.map(bucketOf))) present.set(b, (present.get(b) ?? 0) + 1);
      let companions = 0;
      let sittings = 0;
      for (const k of present.values())
        if (k >= 2) {
          companions += k - 1;
          sittings++;
        }
      if (companions === 0) continue;
      const logP = Math.min(0, logPoissonTail(companions, expected) + Math.log(tests));
      if (!best || logP < best.logP) best = { logP, window: width, companions, expected, sittings };
    }
  }
  return best ?? { logP: 0, window: 2 * widths[widths.length - 1], companions: 0, expected: 0, sittings: 0 };
}
