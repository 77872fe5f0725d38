// Co-buying pairs as specifications: accounts that keep buying the same popular products within hours of each other
// are linked; shoppers of the same products at their own times, and a best-seller's steady stream, are not.
import { coBuyingPairs, dailyRhythm, MAX_NEIGHBOURS, ProductHistory } from '../src/detection/co-buying';
import { FAMILY_ALPHA } from '../src/detection/null-model';
import { seeded } from './helpers/order-fixture';

const HOUR = 3600;
const DAY = 86400;
const WIDTHS = [1200, 4800, 19200, 76800];

/** Histories from [account, product, time] rows. */
function histories(orders: [string, string, number][]): ProductHistory[] {
  const by = new Map<string, [number, string][]>();
  for (const [a, p, t] of orders) (by.get(p) ?? by.set(p, []).get(p)!).push([t, a]);
  return [...by].map(([productId, rows]) => {
    rows.sort((x, y) => x[0] - y[0]);
    return { productId, times: rows.map((r) => r[0]), buyers: rows.map((r) => r[1]) };
  });
}

/** 300 shoppers buying 6 orders each among 20 popular products over 120 days, at their own times. */
function background(rnd: () => number): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (let s = 0; s < 300; s++)
    for (let k = 0; k < 6; k++) out.push([`shopper${s}`, `p${Math.floor(rnd() * 20)}`, Math.floor(rnd() * 120 * DAY)]);
  return out;
}

const key = (a: string, b: string) => [a, b].sort().join('+');

describe('co-buying pairs', () => {
  it('links three accounts that bought four popular products in one sitting, hours apart, in three campaigns', async () => {
    const rnd = seeded(3);
    const orders = background(rnd);
    const crew = ['c1', 'c2', 'c3'];
    for (const day of [10, 45, 90])
      for (const a of crew) {
        const sitting = day * DAY + Math.floor(rnd() * 6 * HOUR);
        for (const p of ['p1', 'p2', 'p3', 'p4']) orders.push([a, p, sitting + Math.floor(rnd() * 600)]);
      }
    const pairs = await coBuyingPairs(histories(orders), WIDTHS);
    const found = new Set(pairs.map((p) => key(p.a, p.b)));
    expect(found).toEqual(new Set([key('c1', 'c2'), key('c1', 'c3'), key('c2', 'c3')]));
    for (const p of pairs) {
      expect(p.products).toBe(4);
      // Each pair beats FAMILY_ALPHA over every pair of the 303 buyers times the four widths.
      expect(p.logP).toBeLessThan(Math.log(FAMILY_ALPHA / (((303 * 302) / 2) * 4)));
    }
  });

  it('leaves the same three alone when each buys the same products at its own times', async () => {
    const rnd = seeded(3);
    const orders = background(rnd);
    for (const a of ['c1', 'c2', 'c3'])
      for (let c = 0; c < 3; c++)
        for (const p of ['p1', 'p2', 'p3', 'p4']) orders.push([a, p, Math.floor(rnd() * 120 * DAY)]);
    expect(await coBuyingPairs(histories(orders), WIDTHS)).toEqual([]);
  });

  it('scans a best-seller only at the widths where its orders have few neighbours, and still links a crew there', async () => {
    const rnd = seeded(4);
    // A best-seller with 40,000 orders over 120 days: about 590 others within ±21 hours of each, more than
    // MAX_NEIGHBOURS, so it is scanned at the narrower widths only.
    const orders: [string, string, number][] = [];
    for (let i = 0; i < 40000; i++) orders.push([`buyer${i % 8000}`, 'hot', Math.floor(rnd() * 120 * DAY)]);
    expect((40000 * (2 * WIDTHS[3])) / (120 * DAY)).toBeGreaterThan(MAX_NEIGHBOURS);
    for (const day of [20, 60, 100])
      for (const a of ['c1', 'c2', 'c3']) {
        const t = day * DAY + Math.floor(rnd() * 300);
        orders.push([a, 'hot', t]);
        for (let q = 1; q <= 4; q++) orders.push([a, `quiet${q}`, t + q * 60]);
      }
    const pairs = await coBuyingPairs(histories(orders), WIDTHS);
    expect(new Set(pairs.map((p) => key(p.a, p.b)))).toEqual(
      new Set([key('c1', 'c2'), key('c1', 'c3'), key('c2', 'c3')]),
    );
    // At the widest width the best-seller is left out (four quiet products match); below it, all five do.
    for (const p of pairs) expect(p.products).toBe(p.width === WIDTHS[3] ? 4 : 5);
  });

  it('does not link two strangers for one shared basket, however many products it holds', async () => {
    const rnd = seeded(3);
    const orders = background(rnd);
    const basket = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    for (const a of ['x1', 'x2']) for (const p of basket) orders.push([a, p, 30 * DAY + Math.floor(rnd() * 600)]);
    expect(await coBuyingPairs(histories(orders), WIDTHS)).toEqual([]);
    // The same two buying it together again, a month later, are linked.
    for (const a of ['x1', 'x2']) for (const p of basket) orders.push([a, p, 60 * DAY + Math.floor(rnd() * 600)]);
    expect((await coBuyingPairs(histories(orders), WIDTHS)).map((p) => key(p.a, p.b))).toEqual([key('x1', 'x2')]);
  });

  it('leaves shoppers alone who all buy in the same half-hour of the evening, each on its own days', async () => {
    // mulberry32: 80,000 draws without the repeats of a short generator.
    let state = 5;
    const rnd = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const orders: [string, string, number][] = [];
    for (let a = 0; a < 2000; a++)
      for (let k = 0; k < 8; k++)
        orders.push([
          `s${a}`,
          `p${Math.floor(rnd() * rnd() * 30)}`,
          Math.floor(rnd() * 60) * DAY + 20 * HOUR + Math.floor(rnd() * 1800),
        ]);
    // Evenly spread times would make a match within 20 minutes some 30 times rarer than it is here; the day's rhythm
    // scales the null, and no pair stands out.
    expect(await coBuyingPairs(histories(orders), WIDTHS)).toEqual([]);
  });

  it("measures the day's rhythm: 1 for even hours and for wide windows, about 30 at 20 minutes for one half-hour", () => {
    const even = [{ times: Array.from({ length: 1440 }, (_, i) => i * 60) }];
    expect(dailyRhythm(even, WIDTHS).map((x) => x.toFixed(2))).toEqual(['1.00', '1.00', '1.00', '1.00']);
    const evening = [{ times: Array.from({ length: 3000 }, (_, i) => (i % 60) * DAY + 20 * HOUR + (i % 30) * 60) }];
    const [narrow, , , wide] = dailyRhythm(evening, [...WIDTHS.slice(0, 3), 12 * HOUR]);
    expect(narrow).toBeGreaterThan(25);
    expect(narrow).toBeLessThan(50);
    expect(wide).toBe(1);
  });
});
