// Review bursts from reviews alone (GSRank, DeFrauder): extreme ratings from new accounts bunched on one product beyond
// its own rate, and groups of accounts that review the same products together more often than their activity explains.
import { Database } from '../db/database';
import { rows } from '../db/values';
import {
  FAMILY_ALPHA,
  judge,
  logBinomialTail,
  logChoose,
  logFisher,
  logPoissonTail,
  pText,
  rarityWeight,
  Significance,
} from './null-model';
import {
  capped,
  componentsOf,
  dateOf,
  hasScope,
  inChunks,
  lowerBound,
  scopeSeedAccounts,
  score,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface ReviewBurstParameters {
  /** Rating that counts as an extreme (boosting) review. */
  minRating: number;
  /** Rating that counts as an extreme (attacking) review. */
  maxLowRating: number;
  /** Burst windows scanned, in days, comma-separated. */
  burstWindowsDays: string;
  /** An account is new for this many days after its creation (a reviews-only export: its first review). */
  newAccountDays: number;
  /** Fewest reviews in a burst, and fewest accounts in a group. */
  minGroupSize: number;
  /** Two reviews of one product are written together when at most this many days apart. */
  coReviewWindowDays: number;
  /** Fewest products two accounts must have reviewed together before they are linked. */
  minSharedProducts: number;
  /** Co-review windows holding more extreme reviews than this are crowds: their pairs are not enumerated. */
  maxWindowReviews: number;
  /** Whether reviews backed by an order can be part of a burst or a group. */
  orderedReviews: boolean;
  /** Rings scoring below this are dropped. */
  minScore: number;
}

const defaults: ReviewBurstParameters = {
  minRating: 5,
  maxLowRating: 1,
  burstWindowsDays: '1,7,30',
  newAccountDays: 30,
  minGroupSize: 3,
  coReviewWindowDays: 7,
  minSharedProducts: 2,
  maxWindowReviews: 200,
  orderedReviews: false,
  minScore: 0.5,
};

const parameters: Detector<ReviewBurstParameters>['parameters'] = {
  minRating: SHARED_PARAMETER_DOCS.minRating,
  maxLowRating: {
    description: 'Rating that counts as an attacking review (1 star is the bottom of the scale)',
    unit: 'stars',
  },
  burstWindowsDays: {
    description:
      'Burst windows scanned, comma-separated: a day (a task with a deadline), a week (a weekly task batch), a month (a monthly campaign budget); those up to coReviewWindowDays are also the widths two accounts are read as reviewing together at',
    unit: 'days',
    max: 365,
    type: 'String',
  },
  newAccountDays: {
    description:
      'An account is new for this many days after its creation (in a reviews-only export, its first review): accounts registered or bought for a campaign are used within a month',
    unit: 'days',
    max: 365,
  },

  minGroupSize: {
    description: 'Fewest reviews in a burst and fewest accounts in a group: two can coincide, a ring is a group',
    unit: 'accounts',
    max: 1000,
  },
  coReviewWindowDays: {
    description:
      "Two reviews of one product are written together when at most this far apart (DeFrauder's window; task batches are weekly)",
    unit: 'days',
    max: 365,
  },
  minSharedProducts: {
    description:
      'Fewest products two accounts must review together to be linked (one shared product is a burst, not a group)',
    unit: 'products',
    max: 1000,
  },
  maxWindowReviews: {
    description:
      'A co-review window with more extreme reviews than this is a crowd whose pairs are not enumerated (each pair would weigh under 1/log(205) and cost quadratic time)',
    unit: 'reviews',
    max: 100000,
  },
  orderedReviews: {
    description:
      "Whether reviews backed by an order can be part of a burst or a group (off: the order-based detectors judge those with the order's context, such as flash sales and search keywords; every review still counts towards a product's rate)",
    type: 'Boolean',
  },
  minScore: SHARED_PARAMETER_DOCS.minScore,
};

const PRODUCT_CHUNK = 2000;
const DAY = 86400;

type Polarity = 'high' | 'low';

/** One product's reviews in time order, as the Cypher returns them. */
export interface ProductReviews {
  productId: string;
  /** Null for reviews that are not extreme. */
  ids: (string | null)[];
  accounts: (string | null)[];
  times: number[];
  ratings: number[];
  /** Seconds from the author's account creation to the review. */
  ages: number[];
  /** 1 for a review no order backs, 0 for one that follows an order. */
  unordered: number[];
}

/** Whether the author of review i was new when writing it. */
const isNew = (p: ProductReviews, i: number, params: ReviewBurstParameters): boolean =>
  p.ages[i] <= params.newAccountDays * DAY;

// ---------------------------------------------------------------------------------------------------------------
// Bursts: Poisson scan of new accounts' extreme reviews against the product's own rate.

/** A burst as plain numbers: what the null model is asked about. */
export interface BurstProfile {
  productId: string;
  polarity: Polarity;
  windowDays: number;
  /** New accounts' extreme reviews in the window, and in the product's whole history. */
  burstReviews: number;
  productBurstReviews: number;
  /** Expected burst reviews in such a window at the product's own rate outside it (one pseudo-review added). */
  expected: number;
  /** All reviews in the window, how many of them are extreme, and the extreme share of the product's other reviews. */
  windowReviews: number;
  windowExtreme: number;
  otherExtremeShare: number;
  /**
   * The window's reviews that no order backs, and the share they are read against: the product's other reviews'
   * (one pseudo-review each way), never below the platform's. Null where the data holds no ordered review at all
   * (a reviews-only export, where every review lacks an order and the test could say nothing).
   */
  windowUnordered: number;
  unorderedShare: number | null;
}

export interface Verdict extends Significance {
  logP: number;
  /** ln p of each part that must show on its own: the co-action (a burst, a group) and its purpose (extreme ratings). */
  logParts: number[];
  /** Significant under Bonferroni, and every part shows on its own at FAMILY_ALPHA (an intersection-union test). */
  ring: boolean;
}

/**
 * The burst's tests: its size given the product's own rate (Poisson); and its purpose, read two ways: its ratings
 * given the product's others (binomial), and, where the data has orders, its reviews without an order given the
 * product's others and the platform's (binomial). The purpose is the stronger of the two, paid for both (Bonferroni):
 * six 5-star reviews on a product whose buyers give 5 stars 70% of the time are not unusual ratings (p = 0.12), but
 * six reviews without an order where the product's reviews follow orders are. A launch whose buyers review it shows
 * neither: varied ratings, each after an order.
 */
export function burstTests(b: BurstProfile): {
  logBurst: number;
  logDeviation: number;
  logUnordered: number;
  logPurpose: number;
} {
  const logDeviation = logBinomialTail(b.windowExtreme, b.windowReviews, b.otherExtremeShare);
  const logUnordered =
    b.unorderedShare === null ? 0 : logBinomialTail(b.windowUnordered, b.windowReviews, b.unorderedShare);
  const logPurpose =
    b.unorderedShare === null ? logDeviation : Math.min(0, Math.min(logDeviation, logUnordered) + Math.LN2);
  return { logBurst: logPoissonTail(b.burstReviews, b.expected), logDeviation, logUnordered, logPurpose };
}

/**
 * Fisher over the independent tails, Bonferroni over the candidates; and each part required on its own, so that
 * neither unusual timing with ordinary ratings (a launch) nor extreme ratings at ordinary timing (fans) is a ring.
 */
export function verdictOf(logTails: number[], logParts: number[], tests: number): Verdict {
  const logP = logFisher(logTails);
  const s = judge(logP, tests);
  return { ...s, logP, logParts, ring: s.significant && logParts.every((x) => x <= Math.log(FAMILY_ALPHA)) };
}

export function burstVerdict(b: BurstProfile, tests: number): Verdict {
  const t = burstTests(b);
  return verdictOf([t.logBurst, t.logPurpose], [t.logBurst, t.logPurpose], tests);
}

interface BurstCandidate {
  profile: BurstProfile;
  product: ProductReviews;
  /** Indices into the product's reviews of the burst reviews. */
  members: number[];
  start: number;
  end: number;
}

export function windowsOf(text: string | number): number[] {
  // A CLI override of one window arrives as a number.
  const days = String(text)
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isFinite(x) && x > 0);
  return [...new Set(days)].sort((a, b) => a - b);
}

