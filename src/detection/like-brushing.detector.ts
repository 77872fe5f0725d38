// Like brushing (点赞): groups of accounts liking a shop's boosting reviews within hours of their posting, far more
// often than their own number of likes and the shop's share of all likes explain, and faster than likes come.
import { Database } from '../db/database';
import { rows } from '../db/values';
import {
  discoveryTests,
  FAMILY_ALPHA,
  judge,
  logBinomialTail,
  logPoissonTail,
  median,
  pText,
  rarityWeight,
} from './null-model';
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
} from './support';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface LikeBrushingParameters {
  /** A like this soon after the review was posted is quick: brushing tasks like a review as it goes up. */
  quickHours: number;
  /** Two likers are linked when the reviews they both quick-liked weigh this much (each 1/log(its likers + 5)). */
  minLinkWeight: number;
  /** Fewest accounts in a ring: two accounts liking the same reviews can be a couple. */
  minAccounts: number;
  /** Rating that counts as a boosting review. */
  minRating: number;
  /** Rings scoring below this are dropped. */
  minScore: number;
}

const defaults: LikeBrushingParameters = {
  quickHours: 6,
  minLinkWeight: 0.5,
  minAccounts: 3,
  minRating: 5,
  minScore: 0.5,
};

const MERCHANT_CHUNK = 50;
/** A shop's quick-like share counts towards the platform's median once it has this many likes: fewer is noise. */
const MIN_SHOP_LIKES = 20;

interface QuickLike {
  reviewId: string;
  lag: number;
}

interface ShopLikes {
  merchantId: string;
  reviews: number;
  boostingReviews: number;
  likes: number;
  boostingLikes: number;
  quickLikes: number;
  candidates: { accountId: string; quick: QuickLike[] }[];
}

/** The platform's like habits: what share of a shop's likes go to its boosting reviews, and how fast likes come. */
export interface LikeRates {
  /** Median over shops of the share of likes on boosting reviews that come within quickHours of posting. */
  quickShare: number;
  likes: number;
  reviews: number;
}

export function likeRatesOf(shops: Omit<ShopLikes, 'candidates'>[]): LikeRates {
  const likes = shops.reduce((s, x) => s + x.likes, 0);
  const reviews = shops.reduce((s, x) => s + x.reviews, 0);
  const eligible = shops.filter((s) => s.boostingLikes >= MIN_SHOP_LIKES);
  const boosting = shops.reduce((s, x) => s + x.boostingLikes, 0);
  const quickShare =
    eligible.length >= 3
      ? median(eligible.map((s) => s.quickLikes / s.boostingLikes))
      : boosting
        ? shops.reduce((s, x) => s + x.quickLikes, 0) / boosting
        : 0;
  return { quickShare, likes, reviews };
}

/** One liker's likes of one shop's boosting reviews: the plain numbers of its null model. */
export interface LikerProfile {
  /** The liker's likes of the shop's boosting reviews within quickHours of posting. */
  quick: number;
  /** Its likes of the shop's boosting reviews at any delay. */
  shopLikes: number;
  /** All its likes. */
  likes: number;
  /**
   * The shop's boosting reviews' share of all likes (or of all reviews, whichever is larger: a ring's own likes
   * cannot make its shop look popular).
   */
  shopShare: number;
  /** The platform's share of likes that come within quickHours. */
  quickShare: number;
  /**
   * Mean chance that one of its likes of the shop was quick: for a liked review, the quick share of the review's
   * other likers (a review everyone likes at once), shrunk towards the platform's by one like's weight.
   */
  quickChance: number;
}

/** Likes every candidate has by selection (two quick likes of the shop): the tests count only what lies beyond. */
export const SELECTED_QUICK_LIKES = 2;

/**
 * ln p that a liker with `likes` likes, each landing on the shop's boosting reviews with the shop's share and
 * quickly with the platform's quick share, quick-liked at least `quick` of them (binomial).
 */
