// Cashback as a specification: every shape organisers pay in is caught at two sizes, and the innocents that pay each
// other for orders (shops refunding returns plus shipping, group-buy leaders, friends) are left alone at two sizes.
import { Database } from '../src/db/database';
import {
  candidateReimbursements,
  chooseReimbursements,
  fits,
  PayeeOrder,
  Payment,
} from '../src/detection/cashback-matching';
import { buyerChance, cashbackDetector, scoreCell } from '../src/detection/cashback.detector';
import { detectAll } from '../src/detection/detect-all';
import { DetectedRing } from '../src/detection/types';
import { emptyDatabase, testDatabase } from './helpers/db';
import { at, Fixture, ids, random, range, useFixtureDatabase } from './helpers/fixture';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
  useFixtureDatabase(db);
});
afterAll(async () => db.close());
beforeEach(async () => emptyDatabase(db));

const HOUR = 3600000;
const later = (iso: string, hours: number): string =>
  new Date(Date.parse(iso) + hours * HOUR).toISOString().replace('.000Z', 'Z');

/** A rating as shoppers give them: 5 stars a bit over half the time, a review on 60% of orders. */
function ordinaryRating(rnd: () => number): number | undefined {
  if (rnd() > 0.6) return undefined;
  const x = rnd();
  return x < 0.55 ? 5 : x < 0.8 ? 4 : x < 0.89 ? 3 : x < 0.94 ? 2 : 1;
}

/** A marketplace's ordinary life: four shops, shoppers buying and reviewing as they like over two months. */
function marketplace(f: Fixture, shoppers = 80, seed = 7): Fixture {
  const rnd = random(seed);
  for (let s = 1; s <= 4; s++) {
    f.shop(`mall${s}`, `mallowner${s}`);
    for (let k = 1; k <= 3; k++) f.product(`m${s}p${k}`, `mall${s}`, 9.9 + 17 * k + s);
  }
  for (let i = 0; i < shoppers; i++) {
    for (let k = 0; k < 3 + (i % 3); k++) {
      const product = `m${1 + Math.floor(rnd() * 4)}p${1 + Math.floor(rnd() * 3)}`;
      f.buy(`shopper${i}`, product, at(Math.floor(rnd() * 60), Math.floor(rnd() * 24)), {
        rating: ordinaryRating(rnd),
        reviewAfterHours: 24 + Math.floor(rnd() * 100),
      });
    }
  }
  return f;
}

/** The shop a ring brushes, with two products; recruits also buy ordinary things at the mall. */
function targetShop(f: Fixture, owner = 'teaowner'): Fixture {
  return f.shop('tea', owner).product('tea1', 'tea', 39.9).product('tea2', 'tea', 68);
}

function camouflage(f: Fixture, recruits: string[]): void {
  recruits.forEach((a, i) => f.buy(a, `m${1 + (i % 4)}p${1 + (i % 3)}`, at(40 + (i % 15), 11)));
}

interface Planted {
  accounts: string[];
  payments: string[];
}

async function cashbackRings(): Promise<DetectedRing[]> {
  return (await detectAll(db)).rings.filter((r) => r.signals.includes('CASHBACK'));
}

/** Exactly one ring: every planted account in it, and nobody else. */
async function expectOneRing(planted: Planted): Promise<DetectedRing> {
  const rings = await cashbackRings();
  expect(rings.map(ids)).toEqual([[...planted.accounts].sort()]);
  expect(rings[0].payments).toEqual(expect.arrayContaining(planted.payments));
  expect(rings[0].merchants).toEqual(['tea']);
  expect(rings[0].score).toBeGreaterThanOrEqual(0.5);
  return rings[0];
}

const evidenceOf = (ring: DetectedRing, account: string): string =>
  ring.members.find((m) => m.accountId === account)!.evidence.join('\n');

