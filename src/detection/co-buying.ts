// Co-buying pairs (after SynchroTrap's matched actions): two accounts that bought several of the same products within
// hours of each other, tested against chance. A ring of three or four on popular products makes no burst a product's
// own traffic would notice, but each pair of its members matches on product after product, campaign after campaign.
//
// The null model of one pair at one window width w: account b's orders fall on products by their popularity and at
// times spread over each product's lifetime, so the chance that one of b's orders is a given order's product within
// ±w of it is share(p) · min(1, 2w / lifetime(p)). Summed over a's orders and times b's order count this is the
// expected number of matches λ (the larger of the two directions). The pair's matches k count distinct products
// (several matches on one product, as regulars have, count once), and P(≥ k | λ) is Poisson. A pair is linked when
// the best of its widths beats FAMILY_ALPHA over every pair of buyers times the widths tried (Bonferroni).
//
// Real shoppers are not spread evenly over the day: evenings crowd orders together. So λ is scaled, per width, by how
// much likelier two of the platform's orders are to fall within ±w of each other given the hours they are placed at
// (its profile over the day) than if they were spread evenly; crowds move that profile only by their share of orders.

import { FAMILY_ALPHA, logPoissonTail } from './null-model';
import { lowerBound, upperBound } from './support';

/** One product's orders sorted by time, with the buyer of each. */
export interface ProductHistory {
  productId: string;
  times: number[];
  buyers: string[];
}

export interface CoBuyingPair {
  a: string;
  b: string;
  /** ln P of the pair's matches at its best width. */
  logP: number;
  /** The best width (seconds): orders of one product at most this far apart are a match. */
  width: number;
  /** Distinct products matched at that width. */
  products: number;
  /** Matches chance predicts at that width. */
  expected: number;
}

/**
 * A cost bound, not a detection threshold: an order is scanned for matches only at the widths where at most this
 * many other orders of its product lie within ±w of it. Orders of a best-seller, or inside a flash sale, are scanned
 * at the narrower widths only, and the null model leaves them out of the wider ones in the same way, so the test
 * stays exact and no order walks more than this many neighbours.
 */
export const MAX_NEIGHBOURS = 250;

/**
 * A domain fact, not a fitted threshold: a ring buys together campaign after campaign, while one shared basket,
 * however many products it holds, is one coincidence of taste (a bundle bought together by strangers). So a pair's
 * matches must fall on at least two occasions, more than the width apart; the Poisson count of matched products
 * treats the products of one occasion as independent, which a popular bundle is not.
 */
export const MIN_OCCASIONS = 2;

/** Gaps (seconds, below 97 days: wider than the widest window allowed) packed beside a product index. */
const GAP_CODE = 2 ** 23;

interface Product {
  times: Float64Array;
  buyers: Int32Array;
  lifetime: number;
}

/**
 * Product histories gathered chunk by chunk as they are read (accounts interned, times in typed arrays, so a store's
 * millions of orders do not stay as rows), then searched for pairs.
 */
export class CoBuyingIndex {
  private readonly index = new Map<string, number>();
  private readonly accounts: string[] = [];
  private readonly products: Product[] = [];
  private readonly productIds: string[] = [];
  private readonly perAccount: number[][] = [];
  private total = 0;

  /**
   * @param platformOrders every order on the platform, when only some products are added (a scoped run): the products'
   *   shares are of those, not of the orders added.
   */
  constructor(
    private readonly widths: number[],
    private readonly platformOrders = 0,
  ) {}