export function likerLogP(x: LikerProfile): number {
  return logBinomialTail(x.quick, x.likes, Math.min(1, x.shopShare * x.quickShare));
}

/**
 * ln p of a group of likers: both how concentrated their quick likes are on the shop (Poisson with the members'
 * summed expectations) and how fast their likes of it are given that they liked it at all (binomial with the
 * reviews' own quick shares). The larger (less surprising) of the two, so a crowd of fans who like a small shop a
 * lot, but no faster than anyone likes, is left alone, and so is a popular review that everyone likes at once.
 * Each member was picked for two quick likes of the shop; those are not counted as evidence.
 */
export function groupLogP(members: LikerProfile[]): number {
  const beyond = (n: number) => Math.max(0, n - SELECTED_QUICK_LIKES);
  let quick = 0;
  let shopLikes = 0;
  let expectedQuick = 0;
  let expectedHits = 0;
  for (const m of members) {
    quick += beyond(m.quick);
    shopLikes += beyond(m.shopLikes);
    expectedQuick += beyond(m.shopLikes) * m.quickChance;
    expectedHits += beyond(m.likes) * Math.min(1, m.shopShare * m.quickShare);
  }
  if (quick === 0) return 0;
  return Math.max(logPoissonTail(quick, expectedHits), logBinomialTail(quick, shopLikes, expectedQuick / shopLikes));
}

interface LikedReview {
  id: string;
  productId: string;
  rating: number;
  at: number;
  likers: number;
  quickLikers: number;
}

async function readShops(db: Database, params: LikeBrushingParameters): Promise<ShopLikes[]> {
  const merchants = rows<{ id: string }>(await db.read('detection/merchant-ids')).map((r) => r.id);
  return inChunks(merchants, MERCHANT_CHUNK, async (chunk) =>
    rows<ShopLikes>(
      await db.read('detection/like-shops', {
        merchantIds: chunk,
        minRating: params.minRating,
        quickSeconds: Math.round(params.quickHours * 3600),
      }),
    ),
  );
}

interface Group {
  merchantId: string;
  accounts: string[];
}

/** Per shop, candidate likers linked by the rarity-weighted reviews they both quick-liked; components are groups. */
function groupsOf(shops: ShopLikes[], likersOf: Map<string, number>, params: LikeBrushingParameters): Group[] {
  const out: Group[] = [];
  for (const shop of shops) {
    const byReview = new Map<string, string[]>();
    for (const c of shop.candidates)
      for (const q of c.quick)
        (byReview.get(q.reviewId) ?? byReview.set(q.reviewId, []).get(q.reviewId)!).push(c.accountId);
    const weights = new Map<string, number>();
    for (const [reviewId, accounts] of byReview) {
      const w = rarityWeight(likersOf.get(reviewId) ?? accounts.length);
      accounts.sort();
      for (let i = 0; i < accounts.length; i++)
        for (let j = i + 1; j < accounts.length; j++) {
          const key = `${accounts[i]}\u0000${accounts[j]}`;
          weights.set(key, (weights.get(key) ?? 0) + w);
        }
    }
    const edges: [string, string][] = [];
    for (const [key, w] of weights) if (w >= params.minLinkWeight) edges.push(key.split('\u0000') as [string, string]);
    for (const accounts of componentsOf(edges))
      if (accounts.length >= params.minAccounts) out.push({ merchantId: shop.merchantId, accounts });
  }
  return out;
}

/**
 * Per liked review, the chance a like of it is quick: the quick share of its likers who are not candidates of the
 * shop (so a ring cannot vouch for itself), with the platform's share as a prior worth one like.
 */
