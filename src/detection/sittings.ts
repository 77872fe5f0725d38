// Sittings: lockstep too small to make any product's sales burst. Four recruits who buy five of a shop's popular
// products in one sitting each, within the same few hours, campaign after campaign, add four orders to products that
// sell dozens a day: no product's history shows them. What does show is the trio: three accounts whose sittings
// (several products within one shopping session) meet on the same product within hours, campaign after campaign,
// where the product's own rhythm makes such meetings rare. A pair is not enough: two sittings meet by chance often
// enough that, among all the pairs of a platform's co-buyers, two or three campaigns are no evidence; three sittings
// meeting is the square of that chance.
import { logPoissonTail } from './null-model';

export interface SittingOrder {
  accountId: string;
  orderId: string;
  productId: string;
  t: number;
  browse: number | null;
}

/** An order that is part of a sitting, with the sitting's number (unique over all accounts). */
export interface SatOrder extends SittingOrder {
  sitting: number;
}

/**
 * A shopping session ends after 30 minutes without an order: the session timeout web analytics use (Google
 * Analytics' default). Issue 7's loose lockstep buys "all targets in one sitting".
 */
export const SITTING_GAP_SECONDS = 1800;

/**
 * Half-widths (seconds) within which two members' orders of a product meet: 20 minutes up fourfold to about a day,
 * the coordinated-purchase scan's scale up to its first width beyond "windows of hours" (issue 7, pattern 5); wider
 * campaigns are left to the product scan, which sees them once groups are large enough to burst.
 */
export const SITTING_WIDTHS = [1200, 4800, 19200, 76800];

/**
 * Weight, in orders, of an even spread over the data's span when a product's own rhythm holds few orders (as
 * co-timing's): the share of its orders near a time is estimated from them, shrunk towards the even spread.
 */
const PRIOR_ORDERS = 20;
/** Meetings per sitting order beyond which a product's pairs are not listed (see skipped). */
const CROWD_MEETINGS = 32;

/**
 * The orders that are part of a sitting: an account's orders split where 30 minutes pass without one, kept where a
 * sitting holds two or more products (the first order of each product in it). One product at a time is how most
 * people shop, and how colleagues order lunch; a shopping list bought in one go is what a campaign asks for.
 */
export function sittingOrders(orders: SittingOrder[], gapSeconds = SITTING_GAP_SECONDS): SatOrder[] {
  const byAccount = new Map<string, SittingOrder[]>();
  for (const o of orders) (byAccount.get(o.accountId) ?? byAccount.set(o.accountId, []).get(o.accountId)!).push(o);
  const out: SatOrder[] = [];
  let sitting = 0;
  for (const mine of byAccount.values()) {
    mine.sort((x, y) => x.t - y.t);
    for (let i = 0; i < mine.length;) {
      let j = i + 1;
      while (j < mine.length && mine[j].t - mine[j - 1].t <= gapSeconds) j++;
      const first = new Map<string, SittingOrder>();
      for (let k = i; k < j; k++) if (!first.has(mine[k].productId)) first.set(mine[k].productId, mine[k]);
      if (first.size >= 2) {
        for (const o of first.values()) out.push({ ...o, sitting });
        sitting++;
      }
      i = j;
    }
  }
  return out;
}

/** Three accounts whose sittings met on more campaigns than the products' own rhythm explains. */
export interface SittingTrio {
  members: [string, string, string];
  /** ln p of the campaigns, before the correction for the trios and widths tested. */
  logP: number;
  /** Campaigns the three met in: their sittings' meetings, split where more than two windows pass. */
  campaigns: number;
  /** Meetings of their sittings expected at the products' own rhythm. */
  expected: number;
  /** Half-width (seconds) of the window that gave the trio. */
  width: number;
  /** Products they met on. */
  products: string[];
}

export interface SittingTrios {
  trios: SittingTrio[];
  /**
   * Trios tested: at each width, the trios of accounts that bought one product in sittings, over the products not
   * left out at that width (those whose sittings could meet there), summed over the widths.
   */
  tested: number;
  /** ln of the Bonferroni level a trio passed: FAMILY_ALPHA over the trios tested. */
  level: number;
}

interface ProductSittings {
  /** Sitting orders sorted by time. */
  orders: SatOrder[];
  accounts: Int32Array;
  times: Float64Array;
}

/**
 * Whether a product is left out at width w: when its sitting orders each expect another within w even if spread
 * evenly over the span, a meeting there is no evidence; and when they each met more than CROWD_MEETINGS others
 * within w, it is a crowd's product (a flash sale's thousands in one hour), whose meetings are not listed (a group
 * that large makes the product burst in the product scan instead).
 */
function skipped({ times }: ProductSittings, w: number, spanSeconds: number): boolean {
  if ((times.length * 2 * w) / Math.max(1, spanSeconds) >= 1) return true;
  let within = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] > w) j++;
    within += i - j;
  }
  return within > CROWD_MEETINGS * times.length;
}

