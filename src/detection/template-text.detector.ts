// Template texts (模板化好评): the same or near-identical review text posted by many accounts on one shop, far more
// often than the text's use across all shops and the shop's share of reviews explain.
import { Database } from '../db/database';
import { rows } from '../db/values';
import { BaseRates, readBaseRates } from './base-rates';
import { PURPOSE_LEVEL } from './cohorts';
import {
  campaigns,
  campaignsOfTallies,
  judge,
  logBinomialTail,
  logChoose,
  logFisher,
  median,
  pText,
} from './null-model';
import {
  capped,
  componentsOf,
  dateOf,
  hasScope,
  inChunks,
  scopeSeedAccounts,
  score,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { nearDuplicateGroups } from './text-similarity';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface TemplateTextParameters {
  /** Jaccard similarity of two texts' character shingles at which they are one template. */
  minSimilarity: number;
  /** Fewest accounts posting a template on one shop: fewer is a coincidence between two people, not a group. */
  minAccounts: number;
  /** Rating that counts as a boosting review. */
  minRating: number;
  /** Rating at or below which a review attacks. */
  maxLowRating: number;
  /** Rings scoring below this are dropped. */
  minScore: number;
}

const defaults: TemplateTextParameters = {
  minSimilarity: 0.6,
  minAccounts: 3,
  minRating: 5,
  maxLowRating: 1,
  minScore: 0.5,
};

const MERCHANT_CHUNK = 50;

export interface TextUse {
  text: string;
  merchantId: string;
  rating: number;
  reviews: number;
  accounts: number;
}

/** One template's use at one shop: the plain numbers its null model needs. */
export interface TemplateProfile {
  /** Accounts (counted once per text variant) that posted the template on this shop, and reviews. */
  accountsAtShop: number;
  reviewsAtShop: number;
  /** The same over every shop. */
  accounts: number;
  reviews: number;
  /** Number of shops the template was posted on. */
  shops: number;
  /**
   * What the shop would get of the template's uses if each were placed like any other text of its rating: the
   * shop's share of all (text, account) uses at each rating, weighted by the template's uses at that rating (a
   * complaint goes where the low reviews are).
   */
  shopShare: number;
}

/**
 * ln p that at least `accountsAtShop` of the template's `accounts` uses fall on this shop if every use picked its
 * shop like any other review does (binomial with the shop's share): "good" and "很好" used everywhere in proportion
 * to the shops' sizes are ordinary; 14 of 15 uses on one shop with 1% of the reviews are not.
 */
export function concentrationLogP(profile: TemplateProfile): number {
  return logBinomialTail(profile.accountsAtShop, profile.accounts, profile.shopShare);
}

/**
 * The share of the template's uses at the shop that the null model does not explain: 1 - expected / observed. Its
 * complement is each poster's chance of being one the null expects there anyway (Efron's local false discovery rate
 * for a count), so a pair names its posters only when the excess is the majority. With 726k uses of one ordinary
 * phrase and 3.5% of the reviews, a shop that got 26,851 where 25,925 were expected is significant (a binomial's sd
 * there is 160), yet 97% of those posters are ordinary: at 4M accounts that pair alone made a "ring" of 91,190.
 */
export function excessShare(profile: TemplateProfile): number {
  if (profile.accountsAtShop <= 0) return 0;
  return 1 - (profile.accounts * profile.shopShare) / profile.accountsAtShop;
}

/**
 * Level at which a template's uses at a shop must also show that they were posted together: the level of the
 * detectors' other gates (a cohort's purpose), a part of an intersection-union test that can only take candidates away.
 */
export const TOGETHER_LEVEL = PURPOSE_LEVEL;

/** The bunching of a template's uses at a shop: the bound's ln p, and whether the shop's reviews could show any. */
export interface Together {
  logP: number;
  /** How many of the uses (the detector passes one per poster) bunched most tightly for their number. */
  uses: number;
  /** The day (days since 1970) of the first of those uses. */
  first: number;
  /** Whole days from the first of those uses to the last. */
  days: number;
  /**
   * Whether the tightest bunching the shop's day counts allow (m uses among the fewest reviews any run of days
   * holding m has) would pass TOGETHER_LEVEL (Tarone's rule: a test that cannot reject is no test, and a gate that
   * cannot open keeps nothing). At a small shop a ring's own reviews are much of any day's, and there genuine buyers
   * are too few to share texts by chance anyway.
   */
  informative: boolean;
}

/** At most this many bunch sizes are scanned (a geometric grid above it), and the bound pays for each. */
const MAX_BUNCH_SIZES = 32;

/** The bunch sizes the scan reads for k uses: every size from `least` to k, or a geometric grid that ends at k. */
function bunchSizes(k: number, least: number): number[] {
  if (k - least < MAX_BUNCH_SIZES) return Array.from({ length: k - least + 1 }, (_, i) => i + least);
  const out = new Set<number>();
  for (let i = 0; i < MAX_BUNCH_SIZES; i++) out.add(Math.round(least * Math.pow(k / least, i / (MAX_BUNCH_SIZES - 1))));
  return [...out].sort((a, b) => a - b);
}

/**
 * An upper bound on the chance that, of `times.length` = k uses of a text at a shop, some m fall within as few of the
 * shop's reviews as the tightest m of them did (`shopDays`: the shop's reviews per day, days since 1970, the uses
 * among them), were the uses k of the shop's n reviews taken at random, that is, posted as its other reviews are:
 * k · C(k−1, m−1) · C(T−1, m−1) / C(n−1, m−1), T the shop's reviews on the whole days from the first of the m to
 * the last (union bound over the first use and which others follow it within T reviews, as for co-review groups).
 * The test reads time at the shop's own pace, so a sale or a season at the shop is no bunching, and it is exact in
 * the draw: no rate is estimated. Where no run of days holds m reviews among few enough to reach the level (read from
 * the day counts alone), the test is not informative.
 *
 * The scan reads every bunch size m from `least` (fewer uses could not make a ring of `minAccounts`) and pays for
 * them (Bonferroni), so a ring's burst stays visible when others used the same text at the shop months before.
 * Genuine reviews that share a text because they name the product (at 20,000 shoppers, 13 to 65 buyers of one
 * best-selling pair of earbuds each wrote one of its composed texts) are posted over the product's whole life at the
 * shop's pace; a ring posts its template in a campaign. bench/results/together-null.md: the gate under its null, at
 * shop paces with seasons, sales, a launch's decay and one-day spikes.
 */
export function togetherTest(times: number[], shopDays: ReadonlyMap<number, number>, least = 2): Together {
  const k = times.length;
  least = Math.max(2, least);
  const at = times.map((t) => Math.floor(t / DAY)).sort((a, b) => a - b);
  const own = new Map<number, number>();
  for (const d of at) own.set(d, (own.get(d) ?? 0) + 1);
  // Every day with a review at the shop, the uses' days at least as many as the uses (shopDays counts them).
  const days = [...new Set([...shopDays.keys(), ...own.keys()])].sort((x, y) => x - y);
  const count = days.map((d) => Math.max(shopDays.get(d) ?? 0, own.get(d) ?? 0));
  const before = [0];
  for (const c of count) before.push(before[before.length - 1] + c);
  const n = before[before.length - 1];
  const none = { logP: 0, uses: k, first: at[0] ?? 0, days: k ? at[k - 1] - at[0] + 1 : 0, informative: false };
  if (k < least || n <= k) return none;
  const index = new Map(days.map((d, i) => [d, i]));
  const sizes = bunchSizes(k, least);
  const paid = Math.log(sizes.length);
  const bound = (m: number, reviews: number) =>
    Math.log(k) + logChoose(k - 1, m - 1) + logChoose(reviews - 1, m - 1) - logChoose(n - 1, m - 1) + paid;
  // Tarone: the fewest reviews any run of whole days holding m of them has, from the day counts alone (which reviews
  // are the uses is what the null draws); where even that cannot reach the level, the gate is no test.
  const fewest = (m: number): number => {
    let out = Infinity;
    for (let i = 0, j = 0, sum = 0; j < count.length; j++) {
      sum += count[j];
      while (sum - count[i] >= m) sum -= count[i++];
      if (sum >= m) out = Math.min(out, sum);
    }
    return out;
  };
  const informative = Math.min(...sizes.map((m) => bound(m, fewest(m)))) <= Math.log(TOGETHER_LEVEL);
  let best = { logP: Infinity, uses: k, first: at[0], days: at[k - 1] - at[0] + 1 };
  for (const m of sizes) {
    let reviews = Infinity;
    let first = at[0];
    let last = at[k - 1];
    for (let i = 0; i + m - 1 < k; i++) {
      const within = before[index.get(at[i + m - 1])! + 1] - before[index.get(at[i])!];
      if (within < reviews) [reviews, first, last] = [within, at[i], at[i + m - 1]];
    }
    const logP = bound(m, reviews);
    if (logP < best.logP) best = { logP, uses: m, first, days: last - first + 1 };
  }
  return { ...best, logP: Math.min(0, best.logP), informative };
}

/** A poster is more likely than not one the null model does not expect: the decision rule for naming members. */
const MIN_EXCESS_SHARE = 0.5;

export interface Purpose {
  /** Whether the template's reviews boost (>= minRating) or attack (<= maxLowRating); null when neither dominates. */
  direction: 'boost' | 'attack' | null;
  extreme: number;
  reviews: number;
  /** ln p of that many extreme reviews given the platform's share of such ratings. */
  logP: number;
}

/** A template ring posts to boost or to attack: most of its reviews are extreme, beyond the platform's share. */
export function purposeOf(ratings: number[], base: BaseRates, params: TemplateTextParameters): Purpose {
  const boosting = ratings.filter((r) => r >= params.minRating).length;
  const low = ratings.filter((r) => r <= params.maxLowRating).length;
  const boost = boosting >= low;
  const extreme = boost ? boosting : low;
  const share = boost ? base.boostShare : base.lowShare;
  const direction = extreme * 2 > ratings.length ? (boost ? 'boost' : 'attack') : null;
  return { direction, extreme, reviews: ratings.length, logP: logBinomialTail(extreme, ratings.length, share || 1) };
}

async function readTextUses(db: Database): Promise<TextUse[]> {
  const merchants = rows<{ id: string }>(await db.read('detection/merchant-ids')).map((r) => r.id);
  return inChunks(merchants, MERCHANT_CHUNK, async (chunk) =>
    rows<TextUse>(await db.read('detection/template-text-uses', { merchantIds: chunk })),
  );
}

/** Distinct texts and their near-identical cluster (-1: a text like no other, posted once). */
async function clusterTexts(db: Database, uses: TextUse[], minSimilarity: number): Promise<Map<string, number>> {
  const reviews = new Map<string, number>();
  for (const u of uses) reviews.set(u.text, (reviews.get(u.text) ?? 0) + u.reviews);
  const texts = [...reviews.keys()].sort();
  const groups = await nearDuplicateGroups(
    texts,
    minSimilarity,
    texts.map((t) => reviews.get(t)!),
    () => db.checkpoint(),
  );
  let next = groups.reduce((m, g) => Math.max(m, g), -1) + 1;
  // A text with no variant is still a cluster when several reviews repeat it word for word.
  return new Map(texts.map((t, i) => [t, groups[i] >= 0 ? groups[i] : reviews.get(t)! > 1 ? next++ : -1]));
}

/**
 * Template texts as a link between accounts, for any detector: the cluster id of every review whose text is the
 * same as, or near-identical to (character-shingle Jaccard >= minSimilarity, after normalising case, width,
 * whitespace and punctuation), the text of at least one other review. Reviews with a text like no other's are
 * absent. Cluster ids are small integers, stable within one call only. Reads every distinct text once (one
 * aggregated pass over the reviews) and the ids of the clustered reviews; weigh a cluster by its size when
 * linking accounts, as a text used everywhere ("good", "很好") says little.
 */
export async function textClusters(db: Database, minSimilarity = defaults.minSimilarity): Promise<Map<string, number>> {
  const clusterOf = await clusterTexts(db, await readTextUses(db), minSimilarity);
  const texts = [...clusterOf.entries()].filter(([, c]) => c >= 0).map(([t]) => t);
  const out = new Map<string, number>();
  if (texts.length === 0) return out;
  for (const r of rows<{ id: string; text: string }>(await db.read('detection/text-cluster-reviews', { texts })))
    out.set(r.id, clusterOf.get(r.text)!);
  return out;
}

export interface Candidate {
  key: string;
  cluster: number;
  merchantId: string;
  texts: string[];
  profile: TemplateProfile;
  logP: number;
  /** For a campaign's candidate: its first and last use (the profile counts only the campaign's uses). */
  window?: { from: number; to: number };
  /** For a campaign's candidate: its reviews at the shop. */
  reviews?: TemplateReview[];
}

export interface TemplateReview {
  key: string;
  id: string;
  accountId: string;
  productId: string;
  rating: number;
  at: number;
  text: string;
  ordered: boolean;
}

/**
 * Cochran's rule: an expected count of at least 5 is where a count's ratio to its expectation says something about
 * the shop rather than about chance.
 */
const MIN_EXPECTED_FOR_RATIO = 5;
/** Fewest such texts at a shop for their median to withstand one outlier (a median of three outvotes one). */
const MIN_RATIOS = 3;

/**
 * How much more of the widely used texts a shop gets than its share of all uses says: the median, over the texts
 * expected at least 5 times there, of observed ÷ expected, never below 1. A shop's share of all uses is deflated by
 * the templates concentrated on other shops (at 1M accounts, 6% of the largest shop's share), and then every
 * ordinary text there looks concentrated once it is used 8,000 times. Templates are rare texts, expected less than 5
 * times at any shop, so they do not move the median.
 */
export function shopCorrections(
  pairs: { merchantId: string; observed: number; expected: number }[],
): Map<string, number> {
  const ratios = new Map<string, number[]>();
  for (const p of pairs)
    if (p.expected >= MIN_EXPECTED_FOR_RATIO)
      (ratios.get(p.merchantId) ?? ratios.set(p.merchantId, []).get(p.merchantId)!).push(p.observed / p.expected);
  const out = new Map<string, number>();
  for (const [merchantId, list] of ratios)
    if (list.length >= MIN_RATIOS) out.set(merchantId, Math.max(1, median(list)));
  return out;
}

/** Every (template, shop) pair with enough accounts, and the null model's verdict on how concentrated it is. */
export function candidatesOf(
  uses: TextUse[],
  clusterOf: Map<string, number>,
  params: Pick<TemplateTextParameters, 'minAccounts'>,
): Candidate[] {
  const shopUses = new Map<string, number>();
  const ratingUses = new Map<number, number>();
  const useKey = (merchantId: string, rating: number) => `${merchantId}\u0000${rating}`;
  for (const u of uses) {
    const key = useKey(u.merchantId, u.rating);
    shopUses.set(key, (shopUses.get(key) ?? 0) + u.accounts);
    ratingUses.set(u.rating, (ratingUses.get(u.rating) ?? 0) + u.accounts);
  }
  const byCluster = new Map<number, TextUse[]>();
  for (const u of uses) {
    const c = clusterOf.get(u.text)!;
    if (c >= 0) (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(u);
  }
  interface Pair {
    cluster: number;
    merchantId: string;
    at: TextUse[];
    observed: number;
    expected: number;
    accounts: number;
    reviews: number;
    shops: number;
  }
  const pairs: Pair[] = [];
  for (const [cluster, list] of byCluster) {
    const accounts = list.reduce((s, u) => s + u.accounts, 0);
    const reviews = list.reduce((s, u) => s + u.reviews, 0);
    const byShop = new Map<string, TextUse[]>();
    for (const u of list) (byShop.get(u.merchantId) ?? byShop.set(u.merchantId, []).get(u.merchantId)!).push(u);
    const byRating = new Map<number, number>();
    for (const u of list) byRating.set(u.rating, (byRating.get(u.rating) ?? 0) + u.accounts);
    for (const [merchantId, at] of byShop) {
      let expected = 0;
      for (const [rating, n] of byRating)
        expected += (n * (shopUses.get(useKey(merchantId, rating)) ?? 0)) / ratingUses.get(rating)!;
      const observed = at.reduce((s, u) => s + u.accounts, 0);
      pairs.push({ cluster, merchantId, at, observed, expected, accounts, reviews, shops: byShop.size });
    }
  }
  const correction = shopCorrections(pairs);
  const out: Candidate[] = [];
  for (const p of pairs) {
    if (p.observed < params.minAccounts) continue;
    const profile: TemplateProfile = {
      accountsAtShop: p.observed,
      reviewsAtShop: p.at.reduce((s, u) => s + u.reviews, 0),
      accounts: p.accounts,
      reviews: p.reviews,
      shops: p.shops,
      shopShare: Math.min(1, (p.expected * (correction.get(p.merchantId) ?? 1)) / p.accounts),
    };
    out.push({
      key: `${p.cluster}\u0000${p.merchantId}`,
      cluster: p.cluster,
      merchantId: p.merchantId,
      texts: sorted(new Set(p.at.map((u) => u.text))),
      profile,
      logP: concentrationLogP(profile),
    });
  }
  return out;
}

const DAY = 86400;

/** A clustered review with its shop, as the campaign read returns it. */
export interface CampaignReview extends Omit<TemplateReview, 'key'> {
  merchantId: string;
}

/**
 * The clusters whose uses fall into more than one campaign, judged from their uses per day: a template that several
 * rings took from one library is used in bursts days or weeks apart, while a phrase everyone uses has no gap that
 * a steady use would not explain.
 */
export function clustersInCampaigns(
  days: { text: string; day: number; reviews: number }[],
  clusterOf: Map<string, number>,
): Set<number> {
  const byCluster = new Map<number, Map<number, number>>();
  for (const d of days) {
    const c = clusterOf.get(d.text);
    if (c === undefined || c < 0) continue;
    const tally = byCluster.get(c) ?? byCluster.set(c, new Map()).get(c)!;
    tally.set(d.day, (tally.get(d.day) ?? 0) + d.reviews);
  }
  const out = new Set<number>();
  for (const [c, tally] of byCluster) {
    const list = [...tally.entries()].sort((a, b) => a[0] - b[0]);
    if (campaignsOfTallies(list, 1).length > 1) out.add(c);
  }
  return out;
}

/**
 * A template's uses split into campaigns (gaps too long for one campaign: null-model.ts), and each shop that
 * `minAccounts` accounts of one campaign posted it on: the same concentration test as the template's whole use, on
 * the campaign's uses alone, at the shop's share of the reviews (the higher of its whole share, `wholeShare`, and its
 * share of the other reviews posted in the campaign's days, `localShare`, so a flash sale's shop is judged by its
 * sale). Under the null a use picks its shop whenever it is posted, so the split by time does not bias the test.
 */
export function campaignCandidates(
  reviews: CampaignReview[],
  clusterOf: Map<string, number>,
  wholeShare: (cluster: number, merchantId: string) => number | undefined,
  params: Pick<TemplateTextParameters, 'minAccounts'>,
): { candidate: Candidate; window: { from: number; to: number } }[] {
  const byCluster = new Map<number, CampaignReview[]>();
  for (const r of reviews) {
    const c = clusterOf.get(r.text);
    if (c !== undefined && c >= 0) (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(r);
  }
  const out: { candidate: Candidate; window: { from: number; to: number } }[] = [];
  for (const [cluster, list] of byCluster) {
    list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    const runs = campaigns(list, (r) => r.at);
    if (runs.length < 2) continue;
    runs.forEach((run, i) => {
      const accounts = new Set(run.map((r) => r.accountId)).size;
      if (accounts < params.minAccounts) return;
      const byShop = new Map<string, CampaignReview[]>();
      for (const r of run) (byShop.get(r.merchantId) ?? byShop.set(r.merchantId, []).get(r.merchantId)!).push(r);
      for (const [merchantId, at] of byShop) {
        const atShop = new Set(at.map((r) => r.accountId)).size;
        const share = wholeShare(cluster, merchantId);
        if (atShop < params.minAccounts || share === undefined) continue;
        const window = { from: run[0].at, to: run[run.length - 1].at };
        const key = `${cluster}\u0000${merchantId}\u0000${i}`;
        out.push({
          window,
          candidate: {
            key,
            cluster,
            merchantId,
            texts: sorted(new Set(at.map((r) => r.text))),
            profile: {
              accountsAtShop: atShop,
              reviewsAtShop: at.length,
              accounts,
              reviews: run.length,
              shops: byShop.size,
              shopShare: share,
            },
            logP: 0,
            window,
            reviews: at.map(({ merchantId: _m, ...r }) => ({ ...r, key })),
          },
        });
      }
    });
  }
  return out;
}

/**
 * A shop's share of the reviews posted around a campaign, the campaign's own left out (`ownTotal` of the window's
 * `total`, `ownAtShop` of its `atShop`): (others at the shop + 1) / (others + 2).
 */
export function localShare(total: number, atShop: number, ownTotal: number, ownAtShop: number): number {
  return (Math.max(0, atShop - ownAtShop) + 1) / (Math.max(0, total - ownTotal) + 2);
}

/** Reviews per day (days since 1970) of shops, read once per shop in a run and kept for the rest of it. */
type ShopDays = (merchantIds: string[]) => Promise<ReadonlyMap<string, ReadonlyMap<number, number>>>;

/** A ShopDays over `db`: the campaigns' local share and the gate read the same shops' days. */
function shopDaysOf(db: Database): ShopDays {
  const read = new Map<string, Map<number, number>>();
  return async (merchantIds) => {
    const missing = merchantIds.filter((m) => !read.has(m));
    if (missing.length === 0) return read;
    for (const m of missing) read.set(m, new Map());
    for (const r of rows<{ merchantId: string; day: number; reviews: number }>(
      await db.read('detection/review-shop-days', { merchantIds: missing }),
    ))
      read.get(r.merchantId)!.set(r.day, r.reviews);
    return read;
  };
}

/** The campaigns' candidates of the clusters used in separate bursts, with their concentration tested. */
async function readCampaignCandidates(
  db: Database,
  shopDays: ShopDays,
  uses: TextUse[],
  clusterOf: Map<string, number>,
  whole: Candidate[],
  params: TemplateTextParameters,
): Promise<Candidate[]> {
  const shares = new Map(whole.map((c) => [c.key, c.profile.shopShare]));
  const accountsOf = new Map<number, number>();
  for (const u of uses) {
    const c = clusterOf.get(u.text)!;
    if (c >= 0) accountsOf.set(c, (accountsOf.get(c) ?? 0) + u.accounts);
  }
  const texts = sorted(
    new Set(uses.map((u) => u.text).filter((t) => (accountsOf.get(clusterOf.get(t)!) ?? 0) >= params.minAccounts)),
  );
  if (texts.length === 0) return [];
  const days = rows<{ text: string | null; day: number; reviews: number }>(
    await db.read('detection/template-text-days', { texts }),
  );
  const split = clustersInCampaigns(
    days.filter((d): d is { text: string; day: number; reviews: number } => d.text !== null),
    clusterOf,
  );
  const splitTexts = texts.filter((t) => split.has(clusterOf.get(t)!));
  if (splitTexts.length === 0) return [];
  const reviews = rows<CampaignReview>(
    await db.read('detection/template-text-campaign-reviews', { texts: splitTexts }),
  );
  const found = campaignCandidates(
    reviews,
    clusterOf,
    (cluster, merchantId) => shares.get(`${cluster}\u0000${merchantId}`),
    params,
  );
  if (found.length === 0) return [];
  // The shop's share of the reviews in the campaign's days (the whole days it touches, so a short campaign's share is
  // not the share of a handful of reviews) can only make a campaign less significant: it is read only for those that
  // are significant at the shop's whole share, among as many tests as the detector makes.
  const tests = whole.length + found.length;
  const tested = found.map((f) => ({
    ...f,
    candidate: { ...f.candidate, logP: concentrationLogP(f.candidate.profile) },
  }));
  const open = tested.filter((f) => judge(f.candidate.logP, tests).significant);
  if (open.length === 0) return tested.map((f) => f.candidate);
  const merchantIds = sorted(new Set(open.map((f) => f.candidate.merchantId)));
  // Every shop's reviews per day (the days read counted every review, the texts' own under text null).
  const everyShop = new Map<number, number>();
  for (const d of days) everyShop.set(d.day, (everyShop.get(d.day) ?? 0) + d.reviews);
  const shops = await shopDays(merchantIds);
  const within = (perDay: ReadonlyMap<number, number> | undefined, from: number, to: number): number => {
    let n = 0;
    for (let d = Math.floor(from / DAY); d <= Math.floor(to / DAY); d++) n += perDay?.get(d) ?? 0;
    return n;
  };
  return tested.map(({ candidate: c, window }) => {
    if (!open.some((f) => f.candidate === c)) return c;
    const local = localShare(
      within(everyShop, window.from, window.to),
      within(shops.get(c.merchantId), window.from, window.to),
      c.profile.reviews,
      c.profile.reviewsAtShop,
    );
    const profile = { ...c.profile, shopShare: Math.min(1, Math.max(c.profile.shopShare, local)) };
    return { ...c, profile, logP: concentrationLogP(profile) };
  });
}

async function detect(db: Database, params: TemplateTextParameters, scope?: Scope): Promise<DetectedRing[]> {
  const uses = await readTextUses(db);
  const clusterOf = await clusterTexts(db, uses, params.minSimilarity);
  const whole = candidatesOf(uses, clusterOf, params);
  // A template several rings took from one library is not concentrated over its whole use: each campaign is tested too.
  const shopDays = shopDaysOf(db);
  const inCampaigns = await readCampaignCandidates(db, shopDays, uses, clusterOf, whole, params);
  const candidates = [...whole, ...inCampaigns];
  const tests = candidates.length;
  const significant = candidates.filter(
    (c) => judge(c.logP, tests).significant && excessShare(c.profile) > MIN_EXCESS_SHARE,
  );
  if (significant.length === 0) return [];

  const base = await readBaseRates(db, params.minRating, params.maxLowRating);
  const pairs = significant
    .filter((c) => !c.reviews)
    .map((c) => ({ key: c.key, merchantId: c.merchantId, texts: c.texts }));
  const reviews = pairs.length ? rows<TemplateReview>(await db.read('detection/template-text-reviews', { pairs })) : [];
  const reviewsOf = new Map<string, TemplateReview[]>();
  for (const r of reviews) (reviewsOf.get(r.key) ?? reviewsOf.set(r.key, []).get(r.key)!).push(r);
  for (const c of significant) if (c.reviews) reviewsOf.set(c.key, c.reviews);
  // In time order (then by id), so the sample text and the cited reviews are the same from one run to the next.
  for (const list of reviewsOf.values()) list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // A template's uses at a shop must also be bunched in time, against the shop's other reviews per day. A campaign's
  // too: campaigns are cut where a text's uses pause, and a best-seller's composed texts pause between its sales, so
  // its buyers' one or two months of them are a "campaign" as well (at 100,000 field shoppers, 120 innocents).
  const days = await shopDays(sorted(new Set(significant.map((c) => c.merchantId))));

  // A template ring's purpose shows in its ratings; a text that many honest buyers of one shop share (a complaint
  // about its slow delivery, rated 2-3 stars) does not boost or attack.
  const judged = significant
    .map((c) => {
      const own = reviewsOf.get(c.key) ?? [];
      const purpose = purposeOf(
        own.map((r) => r.rating),
        base,
        params,
      );
      // One use per poster (the first), so a bunch of m uses is m accounts, as a ring of `minAccounts` needs.
      const firstUse = new Map<string, number>();
      for (const r of own) firstUse.set(r.accountId, Math.min(firstUse.get(r.accountId) ?? Infinity, r.at));
      const together = togetherTest([...firstUse.values()], days.get(c.merchantId) ?? new Map(), params.minAccounts);
      // Where only some of the posters bunched, the ring is they: the others' uses show nothing together.
      const inBunch = (at: number) =>
        Math.floor(at / DAY) >= together.first && Math.floor(at / DAY) < together.first + together.days;
      const bunch = together.informative ? own.filter((r) => inBunch(firstUse.get(r.accountId)!)) : own;
      return { candidate: c, reviews: bunch, purpose, together, logP: logFisher([c.logP, purpose.logP]) };
    })
    .filter(
      (x) =>
        x.purpose.direction !== null &&
        judge(x.logP, tests).significant &&
        (!x.together.informative || x.together.logP <= Math.log(TOGETHER_LEVEL)),
    );
  // A campaign of a template already judged over its whole use on that shop adds nothing when the whole use's ring
  // holds all of the campaign's reviews (where the whole use's ring is one bunch, a second burst is a second ring).
  const wholeKept = new Map(
    judged.filter((x) => !x.candidate.window).map((x) => [x.candidate.key, new Set(x.reviews.map((r) => r.id))]),
  );
  const kept = judged.filter((x) => {
    const whole = x.candidate.window && wholeKept.get(`${x.candidate.cluster}\u0000${x.candidate.merchantId}`);
    return !whole || !x.reviews.every((r) => whole.has(r.id));
  });

  // Templates of one shop posted by the same accounts are one ring.
  const edges: [string, string][] = [];
  kept.forEach((x, i) => x.reviews.forEach((r) => edges.push([`t:${i}`, `a:${r.accountId}`])));
  let rings = componentsOf(edges)
    .map((component) => component.filter((n) => n.startsWith('t:')).map((n) => kept[Number(n.slice(2))]))
    .map((parts) => ringOf(parts, tests, params));
  rings = rings.filter((r) => r.score >= params.minScore);
  if (hasScope(scope)) {
    const seeds = new Set(await scopeSeedAccounts(db, scope));
    rings = rings.filter((r) => r.members.some((m) => seeds.has(m.accountId)));
  }
  return rings;
}

interface JudgedTemplate {
  candidate: Candidate;
  reviews: TemplateReview[];
  purpose: Purpose;
  /** The bunching in time of the uses at the shop (a campaign's: of the campaign's uses). */
  together: Together;
  logP: number;
}

/** " between <first> and <last>" for a campaign's candidate (its counts are the campaign's), "" otherwise. */
function during(c: Candidate): string {
  return c.window ? ` between ${when(c.window.from)} and ${when(c.window.to)}` : '';
}

function ringOf(parts: JudgedTemplate[], tests: number, params: TemplateTextParameters): DetectedRing {
  parts.sort((a, b) => a.logP - b.logP);
  const strongest = judge(parts[0].logP, tests);
  const byAccount = new Map<string, { review: TemplateReview; part: JudgedTemplate }[]>();
  for (const part of parts)
    for (const review of part.reviews)
      (byAccount.get(review.accountId) ?? byAccount.set(review.accountId, []).get(review.accountId)!).push({
        review,
        part,
      });
  const members: DetectedMember[] = sorted(byAccount.keys()).map((accountId) => {
    const mine = byAccount.get(accountId)!.sort((a, b) => a.review.at - b.review.at);
    const evidence = mine.map(({ review: r, part }) => {
      const others = part.reviews.filter((x) => x.id !== r.id);
      const p = part.candidate.profile;
      return (
        `${r.rating}-star review ${r.id} of ${r.productId} at ${when(r.at)}${r.ordered ? '' : ' (no order)'}: ` +
        `same text as ${p.reviews - 1} other reviews${during(part.candidate)} (${capped(
          others.map((x) => x.id),
          5,
        ).join(', ')}), ${others.length} of them on shop ${part.candidate.merchantId}` +
        ` (${pText(part.logP)})`
      );
    });
    return { accountId, score: score(strongest.score), evidence: capped(evidence, 10), role: 'member' };
  });
  const all = parts.flatMap((x) => x.reviews);
  const times = all.map((r) => r.at);
  const merchants = sorted(parts.map((x) => x.candidate.merchantId));
  const attack = parts.every((x) => x.purpose.direction === 'attack');
  const top = parts[0];
  const p = top.candidate.profile;
  return {
    kind: 'TEMPLATE_TEXT',
    score: score(strongest.score),
    members,
    devices: [],
    payments: [],
    products: sorted(all.map((r) => r.productId)),
    orders: [],
    reviews: sorted(all.map((r) => r.id)),
    merchants,
    firstActivity: dateOf(Math.min(...times)),
    lastActivity: dateOf(Math.max(...times)),
    signals: ['TEMPLATE_TEXT'],
    explanation:
      `${members.length} accounts posted ${parts.length === 1 ? 'one template text' : `${parts.length} template texts`} ` +
      `on shop${merchants.length > 1 ? 's' : ''} ${merchants.join(', ')}: "${top.reviews[0]?.text ?? top.candidate.texts[0]}" ` +
      `was posted by ${p.accountsAtShop} accounts on shop ${top.candidate.merchantId}, ${p.accounts - p.accountsAtShop} elsewhere` +
      `${during(top.candidate)} ` +
      `(${p.shops} shop${p.shops > 1 ? 's' : ''} in all), where the shop's ${(p.shopShare * 100).toFixed(2)}% of reviews ` +
      `would expect ${(p.accounts * p.shopShare).toFixed(1)}; ${top.purpose.extreme} of its ${top.purpose.reviews} reviews there are ` +
      `${attack ? `${params.maxLowRating}-star or lower` : `${params.minRating}-star`} (${pText(top.logP)}, ` +
      `significant among ${tests} template-shop pairs tested)` +
      (top.together.informative
        ? `; ${top.together.uses === p.accountsAtShop ? 'posted' : `${top.together.uses} of those accounts posted`} within ` +
          `${top.together.days === 1 ? 'one day' : `${top.together.days} days`} (${pText(top.together.logP)} that ` +
          `its uses would bunch so at the pace of the shop's other reviews).`
        : '.'),
  };
}

export const templateTextDetector: Detector<TemplateTextParameters> = {
  kind: 'TEMPLATE_TEXT',
  name: 'template-text',
  defaults,
  parameters: {
    minSimilarity: {
      description:
        'Jaccard similarity of two texts’ character shingles (pairs for Chinese, triples otherwise; case, width, spaces and punctuation ignored) at which they are one template',
      unit: 'share 0..1',
    },
    minAccounts: {
      description: 'Fewest accounts posting one template on one shop (two is a coincidence, not a group)',
      unit: 'accounts',
      max: 1000,
    },
    minRating: SHARED_PARAMETER_DOCS.minRating,
    maxLowRating: { description: 'Rating at or below which a review attacks', unit: 'stars' },
    minScore: SHARED_PARAMETER_DOCS.minScore,
  },
  detect,
};