const polarityOf = (rating: number, params: ReviewBurstParameters): Polarity | null =>
  rating >= params.minRating ? 'high' : rating <= params.maxLowRating ? 'low' : null;

/** Every window that starts at a burst review and holds at least minGroupSize of them, at every scale; one per set. */
export function burstCandidates(products: ProductReviews[], params: ReviewBurstParameters): BurstCandidate[] {
  const scales = windowsOf(params.burstWindowsDays);
  const out: BurstCandidate[] = [];
  // The platform's share of reviews without an order: the floor of every product's (none where no review has one).
  let reviews = 0;
  let unordered = 0;
  for (const p of products) {
    reviews += p.unordered.length;
    for (const u of p.unordered) unordered += u;
  }
  const platformUnordered = reviews > 0 && unordered < reviews ? unordered / reviews : null;
  for (const product of products) {
    const n = product.times.length;
    const span = product.times[n - 1] - product.times[0];
    const unorderedPrefix = [0];
    for (let i = 0; i < n; i++) unorderedPrefix.push(unorderedPrefix[i] + product.unordered[i]);
    for (const polarity of ['high', 'low'] as const) {
      const extremePrefix = [0];
      const burst: number[] = [];
      for (let i = 0; i < n; i++) {
        const extreme = polarityOf(product.ratings[i], params) === polarity;
        extremePrefix.push(extremePrefix[i] + (extreme ? 1 : 0));
        // Only a review the statement returned an author for can be in a burst (with orders in the data, an ordered
        // review is not: its order is the other detectors' evidence); it still counts in the product's rating mix.
        // Counting them made a burst of 19 reviews whose ring could cite 1 account (100k, seed 7, p1881).
        if (extreme && isNew(product, i, params) && product.accounts[i]) burst.push(i);
      }
      if (burst.length < params.minGroupSize) continue;
      const best = new Map<string, BurstCandidate>();
      for (const days of scales) {
        const width = days * DAY;
        let b = 0;
        for (let a = 0; a < burst.length; a++) {
          const start = product.times[burst[a]];
          while (b < burst.length && product.times[burst[b]] < start + width) b++;
          const k = b - a;
          if (k < params.minGroupSize) continue;
          const lo = burst[a];
          const hi = lowerBound(product.times, start + width);
          const windowReviews = hi - lo;
          const windowExtreme = extremePrefix[hi] - extremePrefix[lo];
          const others = n - windowReviews;
          const windowUnordered = unorderedPrefix[hi] - unorderedPrefix[lo];
          const profile: BurstProfile = {
            productId: product.productId,
            polarity,
            windowDays: days,
            burstReviews: k,
            productBurstReviews: burst.length,
            expected: ((burst.length - k + 1) * width) / Math.max(span - width, width),
            windowReviews,
            windowExtreme,
            otherExtremeShare: (extremePrefix[n] - windowExtreme + 1) / (others + 2),
            windowUnordered,
            unorderedShare:
              platformUnordered === null
                ? null
                : Math.max(platformUnordered, (unorderedPrefix[n] - windowUnordered + 1) / (others + 2)),
          };
          const key = `${a}:${b}`;
          const seen = best.get(key);
          if (!seen || burstVerdict(profile, 1).logP < burstVerdict(seen.profile, 1).logP)
            best.set(key, {
              profile,
              product,
              members: burst.slice(a, b),
              start,
              end: product.times[burst[b - 1]],
            });
        }
      }
      out.push(...best.values());
    }
  }
  return out;
}