/** Campaigns in meeting times: split where more than two windows pass. */
function campaignsOf(times: number[], w: number): number {
  let campaigns = 0;
  let last = -Infinity;
  for (const t of [...times].sort((x, y) => x - y)) {
    if (t - last > 2 * w) campaigns++;
    last = t;
  }
  return campaigns;
}

/** A trio's key: its accounts' indices in order (a string: three indices of a million accounts overflow a double). */
function trioKey(x: number, y: number, z: number): string {
  if (x > y) [x, y] = [y, x];
  if (y > z) [y, z] = [z, y];
  if (x > y) [x, y] = [y, x];
  return `${x},${y},${z}`;
}

/**
 * Trios of accounts whose sittings met on more campaigns than chance gives. Three sittings meet when each has an
 * order of one product, all within w; a trio's meetings closer than two windows are one campaign. Under the null,
 * sittings fall at the products' own rhythm: given a sitting of a, a sitting of b that shares products with it lands
 * within w with the share of those products' rhythm there (their mean: b's time drawn from their mixture), and
 * c's likewise, so the trio's expected meetings sum the products of those chances over a's sittings (the largest of
 * the three ways round). A flash sale's or a live stream's buyers, who all come in the same minutes, expect to meet.
 * Campaigns are at most meetings, so the Poisson tail of the campaigns is a conservative p; the products a sitting
 * holds are not counted as more evidence (sittings that share six products met once, not six times). Significant at
 * FAMILY_ALPHA over every trio of accounts that shares a sitting product, at every width where that product's
 * sittings could meet.
 *
 * The rhythm is the product's among accounts that met no one on two campaigns: those that did are left out of it,
 * so that a popular product a ring buys in most of its sittings does not make the ring's own meetings look
 * expected, while a flash sale's crowd, who meet at the sale and never again, keeps its burst in the rhythm. (A live
 * stream's regulars, who meet session after session, are left to the ratings test, as they are in the product scan.)
 */
