// Null models shared by every detector: how unlikely a group's behaviour is under independent chance, as a p-value,
// a significance decision corrected for the number of groups tested, and a score in [0, 1].
//
// Every detector follows the same method (DESIGN.md, "Methods over thresholds"):
//   1. candidate groups come from a maintained algorithm (connected components, Louvain) over evidence that is
//      weighted by how rare the shared thing is (FRAUDAR's 1/log(degree + c));
//   2. each candidate is tested against a null model of its members' and targets' own activity (a Poisson or
//      binomial tail: how likely would this many members hit these targets, rate this extremely, this fast, if each
//      acted independently at its own rate?);
//   3. a group is a ring when its p-value is below FAMILY_ALPHA divided by the number of candidates tested
//      (Bonferroni), so the expected number of innocent groups flagged per run stays below FAMILY_ALPHA; where a
//      family's p-values are all known at once (coordinated purchase's and like brushing's groups, task brushing's
//      browse test) the bar is Benjamini and Hochberg's step-up instead (discoveryTests), which keeps the share of
//      innocent groups among those flagged below FAMILY_ALPHA and lets small rings through beside strong ones.
// No detector reads a threshold off the generator: FAMILY_ALPHA is a stated statistical choice, the rest comes from
// the data's own rates.

/** Family-wise error rate of one detection run: the chance that any innocent group is flagged by chance alone. */
export const FAMILY_ALPHA = 0.01;

const LN10 = Math.LN10;
const LOG_FACTORIAL_TABLE: number[] = [0];
for (let i = 1; i <= 1024; i++) LOG_FACTORIAL_TABLE[i] = LOG_FACTORIAL_TABLE[i - 1] + Math.log(i);

/** ln(n!) exactly up to 1024, by Stirling's series beyond (error below 1e-10). */
export function logFactorial(n: number): number {
  if (n < 0) throw new RangeError(`logFactorial of a negative number (${n})`);
  if (n <= 1024) return LOG_FACTORIAL_TABLE[Math.floor(n)];
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

export function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** ln(e^a + e^b) without overflow. */
function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** ln P(X ≥ k) for X ~ Poisson(λ). */
export function logPoissonTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return -Infinity;
  if (k <= lambda) {
    // The tail is at least about a half: sum the head instead and take the complement.
    let term = -lambda;
    let head = term;
    for (let j = 1; j < k; j++) {
      term += Math.log(lambda / j);
      head = logAdd(head, term);
    }
    return Math.log(Math.max(Number.MIN_VALUE, -Math.expm1(head)));
  }
  let term = k * Math.log(lambda) - lambda - logFactorial(k);
  let tail = term;
  for (let j = k + 1; j < k + 100000; j++) {
    term += Math.log(lambda / j);
    const next = logAdd(tail, term);
    if (next - tail < 1e-12) break;
    tail = next;
  }
  return tail;
}

/** ln P(X ≥ k) for X ~ Binomial(n, p). */
export function logBinomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 0;
  if (k > n) return -Infinity;
  if (p <= 0) return -Infinity;
  if (p >= 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  if (k <= n * p) {
    let head = -Infinity;
    for (let j = 0; j < k; j++) head = logAdd(head, logChoose(n, j) + j * lp + (n - j) * lq);
    return Math.log(Math.max(Number.MIN_VALUE, -Math.expm1(head)));
  }
  let tail = -Infinity;
  for (let j = k; j <= n; j++) {
    const term = logChoose(n, j) + j * lp + (n - j) * lq;
    const next = logAdd(tail, term);
    if (j > k && next - tail < 1e-12) break;
    tail = next;
  }
  return tail;
}

/** Fisher's method: ln of the combined p-value of independent tests given their ln p-values. */
export function logFisher(logPs: number[]): number {
  if (logPs.length === 0) return 0;
  // X = -2 Σ ln p ~ χ²(2m); its upper tail has the closed form e^{-X/2} Σ_{i<m} (X/2)^i / i!.
  const half = -logPs.reduce((s, lp) => s + lp, 0);
  let term = 0;
  let sum = 0;
  for (let i = 1; i < logPs.length; i++) {
    term += Math.log(half / i);
    sum = logAdd(sum, term);
  }
  return Math.min(0, -half + sum);
}

export interface Significance {
  /** −log10 of the group's p-value under the null model. */
  surprise: number;
  /** −log10(FAMILY_ALPHA / tests): the surprise at which a group is significant after the Bonferroni correction. */
  threshold: number;
  significant: boolean;
  /**
   * surprise / (surprise + threshold), in [0, 1): 0.5 exactly at significance, rising towards 1 as the evidence
   * grows, so minScore 0.5 means "significant" and scores of different detectors compare.
   */
  score: number;
}

