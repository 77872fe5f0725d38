// Coordinated purchases (lockstep, after CopyCatch): the same accounts buying the same products, each product within
// its own window, tested against chance and against how the products' other buyers rate.
//
// 1. Bursts: each product's order times are scanned at window widths from minutes to weeks; a bucket is a burst when
//    its orders are improbable under the product's own rate (Poisson scan statistic, Bonferroni over the buckets of
//    the scan), so there is no largest burst and a popular product needs a burst proportionate to its traffic.
// 2. Candidate groups: Louvain communities of the bursts linked by the accounts they share, each shared account
//    weighted by the bursts' rarity (1/log(buyers + 5)): a flash sale's thousands weigh little, a ring's dozen a lot.
//    Co-buying pairs (co-buying.ts) are a second source, for rings too small to make a burst of a popular product:
//    pairs of accounts matching on several products within hours, tested against chance; their Louvain communities
//    get windows from the members' own orders, and are judged in one family with the burst groups.
// 3. Each group is judged by two tests that must both hold (an intersection–union test, p = the larger p):
//    coordination — the group's member–product purchases inside the group's windows against what each member's own
//    activity and each product's popularity predict (Poisson); ratings — of the reviews the group wrote of those
//    purchases, how many are boosting against the share among the products' other reviewers and the platform's
//    (binomial; with too few other reviews, boosting reviews per purchase against the products' other buyers).
//    Innocent crowds (lunch colleagues, live-stream audiences, flash sales) pass the first and fail the second: they
//    rate as they like.
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import { Database } from '../db/database';
import { rows } from '../db/values';
import { MIN_SHOP_EVENTS, readBaseRates } from './base-rates';
import { CoBuyingIndex, CoBuyingPair, ProductHistory } from './co-buying';
import {
  FAMILY_ALPHA,
  discoveryTests,
  judge,
  logBinomialTail,
  logPoissonTail,
  median,
  pText,
  rarityWeight,
  Significance,
} from './null-model';
import {
  capped,
  componentsOf,
  dateOf,
  hasScope,
  hours,
  inChunks,
  mapPaced,
  score,
  seededRandom,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface CoordinatedPurchaseParameters {
  /** Narrowest window scanned for bursts. */
  minWindowMinutes: number;
  /** Widest window scanned for bursts. */
  maxWindowHours: number;
  /** Fewest accounts in a ring, and fewest of its members buying one product together. */
  minGroupSize: number;
  /** Fewest products a ring buys together, and fewest each member takes part in. */
  minProducts: number;
  /** A boosting review counts when written this soon after the order. */
  reviewWithinHours: number;
  /** Rating that counts as a boosting review. */
  minRating: number;
  /** Rings scoring below this are dropped. */
  minScore: number;
}

const defaults: CoordinatedPurchaseParameters = {
  minWindowMinutes: 20,
  maxWindowHours: 336,
  minGroupSize: 3,
  minProducts: 2,
  reviewWithinHours: 720,
  minRating: 5,
  minScore: 0.5,
};

const PRODUCT_CHUNK = 500;
const EPISODE_CHUNK = 500;
const MAX_PRUNING_ROUNDS = 20;
/** Window widths grow by this factor from minWindowMinutes to maxWindowHours. */
const SCALE_FACTOR = 4;
/** Weight, in orders, of the platform's base rate when estimating a product's own boosting rate from few orders. */
const PRIOR_ORDERS = 20;

/** A burst found by the scan: the orders of one product in [start, end], improbable under its own rate. */
export interface Burst {
  start: number;
  end: number;
  /** Width of the bucket the burst was found in (seconds): the window the null model charges a member for. */
  width: number;
  orders: number;
  logP: number;
}

/** Window widths (seconds) scanned: from the narrowest up by SCALE_FACTOR until the widest. */
export function scanWidths(params: Pick<CoordinatedPurchaseParameters, 'minWindowMinutes' | 'maxWindowHours'>) {
  const widths: number[] = [];
  const max = Math.max(params.maxWindowHours * 3600, params.minWindowMinutes * 60);
  for (let w = params.minWindowMinutes * 60; w < max * SCALE_FACTOR && w > 0; w *= SCALE_FACTOR)
    widths.push(Math.min(w, max));
  return [...new Set(widths)];
}

/**
 * Multi-scale Poisson scan of one product's sorted order times. Buckets are two windows wide at two offsets, so any
 * set of orders within one window falls whole into a bucket. Narrow windows go first; orders a narrower burst took
 * are not counted again, so a flash sale does not make every wider window around it a burst too. A bucket is a burst
 * when P(≥ its orders | the product's rate over the span) is below FAMILY_ALPHA over the number of buckets scanned.
 */
export function scanBursts(times: number[], spanSeconds: number, widths: number[], minOrders: number): Burst[] {
  const n = times.length;
  if (n < minOrders || spanSeconds <= 0) return [];
  const rate = n / spanSeconds;
  const taken = new Uint8Array(n);
  const buckets = widths.reduce((s, w) => s + 2 * Math.ceil(spanSeconds / (2 * w) + 1), 0);
  const level = Math.log(FAMILY_ALPHA / buckets);
  const out: Burst[] = [];
  for (const w of widths) {
    const width = 2 * w;
    const lambda = rate * width;
    for (const offset of [0, w]) {
      let i = 0;
      while (i < n) {
        const bucket = Math.floor((times[i] + offset) / width);
        let j = i;
        let count = 0;
        while (j < n && Math.floor((times[j] + offset) / width) === bucket) {
          if (!taken[j]) count++;
          j++;
        }
        if (count >= minOrders && count > lambda) {
          const logP = logPoissonTail(count, lambda);
          if (logP <= level) {
            let start = Infinity;
            let end = -Infinity;
            for (let k = i; k < j; k++)
              if (!taken[k]) {
                taken[k] = 1;
                start = Math.min(start, times[k]);
                end = Math.max(end, times[k]);
              }
            // Half a window either side: a group's window that a bucket edge cut keeps its stragglers.
            out.push({ start: start - w / 2, end: end + w / 2, width, orders: count, logP });
          }
        }
        i = j;
      }
    }
  }
  return mergeAdjacent(out);
}

/** Bursts of one product closer than a window apart are one episode (a group's window split by a bucket edge). */
export function mergeAdjacent(bursts: Burst[]): Burst[] {
  const out: Burst[] = [];
  for (const b of [...bursts].sort((x, y) => x.start - y.start)) {
    const last = out[out.length - 1];
    if (last && b.start - last.end <= Math.max(last.width, b.width) / 2) {
      last.end = Math.max(last.end, b.end);
      last.width += b.width;
      last.orders += b.orders;
      last.logP = Math.min(last.logP, b.logP);
    } else out.push({ ...b });
  }
  return out;
}

interface PlacedOrder {
  accountId: string;
  orderId: string;
  t: number;
  browse: number | null;
}

export interface Episode extends Burst {
  id: string;
  productId: string;
  /** Orders in the burst by buyer (the first order of each). */
  buyers: Map<string, PlacedOrder>;
}

interface Review {
  accountId: string;
  productId: string;
  id: string;
  rating: number;
  at: number;
}

interface ProductCounts {
  productId: string;
  orders: number;
  boosting: number;
  reviews: number;
}

/** The plain numbers a lockstep group is judged by. */
export interface LockstepProfile {
  members: number;
  products: number;
  /** Member–product purchases inside the group's windows. */
  hits: number;
  /** Such purchases expected if every member bought at its own rate, spread over products by their popularity. */
  expectedHits: number;
  /** Of the hits, those with a boosting review within reviewWithinHours. */
  boosted: number;
  /** Chance of a boosting review per order: the platform's base rate, or the products' other buyers' if higher. */
  boostRate: number;
  /** Of the hits, those with any review within reviewWithinHours. */
  reviewed: number;
  /**
   * Boosting share of a review: the platform's, or the products' other reviewers' if higher; null when the platform
   * has too few reviews besides the group's to say (the test is then left out).
   */
  extremeShare: number | null;
}

export interface LockstepJudgement extends Significance {
  logPCoordination: number;
  logPPurpose: number;
  /** Null when the data cannot inform the test. */
  logPExtremity: number | null;
  logP: number;
}

/**
 * Two tests must both hold: coordination beyond chance, and ratings beyond what the products' other buyers give.
 * The ratings test asks, of the purchases the group reviewed, whether the boosting share beats the products' other
 * reviewers' and the platform's (a ring's reviews are the 5-stars it was paid for; a flash-sale crowd that reviews
 * more often than most rates as everyone does). It does not ask how many purchases were reviewed at all: a ring
 * paid for only a third of its orders' reviews still writes nothing but 5-stars, and how often a platform's buyers
 * review is a habit of the platform, not of the ring. Where the platform has too few other reviews to give that
 * share, the ratings test falls back to boosting reviews per purchase against the products' other buyers.
 */
export function judgeLockstep(
  profile: LockstepProfile,
  tests: number,
  /** ln p of the coordination when it was tested elsewhere (a co-buying group's strongest pair, family-adjusted). */
  coordination?: number,
): LockstepJudgement {
  const logPCoordination = coordination ?? logPoissonTail(profile.hits, profile.expectedHits);
  const logPPurpose = logBinomialTail(profile.boosted, profile.hits, profile.boostRate);
  const logPExtremity =
    profile.extremeShare === null ? null : logBinomialTail(profile.boosted, profile.reviewed, profile.extremeShare);
  const logP = Math.max(logPCoordination, logPExtremity ?? logPPurpose);
  return { ...judge(logP, tests), logPCoordination, logPPurpose, logPExtremity, logP };
}

interface Group {
  members: string[];
  /**
   * The group's episodes per product: a burst group's, those where at least minGroupSize members bought; a co-buying
   * group's, those where at least two did.
   */
  windows: Map<string, Episode[]>;
  /** For each member, the first order of each product it bought in the group's windows. */
  cells: Map<string, Map<string, PlacedOrder>>;
  /**
   * A co-buying group's strongest pair and the number of pairs tested with it: its coordination evidence (its
   * windows are built around its own orders, so its purchases in them prove nothing).
   */
  linked?: CoBuyingPair & { family: number };
}

interface Context {
  spanSeconds: number;
  totalOrders: number;
  productTotals: Map<string, number>;
}

async function readSpan(db: Database): Promise<{ first: number; last: number; orders: number } | null> {
  const span = rows<{ first: number | null; last: number | null; orders: number }>(
    await db.read('detection/coordinated-span'),
  )[0];
  return span && span.first !== null && span.last !== null
    ? { first: span.first, last: span.last, orders: span.orders }
    : null;
}

/** Products whose histories are scanned: every product with enough orders, or a scoped run's two hops. */
async function productsToScan(
  db: Database,
  params: CoordinatedPurchaseParameters,
  spanSeconds: number,
  scope?: Scope,
): Promise<string[]> {
  if (!hasScope(scope)) {
    const all = rows<{ id: string }>(
      await db.read('detection/coordinated-products', { minBurstBuyers: params.minGroupSize }),
    );
    return all.map((r) => r.id);
  }
  // Who burst together with the scope, then everything enough of them bought.
  const first = rows<{ id: string }>(
    await db.read('detection/coordinated-scope-products', {
      accountId: scope.accountId ?? null,
      productId: scope.productId ?? null,
      merchantId: scope.merchantId ?? null,
    }),
  ).map((r) => r.id);
  const { episodes } = await readEpisodes(db, first, params, spanSeconds);
  const buyers = new Set<string>();
  for (const e of episodes)
    if (!scope.accountId || e.buyers.has(scope.accountId)) for (const a of e.buyers.keys()) buyers.add(a);
  // The scope's own products are scanned too: a ring too small to burst is found through its pairs on them.
  if (buyers.size === 0) return first;
  const around = rows<{ id: string }>(
    await db.read('detection/coordinated-products-of-accounts', {
      accountIds: [...buyers],
      minBuyers: params.minGroupSize,
    }),
  ).map((r) => r.id);
  return sorted(new Set([...first, ...around]));
}

/** Bursts of the products and the buyers inside them. */
async function readEpisodes(
  db: Database,
  productIds: string[],
  params: CoordinatedPurchaseParameters,
  spanSeconds: number,
  /** Where each product's history also goes, for the search of co-buying pairs. */
  index?: CoBuyingIndex,
): Promise<{ episodes: Episode[]; totals: Map<string, number> }> {
  const widths = scanWidths(params);
  const totals = new Map<string, number>();
  const found = await inChunks(productIds, PRODUCT_CHUNK, async (chunk) => {
    const histories = rows<ProductHistory>(await db.read('detection/coordinated-times', { productIds: chunk }));
    const out: Omit<Episode, 'buyers'>[] = [];
    for (const h of histories) {
      // A busy product's history at the widest windows is a long scan: give the event loop back between products.
      await db.checkpoint();
      totals.set(h.productId, h.times.length);
      index?.add(h);
      scanBursts(h.times, spanSeconds, widths, params.minGroupSize).forEach((b, k) =>
        out.push({ ...b, productId: h.productId, id: `${h.productId}#${k}` }),
      );
    }
    return out;
  });
  const filled = await fillBuyers(
    db,
    found.map((e) => ({ ...e, buyers: new Map() })),
  );
  return { episodes: filled.filter((e) => e.buyers.size >= params.minGroupSize), totals };
}

/** Reads the orders inside each episode and keeps each buyer's first. */
async function fillBuyers(db: Database, episodes: Episode[]): Promise<Episode[]> {
  const byId = new Map(episodes.map((e) => [e.id, e]));
  const orders = await inChunks(episodes, EPISODE_CHUNK, async (chunk) =>
    rows<PlacedOrder & { episode: string }>(
      await db.read('detection/coordinated-episode-orders', {
        episodes: chunk.map((e) => ({ id: e.id, productId: e.productId, start: e.start, end: e.end })),
      }),
    ),
  );
  for (const o of orders) {
    const e = byId.get(o.episode)!;
    const seen = e.buyers.get(o.accountId);
    if (!seen || o.t < seen.t) e.buyers.set(o.accountId, o);
  }
  return episodes;
}

/** Accounts in bursts of at least minProducts products, and the bursts with at least minGroupSize of them. */
function eligible(episodes: Episode[], params: CoordinatedPurchaseParameters): Episode[] {
  let current = episodes;
  for (let round = 0; round < MAX_PRUNING_ROUNDS; round++) {
    const productsOf = new Map<string, Set<string>>();
    for (const e of current)
      for (const a of e.buyers.keys()) (productsOf.get(a) ?? productsOf.set(a, new Set()).get(a)!).add(e.productId);
    const keep = (a: string) => productsOf.get(a)!.size >= params.minProducts;
    const next = current
      .map((e) => ({ ...e, buyers: new Map([...e.buyers].filter(([a]) => keep(a))) }))
      .filter((e) => e.buyers.size >= params.minGroupSize);
    const changed = next.length !== current.length || next.some((e, i) => e.buyers.size !== current[i].buyers.size);
    current = next;
    if (!changed) break;
  }
  return current;
}

/**
 * Louvain communities of the bursts, two bursts of different products linked by the accounts they share, each shared
 * account weighted by both bursts' rarity (1/log(buyers + 5)); a candidate group is the accounts of a community that
 * took part in bursts of at least minProducts of its products. Bursts are few, so this stays small where a graph of
 * account pairs would not (a flash sale's thousands would make millions of pairs).
 */
function candidateGroups(episodes: Episode[], params: CoordinatedPurchaseParameters): string[][] {
  const ofAccount = new Map<string, Episode[]>();
  for (const e of episodes) for (const a of e.buyers.keys()) (ofAccount.get(a) ?? ofAccount.set(a, []).get(a)!).push(e);
  const graph = new Graph({ type: 'undirected' });
  for (const e of episodes) graph.mergeNode(e.id);
  for (const mine of ofAccount.values())
    for (let i = 0; i < mine.length; i++)
      for (let j = i + 1; j < mine.length; j++) {
        if (mine[i].productId === mine[j].productId) continue;
        const weight = rarityWeight(mine[i].buyers.size) * rarityWeight(mine[j].buyers.size);
        graph.updateEdge(mine[i].id, mine[j].id, (attr) => ({ weight: ((attr.weight as number) ?? 0) + weight }));
      }
  if (graph.size === 0) return [];
  const community = louvain(graph, { getEdgeWeight: 'weight', rng: seededRandom(7) });
  const byId = new Map(episodes.map((e) => [e.id, e]));
  const products = new Map<number, Map<string, Set<string>>>();
  for (const [id, c] of Object.entries(community)) {
    const e = byId.get(id)!;
    const perAccount = products.get(c) ?? products.set(c, new Map()).get(c)!;
    for (const a of e.buyers.keys()) (perAccount.get(a) ?? perAccount.set(a, new Set()).get(a)!).add(e.productId);
  }
  return [...products.values()]
    .map((perAccount) => [...perAccount].filter(([, ps]) => ps.size >= params.minProducts).map(([a]) => a))
    .filter((g) => g.length >= params.minGroupSize);
}

/** CopyCatch's condition on a candidate: products bought in a window by enough members, members in enough of them. */
function lockstepCore(
  accounts: string[],
  episodesByProduct: Map<string, Episode[]>,
  params: CoordinatedPurchaseParameters,
): Group | null {
  let members = new Set(accounts);
  for (let round = 0; round < MAX_PRUNING_ROUNDS; round++) {
    const windows = new Map<string, Episode[]>();
    const cells = new Map<string, Map<string, PlacedOrder>>();
    for (const [productId, episodes] of episodesByProduct) {
      const inGroup = (e: Episode) => [...e.buyers.keys()].filter((a) => members.has(a)).length;
      // Every burst of the product that enough members took part in is one of the group's windows: a ring runs
      // campaign after campaign and members rotate, so one window per product (CopyCatch's) loses whoever skipped
      // the busiest campaign. The null model charges the group for every window it is given (expectedHits), and a
      // canteen's or a live stream's routine of sessions fails the ratings test however many windows it has.
      const mine = episodes.filter((e) => inGroup(e) >= params.minGroupSize);
      if (mine.length === 0) continue;
      windows.set(productId, mine);
      for (const e of mine)
        for (const [a, o] of e.buyers) {
          if (!members.has(a)) continue;
          const row = cells.get(a) ?? cells.set(a, new Map()).get(a)!;
          const seen = row.get(productId);
          if (!seen || o.t < seen.t) row.set(productId, o);
        }
    }
    const kept = new Set([...members].filter((a) => (cells.get(a)?.size ?? 0) >= params.minProducts));
    if (kept.size === members.size) {
      if (kept.size < params.minGroupSize || windows.size < params.minProducts) return null;
      return { members: sorted(kept), windows, cells };
    }
    members = kept;
    if (members.size < params.minGroupSize) return null;
  }
  return null;
}

/**
 * The parts of a group whose members bought together: two members are linked when they share windows of two of the
 * group's products (one, when minProducts is 1), and a part is a connected component of those links. A community
 * can hold two lockstep groups that barely touch (a farm and a flash-sale crowd joined by one buyer of both); each is
 * judged on its own, so that one's ratings do not carry the other. Found without listing pairs of members: each
 * member's pairs of windows are keys, and the members under one key are linked in a chain.
 */
export function coBuyingParts(group: Pick<Group, 'members' | 'windows'>, minProducts: number): string[][] {
  const members = new Set(group.members);
  const windowsOf = new Map<string, Episode[]>();
  for (const episodes of group.windows.values())
    for (const e of episodes)
      for (const a of e.buyers.keys()) if (members.has(a)) (windowsOf.get(a) ?? windowsOf.set(a, []).get(a)!).push(e);
  const lastUnder = new Map<string, string>();
  const edges: [string, string][] = [];
  const link = (key: string, a: string) => {
    const last = lastUnder.get(key);
    if (last !== undefined) edges.push([last, a]);
    lastUnder.set(key, a);
  };
  for (const [a, mine] of windowsOf) {
    if (minProducts <= 1) {
      for (const e of mine) link(e.id, a);
      continue;
    }
    for (let i = 0; i < mine.length; i++)
      for (let j = i + 1; j < mine.length; j++)
        if (mine[i].productId !== mine[j].productId) link([mine[i].id, mine[j].id].sort().join('\u0000'), a);
  }
  return componentsOf(edges);
}

/** A candidate's lockstep cores, split into the parts that bought together until every part holds together. */
function lockstepGroups(
  accounts: string[],
  episodesByProduct: Map<string, Episode[]>,
  params: CoordinatedPurchaseParameters,
): Group[] {
  const out: Group[] = [];
  // Every part is smaller than the group it came from, so this ends.
  const pending = [accounts];
  while (pending.length > 0) {
    const group = lockstepCore(pending.pop()!, episodesByProduct, params);
    if (!group) continue;
    const parts = coBuyingParts(group, params.minProducts).filter((x) => x.length >= params.minGroupSize);
    if (parts.length === 1 && parts[0].length === group.members.length) out.push(group);
    else pending.push(...parts);
  }
  return out;
}

/** How many member–product purchases inside the group's windows chance alone would give. */
function expectedHits(group: Group, activity: Map<string, number>, ctx: Context): number {
  let productShare = 0;
  for (const [productId, episodes] of group.windows) {
    const width = Math.min(
      ctx.spanSeconds,
      episodes.reduce((s, e) => s + e.width, 0),
    );
    productShare +=
      ((ctx.productTotals.get(productId) ?? 0) / Math.max(1, ctx.totalOrders)) * (width / ctx.spanSeconds);
  }
  return group.members.reduce((s, a) => s + (activity.get(a) ?? 1), 0) * productShare;
}

/** The member's reviews of the product written within reviewWithinHours of the order, at any rating. */
function reviewsAfter(
  reviewsOf: Map<string, Review[]>,
  accountId: string,
  productId: string,
  order: PlacedOrder,
  params: CoordinatedPurchaseParameters,
): Review[] {
  return (reviewsOf.get(`${accountId}\u0000${productId}`) ?? []).filter(
    (r) => r.at >= order.t && r.at - order.t <= params.reviewWithinHours * 3600,
  );
}

interface Assessed {
  group: Group;
  profile: LockstepProfile;
  judgement: LockstepJudgement;
  boostedCells: Map<string, Review>;
  /** Member–product cells reviewed at any rating within reviewWithinHours. */
  reviewedCells: Set<string>;
}

function profileOf(
  group: Group,
  activity: Map<string, number>,
  counts: Map<string, ProductCounts>,
  /** The candidate groups' own counts of each product, taken out of the products' counts. */
  candidates: Map<string, ProductCounts>,
  reviewsOf: Map<string, Review[]>,
  base: { boostPerOrder: number; boostShare: number; reviews: number },
  ctx: Context,
  params: CoordinatedPurchaseParameters,
): { profile: LockstepProfile; boostedCells: Map<string, Review>; reviewedCells: Set<string> } {
  let hits = 0;
  let reviewed = 0;
  const boostedCells = new Map<string, Review>();
  const reviewedCells = new Set<string>();
  const groupCells = new Map<string, { hits: number; boosted: number; reviewed: number }>();
  for (const [a, row] of group.cells)
    for (const [productId, o] of row) {
      hits++;
      const g =
        groupCells.get(productId) ?? groupCells.set(productId, { hits: 0, boosted: 0, reviewed: 0 }).get(productId)!;
      g.hits++;
      const written = reviewsAfter(reviewsOf, a, productId, o, params);
      if (written.length > 0) {
        reviewedCells.add(`${a}\u0000${productId}`);
        reviewed++;
        g.reviewed++;
      }
      // The first review after the order is the one the purchase got: a colleague who orders the same lunch twenty
      // times and reviews it now and then would otherwise count as boosting whenever any of those reviews is a
      // 5-star, and a crowd of regulars would look more generous than it is.
      const first = written.reduce<Review | undefined>((x, y) => (!x || y.at < x.at ? y : x), undefined);
      const r = first && first.rating >= params.minRating ? first : undefined;
      if (r) {
        boostedCells.set(`${a}\u0000${productId}`, r);
        g.boosted++;
      }
    }
  // The products' other buyers (every order and review of the candidate groups' members taken out: the group's
  // other campaigns, and other rings on the same products): their boosting rate, drawn towards the platform's when
  // they are few.
  const baseBoost = base.boostPerOrder;
  let outsiders = 0;
  let outsidersExtreme = 0;
  for (const [productId, g] of groupCells) {
    const c = counts.get(productId);
    const mine = candidates.get(productId);
    const orders = Math.max(0, (c?.orders ?? 0) - Math.max(g.hits, mine?.orders ?? 0));
    const boosting = Math.max(0, (c?.boosting ?? 0) - Math.max(g.boosted, mine?.boosting ?? 0));
    const reviews = Math.max(0, (c?.reviews ?? 0) - Math.max(g.reviewed, mine?.reviews ?? 0));
    outsiders += g.hits * Math.min(1, (boosting + baseBoost * PRIOR_ORDERS) / (orders + PRIOR_ORDERS));
    outsidersExtreme +=
      g.reviewed * Math.min(1, (boosting + base.boostShare * PRIOR_ORDERS) / (reviews + PRIOR_ORDERS));
  }
  return {
    profile: {
      members: group.members.length,
      products: group.windows.size,
      hits,
      expectedHits: expectedHits(group, activity, ctx),
      boosted: boostedCells.size,
      boostRate: Math.max(baseBoost, hits ? outsiders / hits : 0),
      reviewed,
      extremeShare:
        base.reviews - reviewed < MIN_SHOP_EVENTS
          ? null
          : Math.max(base.boostShare, reviewed ? outsidersExtreme / reviewed : 0),
    },
    boostedCells,
    reviewedCells,
  };
}

/**
 * The groups judged as one family: what that needs is read once (the members' activity, the products' counts and
 * reviews), and the groups that pass both tests become rings.
 */
async function ringsOf(
  db: Database,
  groups: Group[],
  params: CoordinatedPurchaseParameters,
  ctx: Context,
): Promise<DetectedRing[]> {
  if (groups.length === 0) return [];
  const members = sorted(groups.flatMap((g) => g.members));
  const groupProducts = sorted(groups.flatMap((g) => [...g.windows.keys()]));
  const [base, activityRows, countRows, ownRows, reviews, merchantRows] = await Promise.all([
    readBaseRates(db, params.minRating),
    db.read('detection/coordinated-activity', { accountIds: members }),
    db.read('detection/coordinated-product-boosts', { productIds: groupProducts, minRating: params.minRating }),
    // Every candidate group's members together: other rings that target the same popular products are not the
    // products' "other buyers" either, or each ring would hide the next.
    db.read('detection/coordinated-group-product-counts', {
      accountIds: members,
      productIds: groupProducts,
      minRating: params.minRating,
    }),
    db.read('detection/coordinated-reviews', {
      pairs: groups.flatMap((g) =>
        [...g.cells].flatMap(([accountId, row]) => [...row.keys()].map((productId) => ({ accountId, productId }))),
      ),
    }),
    db.read('detection/product-merchants', { productIds: groupProducts }),
  ]);
  const activity = new Map(
    rows<{ accountId: string; orders: number }>(activityRows).map((r) => [r.accountId, r.orders]),
  );
  const counts = new Map(rows<ProductCounts>(countRows).map((r) => [r.productId, r]));
  const merchantOf = new Map(
    rows<{ productId: string; merchantId: string }>(merchantRows).map((r) => [r.productId, r.merchantId]),
  );
  const reviewsOf = new Map<string, Review[]>();
  for (const r of rows<Review>(reviews)) {
    const key = `${r.accountId}\u0000${r.productId}`;
    (reviewsOf.get(key) ?? reviewsOf.set(key, []).get(key)!).push(r);
  }
  const candidates = new Map(rows<ProductCounts>(ownRows).map((r) => [r.productId, r]));
  const assessed: Assessed[] = await mapPaced(db, groups, (group) => {
    const { profile, boostedCells, reviewedCells } = profileOf(
      group,
      activity,
      counts,
      candidates,
      reviewsOf,
      base,
      ctx,
      params,
    );
    const coordination = group.linked ? Math.min(0, group.linked.logP + Math.log(group.linked.family)) : undefined;
    return {
      group,
      profile,
      boostedCells,
      reviewedCells,
      judgement: judgeLockstep(profile, groups.length, coordination),
    };
  });
  // The family's bar from all its p-values at once: Benjamini-Hochberg over the candidate groups.
  const tests = discoveryTests(
    assessed.map((x) => x.judgement.logP),
    groups.length,
  );
  for (const x of assessed) x.judgement = { ...x.judgement, ...judge(x.judgement.logP, tests) };
  return mapPaced(
    db,
    assessed.filter((x) => x.judgement.significant && x.judgement.score >= params.minScore),
    (x) => ringOf(x, activity, merchantOf, params, groups.length),
  );
}

/**
 * Candidate groups from the co-buying pairs outside every burst group: Louvain communities of the pairs (each link
 * weighted by how improbable the pair is), each given windows from its members' own orders at the width most of its
 * pairs matched at: orders of one product by two or more members, each within that width of the one before, are one
 * window. The groups then go through the same pruning and splitting as the bursts' groups (a window needs two
 * members here) and keep their strongest pair as the evidence of their coordination.
 */
async function pairGroups(
  db: Database,
  index: CoBuyingIndex,
  claimed: Set<string>,
  params: CoordinatedPurchaseParameters,
): Promise<Group[]> {
  const pairs = (await index.pairs(params.minProducts, () => db.checkpoint())).filter(
    (p) => !claimed.has(p.a) && !claimed.has(p.b),
  );
  if (pairs.length === 0) return [];
  const graph = new Graph({ type: 'undirected' });
  for (const p of pairs) {
    graph.mergeNode(p.a);
    graph.mergeNode(p.b);
    graph.mergeEdge(p.a, p.b, { weight: -p.logP });
  }
  const community = louvain(graph, { getEdgeWeight: 'weight', rng: seededRandom(11) });
  const pairsOf = new Map<number, CoBuyingPair[]>();
  for (const p of pairs)
    if (community[p.a] === community[p.b])
      (pairsOf.get(community[p.a]) ?? pairsOf.set(community[p.a], []).get(community[p.a])!).push(p);
  const byCommunity = new Map<number, string[]>();
  for (const [a, c] of Object.entries(community)) (byCommunity.get(c) ?? byCommunity.set(c, []).get(c)!).push(a);
  const planned = [...byCommunity]
    .filter(([c, m]) => m.length >= params.minGroupSize && pairsOf.has(c))
    .map(([c, m]) => {
      const members = sorted(m);
      const widths = new Map<number, number>();
      for (const p of pairsOf.get(c)!) widths.set(p.width, (widths.get(p.width) ?? 0) + 1);
      const width = [...widths].sort((x, y) => y[1] - x[1] || y[0] - x[0])[0][0];
      const episodes: Episode[] = [];
      for (const [productId, orders] of index.ordersOf(members)) {
        for (let i = 0, k = 0; i < orders.length;) {
          let j = i;
          while (j + 1 < orders.length && orders[j + 1][0] - orders[j][0] <= width) j++;
          if (new Set(orders.slice(i, j + 1).map((o) => o[1])).size >= 2)
            episodes.push({
              id: `pairs:${c}:${productId}#${k++}`,
              productId,
              start: orders[i][0],
              end: orders[j][0],
              width: orders[j][0] - orders[i][0] + width,
              orders: j - i + 1,
              logP: 0,
              buyers: new Map(),
            });
          i = j + 1;
        }
      }
      return { community: c, members, episodes };
    });
  await fillBuyers(
    db,
    planned.flatMap((p) => p.episodes),
  );
  // Two members buying one product together make a window here; a group still needs minGroupSize members.
  const pairwise = { ...params, minGroupSize: 2 };
  const family = index.family;
  const groups = await mapPaced(db, planned, ({ community: c, members, episodes }) => {
    const inside = new Set(members);
    const byProduct = new Map<string, Episode[]>();
    for (const e of episodes) {
      e.buyers = new Map([...e.buyers].filter(([a]) => inside.has(a)));
      if (e.buyers.size >= 2) (byProduct.get(e.productId) ?? byProduct.set(e.productId, []).get(e.productId)!).push(e);
    }
    return lockstepGroups(members, byProduct, pairwise).flatMap((g): Group[] => {
      if (g.members.length < params.minGroupSize) return [];
      const kept = new Set(g.members);
      const strongest = pairsOf
        .get(c)!
        .filter((p) => kept.has(p.a) && kept.has(p.b))
        .sort((x, y) => x.logP - y.logP)[0];
      return strongest ? [{ ...g, linked: { ...strongest, family } }] : [];
    });
  });
  return groups.flat();
}

async function detect(db: Database, params: CoordinatedPurchaseParameters, scope?: Scope): Promise<DetectedRing[]> {
  const span = await readSpan(db);
  if (!span) return [];
  const spanSeconds = Math.max(span.last - span.first, 2 * params.maxWindowHours * 3600, 1);
  const productIds = await productsToScan(db, params, spanSeconds, scope);
  const index = new CoBuyingIndex(scanWidths(params), hasScope(scope) ? span.orders : 0);
  const { episodes: all, totals } = await readEpisodes(db, productIds, params, spanSeconds, index);
  const ctx: Context = { spanSeconds, totalOrders: span.orders, productTotals: totals };
  const episodes = eligible(all, params);
  const episodesByProduct = new Map<string, Episode[]>();
  for (const e of episodes)
    (episodesByProduct.get(e.productId) ?? episodesByProduct.set(e.productId, []).get(e.productId)!).push(e);
  const groups = (
    await mapPaced(db, candidateGroups(episodes, params), (g) => lockstepGroups(g, episodesByProduct, params))
  ).flat();
  // Co-buying groups come from accounts outside every burst group; both kinds are one family of tests.
  const claimed = new Set(groups.flatMap((g) => g.members));
  let rings = await ringsOf(db, [...groups, ...(await pairGroups(db, index, claimed, params))], params, ctx);
  if (scope?.accountId) rings = rings.filter((r) => r.members.some((m) => m.accountId === scope.accountId));
  else if (scope?.productId) rings = rings.filter((r) => r.products.includes(scope.productId!));
  else if (scope?.merchantId) rings = rings.filter((r) => r.merchants.includes(scope.merchantId!));
  return rings;
}

const count = (x: number) => (x < 0.01 ? x.toExponential(1) : x.toFixed(2));

/** The coordination evidence: a burst group's purchases in its windows, or a co-buying group's strongest pair. */
function coordinationText(group: Group, profile: LockstepProfile, judgement: LockstepJudgement): string {
  const l = group.linked;
  if (!l)
    return (
      `${profile.hits} of their purchases fell in the group's windows where their own activity and the products' ` +
      `popularity predict ${count(profile.expectedHits)} (${pText(judgement.logPCoordination)})`
    );
  return (
    `Its strongest pair, ${l.a} and ${l.b}, bought ${l.products} of the same products within ${hours(l.width)} of ` +
    `each other, on separate occasions, where their own activity, the products' popularity and the platform's ` +
    `hours predict ${count(l.expected)} (${pText(judgement.logPCoordination)} once the ${l.family.toExponential(1)} pairs ` +
    `of buyers and widths tested are paid for). ${profile.hits} of the group's purchases fell in its windows`
  );
}

function duration(seconds: number): string {
  const days = seconds / 86400;
  return days < 1 ? hours(seconds) : `${days.toFixed(1)} days`;
}

function ringOf(
  { group, profile, judgement, boostedCells, reviewedCells }: Assessed,
  activity: Map<string, number>,
  merchantOf: Map<string, string>,
  params: CoordinatedPurchaseParameters,
  tests: number,
): DetectedRing {
  const windows = [...group.windows.entries()].sort((a, b) => a[1][0].start - b[1][0].start);
  const windowOf = (productId: string, t: number): Episode =>
    group.windows.get(productId)!.find((e) => t >= e.start && t <= e.end) ?? group.windows.get(productId)![0];
  const browseMedian = new Map(
    windows.map(([productId, eps]) => [
      productId,
      median(
        eps.flatMap((e) =>
          [...e.buyers]
            .filter(([a]) => group.cells.has(a))
            .map(([, o]) => o.browse)
            .filter((b): b is number => typeof b === 'number'),
        ),
      ),
    ]),
  );
  const orders: string[] = [];
  const reviews: string[] = [];
  const times: number[] = [];
  const members: DetectedMember[] = group.members.map((a) => {
    const row = group.cells.get(a)!;
    let boosted = 0;
    const evidence = [...row.entries()]
      .sort((x, y) => x[1].t - y[1].t)
      .map(([productId, o]) => {
        const w = windowOf(productId, o.t);
        const others = [...w.buyers.keys()].filter((b) => b !== a && group.cells.has(b)).length;
        const r = boostedCells.get(`${a}\u0000${productId}`);
        orders.push(o.orderId);
        times.push(o.t);
        if (r) {
          boosted++;
          reviews.push(r.id);
          times.push(r.at);
        }
        return (
          `bought ${productId} at ${when(o.t)} (order ${o.orderId}) in the group's window ${when(w.start)}–${when(w.end)} ` +
          `with ${others} other member${others === 1 ? '' : 's'}` +
          (typeof o.browse === 'number'
            ? `; browsed ${o.browse} s (group median ${Math.round(browseMedian.get(productId) ?? 0)} s)`
            : '') +
          (r ? `; ${r.rating}-star review ${r.id} ${hours(r.at - o.t)} later` : '')
        );
      });
    const mine: LockstepProfile = {
      members: 1,
      products: row.size,
      hits: row.size,
      expectedHits:
        profile.expectedHits *
        ((activity.get(a) ?? 1) /
          Math.max(
            1,
            group.members.reduce((s, x) => s + (activity.get(x) ?? 1), 0),
          )),
      boosted,
      boostRate: profile.boostRate,
      reviewed: [...row.keys()].filter((productId) => reviewedCells.has(`${a}\u0000${productId}`)).length,
      extremeShare: profile.extremeShare,
    };
    return {
      accountId: a,
      score: score(judgeLockstep(mine, group.members.length).score),
      evidence: capped(evidence, 10),
      role: 'member',
    };
  });
  const first = windows.reduce((s, [, eps]) => Math.min(s, ...eps.map((e) => e.start)), Infinity);
  const last = windows.reduce((s, [, eps]) => Math.max(s, ...eps.map((e) => e.end)), -Infinity);
  const widest = Math.max(...windows.flatMap(([, eps]) => eps.map((e) => e.end - e.start)));
  const products = sorted(windows.map(([productId]) => productId));
  return {
    kind: 'COORDINATED_PURCHASE',
    score: score(judgement.score),
    members,
    devices: [],
    payments: [],
    products,
    orders: sorted(orders),
    reviews: sorted(reviews),
    merchants: sorted(products.map((x) => merchantOf.get(x)).filter((x): x is string => !!x)),
    firstActivity: dateOf(Math.min(...times)),
    lastActivity: dateOf(Math.max(...times)),
    signals: ['COORDINATED_PURCHASE'],
    explanation:
      `${profile.members} accounts bought the same ${profile.products} products in lockstep: each product within its own ` +
      `window (the widest ${duration(widest)}), the windows spread over ${duration(last - first)}. ` +
      coordinationText(group, profile, judgement) +
      `; ${profile.boosted} of them (${Math.round((profile.boosted / profile.hits) * 100)}%) ` +
      `got a ${params.minRating}-star review within ${hours(params.reviewWithinHours * 3600)}` +
      (profile.extremeShare === null || judgement.logPExtremity === null
        ? `, where the products' other buyers and the platform give ${Math.round(profile.boostRate * 100)}% ` +
          `(${pText(judgement.logPPurpose)}; too few other reviews to compare the group's ratings with); `
        : `: ${profile.boosted} of the ${profile.reviewed} reviews the group wrote of those purchases, where ` +
          `${Math.round(profile.extremeShare * 100)}% of the products' other reviews and the platform's are ` +
          `${params.minRating}-star (${pText(judgement.logPExtremity)}); `) +
      `both hold, significant among ${tests} candidate groups tested (false discovery rate ` +
      `${FAMILY_ALPHA * 100}%: p at most 1e-${judgement.threshold.toFixed(1)}).`,
  };
}

export const coordinatedPurchaseDetector: Detector<CoordinatedPurchaseParameters> = {
  kind: 'COORDINATED_PURCHASE',
  name: 'coordinated-purchase',
  defaults,
  parameters: {
    minWindowMinutes: {
      description: 'Narrowest window a product is scanned for bursts in (windows grow fourfold up to maxWindowHours)',
      unit: 'minutes',
      max: 10080,
      type: 'Float',
    },
    maxWindowHours: {
      description:
        'Widest window a product is scanned for bursts in (lockstep spreads over hours to days, up to weeks)',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    minGroupSize: {
      description: 'Fewest accounts in a ring and in one of its product windows (three make a group)',
      unit: 'accounts',
      max: 1000,
    },
    minProducts: {
      description: 'Fewest products a ring buys together and each member takes part in (lockstep is about several)',
      unit: 'products',
      max: 1000,
    },
    reviewWithinHours: {
      description: 'A boosting review counts when written this soon after the order (a marketplace review period)',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    minRating: SHARED_PARAMETER_DOCS.minRating,
    minScore: SHARED_PARAMETER_DOCS.minScore,
  },
  detect,
};