/** Significant windows of one product and polarity that overlap are one burst. */
function mergeBursts(found: { c: BurstCandidate; v: Verdict }[]): { parts: BurstCandidate[]; v: Verdict }[] {
  const groups = new Map<string, { c: BurstCandidate; v: Verdict }[]>();
  for (const x of found) {
    const key = `${x.c.profile.productId}\u0000${x.c.profile.polarity}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(x);
  }
  const out: { parts: BurstCandidate[]; v: Verdict }[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.c.members[0] - b.c.members[0]);
    let current: { parts: BurstCandidate[]; v: Verdict; last: number } | null = null;
    for (const x of list) {
      if (current && x.c.members[0] <= current.last) {
        current.parts.push(x.c);
        current.last = Math.max(current.last, x.c.members[x.c.members.length - 1]);
        if (x.v.logP < current.v.logP) current.v = x.v;
      } else {
        if (current) out.push(current);
        current = { parts: [x.c], v: x.v, last: x.c.members[x.c.members.length - 1] };
      }
    }
    if (current) out.push(current);
  }
  return out;
}

const stars = (polarity: Polarity, params: ReviewBurstParameters): string =>
  polarity === 'high' ? `${params.minRating}-star` : `${params.maxLowRating}-star`;

function burstRing(
  parts: BurstCandidate[],
  v: Verdict,
  merchantOf: Map<string, string>,
  params: ReviewBurstParameters,
): DetectedRing {
  const best = parts.reduce((a, b) => (burstVerdict(a.profile, 1).logP <= burstVerdict(b.profile, 1).logP ? a : b));
  const product = best.product;
  const prof = best.profile;
  const indices = sorted(parts.flatMap((c) => c.members.map(String))).map(Number);
  const byAccount = new Map<string, number[]>();
  for (const i of indices) {
    const a = product.accounts[i];
    // A review whose author is not in the product's list (no account id came back) cannot be cited.
    if (typeof a !== 'string') continue;
    (byAccount.get(a) ?? byAccount.set(a, []).get(a)!).push(i);
  }
  const n = product.times.length;
  const kind = stars(prof.polarity, params);
  const members: DetectedMember[] = [...byAccount.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, mine]) => ({
      accountId,
      score: score(v.score),
      role: 'member',
      evidence: mine.map((i) => {
        const ageDays = Math.max(0, Math.round(product.ages[i] / DAY));
        return (
          `${product.ratings[i]}-star review ${product.ids[i]} of ${product.productId} at ${when(product.times[i])}, ` +
          `review ${i + 1} of the product's ${n}; account created ${ageDays} days earlier; ` +
          `one of ${indices.length} new accounts' ${kind} reviews in ${(best.end - best.start) / DAY < 1 ? 'one day' : `${Math.ceil((best.end - best.start) / DAY) + 1} days`} (${pText(v.logP)})`
        );
      }),
    }));
  const times = indices.map((i) => product.times[i]);
  const t = burstTests(prof);
  const merchant = merchantOf.get(product.productId);
  return reviewRing(
    v,
    members,
    [product.productId],
    indices.map((i) => product.ids[i]!),
    merchant ? [merchant] : [],
    times,
    `${prof.burstReviews} ${kind} reviews of ${product.productId} from accounts new at the time within ${prof.windowDays} days ` +
      `(${when(best.start).slice(0, 10)} to ${when(best.end).slice(0, 10)}), where the product's own rate of such reviews ` +
      `predicts ${prof.expected.toFixed(2)} (${pText(t.logBurst)}); ${prof.windowExtreme} of the window's ${prof.windowReviews} reviews ` +
      `are ${kind}, against ${(prof.otherExtremeShare * 100).toFixed(0)}% of the product's other reviews (${pText(t.logDeviation)})` +
      (prof.unorderedShare === null
        ? ''
        : `; ${prof.windowUnordered} of them have no order, against ${(prof.unorderedShare * 100).toFixed(0)}% of the ` +
          `product's other reviews or the platform's, whichever is more (${pText(t.logUnordered)}); the stronger ` +
          `of the two, paid for both: ${pText(t.logPurpose)}`) +
      `. ` +
      `Combined ${pText(v.logP)}, significant among the candidates tested (threshold 1e-${v.threshold.toFixed(1)}).`,
  );
}