  add(history: ProductHistory): void {
    const n = history.times.length;
    const j = this.products.length;
    const buyers = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let a = this.index.get(history.buyers[i]);
      if (a === undefined) {
        a = this.accounts.length;
        this.index.set(history.buyers[i], a);
        this.accounts.push(history.buyers[i]);
        this.perAccount.push([]);
      }
      buyers[i] = a;
      this.perAccount[a].push(j, i);
    }
    const lifetime = Math.max(1, n > 0 ? history.times[n - 1] - history.times[0] : 1);
    this.products.push({ times: Float64Array.from(history.times), buyers, lifetime });
    this.productIds.push(history.productId);
    this.total += n;
  }

  /** The orders of these accounts, by product: [time, account] sorted by time. */
  ordersOf(accountIds: Iterable<string>): Map<string, [number, string][]> {
    const out = new Map<string, [number, string][]>();
    for (const id of accountIds) {
      const a = this.index.get(id);
      if (a === undefined) continue;
      const orders = this.perAccount[a];
      for (let i = 0; i < orders.length; i += 2) {
        const productId = this.productIds[orders[i]];
        const row = out.get(productId) ?? out.set(productId, []).get(productId)!;
        row.push([this.products[orders[i]].times[orders[i + 1]], id]);
      }
    }
    for (const row of out.values()) row.sort((x, y) => x[0] - y[0]);
    return out;
  }

  /**
   * Every pair of buyers whose matches beat chance at some width. Work is account by account: the neighbours of
   * each of its orders within the product's widest scanned width, kept only when they match on at least
   * minProducts products, so the millions of pairs that share one product never pile up.
   */
  /** The pairs tested: every pair of buyers times the widths (the Bonferroni family of pairs()). */
  get family(): number {
    const n = this.accounts.length;
    return Math.max(1, ((n * (n - 1)) / 2) * this.widths.length);
  }

  /**
   * `pause`, when given, is awaited before each account's search: a caller serving requests passes its checkpoint, so
   * a search over tens of thousands of buyers gives the event loop back and stops at the request's deadline.
   */
  pairs(minProducts = 2, pause?: () => Promise<void>): Promise<CoBuyingPair[]> {
    const total = Math.max(this.total, this.platformOrders);
    return searchPairs(
      this.accounts,
      this.products,
      this.perAccount,
      total,
      this.widths,
      minProducts,
      this.family,
      pause,
    );
  }
}

/** Every pair of buyers of these histories whose matches beat chance at some width (widths ascending, seconds). */
export function coBuyingPairs(histories: ProductHistory[], widths: number[], minProducts = 2): Promise<CoBuyingPair[]> {
  const index = new CoBuyingIndex(widths);
  for (const h of histories) index.add(h);
  return index.pairs(minProducts);
}

/** One match of a pair: the product, the gap, the time of the account's own order, and that order's widest width. */
interface Match {
  j: number;
  gap: number;
  t: number;
  top: number;
}

async function searchPairs(
  accounts: string[],
  products: Product[],
  perAccount: number[][],
  total: number,
  widths: number[],
  minProducts: number,
  family: number,
  pause?: () => Promise<void>,
): Promise<CoBuyingPair[]> {
  const W = widths.length;
  if (W === 0) return [];
  const n = accounts.length;
  // Each order's widest width: the widest at which at most MAX_NEIGHBOURS other orders of its product lie within ±w.
  const topOf = perAccount.map((orders) => {
    const tops = new Int8Array(orders.length / 2);
    for (let i = 0; i < orders.length; i += 2) {
      const p = products[orders[i]];
      const t = p.times[orders[i + 1]];
      let top = -1;
      for (let k = 0; k < W; k++) {
        const near = upperBound(p.times, t + widths[k]) - lowerBound(p.times, t - widths[k]) - 1;
        if (near > MAX_NEIGHBOURS) break;
        top = k;
      }
      tops[i / 2] = top;
    }
    return tops;
  });
  // Sharper than even spreading, given the hours the platform's orders are placed at.
  const rhythm = dailyRhythm(products, widths);
  // Expected matches per order of b, by width: Σ over a's orders scanned at w of share · min(1, 2w / lifetime).
  const reach = new Float64Array(n * W);
  perAccount.forEach((orders, a) => {
    for (let i = 0; i < orders.length; i += 2) {
      const p = products[orders[i]];
      const share = p.times.length / Math.max(1, total);
      for (let k = 0; k <= topOf[a][i / 2]; k++)
        reach[a * W + k] += rhythm[k] * share * Math.min(1, (2 * widths[k]) / p.lifetime);
    }
  });
  const level = Math.log(FAMILY_ALPHA / family);
  const out: CoBuyingPair[] = [];
  const judgePair = (a: number, b: number, matches: Match[]) => {
    let best: CoBuyingPair | null = null;
    for (let k = 0; k < W; k++) {
      const inside = matches.filter((m) => m.gap <= widths[k] && m.top >= k);
      const products = new Set(inside.map((m) => m.j)).size;
      if (products < minProducts) continue;
      const times = inside.map((m) => m.t).sort((x, y) => x - y);
      let occasions = 1;
      for (let x = 1; x < times.length; x++) if (times[x] - times[x - 1] > widths[k]) occasions++;
      if (occasions < MIN_OCCASIONS) continue;
      const expected = (perAccount[b].length / 2) * reach[a * W + k];
      const logP = logPoissonTail(products, expected);
      if (!best || logP < best.logP)
        best = { a: accounts[a], b: accounts[b], logP, width: widths[k], products, expected };
    }
    if (best && best.logP <= level) out.push(best);
  };
  // Per neighbour of the current account, its matches. Most neighbours match once: that match is kept in flat maps
  // (product · GAP_CODE + gap, and the time and widest width of the account's order), and a list is made only for
  // those that match again.
  const first = new Map<number, number>();
  const firstAt = new Map<number, number>();
  const multi = new Map<number, Match[]>();
  for (let a = 0; a < n; a++) {
    if (pause) await pause();
    first.clear();
    firstAt.clear();
    multi.clear();
    const orders = perAccount[a];
    for (let i = 0; i < orders.length; i += 2) {
      const top = topOf[a][i / 2];
      if (top < 0) continue;
      const j = orders[i];
      const p = products[j];
      const widest = widths[top];
      const t = p.times[orders[i + 1]];
      for (const step of [-1, 1]) {
        for (let q = orders[i + 1] + step; q >= 0 && q < p.times.length; q += step) {
          const gap = Math.abs(p.times[q] - t);
          if (gap > widest) break;
          const b = p.buyers[q];
          if (b <= a) continue;
          const g = Math.min(GAP_CODE - 1, Math.round(gap));
          const mine = multi.get(b);
          if (mine) mine.push({ j, gap: g, t, top });
          else {
            const code = first.get(b);
            if (code === undefined) {
              first.set(b, j * GAP_CODE + g);
              firstAt.set(b, t * 32 + top);
            } else {
              const at = firstAt.get(b)!;
              const j0 = Math.floor(code / GAP_CODE);
              multi.set(b, [
                { j: j0, gap: code - j0 * GAP_CODE, t: Math.floor(at / 32), top: at % 32 },
                { j, gap: g, t, top },
              ]);
            }
          }
        }
      }
    }
    for (const [b, mine] of multi) judgePair(a, b, mine);
    if (minProducts <= 1)
      for (const [b, code] of first)
        if (!multi.has(b)) {
          const at = firstAt.get(b)!;
          const j = Math.floor(code / GAP_CODE);
          judgePair(a, b, [{ j, gap: code - j * GAP_CODE, t: Math.floor(at / 32), top: at % 32 }]);
        }
  }
  return out;
}