export function sittingTrios(
  orders: SatOrder[],
  spanSeconds: number,
  alpha: number,
  widths: number[] = SITTING_WIDTHS,
): SittingTrios {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const indexOf = (a: string) => index.get(a) ?? (index.set(a, ids.length), ids.push(a), ids.length - 1);
  const grouped = new Map<string, SatOrder[]>();
  for (const o of orders) (grouped.get(o.productId) ?? grouped.set(o.productId, []).get(o.productId)!).push(o);
  const products = new Map<string, ProductSittings>();
  /** Per account, its sittings: per sitting, the time of its order of each product. */
  const sittingsOf = new Map<number, Map<number, Map<string, number>>>();
  /** Per account, the sorted times of its sitting orders of each product. */
  const timesOf = new Map<number, Map<string, number[]>>();
  const buyersOf = new Map<string, number>();
  for (const [productId, os] of grouped) {
    os.sort((x, y) => x.t - y.t);
    const accounts = Int32Array.from(os, (o) => indexOf(o.accountId));
    os.forEach((o, i) => {
      const mine = sittingsOf.get(accounts[i]) ?? sittingsOf.set(accounts[i], new Map()).get(accounts[i])!;
      (mine.get(o.sitting) ?? mine.set(o.sitting, new Map()).get(o.sitting)!).set(productId, o.t);
      const own = timesOf.get(accounts[i]) ?? timesOf.set(accounts[i], new Map()).get(accounts[i])!;
      (own.get(productId) ?? own.set(productId, []).get(productId)!).push(o.t);
    });
    buyersOf.set(productId, new Set(accounts).size);
    products.set(productId, { orders: os, accounts, times: Float64Array.from(os, (o) => o.t) });
  }
  const n = ids.length;
  const lefts = widths.map(
    (w) => new Set([...products].filter(([, p]) => skipped(p, w, spanSeconds)).map(([productId]) => productId)),
  );
  let tested = 0;
  lefts.forEach((left) => {
    for (const [productId, b] of buyersOf) if (!left.has(productId)) tested += (b * (b - 1) * (b - 2)) / 6;
  });
  const level = Math.log(alpha / Math.max(1, tested));
  const best = new Map<string, SittingTrio>();
  for (const [k, w] of widths.entries()) {
    const even = Math.min(1, (2 * w) / Math.max(1, spanSeconds));
    const left = lefts[k];
    // Pairs' meetings first: a trio that met on two campaigns is three pairs that did, so only those are listed.
    const pairOf = (x: number, y: number) => Math.min(x, y) * n + Math.max(x, y);
    const pairTimes = new Map<number, number[]>();
    const within = (
      productId: string,
      f: (accounts: Int32Array, times: Float64Array, i: number, j: number) => void,
    ) => {
      const { accounts, times } = products.get(productId)!;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (j < times.length && times[j] - times[i] <= w) j++;
        f(accounts, times, i, j);
      }
    };
    const open = [...products.keys()].filter((productId) => !left.has(productId));
    for (const productId of open)
      within(productId, (accounts, times, i, j) => {
        for (let x = i + 1; x < j; x++) {
          if (accounts[x] === accounts[i]) continue;
          const key = pairOf(accounts[i], accounts[x]);
          (pairTimes.get(key) ?? pairTimes.set(key, []).get(key)!).push(times[i]);
        }
      });
    const repeatedPairs = new Set<number>();
    const repeated = new Set<number>();
    for (const [key, times] of pairTimes)
      if (campaignsOf(times, w) >= 2) {
        repeatedPairs.add(key);
        repeated.add(Math.floor(key / n)).add(key % n);
      }
    const trioMeetings = new Map<string, { times: number[]; products: Set<string> }>();
    for (const productId of open)
      within(productId, (accounts, times, i, j) => {
        for (let x = i + 1; x < j; x++) {
          if (!repeatedPairs.has(pairOf(accounts[i], accounts[x]))) continue;
          for (let y = x + 1; y < j; y++) {
            if (
              !repeatedPairs.has(pairOf(accounts[i], accounts[y])) ||
              !repeatedPairs.has(pairOf(accounts[x], accounts[y]))
            )
              continue;
            const trio = trioKey(accounts[i], accounts[x], accounts[y]);
            const m = trioMeetings.get(trio) ?? trioMeetings.set(trio, { times: [], products: new Set() }).get(trio)!;
            m.times.push(times[i]);
            m.products.add(productId);
          }
        }
      });
    const rhythm = new Map<string, Float64Array>();
    for (const [productId, p] of products)
      if (!left.has(productId))
        rhythm.set(
          productId,
          p.times.filter((_t, i) => !repeated.has(p.accounts[i])),
        );
    /**
     * Share of the product's rhythm within w of t, the two accounts' own orders taken out (the third's stay in: the
     * share only grows, which is conservative, and it can be kept per pair of sittings and account), shrunk to the
     * even spread.
     */
    const share = (productId: string, t: number, pair: [number, number]): number => {
      const times = rhythm.get(productId)!;
      let near = countWithin(times, t, w);
      let total = times.length;
      for (const x of pair) {
        const own = repeated.has(x) ? undefined : timesOf.get(x)!.get(productId);
        if (!own) continue;
        total -= own.length;
        near -= countWithin(own, t, w);
      }
      return (Math.max(0, near) + PRIOR_ORDERS * even) / (Math.max(0, total) + PRIOR_ORDERS);
    };
    /**
     * Expected sittings of b within w of a's sitting sa: for each sitting of b that shares products with sa, its time
     * drawn from the mixture of the shared products' rhythms (the mean of their shares near sa's orders).
     */
    const toward = new Map<string, number>();
    const expectedNear = (a: number, sitting: number, sa: Map<string, number>, b: number): number => {
      const key = `${sitting}:${b}`;
      const cached = toward.get(key);
      if (cached !== undefined) return cached;
      let q = 0;
      for (const sb of sittingsOf.get(b)!.values()) {
        let sum = 0;
        let shared = 0;
        for (const [productId, ta] of sa)
          if (sb.has(productId) && !left.has(productId)) {
            sum += share(productId, ta, [a, b]);
            shared++;
          }
        if (shared > 0) q += sum / shared;
      }
      toward.set(key, q);
      return q;
    };
    for (const [key, m] of trioMeetings) {
      const k = campaignsOf(m.times, w);
      if (k < 2) continue;
      const trio = key.split(',').map(Number);
      let expected = 0;
      for (let r = 0; r < 3; r++) {
        const [a, b, c] = [trio[r], trio[(r + 1) % 3], trio[(r + 2) % 3]];
        let sum = 0;
        for (const [sitting, sa] of sittingsOf.get(a)!) {
          const qb = expectedNear(a, sitting, sa, b);
          if (qb > 0) sum += qb * expectedNear(a, sitting, sa, c);
        }
        expected = Math.max(expected, sum);
      }
      const logP = logPoissonTail(k, expected);
      const seen = best.get(key);
      if (!seen || logP < seen.logP)
        best.set(key, {
          members: [ids[trio[0]], ids[trio[1]], ids[trio[2]]],
          logP,
          campaigns: k,
          expected,
          width: w,
          products: [...m.products].sort(),
        });
    }
  }
  const trios = [...best.values()].filter((x) => x.logP <= level).sort((x, y) => x.logP - y.logP);
  return { trios, tested, level };
}

/** How many of the sorted times lie within w of t. */
function countWithin(times: ArrayLike<number>, t: number, w: number): number {
  return lowerBound(times, t + w, true) - lowerBound(times, t - w, false);
}

/** First index whose time is above x (after) or at least x. */
function lowerBound(times: ArrayLike<number>, x: number, after: boolean): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after ? times[mid] <= x : times[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