/** The ring both kinds of finding are reported as: reviews are the evidence, no devices, orders or payments. */
function reviewRing(
  v: Verdict,
  members: DetectedMember[],
  products: string[],
  reviews: string[],
  merchants: string[],
  times: number[],
  explanation: string,
): DetectedRing {
  return {
    kind: 'REVIEW_BURST',
    score: score(v.score),
    members,
    devices: [],
    payments: [],
    products,
    orders: [],
    reviews,
    merchants,
    firstActivity: dateOf(Math.min(...times)),
    lastActivity: dateOf(Math.max(...times)),
    signals: ['REVIEW_BURST'],
    explanation,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Groups: accounts that review the same products together, against their own activity and the products' popularity.

/** One co-reviewed target of a group: the most members reviewing one product extremely within one window. */
export interface GroupTarget {
  productId: string;
  polarity: Polarity;
  /** Members reviewing it in the window, and the expected number given their activity and its popularity. */
  members: number;
  /** Members' extreme reviews of it at any time (the points a window could pick from). */
  memberReviews: number;
  expectedMembers: number;
  /** Chance that one of its reviews falls in a given window of that width (window / the product's review span). */
  windowShare: number;
  /** Extreme share of its reviews by other accounts (one pseudo-review each way). */
  otherExtremeShare: number;
  /** Rarity weight of the product (FRAUDAR's 1/log(reviewers + 5)). */
  weight: number;
}

export interface GroupProfile {
  size: number;
  targets: GroupTarget[];
  /** The group's reviews on its targets, how many written by accounts new at the time, and the platform's new share. */
  reviews: number;
  newReviews: number;
  newShare: number;
  /** Mean Jaccard overlap of the members' sets of reviewed products (DeFrauder's group content similarity). */
  overlap: number;
}

/** The group's tests: shared targets beyond chance, together in time, extreme beyond the targets' others, new accounts. */
export function groupTests(g: GroupProfile): {
  logShare: number;
  logTogether: number;
  logExtreme: number;
  logNew: number;
} {
  const logShare = logFisher(g.targets.map((t) => logPoissonTail(t.members, t.expectedMembers)));
  // Some c of the members' m reviews of a product land within one window by chance with probability at most
  // C(m, c)·c·share^(c-1) (union bound over the c-subsets and which of them comes first).
  const logTogether = logFisher(
    g.targets.map((t) =>
      Math.min(
        0,
        logChoose(t.memberReviews, t.members) +
          Math.log(t.members) +
          (t.members - 1) * Math.log(Math.min(1, t.windowShare)),
      ),
    ),
  );
  // Every in-window review of the group is extreme: the chance of that at each product's own extreme share.
  const logExtreme = g.targets.reduce((s, t) => s + t.members * Math.log(t.otherExtremeShare), 0);
  const logNew = logBinomialTail(g.newReviews, g.reviews, g.newShare);
  return { logShare, logTogether, logExtreme, logNew };
}

export function groupVerdict(g: GroupProfile, tests: number): Verdict {
  const t = groupTests(g);
  return verdictOf(
    [t.logShare, t.logTogether, t.logExtreme, t.logNew],
    [logFisher([t.logShare, t.logTogether]), logFisher([t.logExtreme, t.logNew])],
    tests,
  );
}

interface Placed {
  product: ProductReviews;
  index: number;
}

/** Extreme reviews of each product and polarity, in time order. */
function extremeLists(
  products: ProductReviews[],
  params: ReviewBurstParameters,
): { product: ProductReviews; polarity: Polarity; indices: number[] }[] {
  const out: { product: ProductReviews; polarity: Polarity; indices: number[] }[] = [];
  for (const product of products)
    for (const polarity of ['high', 'low'] as const) {
      const indices = product.ratings
        .map((r, i) => (polarityOf(r, params) === polarity ? i : -1))
        .filter((i) => i >= 0);
      if (indices.length >= 2) out.push({ product, polarity, indices });
    }
  return out;
}

/** Pairs of accounts that reviewed a product with the same extreme rating within `days` of each other, by product. */
function coReviewPairs(
  lists: ReturnType<typeof extremeLists>,
  params: ReviewBurstParameters,
  days: number,
): Map<string, Set<string>> {
  const width = days * DAY;
  const shared = new Map<string, Set<string>>();
  for (const { product, polarity, indices } of lists) {
    const target = `${product.productId}\u0001${polarity}`;
    let hi = 0;
    for (let lo = 0; lo < indices.length; lo++) {
      while (hi < indices.length && product.times[indices[hi]] - product.times[indices[lo]] <= width) hi++;
      if (hi - lo > params.maxWindowReviews) continue;
      const a = product.accounts[indices[lo]]!;
      for (let k = lo + 1; k < hi; k++) {
        const b = product.accounts[indices[k]]!;
        if (a === b) continue;
        const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
        (shared.get(key) ?? shared.set(key, new Set()).get(key)!).add(target);
      }
    }
  }
  return shared;
}

interface Activity {
  /** Extreme reviews per account (on products reviewed at least twice: the ones that can be shared). */
  reviews: Map<string, number>;
  /** Extreme reviews in all. */
  total: number;
  /**
   * Per co-review width (days), Σ over products of (share of all extreme reviews)² · (2 · width / span): the chance
   * two given reviews co-review within that width.
   */
  coReviewMass: Map<number, number>;
  /** Share of all reviews written by accounts new at the time. */
  newShare: number;
}

function activityOf(products: ProductReviews[], params: ReviewBurstParameters): Activity {
  const reviews = new Map<string, number>();
  const extremeOf = new Map<ProductReviews, number>();
  let total = 0;
  let all = 0;
  let fresh = 0;
  for (const p of products) {
    let extreme = 0;
    for (let i = 0; i < p.times.length; i++) {
      all++;
      if (isNew(p, i, params)) fresh++;
      const a = p.accounts[i];
      if (a === null) continue;
      extreme++;
      reviews.set(a, (reviews.get(a) ?? 0) + 1);
    }
    extremeOf.set(p, extreme);
    total += extreme;
  }
  const coReviewMass = new Map<number, number>();
  for (const days of coReviewWidths(params)) {
    let mass = 0;
    for (const p of products) mass += (extremeOf.get(p)! / Math.max(total, 1)) ** 2 * windowShare(p, days);
    coReviewMass.set(days, mass);
  }
  return { reviews, total, coReviewMass, newShare: all ? fresh / all : 0 };
}

function windowShare(p: ProductReviews, days: number): number {
  const span = p.times[p.times.length - 1] - p.times[0];
  return Math.min(1, (2 * days * DAY) / Math.max(span, 1));
}

/**
 * The widths two accounts' reviews are read as written together at: the burst windows narrower than the co-review
 * window (a day: a task with a deadline), and the co-review window itself (a week: DeFrauder's, a weekly batch). A
 * group that posts within hours shows it at the narrow width, where chance co-reviews are a seventh as likely; each
 * pair is judged at its best width, paid for by the number of widths (Bonferroni).
 */
export function coReviewWidths(params: ReviewBurstParameters): number[] {
  return [...new Set([...windowsOf(params.burstWindowsDays), params.coReviewWindowDays])]
    .filter((d) => d <= params.coReviewWindowDays)
    .sort((a, b) => a - b);
}

interface Group {
  profile: GroupProfile;
  members: string[];
  /** Per target, the member reviews in its window. */
  placed: { target: GroupTarget; reviews: Placed[] }[];
}

/** A group's targets: per product and polarity, the window of the coReview width holding the most members. */
function groupOf(
  members: string[],
  lists: ReturnType<typeof extremeLists>,
  listsOf: Map<string, number[]>,
  activity: Activity,
  params: ReviewBurstParameters,
): Group {
  const inGroup = new Set(members);
  const width = params.coReviewWindowDays * DAY;
  const placed: Group['placed'] = [];
  const productSets = new Map<string, Set<string>>(members.map((m) => [m, new Set()]));
  for (const li of sorted(members.flatMap((m) => (listsOf.get(m) ?? []).map(String))).map(Number)) {
    const { product, polarity, indices } = lists[li];
    const mine = indices.filter((i) => inGroup.has(product.accounts[i]!));
    for (const i of mine) productSets.get(product.accounts[i]!)!.add(product.productId);
    let bestReviews: Placed[] = [];
    let hi = 0;
    for (let lo = 0; lo < mine.length; lo++) {
      while (hi < mine.length && product.times[mine[hi]] - product.times[mine[lo]] <= width) hi++;
      const seen = new Map<string, number>();
      for (let k = lo; k < hi; k++) {
        const a = product.accounts[mine[k]]!;
        if (!seen.has(a)) seen.set(a, mine[k]);
      }
      if (seen.size > bestReviews.length) bestReviews = [...seen.values()].map((index) => ({ product, index }));
    }
    if (bestReviews.length < 2) continue;
    const n = product.ids.length;
    const extreme = product.ratings.filter((r) => polarityOf(r, params) === polarity).length;
    placed.push({
      target: {
        productId: product.productId,
        polarity,
        members: bestReviews.length,
        memberReviews: mine.length,
        expectedMembers: members.reduce(
          (s, a) => s + Math.min(1, ((activity.reviews.get(a) ?? 0) * indices.length) / Math.max(activity.total, 1)),
          0,
        ),
        windowShare: Math.min(1, width / Math.max(product.times[n - 1] - product.times[0], 1)),
        otherExtremeShare: (extreme - mine.length + 1) / (n - mine.length + 2),
        weight: rarityWeight(n),
      },
      reviews: bestReviews,
    });
  }
  const all = placed.flatMap((x) => x.reviews);
  const sets = [...productSets.values()];
  let pairs = 0;
  let jaccard = 0;
  for (let i = 0; i < sets.length; i++)
    for (let j = i + 1; j < sets.length; j++) {
      const inter = [...sets[i]].filter((x) => sets[j].has(x)).length;
      const union = sets[i].size + sets[j].size - inter;
      jaccard += union ? inter / union : 0;
      pairs++;
    }
  return {
    members,
    placed,
    profile: {
      size: members.length,
      targets: placed.map((x) => x.target),
      reviews: all.length,
      newReviews: all.filter((x) => isNew(x.product, x.index, params)).length,
      newShare: activity.newShare,
      overlap: pairs ? jaccard / pairs : 0,
    },
  };
}

export function groupCandidates(products: ProductReviews[], params: ReviewBurstParameters): Group[] {
  const activity = activityOf(products, params);
  const lists = extremeLists(products, params);
  const widths = coReviewWidths(params);
  // The pairs tested are the widest width's: a narrower width links no pair the wider one does not, except in a
  // week crowded past maxWindowReviews, whose pairs are not enumerated at all.
  const sharedAt = new Map(widths.map((days) => [days, coReviewPairs(lists, params, days)]));
  const pairs = [...sharedAt.get(params.coReviewWindowDays)!].filter(
    ([, targets]) => targets.size >= params.minSharedProducts,
  );
  const links: [string, string][] = [];
  for (const [key] of pairs) {
    const [a, b] = key.split('\u0000');
    // How many products would these two review together by chance, given how much each reviews? A link is a claim
    // about one pair among all the pairs tested, so it is judged with the same Bonferroni correction as a ring, and
    // paid for the widths it was read at.
    const activityOfPair = (activity.reviews.get(a) ?? 0) * (activity.reviews.get(b) ?? 0);
    const logP = Math.min(
      ...widths.map((days) =>
        logPoissonTail(sharedAt.get(days)!.get(key)?.size ?? 0, activityOfPair * activity.coReviewMass.get(days)!),
      ),
    );
    if (judge(logP + Math.log(widths.length), pairs.length).significant) links.push([a, b]);
  }
  const listsOf = new Map<string, number[]>();
  lists.forEach((l, li) => {
    for (const a of new Set(l.indices.map((i) => l.product.accounts[i]!)))
      (listsOf.get(a) ?? listsOf.set(a, []).get(a)!).push(li);
  });
  return componentsOf(links)
    .filter((c) => c.length >= params.minGroupSize)
    .map((c) => settledGroup(sorted(c), (members) => groupOf(members, lists, listsOf, activity, params), params))
    .filter((g): g is Group => g !== null && g.placed.length >= params.minSharedProducts);
}

/**
 * A linked component can chain groups through a few accounts, and an account linked to one member by two products
 * may show up in only one of the group's co-review windows. A member must be in the group's windows on at least
 * minSharedProducts products, as every linked pair had to be: those that are not are dropped and the group's
 * windows found again, until every member qualifies.
 */
function settledGroup(members: string[], build: (members: string[]) => Group, params: ReviewBurstParameters) {
  let group = build(members);
  for (;;) {
    const products = new Map<string, Set<string>>();
    for (const x of group.placed)
      for (const r of x.reviews) {
        const a = r.product.accounts[r.index]!;
        (products.get(a) ?? products.set(a, new Set()).get(a)!).add(x.target.productId);
      }
    const kept = group.members.filter((a) => (products.get(a)?.size ?? 0) >= params.minSharedProducts);
    if (kept.length === group.members.length) return group;
    if (kept.length < params.minGroupSize) return null;
    group = build(kept);
  }
}

function groupRing(g: Group, v: Verdict, merchantOf: Map<string, string>, params: ReviewBurstParameters): DetectedRing {
  const t = groupTests(g.profile);
  const byMember = new Map<string, { target: GroupTarget; placed: Placed }[]>();
  for (const x of g.placed)
    for (const r of x.reviews) {
      const a = r.product.accounts[r.index]!;
      (byMember.get(a) ?? byMember.set(a, []).get(a)!).push({ target: x.target, placed: r });
    }
  const maxWeight = Math.max(
    ...[...byMember.values()].map((xs) => xs.reduce((s, x) => s + x.target.weight, 0)),
    Number.MIN_VALUE,
  );
  const members: DetectedMember[] = [...byMember.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, xs]) => {
      // A member's tie is its rarity-weighted share of the group's co-reviews.
      const weight = xs.reduce((s, x) => s + x.target.weight, 0);
      return {
        accountId,
        score: score(v.score * (0.5 + (0.5 * weight) / maxWeight)),
        role: 'member',
        evidence: capped(
          xs.map(({ target, placed }) => {
            const p = placed.product;
            const i = placed.index;
            return (
              `${p.ratings[i]}-star review ${p.ids[i]} of ${p.productId} at ${when(p.times[i])} with ${target.members - 1} other ` +
              `members within ${params.coReviewWindowDays} days (chance predicts ${target.expectedMembers.toFixed(2)} members on it; ` +
              `others give ${stars(target.polarity, params)} ${(target.otherExtremeShare * 100).toFixed(0)}% of the time)` +
              (isNew(p, i, params) ? `; account created ${Math.round(p.ages[i] / DAY)} days earlier` : '')
            );
          }),
          10,
        ),
      };
    });
  const reviews = g.placed.flatMap((x) => x.reviews);
  const times = reviews.map((r) => r.product.times[r.index]);
  const products = sorted(g.placed.map((x) => x.target.productId));
  return reviewRing(
    v,
    members,
    products,
    sorted(reviews.map((r) => r.product.ids[r.index]!)),
    sorted(products.map((p) => merchantOf.get(p)).filter((x): x is string => !!x)),
    times,
    `${g.members.length} accounts reviewed ${g.placed.length} products together (each within ${params.coReviewWindowDays} days, ` +
      `all with extreme ratings): ${products.slice(0, 5).join(', ')}${products.length > 5 ? ', …' : ''}. ` +
      `Their activity and the products' popularity predict far fewer shared products (${pText(t.logShare)}); ` +
      `bunched in time ${pText(t.logTogether)}; ratings this extreme against the products' other reviewers ${pText(t.logExtreme)}; ` +
      `${g.profile.newReviews} of ${g.profile.reviews} reviews from accounts new at the time (${pText(t.logNew)}); ` +
      `members' product sets overlap ${(g.profile.overlap * 100).toFixed(0)}%. Combined ${pText(v.logP)}, significant among the ` +
      `candidates tested (threshold 1e-${v.threshold.toFixed(1)}).`,
  );
}

