// The null model's tails against values worked by hand, and its significance rule at the Bonferroni boundary.
import {
  campaigns,
  campaignsOfTallies,
  discoveryTests,
  judge,
  logBinomialTail,
  logFisher,
  logPoissonTail,
  median,
  pText,
  rarityWeight,
} from '../src/detection/null-model';

describe('null model', () => {
  it('gives Poisson tails as worked by hand, in both regimes', () => {
    expect(Math.exp(logPoissonTail(3, 1))).toBeCloseTo(1 - 2.5 / Math.E, 10);
    expect(Math.exp(logPoissonTail(1, 2))).toBeCloseTo(1 - Math.exp(-2), 10);
    expect(logPoissonTail(0, 5)).toBe(0);
    // 40 events where 1 is expected: far beyond double precision as a plain probability, fine in logs.
    expect(logPoissonTail(400, 1)).toBeLessThan(-1500);
    expect(Number.isFinite(logPoissonTail(400, 1))).toBe(true);
  });

  it('gives binomial tails as worked by hand', () => {
    expect(Math.exp(logBinomialTail(8, 10, 0.5))).toBeCloseTo(56 / 1024, 10);
    expect(Math.exp(logBinomialTail(2, 10, 0.5))).toBeCloseTo(1 - 11 / 1024, 10);
    expect(logBinomialTail(11, 10, 0.5)).toBe(-Infinity);
    expect(Math.exp(logBinomialTail(20, 20, 0.3))).toBeCloseTo(0.3 ** 20, 20);
  });

  it("combines independent p-values by Fisher's method", () => {
    const lp = Math.log(0.05);
    const x = -2 * 2 * lp;
    expect(Math.exp(logFisher([lp, lp]))).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 10);
    expect(Math.exp(logFisher([Math.log(0.3)]))).toBeCloseTo(0.3, 10);
  });

  it('is significant exactly past alpha over the number of tests, and scores 0.5 there', () => {
    const atBoundary = judge(Math.log(0.01 / 1000), 1000);
    expect(atBoundary.score).toBeCloseTo(0.5, 6);
    expect(judge(Math.log(0.01 / 1000) - 0.01, 1000).significant).toBe(true);
    expect(judge(Math.log(0.01 / 1000) + 0.01, 1000).significant).toBe(false);
    expect(judge(-200, 1000).score).toBeGreaterThan(0.9);
  });

  it("sets Benjamini-Hochberg's bar: the k-th smallest p against k·alpha/m, as worked by hand", () => {
    const ln = Math.log;
    // m = 10, alpha = 0.01: bars 0.001, 0.002, 0.003, ... The sorted ps 0.0005, 0.0015, 0.0029 pass at k = 3;
    // 0.02 does not pass at 4 (0.004): the bar is 0.003, i.e. Bonferroni over 10 / 3 tests.
    const family = [0.02, 0.0029, 0.5, 0.0005, 0.0015].map(ln);
    expect(discoveryTests(family, 10)).toBeCloseTo(10 / 3, 12);
    expect(judge(ln(0.0029), discoveryTests(family, 10)).significant).toBe(true);
    expect(judge(ln(0.0029), 10).significant).toBe(false);
    expect(judge(ln(0.02), discoveryTests(family, 10)).significant).toBe(false);
    // A step-up: one p far below lets a later one through even when one between fails its own bar.
    expect(discoveryTests([0.0001, 0.0025, 0.0028].map(ln), 10)).toBeCloseTo(10 / 3, 12);
    // Nothing passes: Bonferroni's m; one p at most alpha/m: m as well.
    expect(discoveryTests([0.5, 0.2].map(ln), 10)).toBe(10);
    expect(discoveryTests([0.0009, 0.5].map(ln), 10)).toBe(10);
    // Without a count, the family is the p-values given.
    expect(discoveryTests([0.001, 0.01].map(ln))).toBe(1);
  });

  it('weighs a widely shared thing less, never zero', () => {
    expect(rarityWeight(2)).toBeGreaterThan(rarityWeight(300));
    expect(rarityWeight(300)).toBeGreaterThan(0.15);
    expect(median([5, 1, 3])).toBe(3);
    expect(pText(Math.log(3e-12))).toBe('p = 3e-12');
    expect(pText(Math.log(9.8e-7))).toBe('p = 1e-6');
  });

  it('splits events into campaigns only at gaps no uniform run of that many would leave', () => {
    const min = 60;
    const day = 86400;
    // 27 buyers within 40 minutes and a 28th two weeks later: two campaigns.
    const burst = Array.from({ length: 27 }, (_, i) => i * 1.5 * min);
    const split = campaigns([...burst, 14 * day], (t) => t);
    expect(split.map((c) => c.length)).toEqual([27, 1]);
    // 30 recruits one by one over three weeks, at uneven gaps (a night between some): one campaign.
    const weeks = Array.from({ length: 30 }, (_, i) => i * 0.7 * day + ((i * 7919) % 13) * 3600);
    expect(campaigns(weeks, (t) => t)).toHaveLength(1);
    // Two campaigns of ten a month apart stay two, each whole.
    const twice = [...burst.slice(0, 10), ...burst.slice(0, 10).map((t) => t + 30 * day)];
    expect(campaigns(twice, (t) => t).map((c) => c.length)).toEqual([10, 10]);
    expect(campaigns([5, 6], (t) => t)).toEqual([[5, 6]]);
    expect(campaigns([], (t: number) => t)).toEqual([]);
  });

  it('splits tallies per day where a gap of whole days is too long for one campaign', () => {
    // A template's uses per day: 40 in days 2-4 and 6 on day 30. Uses on consecutive days are one campaign.
    const library: [number, number][] = [
      [2, 14],
      [3, 13],
      [4, 13],
      [30, 6],
    ];
    expect(campaignsOfTallies(library, 1).map((c) => c.map(([d]) => d))).toEqual([[2, 3, 4], [30]]);
    // The same uses spread over their days split the same way.
    const spread = library.flatMap(([d, n]) => Array.from({ length: n }, (_, i) => d + i / n));
    expect(campaigns(spread, (d) => d).map((c) => c.length)).toEqual([40, 6]);
    // A phrase used 5 times a day for two months, with or without a day of no use: one campaign (a pause of three
    // days among 300 uses is not one a steady use leaves, and splits it).
    const everyDay = Array.from({ length: 60 }, (_, d): [number, number] => [d, 5]);
    expect(campaignsOfTallies(everyDay, 1)).toHaveLength(1);
    expect(campaignsOfTallies([...everyDay.slice(0, 30), ...everyDay.slice(31)], 1)).toHaveLength(1);
    expect(campaignsOfTallies([...everyDay.slice(0, 30), ...everyDay.slice(33)], 1)).toHaveLength(2);
  });
});