function quickChances(shop: ShopLikes, liked: Map<string, LikedReview>, quickShare: number): Map<string, number> {
  const candidateQuick = new Map<string, number>();
  for (const c of shop.candidates)
    for (const q of c.quick) candidateQuick.set(q.reviewId, (candidateQuick.get(q.reviewId) ?? 0) + 1);
  const out = new Map<string, number>();
  for (const [reviewId, mine] of candidateQuick) {
    const r = liked.get(reviewId);
    if (!r) continue;
    const others = Math.max(0, r.likers - mine);
    const othersQuick = Math.max(0, r.quickLikers - mine);
    out.set(reviewId, (othersQuick + quickShare) / (others + 1));
  }
  return out;
}

async function detect(db: Database, params: LikeBrushingParameters, scope?: Scope): Promise<DetectedRing[]> {
  const shops = await readShops(db, params);
  const rates = likeRatesOf(shops);
  if (rates.likes === 0) return [];
  // Likers of each candidate review, read once for all shops: the rarity of a co-like.
  const reviewIds = sorted(shops.flatMap((s) => s.candidates.flatMap((c) => c.quick.map((q) => q.reviewId))));
  const liked = new Map(
    (
      await inChunks(reviewIds, 5000, async (chunk) =>
        rows<LikedReview>(
          await db.read('detection/like-reviews', {
            reviewIds: chunk,
            quickSeconds: Math.round(params.quickHours * 3600),
          }),
        ),
      )
    ).map((r) => [r.id, r]),
  );
  const likersOf = new Map([...liked.values()].map((r) => [r.id, r.likers]));
  const groups = groupsOf(shops, likersOf, params);
  if (groups.length === 0) return [];

  const pairs = groups.flatMap((g) => g.accounts.map((accountId) => ({ accountId, merchantId: g.merchantId })));
  const own = new Map(
    (
      await inChunks(pairs, 5000, async (chunk) =>
        rows<{ accountId: string; merchantId: string; likes: number; shopLikes: number }>(
          await db.read('detection/like-likers', { pairs: chunk, minRating: params.minRating }),
        ),
      )
    ).map((r) => [`${r.accountId}\u0000${r.merchantId}`, r]),
  );
  const shopOf = new Map(shops.map((s) => [s.merchantId, s]));
  const tests = groups.length;
  const judged = groups.map((g) => {
    const shop = shopOf.get(g.merchantId)!;
    const shopShare = Math.max(shop.boostingLikes / rates.likes, shop.boostingReviews / Math.max(1, rates.reviews));
    const quickOf = new Map(shop.candidates.map((c) => [c.accountId, c.quick]));
    const chance = quickChances(shop, liked, rates.quickShare);
    const profiles = g.accounts.map((accountId) => {
      const mine = own.get(`${accountId}\u0000${g.merchantId}`);
      const quickLikes = quickOf.get(accountId)!;
      const quick = quickLikes.length;
      const shopLikes = Math.max(quick, mine?.shopLikes ?? quick);
      const quickSum = quickLikes.reduce((s, q) => s + (chance.get(q.reviewId) ?? rates.quickShare), 0);
      return {
        accountId,
        profile: {
          quick,
          shopLikes,
          likes: Math.max(shopLikes, mine?.likes ?? shopLikes),
          shopShare,
          quickShare: rates.quickShare,
          quickChance: (quickSum + (shopLikes - quick) * rates.quickShare) / shopLikes,
        },
      };
    });
    return { g, profiles, quickOf, logP: groupLogP(profiles.map((x) => x.profile)) };
  });
  // The family's bar from all its p-values at once: Benjamini-Hochberg over the groups.
  const bar = discoveryTests(
    judged.map((x) => x.logP),
    tests,
  );
  let rings = judged
    .filter((x) => judge(x.logP, bar).significant)
    .map((x) => ringOf(x.g, x.profiles, x.quickOf, liked, x.logP, { tests, bar }, params))
    .filter((r) => r.score >= params.minScore);
  if (hasScope(scope)) {
    const seeds = new Set(await scopeSeedAccounts(db, scope));
    rings = rings.filter((r) => r.members.some((m) => seeds.has(m.accountId)));
  }
  return rings;
}