const DAY = 86400;
const BIN = 600;

/** P(|d + U| ≤ w) for U the difference of two uniform offsets within one bin (triangular on [−BIN, BIN]). */
function within(d: number, w: number): number {
  const cdf = (x: number) =>
    x <= -BIN ? 0 : x <= 0 ? (x + BIN) ** 2 / (2 * BIN * BIN) : x < BIN ? 1 - (BIN - x) ** 2 / (2 * BIN * BIN) : 1;
  return cdf(w - d) - cdf(-w - d);
}

/**
 * How much likelier two orders are to fall within ±w of each other than evenly spread times predict, given when in
 * the day the platform's orders are placed (10-minute bins over every order, times uniform within a bin): Σ over
 * bin offsets of the profile's circular autocorrelation times the chance that two orders that many bins apart are
 * within w, against the same sum for an even day. 1 for an even day and for widths of half a day or more.
 */
export function dailyRhythm(products: { times: ArrayLike<number> }[], widths: number[]): number[] {
  const bins = DAY / BIN;
  const q = new Float64Array(bins);
  let total = 0;
  for (const p of products)
    for (let i = 0; i < p.times.length; i++) {
      q[Math.floor((((p.times[i] % DAY) + DAY) % DAY) / BIN)]++;
      total++;
    }
  if (total === 0) return widths.map(() => 1);
  for (let x = 0; x < bins; x++) q[x] /= total;
  // Circular autocorrelation of the day's profile, by offset in bins.
  const c = new Float64Array(bins);
  for (let d = 0; d < bins; d++) for (let x = 0; x < bins; x++) c[d] += q[x] * q[(x + d) % bins];
  return widths.map((w) => {
    if (2 * w >= DAY - 2 * BIN) return 1;
    let near = 0;
    let even = 0;
    // Offsets −bins/2 < d ≤ bins/2, as the shorter way round the day.
    for (let d = -bins / 2 + 1; d <= bins / 2; d++) {
      const f = within(Math.abs(d) * BIN, w);
      if (f === 0) continue;
      near += c[(d + bins) % bins] * f;
      even += f / bins;
    }
    return even > 0 ? Math.max(1, near / even) : 1;
  });
}
