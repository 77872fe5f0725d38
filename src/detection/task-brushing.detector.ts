// Task brushing (刷单任务): recruited people on their own phones search a given keyword, browse the listing for the
// minutes the task asks, buy and 5-star it a day or two later, one by one over days or weeks, paid off the platform.
// No device, payment or burst links them; what remains is in the (product, keyword) cell: a keyword that leads to the
// product's boosted orders far beyond its share of the product's other orders, boosting beyond the product's other
// buyers and the platform, and dwell times bunched in the task's band beyond the product's own dwell distribution.
// The keyword and the browse times must hold (an intersection–union test; boosting is reported, not required); cells
// are screened with Bonferroni over the keywords tested, each keyword's share split among the products it was tested
// on, and the screened cells' browse tests are judged together (Benjamini-Hochberg).
import { Database } from '../db/database';
import { rows } from '../db/values';
import { readBaseRates } from './base-rates';
import { campaigns, discoveryTests, FAMILY_ALPHA, judge, logBinomialTail, pText, Significance } from './null-model';
import { capped, dateOf, hasScope, hours, inChunks, score, SHARED_PARAMETER_DOCS, sorted, when } from './support';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface TaskBrushingParameters {
  /** Fewest orders from one keyword to one product that did the task to make a ring. */
  minOrders: number;
  /** A boosting review counts when written this soon after the order. */
  reviewWithinHours: number;
  /** Shortest browse time the task asks for. */
  dwellMinSeconds: number;
  /** Longest browse time the task asks for. */
  dwellMaxSeconds: number;
  minRating: number;
  minScore: number;
}

const defaults: TaskBrushingParameters = {
  minOrders: 3,
  // Tasks ask for the review a day or two later, but organisers also pay on a delay and recruits review when they
  // get round to it. The bound is the marketplace's own review window: Taobao closes it 15 days after receipt, and
  // receipt is confirmed automatically 10 days after shipping, so a review within 30 days of the order is one the
  // platform accepts as the order's.
  reviewWithinHours: 720,
  dwellMinSeconds: 300,
  dwellMaxSeconds: 420,
  minRating: 5,
  minScore: 0.5,
};

const PRODUCT_CHUNK = 500;
/** Weight, in orders, of the platform's rate when a product's own rate rests on few orders. */
const PRIOR_ORDERS = 20;

interface CellCounts {
  keyword: string;
  orders: number;
  boosted: number;
  browsed: number;
  inBand: number;
  boostedInBand: number;
}

interface ProductCounts {
  productId: string;
  orders: number;
  boosted: number;
  browsed: number;
  inBand: number;
  /** Keywords of the product's tested cells (at least `minOrders` orders). */
  tested: string[];
  cells: CellCounts[];
}

/** The plain numbers one (product, keyword) cell is judged by. */
export interface TaskCellProfile {
  /** The cell's orders, boosted ones, browsed ones and boosted ones browsed in the task's band. */
  orders: number;
  boosted: number;
  browsed: number;
  inBand: number;
  /** The product's orders and boosted orders in all (the cell included). */
  productOrders: number;
  productBoosted: number;
  /** The product's browsed orders and those in the band, in all. */
  productBrowsed: number;
  productInBand: number;
  /** The platform's boosting reviews per order and share of browse times in the band. */
  platformBoost: number;
  platformInBand: number;
}

export interface TaskCellJudgement extends Significance {
  /** The keyword test as read (the stronger of the two marks). */
  keyword: KeywordTest;
  /** The keyword's share of the product's orders without that mark (shrunk towards even odds). */
  keywordShare: number;
  /** Boosting rate and in-band share the cell is measured against. */
  boostRate: number;
  bandRate: number;
  logPKeyword: number;
  logPBoost: number;
  logPDwell: number;
  logP: number;
}

const shrunk = (hits: number, trials: number, prior: number): number =>
  Math.min(1, (hits + prior * PRIOR_ORDERS) / (trials + PRIOR_ORDERS));

/**
 * A mark the task leaves on an order: the boosting review it asks for, or the browse in its band. A recruit who
 * reviewed after the window still browsed as told; where the platform records no browse times the review remains.
 */
export type TaskMark = 'review' | 'browse';