describe('cashback shapes are caught at two sizes', () => {
  it.each([4, 16])('classic: one payer pays %i reviewers their order plus a small commission', async (n) => {
    const f = targetShop(marketplace(new Fixture()));
    const recruits = range('officer', n);
    camouflage(f, recruits);
    const payments = recruits.map((a, i) => {
      const product = i % 3 ? 'tea1' : 'tea2';
      const placed = at(3 + (i % 20), 10);
      f.buy(a, product, placed, { rating: 5, reviewAfterHours: 24 });
      const price = product === 'tea1' ? 39.9 : 68;
      return f.pay('a812', a, price + (i % 2 ? 6 : price * 0.1), later(placed, 24 + 19));
    });
    await f.load();
    const ring = await expectOneRing({ accounts: ['a812', ...recruits], payments });
    expect(evidenceOf(ring, 'officer2')).toMatch(
      /paid 45\.90 by a812 \(payment pay\d+, .*\) 19 h after 5-star review r\d+; order o\d+ of tea1 \(shop tea\) was 39\.90/,
    );
    expect(ring.members.find((m) => m.accountId === 'a812')!.role).toBe('organiser');
    expect(ring.explanation).toMatch(/got a 5-star review where \d+% of orders do \(p = .*\)/);
  });

  it.each([4, 12])('principal and commission as two payments, for %i reviewers', async (n) => {
    const f = targetShop(marketplace(new Fixture(), 80, 11));
    const recruits = range('officer', n);
    camouflage(f, recruits);
    const payments = recruits.flatMap((a, i) => {
      const placed = at(5 + i, 9);
      f.buy(a, 'tea1', placed, { rating: 5, reviewAfterHours: 30 });
      return [f.pay('a9', a, 39.9, later(placed, 40)), f.pay('a9', a, 6, later(placed, 40 + 24 * (1 + (i % 3))))];
    });
    await f.load();
    const ring = await expectOneRing({ accounts: ['a9', ...recruits], payments });
    expect(evidenceOf(ring, 'officer1')).toMatch(
      /2 payments 39\.90 and 6\.00 from a9 \(.*\) cover order o\d+ \(39\.90\) at shop tea plus 6\.00 commission; 5-star review r\d+/,
    );
  });

  it.each([
    [3, 3],
    [8, 5],
  ])('one weekly payment covers several orders: %i buyers, %i orders a week each', async (n, perWeek) => {
    const f = targetShop(marketplace(new Fixture(), 80, 13));
    const recruits = range('officer', n);
    camouflage(f, recruits);
    const payments = recruits.flatMap((a, i) =>
      [0, 1].map((week) => {
        let due = 0;
        for (let k = 0; k < perWeek; k++) {
          const product = k % 2 ? 'tea2' : 'tea1';
          f.buy(a, product, at(7 + week * 7 + k, 10 + (i % 8)), { rating: 5, reviewAfterHours: 12 });
          due += product === 'tea1' ? 39.9 : 68;
        }
        return f.pay('a9', a, Math.round((due + 5.1 * perWeek) * 100) / 100, at(7 + week * 7 + 6, 22));
      }),
    );
    await f.load();
    const ring = await expectOneRing({ accounts: ['a9', ...recruits], payments });
    expect(evidenceOf(ring, 'officer1')).toMatch(
      new RegExp(
        `a payment of [\\d.]+ from a9 \\(pay\\d+ .*\\) cover orders (o\\d+, ){${perWeek - 1}}o\\d+ \\([\\d.]+\\) at shop tea plus [\\d.]+ commission`,
      ),
    );
  });

  it.each([4, 12])('the principal advanced before the order (垫付), for %i buyers', async (n) => {
    const f = targetShop(marketplace(new Fixture(), 80, 17));
    const recruits = range('officer', n);
    camouflage(f, recruits);
    const payments = recruits.flatMap((a, i) => {
      const advanced = at(4 + i * 2, 9);
      const placed = later(advanced, 2 + (i % 5));
      f.buy(a, 'tea1', placed, { rating: 5, reviewAfterHours: 26 });
      const advance = f.pay('a77', a, 39.9, advanced);
      // Half are paid their commission once the review is up; the others were promised it off the platform.
      return i % 2 ? [advance] : [advance, f.pay('a77', a, 5, later(placed, 40))];
    });
    await f.load();
    const ring = await expectOneRing({ accounts: ['a77', ...recruits], payments });
    expect(evidenceOf(ring, 'officer2')).toMatch(
      /paid 39\.90 by a77 \(payment pay\d+, .*\) \d+\.\d h before order o\d+ of tea1 \(shop tea\), 39\.90 .*: the principal advanced/,
    );
    expect(evidenceOf(ring, 'officer1')).toMatch(
      /2 payments 39\.90 and 5\.00 from a77 .*the first paid before the order/,
    );
  });

  it.each([
    [6, 1],
    [24, 3],
  ])('money through intermediaries funded by the shop owner: %i reviewers, %i intermediaries', async (n, k) => {
    const f = targetShop(marketplace(new Fixture(), 80, 19), 'shopowner');
    const recruits = range('officer', n);
    const middlemen = range('middleman', k);
    camouflage(f, recruits);
    const payments: string[] = [];
    middlemen.forEach((m, j) => {
      const mine = recruits.filter((_, i) => i % k === j);
      payments.push(f.pay('shopowner', m, 50 * mine.length + 100, at(4 + j, 8)));
      mine.forEach((a, i) => {
        const placed = at(5 + j + i, 10);
        f.buy(a, 'tea1', placed, { rating: 5, reviewAfterHours: 20 });
        payments.push(f.pay(m, a, 39.9 + 4 + (i % 3), later(placed, 30)));
      });
    });
    await f.load();
    const ring = await expectOneRing({ accounts: ['shopowner', ...middlemen, ...recruits], payments });
    const role = (a: string) => ring.members.find((m) => m.accountId === a)!.role;
    expect(role('shopowner')).toBe('organiser');
    for (const m of middlemen) expect(role(m)).toBe('intermediary');
    expect(evidenceOf(ring, 'shopowner')).toMatch(/owns shop tea\n(.|\n)*sent [\d.]+ to middleman1 in 1 payment/);
    expect(ring.explanation).toMatch(/^shopowner \(owner of tea\) paid back/);
    // Found from the organiser without a full run, and from a reviewer.
    for (const accountId of ['shopowner', 'officer2']) {
      const around = await cashbackDetector.detect(db, cashbackDetector.defaults, { accountId });
      expect(around.map(ids)).toEqual([ids(ring)]);
    }
  });

  it.each([
    [5, 12],
    [14, 30],
  ])('the payment weeks later: %i reviewers paid %i days after their orders', async (n, lagDays) => {
    const f = targetShop(marketplace(new Fixture(), 80, 23));
    const recruits = range('officer', n);
    camouflage(f, recruits);
    const payments = recruits.map((a, i) => {
      const placed = at(2 + i, 15);
      f.buy(a, 'tea1', placed, { rating: 5, reviewAfterHours: 48 });
      return f.pay('a31', a, 39.9 * 1.08, later(placed, 24 * lagDays + i));
    });
    await f.load();
    await expectOneRing({ accounts: ['a31', ...recruits], payments });
  });

  it.each([
    [4, 1],
    [12, 2],
  ])('rotating payers funded by one organiser: %i payers, each paying %i buyers', async (k, perPayer) => {
    const f = targetShop(marketplace(new Fixture(), 80, 29));
    const payers = range('wallet', k);
    const recruits = range('officer', k * perPayer);
    camouflage(f, recruits);
    const payments: string[] = [];
    payers.forEach((w, j) => {
      const mine = recruits.slice(j * perPayer, (j + 1) * perPayer);
      const amounts = mine.map((_, i) => 39.9 + 5 + i);
      payments.push(
        f.pay(
          'boss',
          w,
          amounts.reduce((s, x) => s + x, 0),
          at(3 + j, 7),
        ),
      );
      mine.forEach((a, i) => {
        const placed = at(3 + j, 12 + i);
        f.buy(a, 'tea1', placed, { rating: 5, reviewAfterHours: 20 });
        payments.push(f.pay(w, a, amounts[i], later(placed, 30)));
      });
    });
    await f.load();
    const ring = await expectOneRing({ accounts: ['boss', ...payers, ...recruits], payments });
    expect(ring.members.find((m) => m.accountId === 'boss')!.role).toBe('organiser');
    expect(ring.members.find((m) => m.accountId === 'wallet2')!.role).toBe('intermediary');
  });
});

