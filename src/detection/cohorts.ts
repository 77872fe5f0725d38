// Cohorts of accounts that share a device, an IP or a /24, tested shop by shop against the platform's base rate of
// boosting reviews: the common method of the shared-device and shared-network detectors.
//
// Sharing a phone or a network is common and innocent (families, offices, campuses, public terminals); what a farm
// adds is the purpose: its accounts 5-star the shops they buy from far more often than buyers do. So a cohort is not
// judged by its size (no hub cut-off, no household size) but by a binomial test per shop: of the n orders the
// cohort's accounts placed there, x got a boosting review; how likely is that at the platform's own rate? The test
// leaves out the account that contributes most, so one 5-star-happy member of a family never makes a ring.
import { Database } from '../db/database';
import { rows } from '../db/values';
import { BaseRates, readBaseRates } from './base-rates';
import { CoTiming, logCoTiming } from './co-timing';
import { judge, logBinomialTail, logFisher, pText, Significance } from './null-model';
import { logRegistrationBurst, readRegistrations, Registrations } from './registration';
import {
  capped,
  componentsOf,
  dateOf,
  hasScope,
  hours,
  inChunks,
  mapPaced,
  scopeSeedAccounts,
  score,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { DetectedMember, DetectedRing, Detector, RingKind, Scope } from './types';

export interface CohortParameters {
  /** Rating that counts as a boosting review. */
  minRating: number;
  /** Rings scoring below this are dropped; 0.5 is significance at the run's family-wise error rate. */
  minScore: number;
}

export const COHORT_DEFAULTS: CohortParameters = { minRating: 5, minScore: 0.5 };

/**
 * A detector of cohorts read by `statement`: it tests them in its run, then once more after every detector of the run,
 * with the rings' members out of the cohorts and out of the shops' ordinary customers (the cohorts are read once:
 * shared-reads.ts).
 */
export function cohortDetector(
  kind: Exclude<RingKind, 'COMBINED'>,
  name: string,
  statement: string,
): Detector<CohortParameters> {
  return {
    kind,
    name,
    defaults: COHORT_DEFAULTS,
    parameters: { minRating: SHARED_PARAMETER_DOCS.minRating, minScore: SHARED_PARAMETER_DOCS.minScore },
    detect: (db, params, scope) => detectCohortRings(db, statement, kind, params, scope),
    // With no ring in the run the second look would only repeat the first.
    refine: async (db, params, knownRings, scope) =>
      knownRings.length === 0 ? [] : detectCohortRings(db, statement, kind, params, scope, knownRings),
  };
}

/**
 * Reads the cohorts `statement` returns, tests them against the base rates, and builds the rings. `knownRings`, once
 * every detector of a run has found its rings, are left out of each shop's other buyers (a shop's control group is its
 * ordinary customers, and a lockstep group 5-starring the shop a farm also boosts is not one of them) and out of the
 * cohorts, so only new rings come back.
 */
export async function detectCohortRings(
  db: Database,
  statement: string,
  kind: Exclude<RingKind, 'COMBINED'>,
  params: CohortParameters,
  scope?: Scope,
  knownRings: DetectedRing[] = [],
): Promise<DetectedRing[]> {
  const seedIds = hasScope(scope) ? await scopeSeedAccounts(db, scope) : null;
  if (seedIds && seedIds.length === 0) return [];
  const [rates, cohorts] = await Promise.all([
    readBaseRates(db, params.minRating),
    readCohortShops(db, statement, params.minRating, seedIds),
  ]);
  const known = membersOf(knownRings);
  // Only network cohorts take the registration-burst test (profileCohortShop): the device detector need not read
  // every account's registration.
  const [ringShopping, registrations] = await Promise.all([
    ringShoppingAt(db, cohorts, known, params.minRating),
    cohorts.some((c) => c.type !== 'device') ? readRegistrations(db) : undefined,
  ]);
  const groups = groupSignificant(
    await testCohorts(db, withoutMembersOf(cohorts, known), rates, ringShopping, registrations),
    params.minScore,
  );
  let rings = await cohortRings(db, kind, groups, params.minRating);
  if (seedIds) {
    const seeds = new Set(seedIds);
    rings = rings.filter((r) => r.members.some((m) => seeds.has(m.accountId)));
  }
  return rings;
}

/** A cohort as `statement` lists it: a device, IP or /24 and its accounts. */
interface CohortListing {
  type: CohortShop['type'];
  cohortId: string;
  /** The IP's /24 prefix ('a.b.c.') or, for an address that is not IPv4, the address; null for a device. */
  network: string | null;
  memberIds: string[];
  firstSeen: number | null;
  lastSeen: number | null;
}

/** Cohort members per read of the cohorts' shops: a chunk is a few thousand accounts' orders and reviews. */
export const COHORT_MEMBER_CHUNK = 5000;

/** Splits `items` in order into chunks whose weights sum to at most `limit` (an item heavier than that is alone). */
export function chunksByWeight<T>(items: T[], weight: (item: T) => number, limit: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const w = weight(item);
    if (current.length > 0 && total + w > limit) {
      chunks.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += w;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The cohorts `statement` lists, at each shop two or more of their accounts boosted: the shops are read in chunks of
 * cohorts, two at a time (one query runs on one core).
 */
async function readCohortShops(
  db: Database,
  statement: string,
  minRating: number,
  seedIds: string[] | null,
): Promise<CohortShop[]> {
  const listed = rows<CohortListing>(await db.read(statement, { seedIds }));
  const chunks = chunksByWeight(listed, (c) => c.memberIds.length, COHORT_MEMBER_CHUNK);
  return inChunks(chunks, 1, async ([cohorts]) =>
    rows<CohortShop>(await db.read('detection/cohort-shops', { cohorts, minRating })),
  );
}

/** The accounts of `rings`. */
export function membersOf(rings: DetectedRing[]): ReadonlySet<string> {
  return new Set(rings.flatMap((r) => r.members.map((m) => m.accountId)));
}

/**
 * The cohorts without the accounts `explained` by rings already found: what is left must be significant on its own,
 * or a network where a cashback ring's members live would make its one ordinary neighbour a ring member.
 */
export function withoutMembersOf(cohorts: CohortShop[], explained: ReadonlySet<string>): CohortShop[] {
  if (explained.size === 0) return cohorts;
  return cohorts.map((c) => {
    // A shop with only tallies loses its one booster's boosts if a ring explains it (its orders stay: conservative).
    if (c.minor?.booster && explained.has(c.minor.booster))
      return { ...c, minor: { ...c.minor, boosted: 0, booster: null } };
    const accounts = c.accounts.filter((a) => !explained.has(a.accountId));
    return { ...c, accounts, size: c.size - (c.accounts.length - accounts.length) };
  });
}

/** Members of other rings, by shop, with what each ordered, reviewed and boosted there. */
export type RingShopping = Map<string, CohortAccount[]>;

/** What the `known` rings' members did at the shops the cohorts boosted (nothing to read without such rings). */
async function ringShoppingAt(
  db: Database,
  cohorts: CohortShop[],
  known: ReadonlySet<string>,
  minRating: number,
): Promise<RingShopping> {
  const byShop: RingShopping = new Map();
  const accountIds = sorted(known);
  if (accountIds.length === 0 || cohorts.length === 0) return byShop;
  const merchantIds = sorted(cohorts.filter((c) => !c.minor).map((c) => c.merchantId));
  const tallies = rows<CohortAccount & { merchantId: string }>(
    await db.read('detection/account-shop-tallies', { accountIds, merchantIds, minRating }),
  );
  for (const { merchantId, ...tally } of tallies)
    (byShop.get(merchantId) ?? byShop.set(merchantId, []).get(merchantId)!).push({ ...tally, elsewhere: false });
  return byShop;
}

export interface CohortAccount {
  accountId: string;
  /** Orders, reviews and boosting reviews this account placed or wrote at the cohort's shop. */
  orders: number;
  reviews: number;
  boosts: number;
  /**
   * The account also lives outside the cohort: on a device cohort, a phone of its own (no other account on it); on a
   * network cohort, an IP outside this IP's or network's /24.
   */
  elsewhere: boolean;
  /** When the account was registered (epoch seconds), if the data says. */
  createdAt?: number | null;
}

/**
 * One cohort (device, IP or /24) at one shop that two or more of its accounts boosted; or, for a network cohort, a
 * shop fewer did, with only its tallies (`minor`, and no accounts): it counts in the cohort's pooled purpose.
 */
export interface CohortShop {
  type: 'device' | 'ip' | 'subnet';
  cohortId: string;
  /** Accounts in the cohort, whether or not they shop here. */
  size: number;
  merchantId: string;
  accounts: CohortAccount[];
  minor?: MinorShop | null;
  firstSeen: number | null;
  lastSeen: number | null;
}

/** A cohort's tallies at a shop fewer than two of its accounts boosted (its accounts that live only in the cohort). */
export interface MinorShop {
  perOrder: boolean;
  trials: number;
  boosted: number;
  /** The one account that boosted there, if any. */
  booster: string | null;
}

/** The cohort's ratings pooled over every shop its accounts used (see addPooledPurpose). */
export interface PooledPurpose {
  logP: number;
  shops: number;
  trials: number;
  boosted: number;
  expected: number;
  /** The account left out of every shop: the one that boosted most across them. */
  leftOut: string;
}

/** The profile of a cohort at a shop: plain numbers the test and the evidence read. */
export interface CohortProfile {
  boosters: string[];
  /** Orders (or, with no orders in the data, reviews) the cohort placed at the shop, and how many were boosted. */
  trials: number;
  boosted: number;
  /**
   * The rate the null model expects: the highest of the platform's rate of a boosting review per order (or per
   * review), the shop's rate among its other buyers, and the rate of the cohort's members who also live outside it.
   */
  baseRate: number;
  /** Members of other rings left out of the shop's other buyers before their rate was taken. */
  controlsLeftOut: number;
  /** Whether trials are orders (true) or reviews (reviews-only data). */
  perOrder: boolean;
  /** The account left out of the test (the largest contributor), and what remains without it. */
  leftOut: string;
  restTrials: number;
  restBoosted: number;
  /**
   * ln p of the boosters' registrations falling as close together as they do if they were any of the platform's
   * accounts (registration.ts), and their span in seconds; null when fewer than three registration dates are known.
   */
  registrationLogP: number | null;
  registrationSpan: number | null;
  /**
   * Whether the boosters placed their orders at the shop together beyond the shop's own timing (co-timing.ts): read
   * for network cohorts whose ratings show a purpose (testCohorts), null otherwise.
   */
  timing: CoTiming | null;
  /**
   * For a network cohort that used two or more shops: its ratings over all of them, each at its shop's rate. A studio
   * spreads one campaign over several shops, each of which alone shows little.
   */
  pooled: PooledPurpose | null;
}

/**
 * The level (the conventional 5%) the boosting test must reach on its own before a registration burst can add to it:
 * accounts registered together that rate as everyone does are no ring (the same rule as cashback's purposeLevel).
 */
export const PURPOSE_LEVEL = 0.05;

/**
 * The cohort's accounts the test reads: those that live only inside it. Domain fact: a group-control or emulator
 * account lives on the farm's phones and the studio's network, while people who share a family tablet, a library
 * terminal, a shop's kiosk or a campus NAT also carry a phone of their own and take it to other networks. Those others
 * are the cohort's control group: what they do at the same shop is what the null model expects.
 */
export function testedAccounts(c: CohortShop): CohortAccount[] {
  return c.accounts.filter((a) => !a.elsewhere);
}

/** Fewest orders (or reviews) a control group needs before its rate is trusted over the platform's. */
export const MIN_CONTROL_TRIALS = 20;

/** (boosted + 1) / (trials + 2): Laplace's estimate of a control group's rate, or null with too little data. */
function controlRate(boosted: number, trials: number): number | null {
  return trials >= MIN_CONTROL_TRIALS ? (Math.max(0, boosted) + 1) / (trials + 2) : null;
}

interface Tally {
  trials: number;
  boosted: number;
}

/** What an account counts for at a shop: its orders (or reviews), at least its boosting reviews, and those boosted. */
const trialsOf = (a: CohortAccount, perOrder: boolean): number => Math.max(perOrder ? a.orders : a.reviews, a.boosts);
const boostedOf = (a: CohortAccount, perOrder: boolean): number => Math.min(a.boosts, trialsOf(a, perOrder));

function tallyOf(list: readonly CohortAccount[], perOrder: boolean): Tally {
  const t = { trials: 0, boosted: 0 };
  for (const a of list) {
    t.trials += trialsOf(a, perOrder);
    t.boosted += boostedOf(a, perOrder);
  }
  return t;
}

/** One shop's ring buyers, by id, and their tallies counted per order and per review. */
interface RingSummary {
  byId: Map<string, CohortAccount>;
  perOrder: Tally;
  perReview: Tally;
}

const NO_RING: RingSummary = { byId: new Map(), perOrder: tallyOf([], true), perReview: tallyOf([], false) };
const summaries = new WeakMap<CohortAccount[], RingSummary>();

/** The sums of one shop's ring buyers, made once per list. */
function ringSummary(list: CohortAccount[] | undefined): RingSummary {
  if (!list) return NO_RING;
  let summary = summaries.get(list);
  if (!summary) {
    summary = {
      byId: new Map(list.map((a) => [a.accountId, a])),
      perOrder: tallyOf(list, true),
      perReview: tallyOf(list, false),
    };
    summaries.set(list, summary);
  }
  return summary;
}

export function profileCohortShop(
  c: CohortShop,
  rates: BaseRates,
  ringShopping: RingShopping = new Map(),
  registrations?: Registrations,
): CohortProfile | null {
  const accounts = testedAccounts(c);
  const boosters = accounts.filter((a) => a.boosts > 0);
  if (boosters.length < 2) return null;
  const perOrder = c.accounts.some((a) => a.orders > 0);
  const tally = (list: readonly CohortAccount[]) => tallyOf(list, perOrder);
  const boostedHere = (a: CohortAccount) => boostedOf(a, perOrder);
  const { trials, boosted } = tally(accounts);
  let top = boosters[0];
  for (const a of boosters)
    if (boostedHere(a) > boostedHere(top) || (boostedHere(a) === boostedHere(top) && a.accountId < top.accountId))
      top = a;
  // Controls: the same shop's other buyers, and the cohort's members who also live elsewhere. A shop whose happy
  // customers all meet at its kiosk or in-store Wi-Fi is judged against how its customers rate, not the platform.
  // Members of other rings are not the shop's ordinary customers: they leave the control group as the cohort does.
  // The rings' buyers at the shop are summed once per shop (at 1M a big shop has thousands, and hundreds of
  // thousands of cohort-shops are tested); those inside this cohort are taken back out.
  const ring = ringSummary(ringShopping.get(c.merchantId));
  const ringAll = perOrder ? ring.perOrder : ring.perReview;
  const ringInCohort = c.accounts.flatMap((a) => ring.byId.get(a.accountId) ?? []);
  const inside = tally(ringInCohort);
  const own = tally(c.accounts);
  const all = {
    trials: own.trials + ringAll.trials - inside.trials,
    boosted: own.boosted + ringAll.boosted - inside.boosted,
  };
  const ringBuyers = ring.byId.size - ringInCohort.length;
  const visitors = tally(c.accounts.filter((a) => a.elsewhere));
  const within = controlRate(visitors.boosted, visitors.trials);
  const registered = boosters.map((a) => a.createdAt).filter((t): t is number => typeof t === 'number');
  // Studios register their emulator accounts in one burst (issue 7's emulator and group-control farms); the few
  // accounts of a farm phone were often bought or made over months, and a device cohort needs no second test.
  const registrationLogP =
    registrations && c.type !== 'device' ? logRegistrationBurst(registered, registrations) : null;
  return {
    boosters: sorted(boosters.map((a) => a.accountId)),
    trials,
    boosted,
    baseRate: Math.max(shopRate(rates, c.merchantId, all, perOrder), within ?? 0),
    controlsLeftOut: ringBuyers,
    perOrder,
    leftOut: top.accountId,
    restTrials: trials - trialsOf(top, perOrder),
    restBoosted: boosted - boostedHere(top),
    registrationLogP,
    registrationSpan: registrationLogP === null ? null : Math.max(...registered) - Math.min(...registered),
    timing: null,
    pooled: null,
  };
}

/**
 * Whether the ratings show the purpose the other tests need: the boosting test at the shop reaches PURPOSE_LEVEL, or
 * the cohort's ratings pooled over all its shops do and this shop got more boosting reviews from it than its rate
 * expects. A studio that runs one campaign through each of several shops shows its purpose across them.
 */
export function purposeShown(profile: CohortProfile): boolean {
  const level = Math.log(PURPOSE_LEVEL);
  if (boostingLogP(profile) <= level) return true;
  return (
    profile.pooled !== null &&
    profile.pooled.logP <= level &&
    profile.restBoosted > profile.restTrials * profile.baseRate
  );
}

/** ln p of the cohort's boosting without its largest contributor, at the base rate (a pure function). */
export function boostingLogP(profile: CohortProfile): number {
  if (profile.restBoosted <= 0) return 0;
  // A base rate of 0 or 1 says nothing can be learnt from ratings here.
  if (profile.baseRate <= 0 || profile.baseRate >= 1) return 0;
  return logBinomialTail(profile.restBoosted, profile.restTrials, profile.baseRate);
}

/** A test the boosting can be combined with: the boosters' registration burst, or their co-timing at the shop. */
export type CohortEvidence = 'registration' | 'timing';

/** The tests besides boosting that this profile has: each one is an alternative the p-value is corrected for. */
export function evidenceOf(profile: CohortProfile): { kind: CohortEvidence; logP: number }[] {
  const out: { kind: CohortEvidence; logP: number }[] = [];
  if (profile.registrationLogP !== null) out.push({ kind: 'registration', logP: profile.registrationLogP });
  if (profile.timing !== null) out.push({ kind: 'timing', logP: profile.timing.logP });
  return out;
}

/**
 * The strongest combination (Fisher) of the boosting test with one or more of the other tests, when the boosting
 * test reaches PURPOSE_LEVEL on its own: accounts registered together, or buying together, that rate as everyone does
 * are no ring. Null when the boosting falls short or there is nothing to combine.
 */
export function combinedLogP(profile: CohortProfile): { logP: number; used: CohortEvidence[] } | null {
  const boosting = boostingLogP(profile);
  const extra = evidenceOf(profile);
  if (extra.length === 0 || !purposeShown(profile)) return null;
  let best: { logP: number; used: CohortEvidence[] } | null = null;
  for (let mask = 1; mask < 1 << extra.length; mask++) {
    const parts = extra.filter((_, i) => mask & (1 << i));
    const logP = logFisher([boosting, ...parts.map((x) => x.logP)]);
    if (!best || logP < best.logP) best = { logP, used: parts.map((x) => x.kind) };
  }
  return best;
}

/**
 * ln p of the cohort at the shop: the boosting test alone, or combined with the registration burst, the co-timing or
 * both, whichever is strongest, with Bonferroni over the alternatives wherever another test could be made. A farm of
 * three emulators registered within hours of each other, buying the shop in the same quarter-hour campaign after
 * campaign and 5-starring it, is far from chance on the three counts together, while the ratings alone (p = 0.03)
 * say little among hundreds of cohorts.
 */
export function cohortLogP(profile: CohortProfile): number {
  const boosting = boostingLogP(profile);
  const extra = evidenceOf(profile);
  if (extra.length === 0) return boosting;
  return Math.min(0, Math.min(boosting, combinedLogP(profile)?.logP ?? 0) + Math.log(2 ** extra.length));
}

/** The tests the cohort's p-value combined with its boosting (none when the boosting alone was strongest). */
export function evidenceUsed(profile: CohortProfile): CohortEvidence[] {
  const combined = combinedLogP(profile);
  return combined !== null && combined.logP < boostingLogP(profile) ? combined.used : [];
}

export interface CohortTest {
  cohort: CohortShop;
  profile: CohortProfile;
  logP: number;
}

/** Every cohort-shop with a profile, tested; `tests` in the result is the Bonferroni count. */
export async function testCohorts(
  db: Database,
  cohorts: CohortShop[],
  rates: BaseRates,
  ringShopping?: RingShopping,
  registrations?: Registrations,
): Promise<{ tests: number; results: CohortTest[] }> {
  const results: CohortTest[] = [];
  await mapPaced(db, cohorts, (cohort) => {
    const profile = profileCohortShop(cohort, rates, ringShopping, registrations);
    if (profile) results.push({ cohort, profile, logP: 0 });
  });
  // Every test is in before the p-values are taken.
  addPooledPurpose(cohorts, results, rates);
  await addCoTiming(db, results);
  for (const t of results) t.logP = cohortLogP(t.profile);
  return { tests: results.length, results };
}

/** A cohort's key across its shops. */
const cohortKey = (c: CohortShop): string => `${c.type}:${c.cohortId}`;

/**
 * A shop's rate of boosting reviews (per order, or per review) among its buyers without `excluded` (the cohort's, and
 * other rings'), or the platform's if that is higher.
 */
function shopRate(rates: BaseRates, merchantId: string, excluded: Tally, perOrder: boolean): number {
  const shop = rates.shops.get(merchantId);
  const outside = shop
    ? controlRate(shop.boosting - excluded.boosted, (perOrder ? shop.orders : shop.reviews) - excluded.trials)
    : null;
  return Math.max(perOrder ? rates.boostPerOrder : rates.boostShare, outside ?? 0);
}

/**
 * The pooled purpose of each network cohort tested per order: its accounts' orders at every shop they used (those
 * that live only in the cohort), without the account that boosted most across them, and how many got a boosting
 * review, against each shop's own rate (binomial at their mean rate, conservative for the upper tail; Hoeffding 1956).
 * Every shop counts, the ones with fewer than two boosters too, so the pooling picks no shops by their ratings.
 */
function addPooledPurpose(cohorts: CohortShop[], results: CohortTest[], rates: BaseRates): void {
  const testedHere = results.filter((t) => t.cohort.type !== 'device' && t.profile.perOrder);
  if (testedHere.length === 0) return;
  const wanted = new Set(testedHere.map((t) => cohortKey(t.cohort)));
  const profileOf = new Map(results.map((t) => [t.cohort, t.profile]));
  const shopsOf = new Map<string, CohortShop[]>();
  for (const c of cohorts) {
    const key = cohortKey(c);
    if (wanted.has(key)) (shopsOf.get(key) ?? shopsOf.set(key, []).get(key)!).push(c);
  }
  const pooledOf = new Map<string, PooledPurpose | null>();
  for (const [key, shops] of shopsOf) {
    const counted = shops.filter((c) => (c.minor ? c.minor.perOrder : c.accounts.some((a) => a.orders > 0)));
    const boostsOf = new Map<string, number>();
    const add = (id: string, n: number) => boostsOf.set(id, (boostsOf.get(id) ?? 0) + n);
    for (const c of counted)
      if (c.minor) {
        if (c.minor.booster) add(c.minor.booster, c.minor.boosted);
      } else for (const a of testedAccounts(c)) add(a.accountId, boostedOf(a, true));
    let top: string | null = null;
    for (const [id, n] of boostsOf)
      if (top === null || n > boostsOf.get(top)! || (n === boostsOf.get(top)! && id < top)) top = id;
    let trials = 0;
    let boosted = 0;
    let expected = 0;
    for (const c of counted) {
      let t: number;
      let b: number;
      let rate: number;
      if (c.minor) {
        // The top account's orders here are not known apart: only its boosts leave (conservative).
        t = c.minor.trials;
        b = c.minor.booster === top ? 0 : c.minor.boosted;
        rate = shopRate(rates, c.merchantId, c.minor, true);
      } else {
        const tested = testedAccounts(c);
        const rest = tallyOf(
          tested.filter((a) => a.accountId !== top),
          true,
        );
        t = rest.trials;
        b = rest.boosted;
        rate = profileOf.get(c)?.baseRate ?? shopRate(rates, c.merchantId, tallyOf(tested, true), true);
      }
      trials += t;
      boosted += b;
      expected += t * rate;
    }
    pooledOf.set(
      key,
      counted.length < 2 || top === null || trials === 0
        ? null
        : {
            logP:
              boosted > 0 && expected > 0 && expected < trials
                ? logBinomialTail(boosted, trials, expected / trials)
                : 0,
            shops: counted.length,
            trials,
            boosted,
            expected,
            leftOut: top,
          },
    );
  }
  for (const t of testedHere) t.profile.pooled = pooledOf.get(cohortKey(t.cohort)) ?? null;
}

/** Shops whose order times are read at once for the co-timing test. */
const TIMING_SHOP_CHUNK = 100;

/** `all` (sorted) without one occurrence of each of `remove` (sorted): the shop's orders without the boosters'. */
export function withoutTimes(all: number[], remove: number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (const t of all) {
    while (j < remove.length && remove[j] < t) j++;
    if (j < remove.length && remove[j] === t) j++;
    else out.push(t);
  }
  return out;
}

/**
 * The co-timing test for the network cohorts whose ratings show a purpose (only there can it count): their boosters'
 * orders at the shop against the shop's other orders (co-timing.ts), read a chunk of shops at a time, and each such
 * profile given it (testCohorts then takes the p-values). A device cohort is left out: the few accounts of a farm
 * phone are one person's, bought over months, and a family on one tablet shops together by nature.
 */
async function addCoTiming(db: Database, results: CohortTest[]): Promise<void> {
  const gated = results.filter((t) => t.cohort.type !== 'device' && t.profile.perOrder && purposeShown(t.profile));
  if (gated.length === 0) return;
  const span = rows<{ first: number | null; last: number | null }>(await db.read('detection/coordinated-span'))[0];
  if (!span || span.first === null || span.last === null || span.last <= span.first) return;
  const spanSeconds = span.last - span.first;
  const byShop = new Map<string, CohortTest[]>();
  for (const t of gated)
    (byShop.get(t.cohort.merchantId) ?? byShop.set(t.cohort.merchantId, []).get(t.cohort.merchantId)!).push(t);
  await inChunks(sorted(byShop.keys()), TIMING_SHOP_CHUNK, async (merchantIds) => {
    const tests = merchantIds.flatMap((m) => byShop.get(m)!);
    const cells = tests.map((t, i) => ({
      key: String(i),
      merchantId: t.cohort.merchantId,
      accountIds: t.profile.boosters,
    }));
    const read = rows<{ what: 'member' | 'shop'; key: string; accountId: string | null; times: number[] }>(
      await db.read('detection/cohort-shop-times', { cells, merchantIds }),
    );
    const shopTimes = new Map<string, number[]>();
    const memberTimes = new Map<string, number[][]>();
    for (const r of read)
      if (r.what === 'shop') shopTimes.set(r.key, r.times);
      else (memberTimes.get(r.key) ?? memberTimes.set(r.key, []).get(r.key)!).push(r.times);
    await mapPaced(db, tests, (t, i) => {
      const mine = memberTimes.get(String(i)) ?? [];
      const others = withoutTimes(
        shopTimes.get(t.cohort.merchantId) ?? [],
        mine.flat().sort((a, b) => a - b),
      );
      t.profile.timing = logCoTiming(mine, others, spanSeconds);
    });
    return [];
  });
}

/** Significant cohort-shops joined into groups wherever they share a booster (a farm on three phones is one ring). */
export function groupSignificant(
  tested: { tests: number; results: CohortTest[] },
  minScore: number,
): { parts: CohortTest[]; significance: Significance }[] {
  const kept = tested.results.filter((t) => judge(t.logP, tested.tests).score >= minScore);
  const edges: [string, string][] = [];
  kept.forEach((t, i) => t.profile.boosters.forEach((a) => edges.push([`t:${i}`, `a:${a}`])));
  return componentsOf(edges).map((component) => {
    const parts = component.filter((n) => n.startsWith('t:')).map((n) => kept[Number(n.slice(2))]);
    const best = parts.reduce((m, t) => Math.min(m, t.logP), 0);
    return { parts, significance: judge(best, tested.tests) };
  });
}

interface Shopping {
  accountId: string;
  merchantId: string;
  type: 'order' | 'review';
  id: string;
  productId: string;
  at: number;
}

const COHORT_WORDS = { device: 'device', ip: 'IP', subnet: 'network' } as const;

/** The sentence for a test the boosting was combined with. */
function evidenceSentence(p: CohortProfile, kind: CohortEvidence, merchantId: string): string {
  if (kind === 'registration')
    return (
      `${pText(p.registrationLogP!)} that ${plural(p.boosters.length, 'account')} picked at random from the ` +
      `platform's were registered within ${hours(p.registrationSpan!)} of each other`
    );
  const t = p.timing!;
  return (
    `${pText(t.logP)} that their orders at shop ${merchantId} fell together as they did (${plural(t.companions, 'order')} ` +
    `placed within ${hours(t.window)} of another member's, in ${plural(t.sittings, 'sitting')}, where the shop's own ` +
    `timing expects ${t.expected < 0.01 ? t.expected.toExponential(1) : t.expected.toFixed(2)})`
  );
}

/** Where the purpose was shown across the cohort's shops, not at this one, the sentence that says so. */
function pooledSentence(p: CohortProfile, minRating: number): string {
  if (boostingLogP(p) <= Math.log(PURPOSE_LEVEL) || p.pooled === null) return '';
  const q = p.pooled;
  return (
    `; across the ${q.shops} shops its accounts ordered from, ${q.boosted} of their ${q.trials} orders without ` +
    `${q.leftOut} got a ${minRating}-star review where those shops' own rates expect ${q.expected.toFixed(1)} ` +
    `(${pText(q.logP)})`
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Rings with evidence from the significant groups: what each member bought and boosted at the ring's shops. */
export async function cohortRings(
  db: Database,
  kind: Exclude<RingKind, 'COMBINED'>,
  groups: { parts: CohortTest[]; significance: Significance }[],
  minRating: number,
): Promise<DetectedRing[]> {
  if (groups.length === 0) return [];
  const accountIds = sorted(groups.flatMap((g) => g.parts.flatMap((t) => t.profile.boosters)));
  const shopping = rows<Shopping>(await db.read('detection/shared-device-shopping', { accountIds, minRating }));
  const created = new Map(
    rows<{ accountId: string; createdAt: number | null }>(
      await db.read('detection/accounts-created', { accountIds }),
    ).map((r) => [r.accountId, r.createdAt]),
  );
  const shoppingOf = new Map<string, Shopping[]>();
  for (const s of shopping) (shoppingOf.get(s.accountId) ?? shoppingOf.set(s.accountId, []).get(s.accountId)!).push(s);
  return mapPaced(db, groups, (g) => ringOf(kind, g.parts, g.significance, shoppingOf, created, minRating));
}

function ringOf(
  kind: Exclude<RingKind, 'COMBINED'>,
  parts: CohortTest[],
  significance: Significance,
  shoppingOf: Map<string, Shopping[]>,
  created: Map<string, number | null>,
  minRating: number,
): DetectedRing {
  const merchants = sorted(parts.map((t) => t.cohort.merchantId));
  const merchantSet = new Set(merchants);
  const members = sorted(parts.flatMap((t) => t.profile.boosters));
  const cohorts = new Map<string, CohortShop>();
  for (const t of parts) cohorts.set(cohortKey(t.cohort), t.cohort);
  const orders: string[] = [];
  const reviews: string[] = [];
  const products: string[] = [];
  const times: number[] = [];
  for (const c of cohorts.values()) for (const t of [c.firstSeen, c.lastSeen]) if (t !== null) times.push(t);

  const ringMembers: DetectedMember[] = members.map((accountId) => {
    const evidence: string[] = [];
    for (const t of parts) {
      if (!t.profile.boosters.includes(accountId)) continue;
      const mine = t.cohort.accounts.find((a) => a.accountId === accountId)!;
      const others = t.profile.boosters.filter((x) => x !== accountId);
      evidence.push(
        `${t.cohort.type === 'device' ? 'used device' : t.cohort.type === 'ip' ? 'seen at IP' : 'seen on network'} ` +
          `${t.cohort.cohortId} (${plural(t.cohort.size, 'account')}) with ${plural(others.length, 'other booster')} ` +
          `of shop ${t.cohort.merchantId} (${capped(others, 5).join(', ')}); gave ${mine.boosts} ${minRating}-star ` +
          `review${mine.boosts === 1 ? '' : 's'} there on ${plural(mine.orders, 'order')}`,
      );
    }
    const atShops = (shoppingOf.get(accountId) ?? []).filter((s) => merchantSet.has(s.merchantId));
    for (const s of atShops) {
      (s.type === 'order' ? orders : reviews).push(s.id);
      products.push(s.productId);
      times.push(s.at);
    }
    evidence.push(
      ...capped(
        atShops.map((s) =>
          s.type === 'order'
            ? `ordered ${s.productId} from shop ${s.merchantId} (order ${s.id}, ${when(s.at)})`
            : `${minRating}-star review ${s.id} of ${s.productId} (shop ${s.merchantId}, ${when(s.at)})`,
        ),
        6,
      ),
    );
    const ordered = atShops.filter((s) => s.type === 'order').length;
    const boosted = atShops.filter((s) => s.type === 'review').length;
    const share = ordered > 0 ? Math.min(1, boosted / ordered) : boosted > 0 ? 1 : 0;
    return { accountId, score: score(significance.score * (0.5 + 0.5 * share)), evidence, role: 'member' };
  });

  const best = parts.reduce((m, t) => (t.logP < m.logP ? t : m), parts[0]);
  const bp = best.profile;
  const used = evidenceUsed(bp);
  const createdTimes = members.map((a) => created.get(a)).filter((t): t is number => typeof t === 'number');
  const span = createdTimes.length > 1 ? Math.max(...createdTimes) - Math.min(...createdTimes) : null;
  const kindsOfCohort = [...new Set([...cohorts.values()].map((c) => COHORT_WORDS[c.type]))];
  const devices = [...cohorts.values()].filter((c) => c.type === 'device').map((c) => c.cohortId);
  return {
    kind,
    score: score(significance.score),
    members: ringMembers,
    devices: sorted(devices),
    payments: [],
    products: sorted(products),
    orders: sorted(orders),
    reviews: sorted(reviews),
    merchants,
    firstActivity: times.length ? dateOf(Math.min(...times)) : null,
    lastActivity: times.length ? dateOf(Math.max(...times)) : null,
    signals: [kind],
    explanation:
      `${plural(members.length, 'account')} sharing ${plural(cohorts.size, kindsOfCohort.join(' or '))} ` +
      `(${capped(
        sorted([...cohorts.keys()]).map((k) => k.split(':').slice(1).join(':')),
        4,
      ).join(', ')}) boost the same ` +
      `${merchants.length === 1 ? 'shop' : 'shops'} ${capped(merchants, 4).join(', ')}: at shop ${best.cohort.merchantId}, ` +
      `${bp.boosted} of their ${bp.trials} ${bp.perOrder ? 'orders got' : 'reviews are'} a ${minRating}-star review ` +
      `where buyers on this platform give one to ${Math.round(bp.baseRate * 100)}%` +
      (bp.controlsLeftOut > 0
        ? ` (the shop's other buyers counted without ${plural(bp.controlsLeftOut, 'member')} of other rings) `
        : ' ') +
      (used.length > 0
        ? `(${pText(boostingLogP(bp))} for the ratings without its most active member ${bp.leftOut}` +
          pooledSentence(bp, minRating) +
          ', and ' +
          used.map((x) => evidenceSentence(bp, x, best.cohort.merchantId)).join(', and ') +
          `: ${pText(best.logP)} together`
        : `(${pText(best.logP)} without its most active member ${bp.leftOut}`) +
      `; significant after testing every shared ${kindsOfCohort.join(' and ')} at every shop).` +
      (span !== null && members.length >= 3 && !used.includes('registration')
        ? ` The accounts were registered within ${span < 172800 ? hours(span) : `${Math.round(span / 86400)} days`} of each other.`
        : ''),
  };
}