export interface KeywordTest {
  mark: TaskMark;
  /** The cell's orders with the mark, and the product's. */
  hits: number;
  of: number;
  /** The keyword's share of the product's orders without the mark. */
  share: number;
  logP: number;
}

function keywordTestOn(x: TaskCellProfile, mark: TaskMark): KeywordTest {
  const hits = mark === 'review' ? x.boosted : x.inBand;
  const of = mark === 'review' ? x.productBoosted : x.productInBand;
  const share = (x.orders - hits + 1) / (x.productOrders - of + 2);
  return { mark, hits, of, share, logP: logBinomialTail(hits, of, share) };
}

/**
 * The keyword test, the screen every (product, keyword) cell goes through first: of the product's orders with a mark
 * of the task, how many came by this keyword, given its share of those without. Both marks are tested and the stronger
 * is kept with its p doubled (Bonferroni over the two). One mark alone is weaker: counting an order marked by either
 * lets the product's late 5-stars and chance browses in the band dilute the few a small task leaves.
 */
export function keywordTest(x: TaskCellProfile): KeywordTest {
  const review = keywordTestOn(x, 'review');
  const browse = keywordTestOn(x, 'browse');
  const best = browse.logP < review.logP ? browse : review;
  return { ...best, logP: Math.min(0, best.logP + Math.LN2) };
}

/** ln p of a cell's keyword test alone. */
export function keywordLogP(x: TaskCellProfile): number {
  return keywordTest(x).logP;
}

/** The browse test: times in the task's band against the product's other buyers, never below the platform. */
function dwellTest(x: TaskCellProfile): { bandRate: number; logP: number } {
  const bandRate = Math.max(
    x.platformInBand,
    shrunk(x.productInBand - x.inBand, x.productBrowsed - x.browsed, x.platformInBand),
  );
  return { bandRate, logP: logBinomialTail(x.inBand, x.browsed, bandRate) };
}

/**
 * The tests of a cell: the keyword test, and the task's instruction, the browse in the band. It is a ring only when
 * both hold (an intersection-union test). Boosting is measured and reported but not required: a task pushes sales as
 * much as ratings, and recruits who skip the review (or write it after the window) did the task all the same; 7 of 10
 * recruits 5-starring where a third of the product's buyers do is only p = 0.02. Loyal customers 5-star as a habit
 * but browse as they always do; a launch's name keyword leads to all its orders alike. Without browse times the cell
 * cannot be told from loyal custom, and is left to the detectors of devices, payments and lockstep. The tests run in
 * a fixed sequence (gatekeeping): the keyword test screens each cell with Bonferroni over `tests` (the level's share
 * its keyword gives it, see keywordFamily); the browse test is then judged among the `screened` cells that passed it,
 * so that a cell of ten recruits whose keyword is overwhelming is not lost because six browses in the band are only
 * p = 2e-3 on their own. `screened` is the Bonferroni count of that second test: the detector passes Benjamini and
 * Hochberg's equivalent over the screened cells' browse p-values (discoveryTests).
 */
export function judgeTaskCell(x: TaskCellProfile, tests: number, screened = tests): TaskCellJudgement {
  // Keyword: of the product's marked orders, how many came by this keyword, given its share of the rest.
  const keyword = keywordTest(x);
  const logPKeyword = keyword.logP;
  // Boosting: the cell's orders against the product's other buyers, never below the platform.
  const boostRate = Math.max(
    x.platformBoost,
    shrunk(x.productBoosted - x.boosted, x.productOrders - x.orders, x.platformBoost),
  );
  const logPBoost = logBinomialTail(x.boosted, x.orders, boostRate);
  const { bandRate, logP: logPDwell } = dwellTest(x);
  const logP = Math.max(logPKeyword, logPDwell);
  const screen = judge(logPKeyword, tests);
  const rest = judge(logPDwell, Math.max(1, screened));
  const verdict = screen.score <= rest.score ? screen : rest;
  return {
    ...verdict,
    significant: screen.significant && rest.significant,
    keyword,
    keywordShare: keyword.share,
    boostRate,
    bandRate,
    logPKeyword,
    logPBoost,
    logPDwell,
    logP,
  };
}