function ringOf(
  g: Group,
  profiles: { accountId: string; profile: LikerProfile }[],
  quickOf: Map<string, QuickLike[]>,
  liked: Map<string, LikedReview>,
  logP: number,
  /** Groups tested, and Benjamini-Hochberg's equivalent Bonferroni count over them. */
  { tests, bar }: { tests: number; bar: number },
  params: LikeBrushingParameters,
): DetectedRing {
  const verdict = judge(logP, bar);
  const reviews = new Set<string>();
  const times: number[] = [];
  const members: DetectedMember[] = profiles
    .sort((a, b) => a.accountId.localeCompare(b.accountId))
    .map(({ accountId, profile }) => {
      const quick = [...quickOf.get(accountId)!].sort((a, b) => a.lag - b.lag);
      for (const q of quick) {
        reviews.add(q.reviewId);
        const r = liked.get(q.reviewId);
        if (r) times.push(r.at, r.at + q.lag);
      }
      const lagMedian = median(quick.map((q) => q.lag));
      const own = likerLogP(profile);
      return {
        accountId,
        score: score(judge(own, profiles.length).score),
        evidence: [
          `liked ${profile.quick} of shop ${g.merchantId}'s ${params.minRating}-star reviews within ${hours(params.quickHours * 3600)} of posting ` +
            `(${capped(
              quick.map((q) => q.reviewId),
              8,
            ).join(', ')}; median ${hours(lagMedian)} after)` +
            `, ${profile.shopLikes} of its reviews in all, of its ${profile.likes} likes (${pText(own)})`,
        ],
        role: 'member',
      };
    });
  const quick = profiles.reduce((s, x) => s + x.profile.quick, 0);
  const shopLikes = profiles.reduce((s, x) => s + x.profile.shopLikes, 0);
  const likes = profiles.reduce((s, x) => s + x.profile.likes, 0);
  const { shopShare, quickShare } = profiles[0].profile;
  const products = sorted([...reviews].map((id) => liked.get(id)?.productId).filter((x): x is string => !!x));
  return {
    kind: 'LIKE_BRUSHING',
    score: score(verdict.score),
    members,
    devices: [],
    payments: [],
    products,
    orders: [],
    reviews: sorted(reviews),
    merchants: [g.merchantId],
    firstActivity: dateOf(times.length ? Math.min(...times) : null),
    lastActivity: dateOf(times.length ? Math.max(...times) : null),
    signals: ['LIKE_BRUSHING'],
    explanation:
      `${members.length} accounts liked ${reviews.size} of shop ${g.merchantId}'s ${params.minRating}-star reviews together, ` +
      `${quick} likes within ${hours(params.quickHours * 3600)} of posting: ${Math.round((quick / Math.max(1, shopLikes)) * 100)}% of their likes there, ` +
      `where ${Math.round(quickShare * 100)}% of likes come that fast, and ${Math.round((quick / Math.max(1, likes)) * 100)}% of all their ` +
      `${likes} likes, where the shop gets ${(shopShare * 100).toFixed(2)}% of likes (${pText(logP)}, significant among ${tests} groups tested at a false discovery rate of ${FAMILY_ALPHA * 100}%).`,
  };
}

export const likeBrushingDetector: Detector<LikeBrushingParameters> = {
  kind: 'LIKE_BRUSHING',
  name: 'like-brushing',
  defaults,
  parameters: {
    quickHours: {
      description: 'A like this soon after the review was posted is quick (brushing tasks like a review as it goes up)',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    minLinkWeight: {
      description:
        'Two likers are linked when the reviews both quick-liked weigh this much, each 1/log(its likers + 5): about two reviews with a few dozen likers',
      type: 'Float',
      max: 100,
    },
    minAccounts: {
      description: 'Fewest accounts in a ring (two liking the same reviews can be a couple)',
      unit: 'accounts',
      max: 1000,
    },
    minRating: SHARED_PARAMETER_DOCS.minRating,
    minScore: SHARED_PARAMETER_DOCS.minScore,
  },
  detect,
};
