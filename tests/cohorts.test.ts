// The cohort test's control group (a pure function): a shop's other buyers, without the members of other rings.
import { baseRatesOf, ShopCounts } from '../src/detection/base-rates';
import {
  chunksByWeight,
  cohortLogP,
  CohortShop,
  membersOf,
  profileCohortShop,
  RingShopping,
  withoutMembersOf,
} from '../src/detection/cohorts';
import { logRegistrationBurst, Registrations } from '../src/detection/registration';
import { DetectedRing } from '../src/detection/types';

const shop = (merchantId: string, orders: number, boosting: number): ShopCounts => ({
  merchantId,
  orders,
  reviews: boosting,
  boosting,
  low: 0,
});
// Three ordinary shops at a 30% rate, and the target, whose 400 orders include 200 a lockstep group 5-starred.
const rates = baseRatesOf([shop('a', 100, 30), shop('b', 100, 30), shop('c', 100, 30), shop('target', 400, 250)]);

// An emulator studio of 10 accounts: 2 orders each at the target, 14 of the 20 orders 5-starred.
const studio: CohortShop = {
  type: 'ip',
  cohortId: '203.0.113.9',
  size: 10,
  merchantId: 'target',
  accounts: Array.from({ length: 10 }, (_, i) => ({
    accountId: `emu${i}`,
    orders: 2,
    reviews: 2,
    boosts: i < 4 ? 2 : i < 10 ? 1 : 0,
    elsewhere: false,
  })),
  firstSeen: null,
  lastSeen: null,
};

const lockstep = (n: number): RingShopping =>
  new Map([
    [
      'target',
      Array.from({ length: n }, (_, i) => ({
        accountId: `lock${i}`,
        orders: 4,
        reviews: 4,
        boosts: 4,
        elsewhere: false,
      })),
    ],
  ]);

it("without other rings' members, the shop's control rate is its ordinary buyers' and the studio stands out", () => {
  const alone = profileCohortShop(studio, rates)!;
  const known = profileCohortShop(studio, rates, lockstep(50))!;
  // 250 - 14 boosts on 400 - 20 orders: the lockstep group's 200 5-stars make the shop look 5-star happy.
  expect(alone.baseRate).toBeCloseTo(237 / 382, 3);
  expect(alone.controlsLeftOut).toBe(0);
  // Without them the shop's ordinary buyers give 36 boosts on 180 orders, below the platform's 30%, which stands.
  expect(rates.boostPerOrder).toBeCloseTo(0.3, 6);
  expect(known.baseRate).toBeCloseTo(0.3, 6);
  expect(known.controlsLeftOut).toBe(50);
  expect(cohortLogP(known)).toBeLessThan(cohortLogP(alone) - 5);
});

it("a cohort's own accounts found by another detector are not taken out twice", () => {
  const own: RingShopping = new Map([['target', studio.accounts.map((a) => ({ ...a }))]]);
  expect(profileCohortShop(studio, rates, own)).toEqual(profileCohortShop(studio, rates));
});

it('members of rings elsewhere leave the control group of their own shops only', () => {
  const elsewhere: RingShopping = new Map([['a', lockstep(50).get('target')!]]);
  expect(profileCohortShop(studio, rates, elsewhere)).toEqual(profileCohortShop(studio, rates));
});

// A /24 where a cashback ring's 7 members live beside one ordinary buyer who 5-starred the shop twice.
const subnet: CohortShop = {
  ...studio,
  type: 'subnet',
  cohortId: '10.0.4.0/24',
  size: 8,
  accounts: [
    ...Array.from({ length: 7 }, (_, i) => ({
      accountId: `cash${i}`,
      orders: 3,
      reviews: 3,
      boosts: 3,
      elsewhere: false,
    })),
    { accountId: 'neighbour', orders: 2, reviews: 2, boosts: 2, elsewhere: false },
  ],
};
const ringOf = (ids: string[]) => ({ members: ids.map((accountId) => ({ accountId })) }) as unknown as DetectedRing;

it("the second look tests only accounts no ring holds: a ring's neighbour on its network is not pulled in", () => {
  const cashback = ringOf(Array.from({ length: 7 }, (_, i) => `cash${i}`));
  // With the ring's members the subnet is a significant cohort (p < 1e-4), and the neighbour would be one of its members.
  expect(cohortLogP(profileCohortShop(subnet, rates)!)).toBeLessThan(Math.log(1e-4));
  const [left] = withoutMembersOf([subnet], membersOf([cashback]));
  expect(left.accounts.map((a) => a.accountId)).toEqual(['neighbour']);
  expect(left.size).toBe(1);
  // One booster is no group: nothing to test.
  expect(profileCohortShop(left, rates)).toBeNull();
  // A cohort no ring touches is tested as it was, and the input is not changed (the cohorts are read once per run).
  expect(withoutMembersOf([studio], membersOf([cashback]))).toEqual([studio]);
  expect(subnet.accounts).toHaveLength(8);
});

describe('chunksByWeight', () => {
  it('keeps the order, fills each chunk up to the limit, and puts an item heavier than the limit alone', () => {
    const weights = [3, 2, 4, 9, 1, 1];
    const chunks = chunksByWeight(weights, (w) => w, 5);
    expect(chunks).toEqual([[3, 2], [4], [9], [1, 1]]);
    expect(chunks.flat()).toEqual(weights);
    expect(chunksByWeight([], (w: number) => w, 5)).toEqual([]);
  });
});

describe('registration bursts against the platform’s registrations', () => {
  const HOUR = 3600;
  // 17,520 accounts, one an hour for two years.
  const steady = new Registrations(Array.from({ length: 17520 }, (_, hour) => ({ hour, accounts: 1 })));

  it('counts the accounts registered in whole hours', () => {
    expect(steady.total).toBe(17520);
    expect(steady.shareBetween(10 * HOUR + 5, 12 * HOUR + 59)).toBeCloseTo(3 / 17520, 12);
    expect(steady.shareBetween(-100 * HOUR, -50 * HOUR)).toBe(0);
  });

  it('three accounts registered within the hour are far from chance; spread over months they are not', () => {
    const together = logRegistrationBurst([100 * HOUR, 100 * HOUR + 600, 100 * HOUR + 1700], steady)!;
    // Within the span on either side: hours 99 to 100, 2 of 17,520; p = 3 q^2.
    expect(together).toBeCloseTo(Math.log(3) + 2 * Math.log(2 / 17520), 6);
    expect(logRegistrationBurst([100 * HOUR, 3000 * HOUR, 9000 * HOUR], steady)!).toBe(0);
    // Two accounts are no group, and unknown dates give no test.
    expect(logRegistrationBurst([100 * HOUR, 100 * HOUR + 60], steady)).toBeNull();
  });

  it('a platform that registered everyone on one day (an import date) shows no burst', () => {
    const imported = new Registrations([{ hour: 480000, accounts: 5000 }]);
    expect(logRegistrationBurst([480000 * HOUR, 480000 * HOUR + 10, 480000 * HOUR + 20], imported)).toBe(0);
  });
});
