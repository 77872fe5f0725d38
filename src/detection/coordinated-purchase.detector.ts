// Coordinated purchases (lockstep, after CopyCatch): the same accounts buying the same products, each product within its own short window.
import { Database } from '../db/database';
import { rows } from '../db/values';
import {
  capped,
  clamp01,
  componentsOf,
  dateOf,
  hasScope,
  inChunks,
  score,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface CoordinatedPurchaseParameters {
  /** Width of the window in which a group buys one product (CopyCatch's 2·Δt). */
  windowHours: number;
  /** Fewest accounts in a ring (CopyCatch's n). */
  minGroupSize: number;
  /** Fewest products a ring buys in lockstep (CopyCatch's m). */
  minProducts: number;
  /** Share of the ring's products every member must have bought in the window (CopyCatch's ρ). */
  rho: number;
  /** Two accounts are linked when they bought in the same burst of at least this many distinct products. */
  minSharedProducts: number;
  /** Fewest distinct buyers in a window for it to be a burst. */
  minBurstBuyers: number;
  /** More buyers than this in one window is a flash sale or a promotion, not a ring. */
  maxBurstBuyers: number;
  /** A burst must exceed the buyers the product's own average rate predicts by this many Poisson standard deviations (popular products bought as camouflage do not burst). */
  burstSigma: number;
  /** The ring's product windows must fall in at least this many separate times (a flash sale is one moment). */
  minDistinctWindows: number;
  /** A review this soon after the order counts as a quick review. */
  quickReviewHours: number;
  /** Rating that counts as a boosting review. */
  minRating: number;
  /** Rings scoring below this are dropped. */
  minScore: number;
}

const defaults: CoordinatedPurchaseParameters = {
  windowHours: 1,
  minGroupSize: 5,
  minProducts: 3,
  rho: 0.7,
  minSharedProducts: 3,
  minBurstBuyers: 4,
  maxBurstBuyers: 100,
  burstSigma: 4,
  minDistinctWindows: 2,
  quickReviewHours: 72,
  minRating: 5,
  minScore: 0.4,
};

const PRODUCT_CHUNK = 500;
const MAX_PRUNING_ROUNDS = 20;

interface PlacedOrder {
  accountId: string;
  orderId: string;
  t: number;
  browse: number | null;
}

interface Burst {
  productId: string;
  total: number;
  orders: PlacedOrder[];
}

interface ProductWindow {
  productId: string;
  total: number;
  start: number;
  end: number;
  /** The first order of each member inside the window. */
  orders: Map<string, PlacedOrder>;
}

interface Review {
  accountId: string;
  productId: string;
  id: string;
  rating: number;
  at: number;
}

function burstParams(p: CoordinatedPurchaseParameters, spanSeconds: number) {
  return {
    windowSeconds: p.windowHours * 3600,
    spanSeconds,
    minBurstBuyers: p.minBurstBuyers,
    maxBurstBuyers: p.maxBurstBuyers,
    burstSigma: p.burstSigma,
  };
}

async function readBursts(
  db: Database,
  productIds: string[],
  p: CoordinatedPurchaseParameters,
  spanSeconds: number,
): Promise<Burst[]> {
  const params = burstParams(p, spanSeconds);
  return inChunks(productIds, PRODUCT_CHUNK, async (chunk) =>
    rows<Burst>(await db.read('detection/coordinated-bursts', { ...params, productIds: chunk })),
  );
}

/** Bursts that the accounts' own orders fall in, on every product they bought (a scoped run's reach). */
async function readBurstsAround(
  db: Database,
  accountIds: string[],
  p: CoordinatedPurchaseParameters,
  spanSeconds: number,
  minSeedBuyers: number,
): Promise<Burst[]> {
  const params = { ...burstParams(p, spanSeconds), minSeedBuyers };
  return rows<Burst>(await db.read('detection/coordinated-bursts-around', { ...params, accountIds }));
}

async function candidateBursts(
  db: Database,
  p: CoordinatedPurchaseParameters,
  spanSeconds: number,
  scope?: Scope,
): Promise<Burst[]> {
  if (!hasScope(scope)) {
    const products = rows<{ id: string }>(
      await db.read('detection/coordinated-products', { minBurstBuyers: p.minBurstBuyers }),
    );
    return readBursts(
      db,
      products.map((r) => r.id),
      p,
      spanSeconds,
    );
  }
  // Two steps: who burst together with the scope, then the bursts those accounts took part in on any product.
  const first = scope.accountId
    ? await readBurstsAround(db, [scope.accountId], p, spanSeconds, 1)
    : await readBursts(
        db,
        rows<{ id: string }>(
          await db.read('detection/coordinated-scope-products', {
            accountId: null,
            productId: scope.productId ?? null,
            merchantId: scope.merchantId ?? null,
          }),
        ).map((r) => r.id),
        p,
        spanSeconds,
      );
  const accounts = new Set<string>();
  for (const b of first)
    if (!scope.accountId || b.orders.some((o) => o.accountId === scope.accountId))
      for (const o of b.orders) accounts.add(o.accountId);
  if (accounts.size === 0) return [];
  // A product of the ring is one most of these accounts bought.
  return readBurstsAround(db, [...accounts], p, spanSeconds, p.minBurstBuyers);
}

/** Pairs of accounts that burst together on at least minSharedProducts distinct products (SynchroTrap-style links). */
function lockstepPairs(bursts: Burst[], p: CoordinatedPurchaseParameters): [string, string][] {
  const byProduct = new Map<string, Burst[]>();
  for (const b of bursts) (byProduct.get(b.productId) ?? byProduct.set(b.productId, []).get(b.productId)!).push(b);
  const counts = new Map<string, number>();
  for (const productBursts of byProduct.values()) {
    const pairs = new Set<string>();
    for (const b of productBursts) {
      const accounts = sorted(b.orders.map((o) => o.accountId));
      for (let i = 0; i < accounts.length; i++)
        for (let j = i + 1; j < accounts.length; j++) pairs.add(`${accounts[i]}\u0000${accounts[j]}`);
    }
    for (const key of pairs) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: [string, string][] = [];
  for (const [key, n] of counts) if (n >= p.minSharedProducts) out.push(key.split('\u0000') as [string, string]);
  return out;
}

/** The window of width W holding the most distinct members (two pointers over the time-sorted orders). */
function bestWindow(
  productId: string,
  total: number,
  orders: PlacedOrder[],
  members: Set<string>,
  width: number,
): ProductWindow {
  const mine = orders.filter((o) => members.has(o.accountId));
  let best: ProductWindow = { productId, total, start: 0, end: 0, orders: new Map() };
  const inWindow = new Map<string, number>();
  let lo = 0;
  for (let hi = 0; hi < mine.length; hi++) {
    inWindow.set(mine[hi].accountId, (inWindow.get(mine[hi].accountId) ?? 0) + 1);
    while (mine[hi].t - mine[lo].t > width) {
      const left = inWindow.get(mine[lo].accountId)! - 1;
      if (left === 0) inWindow.delete(mine[lo].accountId);
      else inWindow.set(mine[lo].accountId, left);
      lo++;
    }
    if (inWindow.size > best.orders.size) {
      const firsts = new Map<string, PlacedOrder>();
      for (let k = lo; k <= hi; k++) if (!firsts.has(mine[k].accountId)) firsts.set(mine[k].accountId, mine[k]);
      best = { productId, total, start: mine[lo].t, end: mine[hi].t, orders: firsts };
    }
  }
  return best;
}

/** CopyCatch's condition: keep products bought in one window by enough members and members in the windows of ρ·m products. */
function lockstepCore(
  group: string[],
  ordersOf: Map<string, { total: number; orders: PlacedOrder[] }>,
  p: CoordinatedPurchaseParameters,
): { members: string[]; windows: ProductWindow[] } | null {
  let members = new Set(group);
  const width = p.windowHours * 3600;
  for (let round = 0; round < MAX_PRUNING_ROUNDS; round++) {
    const windows = [...ordersOf.entries()]
      .map(([productId, x]) => bestWindow(productId, x.total, x.orders, members, width))
      .filter((w) => w.orders.size >= p.minBurstBuyers);
    const need = Math.ceil(p.rho * windows.length);
    const hits = new Map<string, number>();
    for (const w of windows) for (const a of w.orders.keys()) hits.set(a, (hits.get(a) ?? 0) + 1);
    const kept = new Set([...members].filter((a) => (hits.get(a) ?? 0) >= need));
    if (kept.size === members.size) {
      return kept.size >= p.minGroupSize && windows.length >= p.minProducts ? { members: [...kept], windows } : null;
    }
    members = kept;
    if (members.size < p.minGroupSize) return null;
  }
  return null;
}

/** Number of separate moments the windows fall in: a flash sale is one, a ring working through its list is several. */
function distinctMoments(windows: ProductWindow[], width: number): number {
  const starts = windows.map((w) => w.start).sort((a, b) => a - b);
  let moments = 0;
  let last = -Infinity;
  for (const s of starts) {
    if (s - last > width) moments++;
    last = s;
  }
  return moments;
}

async function detect(db: Database, p: CoordinatedPurchaseParameters, scope?: Scope): Promise<DetectedRing[]> {
  const span = rows<{ first: number | null; last: number | null }>(await db.read('detection/coordinated-span'))[0];
  if (!span || span.first === null || span.last === null) return [];
  const width = p.windowHours * 3600;
  const spanSeconds = Math.max(span.last - span.first, 2 * width);
  const bursts = await candidateBursts(db, p, spanSeconds, scope);
  const groups = componentsOf(lockstepPairs(bursts, p)).filter((g) => g.length >= p.minGroupSize);
  if (groups.length === 0) return [];

  const ordersByProduct = new Map<string, { total: number; orders: Map<string, PlacedOrder> }>();
  for (const b of bursts) {
    const entry =
      ordersByProduct.get(b.productId) ??
      ordersByProduct.set(b.productId, { total: b.total, orders: new Map() }).get(b.productId)!;
    for (const o of b.orders) entry.orders.set(o.orderId, o);
  }
  const cores: { members: string[]; windows: ProductWindow[] }[] = [];
  for (const group of groups) {
    const inGroup = new Set(group);
    const ordersOf = new Map<string, { total: number; orders: PlacedOrder[] }>();
    for (const [productId, x] of ordersByProduct) {
      const mine = [...x.orders.values()].filter((o) => inGroup.has(o.accountId)).sort((a, b) => a.t - b.t);
      if (new Set(mine.map((o) => o.accountId)).size >= p.minBurstBuyers)
        ordersOf.set(productId, { total: x.total, orders: mine });
    }
    const core = lockstepCore(group, ordersOf, p);
    if (core && distinctMoments(core.windows, width) >= p.minDistinctWindows) cores.push(core);
  }
  if (cores.length === 0) return [];

  const pairs = cores.flatMap((c) =>
    c.windows.flatMap((w) => [...w.orders.keys()].map((accountId) => ({ accountId, productId: w.productId }))),
  );
  const reviews = rows<Review>(await db.read('detection/coordinated-reviews', { pairs }));
  const merchantOf = new Map(
    rows<{ productId: string; merchantId: string }>(
      await db.read('detection/product-merchants', { productIds: sorted(pairs.map((x) => x.productId)) }),
    ).map((r) => [r.productId, r.merchantId]),
  );
  const reviewsOf = new Map<string, Review[]>();
  for (const r of reviews) {
    const key = `${r.accountId}\u0000${r.productId}`;
    (reviewsOf.get(key) ?? reviewsOf.set(key, []).get(key)!).push(r);
  }
  let rings = cores
    .map((c) => ringOf(c.members, c.windows, reviewsOf, merchantOf, p))
    .filter((r) => r.score >= p.minScore);
  if (scope?.accountId) rings = rings.filter((r) => r.members.some((m) => m.accountId === scope.accountId));
  else if (scope?.productId) rings = rings.filter((r) => r.products.includes(scope.productId!));
  else if (scope?.merchantId) rings = rings.filter((r) => r.merchants.includes(scope.merchantId!));
  return rings;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function ringOf(
  memberIds: string[],
  windows: ProductWindow[],
  reviewsOf: Map<string, Review[]>,
  merchantOf: Map<string, string>,
  p: CoordinatedPurchaseParameters,
): DetectedRing {
  const n = memberIds.length;
  const m = windows.length;
  windows.sort((a, b) => a.start - b.start);
  const quickReview = (accountId: string, w: ProductWindow): Review | undefined => {
    const order = w.orders.get(accountId)!;
    return (reviewsOf.get(`${accountId}\u0000${w.productId}`) ?? []).find(
      (r) => r.rating >= p.minRating && r.at >= order.t && r.at - order.t <= p.quickReviewHours * 3600,
    );
  };
  // Near-identical dwell times: how tightly each window's browse seconds cluster (1 = identical).
  const browseSimilarity = (w: ProductWindow): number | null => {
    const b = [...w.orders.values()].map((o) => o.browse).filter((x): x is number => typeof x === 'number');
    if (b.length < 2) return null;
    const mean = b.reduce((s, x) => s + x, 0) / b.length;
    const sd = Math.sqrt(b.reduce((s, x) => s + (x - mean) ** 2, 0) / b.length);
    return mean > 0 ? clamp01(1 - sd / mean / 0.5) : null;
  };
  let cells = 0;
  let quick = 0;
  for (const w of windows)
    for (const a of w.orders.keys()) {
      cells++;
      if (quickReview(a, w)) quick++;
    }
  const sims = windows.map(browseSimilarity).filter((x): x is number => x !== null);
  const browse = sims.length ? sims.reduce((s, x) => s + x, 0) / sims.length : 0;
  const fill = cells / (n * m);
  // Share of each product's buyers that are the group: camouflage purchases of popular products barely count.
  const concentration = windows.reduce((s, w) => s + w.orders.size / w.total, 0) / m;
  // FRAUDAR's column weight 1/log(degree + 5), relative to a product bought by the group alone.
  const fraudar = windows.reduce((s, w) => s + Math.log(w.orders.size + 5) / Math.log(w.total + 5), 0) / m;
  const ringScore = score(
    0.2 * fill +
      0.15 * concentration +
      0.15 * fraudar +
      0.15 * clamp01(n / (2 * p.minGroupSize)) +
      0.15 * clamp01(m / (2 * p.minProducts)) +
      0.1 * (quick / cells) +
      0.1 * browse,
  );

  const orders: string[] = [];
  const reviews: string[] = [];
  const times: number[] = [];
  const members: DetectedMember[] = sorted(memberIds).map((a) => {
    const mine = windows.filter((w) => w.orders.has(a));
    let myQuick = 0;
    const evidence = mine.map((w) => {
      const o = w.orders.get(a)!;
      const browseMedian = median(
        [...w.orders.values()].map((x) => x.browse).filter((x): x is number => typeof x === 'number'),
      );
      const r = quickReview(a, w);
      orders.push(o.orderId);
      times.push(o.t);
      if (r) {
        myQuick++;
        reviews.push(r.id);
        times.push(r.at);
      }
      return (
        `bought ${w.productId} at ${when(o.t)} (order ${o.orderId}) in the group's window ${when(w.start)}–${when(w.end).slice(11)} ` +
        `with ${w.orders.size - 1} other members` +
        (o.browse !== null && o.browse !== undefined
          ? `; browsed ${o.browse} s (group median ${Math.round(browseMedian)} s)`
          : '') +
        (r ? `; ${r.rating}-star review ${r.id} ${((r.at - o.t) / 3600).toFixed(1)} h later` : '')
      );
    });
    return {
      accountId: a,
      score: score(0.7 * (mine.length / m) + 0.15 * (mine.length ? myQuick / mine.length : 0) + 0.15 * fill),
      evidence: capped(evidence, 10),
      role: 'member',
    };
  });
  const merchants = sorted(windows.map((w) => merchantOf.get(w.productId)).filter((x): x is string => !!x));
  const days = (windows[m - 1].start - windows[0].start) / 86400;
  return {
    kind: 'COORDINATED_PURCHASE',
    score: ringScore,
    members,
    devices: [],
    payments: [],
    products: sorted(windows.map((w) => w.productId)),
    orders: sorted(orders),
    reviews: sorted(reviews),
    merchants,
    firstActivity: dateOf(Math.min(...times)),
    lastActivity: dateOf(Math.max(...times)),
    signals: ['COORDINATED_PURCHASE'],
    explanation:
      `${n} accounts bought the same ${m} products in lockstep: each product within its own ${p.windowHours}-hour window, ` +
      `the windows spread over ${days < 1 ? `${(days * 24).toFixed(1)} hours` : `${days.toFixed(1)} days`}; ` +
      `${Math.round(fill * 100)}% of member-product windows filled, the group is ${Math.round(concentration * 100)}% of those products' buyers` +
      (quick
        ? `, ${Math.round((quick / cells) * 100)}% of the purchases got a ${p.minRating}-star review within ${p.quickReviewHours} h`
        : '') +
      (sims.length ? `, browse times ${Math.round(browse * 100)}% alike` : '') +
      '.',
  };
}

export const coordinatedPurchaseDetector: Detector<CoordinatedPurchaseParameters> = {
  kind: 'COORDINATED_PURCHASE',
  name: 'coordinated-purchase',
  defaults,
  parameters: {
    windowHours: {
      description: "Width of the window in which a group buys one product (CopyCatch's 2·Δt)",
      unit: 'hours',
      type: 'Float',
      max: 168,
    },
    minGroupSize: { description: "Fewest accounts in a ring (CopyCatch's n)", unit: 'accounts', max: 1000 },
    minProducts: { description: "Fewest products bought in lockstep (CopyCatch's m)", unit: 'products', max: 1000 },
    rho: {
      description: "Share of the ring's products each member bought in its window (CopyCatch's ρ)",
      unit: 'share 0..1',
    },
    minSharedProducts: {
      description: 'Two accounts are linked when they burst together on this many products',
      unit: 'products',
      max: 1000,
    },
    minBurstBuyers: { description: 'Fewest distinct buyers in a window for a burst', unit: 'accounts', max: 1000 },
    maxBurstBuyers: {
      description: 'More buyers in one window is a flash sale, not a ring',
      unit: 'accounts',
      max: 1000,
    },
    burstSigma: {
      description: "A burst must exceed the product's own average rate by this many Poisson standard deviations",
      unit: 'sigma',
      type: 'Float',
      max: 100,
    },
    minDistinctWindows: {
      description: "The ring's product windows must fall in this many separate times",
      unit: 'windows',
      max: 1000,
    },
    quickReviewHours: {
      description: 'A review this soon after the order counts as quick',
      unit: 'hours',
      type: 'Float',
      max: 2160,
    },
    minRating: SHARED_PARAMETER_DOCS.minRating,
    minScore: SHARED_PARAMETER_DOCS.minScore,
  },
  detect,
};