interface CellOrder {
  productId: string;
  keyword: string;
  merchantId: string;
  accountId: string;
  orderId: string;
  t: number;
  browse: number | null;
  reviewId: string | null;
  rating: number | null;
  reviewedAt: number | null;
  text: string | null;
  newToShop: boolean;
}

async function productsToScan(db: Database, params: TaskBrushingParameters, scope?: Scope): Promise<string[]> {
  const result = hasScope(scope)
    ? await db.read('detection/coordinated-scope-products', {
        accountId: scope.accountId ?? null,
        productId: scope.productId ?? null,
        merchantId: scope.merchantId ?? null,
      })
    : await db.read('detection/coordinated-products', { minBurstBuyers: params.minOrders });
  return rows<{ id: string }>(result).map((r) => r.id);
}

interface Flagged {
  productId: string;
  cell: CellCounts;
  profile: TaskCellProfile;
  judgement: TaskCellJudgement;
}

/**
 * The keyword screen's family, by keyword first: each keyword tested (one with a cell of at least `minOrders` orders)
 * gets an equal share of the level, split among the products it was tested on. A task sends its recruits by a rare
 * keyword, one that leads to its product and to little else; a generic one ('backpack') is tested on every product
 * it sells and pays for each. This is Bonferroni with weights fixed by order counts alone, which the null (a keyword
 * unrelated to the task's marks) leaves untouched, so the family-wise level holds; against Bonferroni over the cells
 * it costs a generic keyword's cells a factor of its products over the average, and spares a rare keyword's cell the
 * price of every best-seller's generic keywords.
 */
export interface KeywordFamily {
  keywords: number;
  /** The products a keyword was tested on. */
  products: (keyword: string) => number;
  /** The Bonferroni factor of a cell of this keyword: keywords × its products. */
  tests: (keyword: string) => number;
}

export function keywordFamily(products: { tested: string[] }[]): KeywordFamily {
  const counts = new Map<string, number>();
  for (const p of products) for (const k of p.tested) counts.set(k, (counts.get(k) ?? 0) + 1);
  const keywords = Math.max(1, counts.size);
  const productsOf = (k: string) => counts.get(k) ?? 1;
  return { keywords, products: productsOf, tests: (k) => keywords * productsOf(k) };
}

async function detect(db: Database, params: TaskBrushingParameters, scope?: Scope): Promise<DetectedRing[]> {
  const productIds = await productsToScan(db, params, scope);
  if (productIds.length === 0) return [];
  const window = {
    minRating: params.minRating,
    reviewWithinSeconds: Math.round(params.reviewWithinHours * 3600),
  };
  const [base, products] = await Promise.all([
    readBaseRates(db, params.minRating),
    inChunks(productIds, PRODUCT_CHUNK, async (chunk) =>
      rows<ProductCounts>(
        await db.read('detection/task-brushing-cells', {
          ...window,
          productIds: chunk,
          minOrders: params.minOrders,
          dwellMinSeconds: params.dwellMinSeconds,
          dwellMaxSeconds: params.dwellMaxSeconds,
        }),
      ),
    ),
  ]);
  const browsed = products.reduce((s, p) => s + p.browsed, 0);
  const platformInBand = browsed ? products.reduce((s, p) => s + p.inBand, 0) / browsed : 0;
  const family = keywordFamily(products);
  const profiles: { p: ProductCounts; cell: CellCounts; profile: TaskCellProfile; tests: number }[] = [];
  for (const p of products)
    for (const cell of p.cells) {
      const profile: TaskCellProfile = {
        orders: cell.orders,
        boosted: cell.boosted,
        browsed: cell.browsed,
        inBand: cell.inBand,
        productOrders: p.orders,
        productBoosted: p.boosted,
        productBrowsed: p.browsed,
        productInBand: p.inBand,
        platformBoost: base.boostPerOrder,
        platformInBand,
      };
      profiles.push({ p, cell, profile, tests: family.tests(cell.keyword) });
    }
  const passed = profiles.filter((x) => judge(keywordLogP(x.profile), x.tests).significant);
  const screened = passed.length;
  // The browse test's bar over the screened cells: Benjamini-Hochberg's, from all their browse p-values at once.
  const browseTests = discoveryTests(
    passed.map((x) => dwellTest(x.profile).logP),
    screened,
  );
  const flagged: Flagged[] = [];
  for (const { p, cell, profile, tests } of profiles) {
    const judgement = judgeTaskCell(profile, tests, browseTests);
    if (judgement.significant && judgement.score >= params.minScore)
      flagged.push({ productId: p.productId, cell, profile, judgement });
  }
  if (flagged.length === 0) return [];
  const orders = rows<CellOrder>(
    await db.read('detection/task-brushing-orders', {
      ...window,
      cells: flagged.map((f) => ({ productId: f.productId, keyword: f.cell.keyword })),
    }),
  );
  let rings = flagged
    .map((f) =>
      ringOf(
        f,
        orders.filter((o) => o.productId === f.productId && o.keyword === f.cell.keyword),
        params,
        { screened, browseTests },
        family,
      ),
    )
    .filter((r): r is DetectedRing => r !== null);
  if (scope?.accountId) rings = rings.filter((r) => r.members.some((m) => m.accountId === scope.accountId));
  return rings;
}