// ---------------------------------------------------------------------------------------------------------------

async function readProducts(db: Database, params: ReviewBurstParameters): Promise<ProductReviews[]> {
  const ids = rows<{ id: string }>(await db.read('detection/review-burst-products')).map((r) => r.id);
  const read = await inChunks(ids, PRODUCT_CHUNK, async (chunk) =>
    rows<ProductReviews>(
      await db.read('detection/review-burst-reviews', {
        productIds: chunk,
        minRating: params.minRating,
        maxLowRating: params.maxLowRating,
        orderedReviews: params.orderedReviews,
      }),
    ),
  );
  for (const p of read) {
    p.ids = p.ids.map((x) => x || null);
    p.accounts = p.accounts.map((x) => x || null);
  }
  return read;
}

async function detect(db: Database, params: ReviewBurstParameters, scope?: Scope): Promise<DetectedRing[]> {
  const products = await readProducts(db, params);
  if (products.length === 0) return [];

  const bursts = burstCandidates(products, params);
  const burstHits = bursts.map((c) => ({ c, v: burstVerdict(c.profile, bursts.length) })).filter((x) => x.v.ring);
  const groups = groupCandidates(products, params);
  const groupHits = groups.map((g) => ({ g, v: groupVerdict(g.profile, groups.length) })).filter((x) => x.v.ring);

  const merged = mergeBursts(burstHits);
  const productIds = sorted([
    ...merged.map((m) => m.parts[0].profile.productId),
    ...groupHits.flatMap((x) => x.g.placed.map((p) => p.target.productId)),
  ]);
  const merchantOf = new Map(
    rows<{ productId: string; merchantId: string }>(await db.read('detection/product-merchants', { productIds })).map(
      (r) => [r.productId, r.merchantId],
    ),
  );
  let rings = [
    ...merged.map((m) => burstRing(m.parts, m.v, merchantOf, params)),
    ...groupHits.map((x) => groupRing(x.g, x.v, merchantOf, params)),
  ].filter((r) => r.score >= params.minScore);
  if (hasScope(scope)) {
    const seeds = new Set(await scopeSeedAccounts(db, scope));
    rings = rings.filter((r) => r.members.some((m) => seeds.has(m.accountId)));
  }
  return rings;
}

export const reviewBurstDetector: Detector<ReviewBurstParameters> = {
  kind: 'REVIEW_BURST',
  name: 'review-burst',
  defaults,
  parameters,
  detect,
};