/** Judges a group's ln p-value against the number of candidate groups the run tested. */
export function judge(logP: number, tests: number, alpha = FAMILY_ALPHA): Significance {
  const surprise = Math.max(0, -logP / LN10);
  const threshold = -Math.log10(alpha / Math.max(1, tests));
  return {
    surprise,
    threshold,
    significant: surprise >= threshold,
    score: surprise + threshold === 0 ? 0 : surprise / (surprise + threshold),
  };
}

/**
 * Benjamini and Hochberg's step-up over a family of ln p-values, as the number of tests to give judge(): m / k for the
 * largest k whose k-th smallest p is at most k·α/m (m, when there is none). Judged against it, a family's groups are
 * flagged with a false discovery rate of at most α (of the groups flagged, that share is expected innocent), where
 * Bonferroni's m keeps the chance of any innocent one flagged under α and so misses small rings beside strong ones.
 * `tests` counts the family's tests that have no p here (dropped as insignificant before they were scored).
 */
export function discoveryTests(logPs: number[], tests = logPs.length, alpha = FAMILY_ALPHA): number {
  const m = Math.max(1, tests, logPs.length);
  const ascending = [...logPs].sort((a, b) => a - b);
  let k = 0;
  for (let i = 0; i < ascending.length; i++) if (ascending[i] <= Math.log(((i + 1) * alpha) / m)) k = i + 1;
  return k === 0 ? m : m / k;
}

/** FRAUDAR's weight of a shared thing seen by `degree` accounts: a campus IP shared by 300 weighs little, never 0. */
export function rarityWeight(degree: number, c = 5): number {
  return 1 / Math.log(degree + c);
}

/** p-values print as "p = 3e-12" in evidence. */
export function pText(logP: number): string {
  const log10 = logP / LN10;
  if (log10 > -3) return `p = ${Math.exp(logP).toFixed(3)}`;
  let exp = Math.floor(log10);
  let mant = Math.round(10 ** (log10 - exp));
  if (mant >= 10) {
    mant = 1;
    exp += 1;
  }
  return `p = ${mant}e${exp}`;
}

/** Median of numbers (0 for none): a base rate that a few rings inside the data cannot drag. */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Splits events, sorted by time, at gaps too long for one campaign. Under the null that one campaign's n events fall
 * uniformly between its first and last (a Poisson process given its count), each of its n − 1 gaps is at least g with
 * chance (1 − g/T)^(n−2); a gap whose chance, times the n − 1 gaps, is below `alpha` splits the events, and each side
 * is tested again. Twenty-seven buyers within 40 minutes and a 28th two weeks later are two campaigns, not one.
 */
export function campaigns<T>(events: T[], at: (e: T) => number, alpha = FAMILY_ALPHA): T[][] {
  return splitCampaigns(events, at, () => 1, 0, alpha);
}

/**
 * `campaigns` on tallies: each of `tallies` ([time, count], sorted by time) counts that many events somewhere in the
 * `resolution` seconds from its time (a day's uses of a text). A gap is then only known to be at least the distance
 * between two tallies less one resolution, and the span at most their distance plus one, so uses on consecutive days
 * are never split.
 */
export function campaignsOfTallies(
  tallies: [number, number][],
  resolution: number,
  alpha = FAMILY_ALPHA,
): [number, number][][] {
  return splitCampaigns(
    tallies,
    (t) => t[0],
    (t) => t[1],
    resolution,
    alpha,
  );
}

function splitCampaigns<T>(
  events: T[],
  at: (e: T) => number,
  weight: (e: T) => number,
  resolution: number,
  alpha: number,
): T[][] {
  const n = events.reduce((s, e) => s + weight(e), 0);
  if (n < 3 || events.length < 2) return events.length ? [events] : [];
  const span = at(events[events.length - 1]) - at(events[0]) + resolution;
  if (span <= 0) return [events];
  let widest = 1;
  for (let i = 2; i < events.length; i++)
    if (at(events[i]) - at(events[i - 1]) > at(events[widest]) - at(events[widest - 1])) widest = i;
  const gap = Math.max(0, at(events[widest]) - at(events[widest - 1]) - resolution);
  const logP = Math.log(n - 1) + (n - 2) * Math.log1p(-Math.min(gap / span, 1 - 1e-12));
  if (logP >= Math.log(alpha)) return [events];
  return [
    ...splitCampaigns(events.slice(0, widest), at, weight, resolution, alpha),
    ...splitCampaigns(events.slice(widest), at, weight, resolution, alpha),
  ];
}