describe('rotating payers nobody in the data funds', () => {
  it.each([
    [8, 1],
    [12, 2],
  ])('%i payers, each paying back %i buyers of the shop and funded off the data, are one ring', async (k, perPayer) => {
    const f = targetShop(marketplace(new Fixture(), 80, 43));
    const payers = range('wallet', k);
    const recruits = range('officer', k * perPayer);
    camouflage(f, recruits);
    const payments: string[] = [];
    payers.forEach((w, j) =>
      recruits.slice(j * perPayer, (j + 1) * perPayer).forEach((a, i) => {
        const placed = at(3 + j, 12 + i);
        f.buy(a, 'tea1', placed, { rating: 5, reviewAfterHours: 20 });
        payments.push(f.pay(w, a, 39.9 + 4 + i, later(placed, 30)));
      }),
    );
    await f.load();
    const ring = await expectOneRing({ accounts: [...payers, ...recruits], payments });
    expect(ring.members.find((m) => m.accountId === 'wallet2')!.role).toBe('intermediary');
    expect(ring.explanation).toMatch(
      new RegExp(
        `at shop tea, ${k} accounts each paid back one or two of ${k * perPayer} buyers; leaving out officer\\d+`,
      ),
    );
  });

  it.each([8, 20])('%i lone payers paying back a buyer each who rates as shoppers do are not a ring', async (k) => {
    const f = targetShop(marketplace(new Fixture(), 80, 47));
    const rnd = random(k);
    range('wallet', k).forEach((w, j) => {
      const a = `buyer${j}`;
      const placed = at(3 + j, 12);
      f.buy(a, 'tea1', placed, { rating: ordinaryRating(rnd), reviewAfterHours: 20 });
      f.pay(w, a, 39.9 + 4, later(placed, 30));
    });
    await f.load();
    expect(await cashbackRings()).toEqual([]);
  });
});