const percent = (x: number): string => (x < 0.01 ? `${(x * 100).toFixed(1)}%` : `${Math.round(x * 100)}%`);

function ringOf(
  f: Flagged,
  orders: CellOrder[],
  params: TaskBrushingParameters,
  /** Cells whose keyword test held, and the browse test's Bonferroni-equivalent count among them. */
  { screened, browseTests }: { screened: number; browseTests: number },
  family: KeywordFamily,
): DetectedRing | null {
  const { profile, judgement, productId } = f;
  const keyword = f.cell.keyword;
  const keywordProducts = family.products(keyword);
  const inBand = (o: CellOrder) =>
    typeof o.browse === 'number' && o.browse >= params.dwellMinSeconds && o.browse <= params.dwellMaxSeconds;
  // The ring is the buyers who did the task: the in-band orders (whether or not they were reviewed), split into
  // campaigns at gaps no uniform run of that many orders would leave: a buyer who happened on the keyword weeks before
  // or after is not in one. A 5-star buyer whose browse time was not recorded counts inside a campaign's span.
  const byTime = [...orders].sort((a, b) => a.t - b.t);
  const runs = campaigns(byTime.filter(inBand), (o) => o.t).filter((c) => c.length >= params.minOrders);
  const inside = (o: CellOrder) => runs.some((c) => o.t >= c[0].t && o.t <= c[c.length - 1].t);
  const tasks = byTime.filter((o) => inside(o) && (inBand(o) || (o.reviewId !== null && typeof o.browse !== 'number')));
  if (tasks.length < params.minOrders) return null;
  const band = `${Math.round(params.dwellMinSeconds / 60)}-${Math.round(params.dwellMaxSeconds / 60)} min`;
  const newBuyers = tasks.filter((o) => o.newToShop).length;
  const reviewed = tasks.filter((o) => o.reviewId).length;
  const texts = new Map<string, number>();
  for (const o of tasks) if (o.text) texts.set(o.text, (texts.get(o.text) ?? 0) + 1);
  const byAccount = new Map<string, CellOrder[]>();
  for (const o of tasks) (byAccount.get(o.accountId) ?? byAccount.set(o.accountId, []).get(o.accountId)!).push(o);
  const members: DetectedMember[] = [...byAccount.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([accountId, mine]) => {
      // A member's own evidence: its boosting review, its browse time in the band, its keyword's rarity.
      const own =
        mine.filter((o) => o.reviewId).length * Math.log(judgement.boostRate) +
        mine.filter(inBand).length * Math.log(Math.max(judgement.bandRate, 1e-9)) +
        mine.length * Math.log(Math.max(judgement.keywordShare, 1e-9));
      return {
        accountId,
        role: 'member',
        score: score(judge(own, byAccount.size).score),
        evidence: capped(
          mine.map(
            (o) =>
              `searched '${keyword}' and bought ${productId} at ${when(o.t)} (order ${o.orderId})` +
              (typeof o.browse === 'number' ? ` after browsing ${Math.round(o.browse / 6) / 10} min` : '') +
              (inBand(o) ? ` like ${profile.inBand} of ${profile.browsed} buyers from '${keyword}'` : '') +
              (o.reviewId
                ? `; ${o.rating}-star review ${o.reviewId} ${hours((o.reviewedAt ?? o.t) - o.t)} later`
                : `; no ${params.minRating}-star review within ${hours(params.reviewWithinHours * 3600)}`) +
              (o.newToShop ? `; first order from shop ${o.merchantId}` : '') +
              (o.text && (texts.get(o.text) ?? 0) > 1
                ? `; same text as ${texts.get(o.text)! - 1} other members' reviews`
                : ''),
          ),
          10,
        ),
      };
    });
  const first = tasks[0].t;
  const last = tasks[tasks.length - 1].t;
  const kw = judgement.keyword;
  const marked = kw.mark === 'review' ? 'with such a review' : `browsed ${band}`;
  const topText = [...texts.entries()].sort((a, b) => b[1] - a[1])[0];
  return {
    kind: 'TASK_BRUSHING',
    score: score(judgement.score),
    members,
    devices: [],
    payments: [],
    products: [productId],
    orders: sorted(tasks.map((o) => o.orderId)),
    reviews: sorted(tasks.flatMap((o) => (o.reviewId ? [o.reviewId] : []))),
    merchants: sorted(tasks.map((o) => o.merchantId)),
    firstActivity: dateOf(first),
    lastActivity: dateOf(Math.max(...tasks.map((o) => o.reviewedAt ?? o.t))),
    signals: ['TASK_BRUSHING'],
    explanation:
      `${members.length} accounts searched '${keyword}' and bought ${productId}` +
      ` after browsing ${band}; ${reviewed} of their ${tasks.length} orders got a ${params.minRating}-star review ` +
      `within ${hours(params.reviewWithinHours * 3600)}; ` +
      `one by one over ${hours(last - first)} (${when(first)} – ${when(last)}). ` +
      `Keyword '${keyword}' leads to ${percent((profile.orders - kw.hits) / Math.max(1, profile.productOrders - kw.of))} ` +
      `of this product's other orders and to ${kw.hits} of its ${kw.of} ${marked} ` +
      `(${pText(judgement.logPKeyword)}, the stronger of the review and browse marks); ${profile.boosted} of the ${profile.orders} orders from '${keyword}' got one, where the ` +
      `product's other buyers and the platform give ${percent(judgement.boostRate)} (${pText(judgement.logPBoost)}); ` +
      `${profile.inBand} of ${profile.browsed} browsed ${band}, where ${percent(judgement.bandRate)} of the product's other ` +
      `buyers do (${pText(judgement.logPDwell)}); ${newBuyers} of ${tasks.length} had never bought from the shop before` +
      (topText && topText[1] > 1 ? `; ${topText[1]} reviews say "${topText[0]}"` : '') +
      `. Both tests hold: the keyword, significant with Bonferroni over the ${family.keywords} keywords tested ` +
      `and the ${keywordProducts === 1 ? 'one product' : `${keywordProducts} products`} '${keyword}' was tested on, and the ` +
      `browse times, among the ${screened} cells whose keyword test held (false discovery rate ` +
      `${FAMILY_ALPHA * 100}%: p at most ${pText(Math.log(FAMILY_ALPHA / browseTests)).slice(4)}).`,
  };
}

export const taskBrushingDetector: Detector<TaskBrushingParameters> = {
  kind: 'TASK_BRUSHING',
  name: 'task-brushing',
  defaults,
  parameters: {
    minOrders: {
      description:
        'Fewest orders from one keyword to one product that did the task (browsed in the band) to make a ring (three make a group)',
      unit: 'orders',
      max: 10000,
    },
    reviewWithinHours: {
      description:
        'A boosting review counts when written this soon after the order (a marketplace review window; tasks ask for it a day or two later)',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    dwellMinSeconds: {
      description: 'Shortest browse time the task asks for (case reports: 5-7 minutes on the listing)',
      unit: 'seconds',
      max: 86400,
    },
    dwellMaxSeconds: {
      description: 'Longest browse time the task asks for (case reports: 5-7 minutes on the listing)',
      unit: 'seconds',
      max: 86400,
    },
    minRating: SHARED_PARAMETER_DOCS.minRating,
    minScore: SHARED_PARAMETER_DOCS.minScore,
  },
  detect,
};
