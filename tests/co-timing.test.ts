// The co-timing test (a pure function): members of a network cohort ordering at one shop together, against the
// shop's own timing.
import { CO_TIMING_WIDTHS, logCoTiming } from '../src/detection/co-timing';
import { boostingLogP, cohortLogP, CohortProfile, evidenceUsed, withoutTimes } from '../src/detection/cohorts';
import { random } from './helpers/fixture';

const DAY = 86400;
const SPAN = 180 * DAY;
const spread = (n: number, seed: number): number[] => {
  const rnd = random(seed);
  return Array.from({ length: n }, () => Math.floor(rnd() * SPAN)).sort((a, b) => a - b);
};

describe('co-timing', () => {
  it.each([3, 6])(
    'a studio of %i buying a shop in two quarter-hour campaigns is far from its timing; the same orders at random are not',
    (n) => {
      const shop = spread(300, n);
      const campaigns = [40 * DAY + 3600, 95 * DAY + 7200];
      const together = Array.from({ length: n }, (_, i) => campaigns.map((c) => c + i * 120));
      const rnd = random(n + 10);
      const apart = together.map((ts) => ts.map(() => Math.floor(rnd() * SPAN)).sort((a, b) => a - b));
      const t = logCoTiming(together, shop, SPAN)!;
      expect(t.logP).toBeLessThan(Math.log(1e-6));
      expect(t.companions).toBe(2 * (n - 1));
      expect(t.sittings).toBe(2);
      expect(t.window).toBe(2 * CO_TIMING_WIDTHS[0]);
      expect(logCoTiming(apart, shop, SPAN)!.logP).toBeGreaterThan(Math.log(0.01));
    },
  );

  it("a live-stream seller's buyers come in sessions, so viewers buying within minutes of each other weigh less there", () => {
    // 20 sessions of an hour, all the shop's 400 other orders inside them; and the same number spread evenly.
    const rnd = random(3);
    const sessions = Array.from({ length: 20 }, (_, k) => k * 9 * DAY + 20 * 3600);
    const stream = Array.from({ length: 400 }, () => sessions[Math.floor(rnd() * 20)] + Math.floor(rnd() * 3600)).sort(
      (a, b) => a - b,
    );
    const viewers = Array.from({ length: 4 }, (_, i) => [sessions[3] + 600 + i * 60, sessions[11] + 900 + i * 60]);
    const atStream = logCoTiming(viewers, stream, SPAN)!;
    const atEven = logCoTiming(viewers, spread(400, 4), SPAN)!;
    expect(atStream.expected).toBeGreaterThan(20 * atEven.expected);
    expect(atStream.logP).toBeGreaterThan(atEven.logP + 10);
  });

  it('needs two members who ordered there', () => {
    expect(logCoTiming([[DAY], []], spread(50, 1), SPAN)).toBeNull();
    expect(logCoTiming([[DAY, DAY + 60]], spread(50, 1), SPAN)).toBeNull();
  });

  it("takes the members' own orders out of the shop's, once each", () => {
    expect(withoutTimes([1, 2, 2, 3, 5, 8], [2, 5, 9])).toEqual([1, 2, 3, 8]);
    expect(withoutTimes([], [1])).toEqual([]);
  });
});

describe('the cohort test with co-timing', () => {
  // Three emulators, 3 of 3 orders 5-starred without the busiest member where the platform gives 32%: p = 0.03.
  const profile = (restBoosted: number, timing: number | null): CohortProfile => ({
    boosters: ['e1', 'e2', 'e3'],
    trials: 6,
    boosted: restBoosted + 3,
    baseRate: 0.32,
    controlsLeftOut: 0,
    perOrder: true,
    leftOut: 'e1',
    restTrials: 3,
    restBoosted,
    registrationLogP: null,
    registrationSpan: null,
    pooled: null,
    timing: timing === null ? null : { logP: timing, window: 2400, companions: 3, expected: 0.002, sittings: 2 },
  });

  it('adds to ratings that reach the purpose level on their own, corrected for the alternatives', () => {
    const p = profile(3, -18);
    expect(boostingLogP(p)).toBeLessThan(Math.log(0.05));
    expect(cohortLogP(p)).toBeLessThan(Math.log(1e-7));
    expect(evidenceUsed(p)).toEqual(['timing']);
    expect(cohortLogP(profile(3, null))).toBeCloseTo(boostingLogP(p), 9);
  });

  it('never carries ratings that do not: accounts buying together that rate as everyone does are no ring', () => {
    const p = profile(1, -40);
    expect(boostingLogP(p)).toBeGreaterThan(Math.log(0.05));
    expect(cohortLogP(p)).toBeGreaterThanOrEqual(boostingLogP(p));
    expect(evidenceUsed(p)).toEqual([]);
  });
});