describe('innocents who pay for orders are left alone at two sizes', () => {
  it.each([10, 60])('a shop refunding %i returns plus the return shipping, with bad reviews or none', async (n) => {
    const f = marketplace(new Fixture(), 80, 31).shop('returns', 'retowner').product('kettle', 'returns', 89);
    const rnd = random(n);
    for (const [i, a] of range('returner', n).entries()) {
      const placed = at(1 + (i % 50), 10);
      const order = f.buy(a, 'kettle', placed, i % 2 ? { rating: 1 + (i % 3), reviewAfterHours: 72 } : {});
      // Returned: the price back and the return shipping on top, a week or so later; some name the order.
      const shipping = 6 + Math.round(rnd() * 900) / 100;
      f.pay('retowner', a, 89 + shipping, later(placed, 24 * (5 + (i % 6))), i % 4 ? '' : order);
    }
    // Its happy buyers keep buying and rating as they like.
    for (const [i, a] of range('shopper', 30).entries()) f.buy(a, 'kettle', at(2 + i, 18), { rating: 4 + (i % 2) });
    await f.load();
    expect(await cashbackRings()).toEqual([]);
  });

  it.each([
    [3, 5],
    [10, 15],
  ])('%i group-buy leaders, each buying for %i friends who pay her back', async (leaders, friends) => {
    const f = marketplace(new Fixture(), 80, 37).shop('fruit', 'fruitowner').product('mango', 'fruit', 25.5);
    for (const leader of range('leader', leaders)) {
      for (let round = 0; round < 3; round++) {
        const placed = at(3 + round * 14 + (leader.length % 5), 19);
        for (const friend of range(`${leader}-friend`, friends)) {
          // One order per friend, shipped to the leader; the leader rates the fruit (it is good) and is paid her share.
          f.buy(leader, 'mango', placed, { rating: 5, reviewAfterHours: 50 });
          f.pay(friend, leader, 25.5 + 1.5, later(placed, 3 + round));
        }
      }
    }
    await f.load();
    expect(await cashbackRings()).toEqual([]);
  });

  it.each([
    [4, 4],
    [12, 6],
  ])('%i friend groups of %i settling bills and paying back what a friend bought them', async (groups, size) => {
    const f = marketplace(new Fixture(), 80, 41);
    const rnd = random(groups * size);
    for (let g = 0; g < groups; g++) {
      const members = range(`friend${g}-`, size);
      for (let k = 0; k < 12; k++) {
        const [a, b] = [members[Math.floor(rnd() * size)], members[Math.floor(rnd() * size)]];
        if (a === b) continue;
        const day = Math.floor(rnd() * 55);
        if (k % 3 === 0) {
          // b bought something for a, who pays it back with a bit more for the trouble.
          const product = `m${1 + Math.floor(rnd() * 4)}p${1 + Math.floor(rnd() * 3)}`;
          f.buy(b, product, at(day, 12), { rating: ordinaryRating(rnd) });
          f.pay(a, b, 40 + Math.round(rnd() * 3000) / 100, at(day + 1, 20));
        } else f.pay(a, b, 10 + Math.round(rnd() * 20000) / 100, at(day, 21));
      }
    }
    await f.load();
    expect(await cashbackRings()).toEqual([]);
  });
});

