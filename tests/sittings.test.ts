// Sittings as specifications: a sitting is several products bought within one shopping session; three accounts are
// a trio when their sittings meet on one product, campaign after campaign, beyond the products' own rhythm.
import { SittingOrder, sittingOrders, sittingTrios } from '../src/detection/sittings';
import { FAMILY_ALPHA } from '../src/detection/null-model';

const DAY = 86400;
const SPAN = 90 * DAY;
let n = 0;
const order = (accountId: string, productId: string, t: number): SittingOrder => ({
  accountId,
  orderId: `o${++n}`,
  productId,
  t,
  browse: null,
});

/** `accounts` each buy `products` in one sitting (a minute apart) at the campaign's start plus their own offset. */
function campaign(accounts: string[], products: string[], start: number, spread: number, rnd: () => number) {
  return accounts.flatMap((a) => {
    const sitting = start + Math.floor(rnd() * spread);
    return products.map((p, k) => order(a, p, sitting + k * 60));
  });
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** Ordinary shoppers: single purchases of the popular products at any time, and now and then two in one go. */
function background(rnd: () => number, shoppers = 400, products = 20): SittingOrder[] {
  const out: SittingOrder[] = [];
  for (let i = 0; i < shoppers; i++)
    for (let k = 0; k < 4; k++) {
      const t = Math.floor(rnd() * SPAN);
      out.push(order(`shopper${i}`, `p${Math.floor(rnd() * products)}`, t));
      if (rnd() < 0.3) out.push(order(`shopper${i}`, `p${Math.floor(rnd() * products)}`, t + 300));
    }
  return out;
}

describe('sittings', () => {
  it('are orders of two or more products under 30 minutes apart; one product at a time is no sitting', () => {
    const orders = [
      order('a', 'p1', 0),
      order('a', 'p2', 1700),
      order('a', 'p3', 3300), // 1,600 s after the last: the same sitting
      order('a', 'p4', 3300 + 2000), // 2,000 s later: a new one, alone
      order('b', 'p1', 0),
      order('b', 'p1', 600), // the same product twice is one product
      order('c', 'p1', 0),
    ];
    const kept = sittingOrders(orders);
    expect(kept.map((o) => `${o.accountId}:${o.productId}`).sort()).toEqual(['a:p1', 'a:p2', 'a:p3']);
  });
});

describe('sitting trios', () => {
  const trios = (orders: SittingOrder[]) => sittingTrios(sittingOrders(orders), SPAN, FAMILY_ALPHA);
  const names = (found: ReturnType<typeof trios>) => found.trios.map((t) => [...t.members].sort().join('+'));

  it('four recruits buying the same popular products in sittings hours apart, three campaigns, are trios', () => {
    const rnd = seeded(3);
    const ring = ['r1', 'r2', 'r3', 'r4'];
    const found = trios([
      ...background(rnd),
      ...[10, 30, 50].flatMap((day) => campaign(ring, ['p1', 'p2', 'p3', 'p4'], day * DAY, 4 * 3600, rnd)),
    ]);
    expect(names(found).sort()).toEqual(['r1+r2+r3', 'r1+r2+r4', 'r1+r3+r4', 'r2+r3+r4']);
    expect(found.trios[0].campaigns).toBe(3);
    expect(found.trios[0].expected).toBeLessThan(0.01);
    expect(found.level).toBeCloseTo(Math.log(FAMILY_ALPHA / found.tested), 6);
  });

  it('three who met on two campaigns only are not enough among all the trios of co-buyers', () => {
    const rnd = seeded(4);
    const found = trios([
      ...background(rnd),
      ...[10, 50].flatMap((day) => campaign(['r1', 'r2', 'r3'], ['p1', 'p2', 'p3'], day * DAY, 4 * 3600, rnd)),
    ]);
    expect(names(found)).toEqual([]);
  });

  it("a flash sale's crowd, who meet at the sale and never again, are no trio", () => {
    const rnd = seeded(4);
    const crowd = Array.from({ length: 40 }, (_, i) => `fan${i}`);
    expect(names(trios([...background(rnd), ...campaign(crowd, ['p1', 'p2', 'p3'], 20 * DAY, 1800, rnd)]))).toEqual([]);
  });

  it('three friends who shopped together once are no trio however many products they shared', () => {
    const rnd = seeded(5);
    const found = trios([
      ...background(rnd),
      ...campaign(['x1', 'x2', 'x3'], ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'], 40 * DAY, 600, rnd),
    ]);
    expect(names(found)).toEqual([]);
  });

  it("a stream's regulars, buying each session's products with its one-off viewers, are expected to meet", () => {
    // Six sessions a week apart, the same 30 regulars and 20 new viewers each time: the products sell in those
    // minutes, so meeting there is what the products' rhythm (the one-off viewers') predicts.
    const rnd = seeded(6);
    const regulars = Array.from({ length: 30 }, (_, i) => `fan${i}`);
    const orders: SittingOrder[] = [...background(rnd)];
    for (let session = 0; session < 6; session++) {
      const viewers = [...regulars, ...Array.from({ length: 20 }, (_, i) => `viewer${session}-${i}`)];
      orders.push(...campaign(viewers, ['live-a', 'live-b'], (5 + 7 * session) * DAY, 900, rnd));
    }
    expect(names(trios(orders))).toEqual([]);
    // Without the one-off viewers nothing says the stream sells in those minutes: the regulars are trios.
    const alone = orders.filter((o) => !o.accountId.startsWith('viewer'));
    expect(names(trios(alone)).length).toBeGreaterThan(0);
  });
});
