// Review attacks (职业差评师): bursts of low reviews on a product far beyond its own rate of them, posted by
// accounts that show organisation (no order of the product, new accounts, one template text), not a bad batch.
import { Database } from '../db/database';
import { rows } from '../db/values';
import { readBaseRates } from './base-rates';
import { judge, logBinomialTail, logFisher, logPoissonTail, pText } from './null-model';
import {
  capped,
  componentsOf,
  dateOf,
  hasScope,
  hours,
  inChunks,
  scopeSeedAccounts,
  score,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { nearDuplicateGroups } from './text-similarity';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface ReviewAttackParameters {
  /** Rating at or below which a review attacks. */
  maxLowRating: number;
  /** Shortest window a burst is measured over (reviews are seldom stamped finer than this matters). */
  minWindowHours: number;
  /** Longest window: an organised attack is posted within days, not spread over weeks. */
  maxWindowHours: number;
  /** Fewest low reviews in a burst: two bad reviews close together is no attack. */
  minReviews: number;
  /** An account this young when it posts counts as new. */
  newAccountDays: number;
  /** Jaccard similarity of two texts' character shingles at which they are one template. */
  minSimilarity: number;
  /** Rings scoring below this are dropped. */
  minScore: number;
}

const defaults: ReviewAttackParameters = {
  maxLowRating: 1,
  minWindowHours: 1,
  maxWindowHours: 72,
  minReviews: 3,
  newAccountDays: 30,
  minSimilarity: 0.6,
  minScore: 0.5,
};

const MERCHANT_CHUNK = 50;
/** Bursts taken from one product before its remaining low reviews look ordinary. */
const MAX_BURSTS_PER_PRODUCT = 5;

interface LowReview {
  id: string;
  accountId: string;
  rating: number;
  at: number;
  text: string | null;
  ordered: boolean;
  accountAge: number | null;
}

interface ProductLows {
  merchantId: string;
  productId: string;
  reviews: number;
  first: number;
  low: LowReview[];
}

/** A window of one product's low reviews and how unlikely it is under the product's own rate of them. */
export interface BurstProfile {
  /** Low reviews in the window. */
  count: number;
  windowSeconds: number;
  /** Low reviews per second the product gets outside the window (never below what its reviews and the platform's low share give). */
  rate: number;
}

/** ln p of `count` low reviews in the window when the product gets them at its own rate (Poisson). */
export function burstLogP(b: BurstProfile): number {
  return logPoissonTail(b.count, b.rate * b.windowSeconds);
}

/** What tells an organised burst from a genuinely bad batch, against the platform's low reviews outside it. */
export interface OrganisationProfile {
  reviews: number;
  /** Reviewers without an order of the product, and the platform's share of such low reviews (1: no orders known). */
  withoutOrder: number;
  withoutOrderShare: number;
  /** Reviewers whose account was new, and the platform's share. */
  newAccounts: number;
  newShare: number;
  /** Reviews in the burst's largest template, that template's share of the platform's low reviews, and how many templates the burst holds. */
  sameText: number;
  textShare: number;
  templates: number;
}

/**
 * ln p that the burst is this organised by chance: Fisher's combination of binomial tails for reviewers without an
 * order, new accounts and one template text, each against the platform's own share of low reviews like that. A test
 * whose base says nothing (no orders in the data at all, no texts) is left out rather than counted as p = 1.
 */
export function organisationLogP(o: OrganisationProfile): number {
  const tests: number[] = [];
  if (o.withoutOrderShare < 1) tests.push(logBinomialTail(o.withoutOrder, o.reviews, o.withoutOrderShare));
  if (o.newShare < 1) tests.push(logBinomialTail(o.newAccounts, o.reviews, o.newShare));
  // The largest of `templates` templates: a choice among them, so its tail is multiplied by their number.
  if (o.sameText >= 2)
    tests.push(Math.min(0, logBinomialTail(o.sameText, o.reviews, o.textShare) + Math.log(Math.max(1, o.templates))));
  return tests.length ? logFisher(tests) : 0;
}

interface Burst {
  product: ProductLows;
  reviews: LowReview[];
  profile: BurstProfile;
  logP: number;
  tests: number;
}

/** Window widths scanned: doubling from the shortest to the longest. */
function widths(params: ReviewAttackParameters): number[] {
  const out: number[] = [];
  for (let h = params.minWindowHours; h < params.maxWindowHours; h *= 2) out.push(h * 3600);
  out.push(params.maxWindowHours * 3600);
  return out;
}

/**
 * The most significant windows of one product's low reviews (a scan over every start and every width), taken one
 * after another while the rest still holds a burst; `tests` is how many disjoint windows the scan looked at.
 */
function scanProduct(
  product: ProductLows,
  last: number,
  floorRate: number,
  lowShare: number,
  params: ReviewAttackParameters,
): Burst[] {
  const span = Math.max(last - product.first, params.maxWindowHours * 3600);
  const tests = widths(params).reduce((s, w) => s + Math.ceil(span / w), 0);
  let left = [...product.low].sort((a, b) => a.at - b.at);
  const out: Burst[] = [];
  for (let round = 0; round < MAX_BURSTS_PER_PRODUCT && left.length >= params.minReviews; round++) {
    let best: Burst | null = null;
    for (const w of widths(params)) {
      let hi = 0;
      for (let lo = 0; lo < left.length; lo++) {
        if (hi < lo) hi = lo;
        while (hi + 1 < left.length && left[hi + 1].at - left[lo].at <= w) hi++;
        const count = hi - lo + 1;
        if (count < params.minReviews) continue;
        const outside = product.low.length - count;
        const others = product.reviews - count;
        const rate = Math.max(outside / span, (lowShare * others) / span, floorRate);
        const profile = { count, windowSeconds: w, rate };
        const logP = burstLogP(profile);
        if (!best || logP < best.logP) best = { product, reviews: left.slice(lo, hi + 1), profile, logP, tests };
      }
    }
    if (!best || !judge(best.logP, tests).significant) break;
    out.push(best);
    const taken = new Set(best.reviews.map((r) => r.id));
    left = left.filter((r) => !taken.has(r.id));
  }
  return out;
}

async function readLows(db: Database, params: ReviewAttackParameters): Promise<ProductLows[]> {
  const merchants = rows<{ id: string }>(await db.read('detection/merchant-ids')).map((r) => r.id);
  return inChunks(merchants, MERCHANT_CHUNK, async (chunk) =>
    rows<ProductLows>(
      await db.read('detection/review-attack-low', { merchantIds: chunk, maxLowRating: params.maxLowRating }),
    ),
  );
}

interface JudgedBurst extends Burst {
  organisation: OrganisationProfile;
  organisationLogP: number;
  /** Reviews of the burst's largest template. */
  template: Set<string>;
  /** Members: reviewers of the burst showing at least one sign of organisation. */
  organised: LowReview[];
}

async function detect(db: Database, params: ReviewAttackParameters, scope?: Scope): Promise<DetectedRing[]> {
  const span = rows<{ first: number | null; last: number | null }>(await db.read('detection/review-span'))[0];
  if (!span || span.first === null || span.last === null) return [];
  const products = await readLows(db, params);
  const base = await readBaseRates(db, 5, params.maxLowRating);
  const allLow = products.flatMap((p) => p.low);
  if (allLow.length === 0) return [];
  const dataSpan = Math.max(1, span.last - span.first);
  const productCount = Math.max(1, products.length);
  // The average product's low reviews per second: the least rate any product is held to.
  const floorRate = allLow.length / productCount / dataSpan;

  let tests = 0;
  const bursts: Burst[] = [];
  for (const product of products) {
    const found = scanProduct(product, span.last, floorRate, base.lowShare, params);
    bursts.push(...found);
    const spanP = Math.max(span.last - product.first, params.maxWindowHours * 3600);
    tests += widths(params).reduce((s, w) => s + Math.ceil(spanP / w), 0);
  }
  const significant = bursts.filter((b) => judge(b.logP, tests).significant);
  if (significant.length === 0) return [];

  // Templates among all low reviews: how common the burst's text is where nobody attacks.
  const texts = allLow.map((r) => r.text ?? '');
  const groups = await nearDuplicateGroups(texts, params.minSimilarity, undefined, () => db.checkpoint());
  const templateOf = new Map(allLow.map((r, i) => [r.id, groups[i]]));
  const templateUses = new Map<number, number>();
  for (const g of groups) if (g >= 0) templateUses.set(g, (templateUses.get(g) ?? 0) + 1);
  const newSeconds = params.newAccountDays * 86400;
  const isNew = (r: LowReview) => r.accountAge !== null && r.accountAge <= newSeconds;
  const withoutOrderAll = allLow.filter((r) => !r.ordered).length;
  const newAll = allLow.filter(isNew).length;

  const judged: JudgedBurst[] = [];
  for (const b of significant) {
    const k = b.reviews.length;
    const rest = Math.max(1, allLow.length - k);
    const byTemplate = new Map<number, LowReview[]>();
    for (const r of b.reviews) {
      const g = templateOf.get(r.id)!;
      if (g >= 0) (byTemplate.get(g) ?? byTemplate.set(g, []).get(g)!).push(r);
    }
    const [topTemplate, topReviews] = [...byTemplate.entries()].sort((x, y) => y[1].length - x[1].length)[0] ?? [
      -1,
      [],
    ];
    const withoutOrder = b.reviews.filter((r) => !r.ordered).length;
    const newAccounts = b.reviews.filter(isNew).length;
    const organisation: OrganisationProfile = {
      reviews: k,
      withoutOrder,
      // With no orders anywhere, "without an order" says nothing.
      withoutOrderShare: withoutOrderAll === allLow.length ? 1 : (withoutOrderAll - withoutOrder + 1) / (rest + 1),
      newAccounts,
      newShare: newAll === allLow.length ? 1 : (newAll - newAccounts + 1) / (rest + 1),
      sameText: topReviews.length,
      textShare: topTemplate >= 0 ? ((templateUses.get(topTemplate) ?? 0) - topReviews.length + 1) / (rest + 1) : 1,
      templates: byTemplate.size,
    };
    const logP = organisationLogP(organisation);
    if (!judge(logP, significant.length).significant) continue;
    const template = new Set(topReviews.length >= 2 ? topReviews.map((r) => r.id) : []);
    const signs = (r: LowReview) =>
      (organisation.withoutOrderShare < 1 && !r.ordered) || isNew(r) || template.has(r.id);
    judged.push({
      ...b,
      organisation,
      organisationLogP: logP,
      template,
      organised: b.reviews.filter(signs),
    });
  }

  // Bursts posted by the same accounts (one crew attacking several products of a shop) are one ring.
  const edges: [string, string][] = [];
  judged.forEach((b, i) => b.organised.forEach((r) => edges.push([`b:${i}`, `a:${r.accountId}`])));
  let rings = componentsOf(edges)
    .map((component) => component.filter((n) => n.startsWith('b:')).map((n) => judged[Number(n.slice(2))]))
    .map((parts) => ringOf(parts, tests, significant.length, params));
  rings = rings.filter((r) => r.score >= params.minScore);
  if (hasScope(scope)) {
    const seeds = new Set(await scopeSeedAccounts(db, scope));
    rings = rings.filter((r) => r.members.some((m) => seeds.has(m.accountId)));
  }
  return rings;
}

const perDay = (rate: number): string => {
  const d = rate * 86400;
  return d >= 1 ? d.toFixed(1) : d >= 0.01 ? d.toFixed(2) : d.toExponential(0);
};

function burstSentence(b: JudgedBurst, params: ReviewAttackParameters): string {
  const o = b.organisation;
  return (
    `${b.profile.count} ${params.maxLowRating}-star reviews of ${b.product.productId} within ${hours(b.profile.windowSeconds)} ` +
    `(${b.product.productId} gets ${perDay(b.profile.rate)} a day)` +
    (o.withoutOrderShare < 1 ? `, ${o.withoutOrder} without an order` : '') +
    (o.newShare < 1 ? `, ${o.newAccounts} from accounts under ${params.newAccountDays} days old` : '')
  );
}

function ringOf(parts: JudgedBurst[], tests: number, bursts: number, params: ReviewAttackParameters): DetectedRing {
  parts.sort((a, b) => a.logP - b.logP);
  const ringScore = Math.min(
    ...parts.map((b) => Math.min(judge(b.logP, tests).score, judge(b.organisationLogP, bursts).score)),
  );
  const byAccount = new Map<string, { review: LowReview; burst: JudgedBurst }[]>();
  for (const burst of parts)
    for (const review of burst.organised)
      (byAccount.get(review.accountId) ?? byAccount.set(review.accountId, []).get(review.accountId)!).push({
        review,
        burst,
      });
  const members: DetectedMember[] = sorted(byAccount.keys()).map((accountId) => {
    const mine = byAccount.get(accountId)!;
    const evidence = mine.map(({ review: r, burst: b }) => {
      const own = [
        r.ordered ? null : 'no order of the product',
        r.accountAge !== null && r.accountAge <= params.newAccountDays * 86400
          ? `account ${Math.floor(r.accountAge / 86400)} days old`
          : null,
      ].filter((x): x is string => !!x);
      return (
        `review ${r.id} at ${when(r.at)}${own.length ? ` (${own.join(', ')})` : ''}: one of ${burstSentence(b, params)}` +
        (b.template.has(r.id) ? `, same text as ${b.template.size - 1} of them` : '') +
        ` (${pText(b.logP)}; organised: ${pText(b.organisationLogP)})`
      );
    });
    return { accountId, score: score(ringScore), evidence: capped(evidence, 10), role: 'member' };
  });
  const reviews = parts.flatMap((b) => b.organised);
  const times = reviews.map((r) => r.at);
  const merchants = sorted(parts.map((b) => b.product.merchantId));
  const top = parts[0];
  return {
    kind: 'REVIEW_ATTACK',
    score: score(ringScore),
    members,
    devices: [],
    payments: [],
    products: sorted(parts.map((b) => b.product.productId)),
    orders: [],
    reviews: sorted(reviews.map((r) => r.id)),
    merchants,
    firstActivity: dateOf(Math.min(...times)),
    lastActivity: dateOf(Math.max(...times)),
    signals: ['REVIEW_ATTACK'],
    explanation:
      `${members.length} accounts attacked shop${merchants.length > 1 ? 's' : ''} ${merchants.join(', ')} in ` +
      `${parts.length === 1 ? 'one burst' : `${parts.length} bursts`} of low reviews: ${burstSentence(top, params)}` +
      (top.template.size ? `, ${top.template.size} of them the same text` : '') +
      ` (${pText(top.logP)} among ${tests} windows scanned; organised beyond a bad batch: ${pText(top.organisationLogP)}).`,
  };
}

export const reviewAttackDetector: Detector<ReviewAttackParameters> = {
  kind: 'REVIEW_ATTACK',
  name: 'review-attack',
  defaults,
  parameters: {
    maxLowRating: { description: 'Rating at or below which a review attacks', unit: 'stars' },
    minWindowHours: {
      description: 'Shortest window a burst of low reviews is measured over (widths double up to the longest)',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    maxWindowHours: {
      description: 'Longest window: an organised attack is posted within days, not spread over weeks',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    minReviews: {
      description: 'Fewest low reviews in a burst (two bad reviews close together are no attack)',
      unit: 'reviews',
      max: 100000,
    },
    newAccountDays: {
      description: 'An account this young when it posts counts as new',
      unit: 'days',
      max: 365,
      type: 'Float',
    },
    minSimilarity: {
      description: 'Jaccard similarity of two texts’ character shingles at which they are one template',
      unit: 'share 0..1',
    },
    minScore: SHARED_PARAMETER_DOCS.minScore,
  },
  detect,
};