describe('the arithmetic of reimbursements', () => {
  const rules = cashbackDetector.defaults;
  const order = (id: string, amount: number, placedAt: number, rating?: number): PayeeOrder => ({
    orderId: id,
    productId: 'p',
    merchantId: 'm',
    ownerId: null,
    amount,
    placedAt,
    review: rating ? { id: `r-${id}`, at: placedAt + 3600, rating } : null,
  });
  const payment = (id: string, amount: number, paidAt: number, reimburses: string[] = []): Payment => ({
    paymentId: id,
    payerId: 'x',
    payeeId: 'b',
    amount,
    paidAt,
    reimburses,
  });
  const D = 86400;

  it('a payment of exactly the order amount after it is a refund; with a commission, or advanced, it reimburses', () => {
    expect(fits([payment('p', 39.9, 2 * D)], [order('o', 39.9, D)], rules)).toBeNull();
    expect(fits([payment('p', 45.9, 2 * D)], [order('o', 39.9, D)], rules)).toMatchObject({
      excess: 6,
      advance: false,
    });
    expect(fits([payment('p', 39.9, D - 3600)], [order('o', 39.9, D)], rules)).toMatchObject({
      excess: 0,
      advance: true,
    });
    // Too much above the order for a commission (20 + a fifth of 39.90), too early for an advance, too late for a lag.
    expect(fits([payment('p', 68, 2 * D)], [order('o', 39.9, D)], rules)).toBeNull();
    expect(fits([payment('p', 45.9, D - 4 * D)], [order('o', 39.9, D)], rules)).toBeNull();
    expect(fits([payment('p', 45.9, D + 46 * D)], [order('o', 39.9, D)], rules)).toBeNull();
    // A payment naming another order does not reimburse this one.
    expect(fits([payment('p', 45.9, 2 * D, ['other'])], [order('o', 39.9, D)], rules)).toBeNull();
  });

  it('prefers one payment per order, and finds principal plus commission and a weekly sum when nothing simpler fits', () => {
    const orders = [order('o1', 39.9, D, 5), order('o2', 39.9, 3 * D, 5)];
    const single = chooseReimbursements(
      candidateReimbursements([payment('p1', 45.9, 4 * D), payment('p2', 45.9, 4 * D + 60)], orders, rules),
      () => 1,
      rules,
    );
    expect(single.map((r) => [r.payments.map((p) => p.paymentId), r.orders.map((o) => o.orderId)])).toHaveLength(2);
    expect(single.every((r) => r.payments.length === 1 && r.orders.length === 1)).toBe(true);
    const split = chooseReimbursements(
      candidateReimbursements([payment('p1', 39.9, 2 * D), payment('p2', 6, 3 * D)], [orders[0]], rules),
      () => 1,
      rules,
    );
    expect(split.map((r) => [r.payments.length, r.excess])).toEqual([[2, 6]]);
    const weekly = chooseReimbursements(
      candidateReimbursements([payment('w', 95.8, 6 * D)], [...orders, order('o3', 5, 8 * D)], rules),
      () => 1,
      rules,
    );
    expect(weekly.map((r) => r.orders.map((o) => o.orderId))).toEqual([['o1', 'o2']]);
  });

  it('scores a cell only when both the payees and the boosting reviews are beyond chance', () => {
    const ring = { payees: 8, expectedPayees: 0.4, orders: 10, boosted: 10, boostRate: 0.33 };
    expect(scoreCell(ring, 100).significance.significant).toBe(true);
    expect(scoreCell(ring, 100).significance.score).toBeGreaterThan(0.5);
    // A refunding shop: all its payees bought there, none was reimbursed for a good review.
    const refunds = { payees: 60, expectedPayees: 0.4, orders: 60, boosted: 2, boostRate: 0.33 };
    expect(scoreCell(refunds, 100)).toMatchObject({ purposeShown: false });
    expect(scoreCell(refunds, 100).significance.significant).toBe(false);
    // Friends: a few payees at a popular shop, reviewing at the platform's rate.
    const friends = { payees: 3, expectedPayees: 1.2, orders: 3, boosted: 1, boostRate: 0.33 };
    expect(scoreCell(friends, 100).significance.significant).toBe(false);
    // More tests need more evidence.
    const small = { payees: 3, expectedPayees: 0.05, orders: 6, boosted: 6, boostRate: 0.33 };
    expect(scoreCell(small, 10).significance.significant).toBe(true);
    expect(scoreCell(small, 1e7).significance.significant).toBe(false);
  });

  it('gives the chance that an account bought at a shop from its own orders and the shop share', () => {
    expect(buyerChance(1, 0.1)).toBeCloseTo(0.1, 10);
    expect(buyerChance(3, 0.1)).toBeCloseTo(1 - 0.9 ** 3, 10);
    expect(buyerChance(0, 0.1)).toBeCloseTo(0.1, 10);
  });
});
