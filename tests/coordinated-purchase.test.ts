// Lockstep buying as specifications: rings at tight and loose timing, large and rotating, are found; crowds that buy
// together but rate as they like (flash sales, lunch colleagues, live-stream audiences) are not.
import { Database } from '../src/db/database';
import {
  coBuyingParts,
  coordinatedPurchaseDetector,
  Episode,
  judgeLockstep,
  scanBursts,
  scanWidths,
} from '../src/detection/coordinated-purchase.detector';
import { DetectedRing } from '../src/detection/types';
import { emptyDatabase, testDatabase } from './helpers/db';
import { Marketplace, names, ordinaryBrowse, ordinaryReview, seeded, time } from './helpers/order-fixture';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());
beforeEach(async () => emptyDatabase(db));

const detect = () => coordinatedPurchaseDetector.detect(db, coordinatedPurchaseDetector.defaults);
const ids = (ring: DetectedRing): string[] => ring.members.map((m) => m.accountId).sort();
const flagged = (rings: DetectedRing[]): Set<string> => new Set(rings.flatMap(ids));

describe('lockstep (pure parts)', () => {
  const widths = scanWidths(coordinatedPurchaseDetector.defaults);
  const span = 60 * 86400;

  it('scans windows from 20 minutes up fourfold to two weeks', () => {
    expect(widths[0]).toBe(1200);
    expect(widths[widths.length - 1]).toBe(336 * 3600);
    expect(widths.length).toBe(6);
  });

  it('a dozen orders in half an hour is a burst of a quiet product, and 300 spread over 60 days are not', () => {
    const quiet = [...Array.from({ length: 12 }, (_, i) => 1000000 + i * 120), 3000000, 4000000].sort((a, b) => a - b);
    const bursts = scanBursts(quiet, span, widths, 3);
    expect(bursts).toHaveLength(1);
    expect(bursts[0].orders).toBe(12);
    const steady = Array.from({ length: 300 }, (_, i) => i * (span / 300));
    expect(scanBursts(steady, span, widths, 3)).toEqual([]);
  });

  it("a two-day burst of 60 stands out on a product selling 10 a day; the flash sale's minute is one burst, not many", () => {
    const rnd = seeded(3);
    const daily = Array.from({ length: 600 }, () => Math.floor(rnd() * span));
    const ring = Array.from({ length: 60 }, () => 20 * 86400 + Math.floor(rnd() * 2 * 86400));
    const bursts = scanBursts(
      [...daily, ...ring].sort((a, b) => a - b),
      span,
      widths,
      3,
    );
    const inRing = bursts.filter((b) => b.end >= 20 * 86400 && b.start <= 22 * 86400);
    // Its densest part at least: narrower windows go first and take their orders.
    expect(inRing.reduce((s, b) => s + b.orders, 0)).toBeGreaterThanOrEqual(20);
    expect(bursts.filter((b) => b.end < 20 * 86400 || b.start > 22 * 86400)).toEqual([]);
    const flash = Array.from({ length: 2000 }, (_, i) => 30 * 86400 + (i % 60));
    const flashBursts = scanBursts(
      [...daily, ...flash].sort((a, b) => a - b),
      span,
      widths,
      3,
    );
    expect(flashBursts.filter((b) => b.orders >= 2000)).toHaveLength(1);
  });

  it('a group is a ring only when its buying together and its ratings are beyond chance', () => {
    const ring = {
      members: 10,
      products: 5,
      hits: 48,
      expectedHits: 0.5,
      boosted: 46,
      boostRate: 0.25,
      reviewed: 46,
      extremeShare: 0.5 as number | null,
    };
    expect(judgeLockstep(ring, 10).significant).toBe(true);
    expect(judgeLockstep(ring, 10).score).toBeGreaterThan(0.5);
    // Colleagues ordering lunch together: together beyond doubt, rating like everyone else (half of their reviews
    // 5-star, as half of everyone's are).
    const lunch = { ...ring, hits: 400, expectedHits: 2, boosted: 105, reviewed: 210 };
    expect(judgeLockstep(lunch, 10).significant).toBe(false);
    expect(judgeLockstep(lunch, 10).logPCoordination).toBeLessThan(-100);
    // Generous raters who bought what everyone bought, as often as their activity predicts.
    const generous = { ...ring, hits: 12, expectedHits: 10, boosted: 12 };
    expect(judgeLockstep(generous, 10).significant).toBe(false);
    // A flash sale: 282 purchases in one window, reviewed more often than the products' other buyers review (41%
    // 5-starred where 31% of their orders are), but rated as everyone rates them (half of the reviews 5-star).
    const flashSale = { ...ring, hits: 282, expectedHits: 0.02, boosted: 115, boostRate: 0.31, reviewed: 230 };
    expect(judgeLockstep(flashSale, 10).logPPurpose).toBeLessThan(Math.log(1e-3));
    expect(judgeLockstep(flashSale, 10).significant).toBe(false);
    // The same purchases reviewed as a ring reviews them: 60% 5-starred, and no review below five stars.
    expect(judgeLockstep({ ...flashSale, boosted: 170, reviewed: 170 }, 10).significant).toBe(true);
    // A ring paid for the reviews of only a third of its orders: fewer 5-stars per purchase than the products' other
    // buyers give (they review more often), but every review it wrote is a 5-star where 60% of others' are.
    const sparing = { ...ring, members: 60, hits: 300, expectedHits: 0.3, boosted: 100, boostRate: 0.4, reviewed: 100 };
    expect(judgeLockstep({ ...sparing, extremeShare: 0.6 }, 10).logPPurpose).toBeGreaterThan(Math.log(0.5));
    expect(judgeLockstep({ ...sparing, extremeShare: 0.6 }, 10).significant).toBe(true);
    // Where the platform has too few reviews besides the group's, the ratings test falls back to boosting reviews
    // per purchase against the products' other buyers.
    expect(judgeLockstep({ ...ring, extremeShare: null }, 10).logPExtremity).toBeNull();
    expect(judgeLockstep({ ...ring, extremeShare: null }, 10).significant).toBe(true);
    expect(judgeLockstep({ ...sparing, extremeShare: null }, 10).significant).toBe(false);
  });
});

describe('co-buying parts of a group', () => {
  const episode = (id: string, productId: string, buyers: string[]): Episode => ({
    id,
    productId,
    start: 0,
    end: 600,
    width: 1200,
    orders: buyers.length,
    logP: -10,
    buyers: new Map(buyers.map((a) => [a, { accountId: a, orderId: `${id}-${a}`, t: 1, browse: null }])),
  });
  const farm = names('farm', 5);
  const crowd = names('crowd', 20);

  it('splits a farm from a flash-sale crowd that one buyer of both joined', () => {
    const windows = new Map([
      ['pA', [episode('a', 'pA', farm)]],
      ['pB', [episode('b', 'pB', [...farm, 'bridge'])]],
      ['pC', [episode('c', 'pC', [...crowd, 'bridge'])]],
      ['pD', [episode('d', 'pD', [...crowd, 'bridge'])]],
    ]);
    const parts = coBuyingParts({ members: [...farm, ...crowd, 'bridge'], windows }, 2).map((x) => [...x].sort());
    expect(parts.sort((x, y) => x.length - y.length)).toEqual([[...farm].sort(), [...crowd, 'bridge'].sort()]);
  });

  it('keeps a rotating ring whole: members share two windows with some other member, not with all', () => {
    // Five campaigns on five products; member i skips campaign i % 5, so no two members bought the same set.
    const ring = names('rot', 10);
    const windows = new Map(
      [0, 1, 2, 3, 4].map((c) => [
        `p${c}`,
        [
          episode(
            `e${c}`,
            `p${c}`,
            ring.filter((_, i) => i % 5 !== c),
          ),
        ],
      ]),
    );
    expect(coBuyingParts({ members: ring, windows }, 2).map((x) => x.length)).toEqual([10]);
    // With one product each member only needs a shared window.
    expect(coBuyingParts({ members: farm, windows: new Map([['pA', [episode('a', 'pA', farm)]]]) }, 1)).toHaveLength(1);
  });
});

/** Members buy each target within `windowHours` of its own time, the targets `gapHours` apart, then 5-star them. */
function lockstep(
  f: Marketplace,
  opts: {
    prefix: string;
    members: number;
    products: number;
    windowHours: number;
    gapHours: number;
    share?: number;
    seed?: number;
    targets?: string[];
  },
): string[] {
  const rnd = seeded(opts.seed ?? 11);
  const members = names(opts.prefix, opts.members);
  const targets = opts.targets ?? names(`${opts.prefix}-target`, opts.products);
  if (!opts.targets) f.shop(`${opts.prefix}-shop`, ...targets);
  targets.forEach((p, k) => {
    const start = time(5) + k * opts.gapHours * 3600;
    members.forEach((a, i) => {
      // Rotation: each member takes a share of the targets, a different share each.
      if (opts.share !== undefined && (i + k) % Math.round(1 / (1 - opts.share)) === 0) return;
      f.order(a, p, start + Math.floor(rnd() * opts.windowHours * 3600), {
        browse: 300 + Math.floor(rnd() * 120),
        review: { rating: 5, afterHours: 2 + Math.floor(rnd() * 40), text: 'Great quality, fast delivery!' },
      });
    });
  });
  // Camouflage: members also shop normally.
  for (const a of members)
    for (let k = 0; k < 3; k++)
      f.order(
        a,
        `mall${1 + (k % 5)}-p${1 + Math.floor(rnd() * 4)}`,
        time(Math.floor(rnd() * 60), Math.floor(rnd() * 24)),
        {
          browse: ordinaryBrowse(rnd),
          review: ordinaryReview(rnd),
        },
      );
  return members;
}

describe('lockstep rings', () => {
  it.each([
    [8, 4],
    [40, 6],
  ])('%i accounts buying %i products each within half an hour, days apart, are one ring', async (members, products) => {
    const f = new Marketplace().background();
    const ring = lockstep(f, { prefix: 'w', members, products, windowHours: 0.5, gapHours: 72 });
    await f.load(db);
    const rings = await detect();
    expect(rings).toHaveLength(1);
    expect(ids(rings[0])).toEqual([...ring].sort());
    expect(rings[0].products).toHaveLength(products);
    expect(rings[0].score).toBeGreaterThanOrEqual(0.5);
    expect(rings[0].explanation).toMatch(
      new RegExp(`${members} accounts bought the same ${products} products in lockstep`),
    );
    expect(rings[0].members[0].evidence[0]).toMatch(
      /bought w-target\d at .* \(order o\d+\) in the group's window .* with \d+ other members; browsed \d+ s/,
    );
  });

  it.each([
    [30, 36],
    [150, 60],
  ])(
    '%i accounts rotating over 6 products, each bought over %i hours, one of them popular, are found',
    async (members, windowHours) => {
      const f = new Marketplace().background(120, 6);
      // A popular product of the mall among the targets: it sells all the time anyway.
      const targets = ['slow-t1', 'slow-t2', 'slow-t3', 'slow-t4', 'slow-t5', 'mall1-p1'];
      f.shop('slow', ...targets.slice(0, 5));
      const ring = lockstep(f, {
        prefix: 'slow',
        members,
        products: 6,
        windowHours,
        gapHours: windowHours + 24,
        share: 0.75,
        targets,
      });
      await f.load(db);
      const rings = await detect();
      const caught = flagged(rings);
      expect(ring.filter((a) => caught.has(a)).length / ring.length).toBeGreaterThanOrEqual(0.9);
      expect([...caught].filter((a) => !ring.includes(a))).toEqual([]);
    },
  );

  it.each([6, 120])('%i accounts buying all 4 targets in one sitting are found', async (members) => {
    const f = new Marketplace().background();
    const ring = lockstep(f, { prefix: 'sit', members, products: 4, windowHours: 1, gapHours: 0 });
    await f.load(db);
    const rings = await detect();
    expect(rings.map(ids)).toEqual([[...ring].sort()]);
  });

  it.each([30, 120])(
    '%i accounts running three campaigns, each member at two of them and 5-starring one order in five, are found',
    async (size) => {
      // Platform shoppers review half their orders and 5-star 45% of those: 22% of orders get a 5-star, more than
      // this ring's 20%. The ring is told apart by what it reviews (nothing but 5-stars), not by how often.
      const f = new Marketplace().background(120, 6);
      const targets = names('camp-t', 4);
      f.shop('camp', ...targets);
      const rnd = seeded(5);
      const ring = names('camp', size);
      let n = 0;
      [5, 12, 19].forEach((day, c) =>
        ring.forEach((a, i) => {
          if (i % 3 === c) return; // members rotate: each skips one campaign
          const sitting = time(day, 8) + Math.floor(rnd() * 6 * 3600);
          for (const p of targets)
            f.order(a, p, sitting + Math.floor(rnd() * 600), {
              browse: 60 + Math.floor(rnd() * 300),
              review: n++ % 5 === 0 ? { rating: 5, afterHours: 30, text: `great ${n}` } : undefined,
            });
        }),
      );
      await f.load(db);
      const caught = flagged(await detect());
      expect(ring.filter((a) => caught.has(a)).length / ring.length).toBeGreaterThanOrEqual(0.9);
      expect([...caught].filter((a) => !ring.includes(a))).toEqual([]);
    },
  );

  it("three accounts buying four of the mall's everyday products in one sitting, hours apart, four times, are found", async () => {
    // Three orders within hours on a product that sells every day are no burst of its own; the crew is found through
    // its pairs, each matching the other two on all four products.
    const f = new Marketplace().background(120, 6);
    const rnd = seeded(9);
    const crew = names('crew', 3);
    const targets = ['mall2-p1', 'mall2-p2', 'mall3-p3', 'mall4-p4'];
    for (const day of [8, 22, 37, 51])
      for (const a of crew) {
        const sitting = time(day, 9) + Math.floor(rnd() * 8 * 3600);
        for (const p of targets)
          f.order(a, p, sitting + Math.floor(rnd() * 900), {
            browse: ordinaryBrowse(rnd),
            review: { rating: 5, afterHours: 24 + Math.floor(rnd() * 48), text: `good ${Math.floor(rnd() * 1e6)}` },
          });
      }
    await f.load(db);
    const rings = await detect();
    expect(rings.map(ids)).toEqual([crew]);
    expect(rings[0].products).toEqual([...targets].sort());
    // Found by its pairs, not by a burst.
    expect(rings[0].explanation).toMatch(/Its strongest pair, crew\d and crew\d, bought 4 of the same products within/);
    // And on demand, around one of them.
    const params = coordinatedPurchaseDetector.defaults;
    expect((await coordinatedPurchaseDetector.detect(db, params, { accountId: 'crew2' })).map(ids)).toEqual([crew]);
    expect(await coordinatedPurchaseDetector.detect(db, params, { accountId: 'shopper3' })).toEqual([]);
    expect(rings[0].members[0].evidence[0]).toMatch(
      /^bought mall\d-p\d at .* in the group's window .* with (1 other member|2 other members);/,
    );
  });

  it('is found on demand around one member and one target', async () => {
    const f = new Marketplace().background();
    const ring = lockstep(f, { prefix: 'w', members: 8, products: 4, windowHours: 0.5, gapHours: 72 });
    await f.load(db);
    const params = coordinatedPurchaseDetector.defaults;
    expect((await coordinatedPurchaseDetector.detect(db, params, { accountId: 'w3' })).map(ids)).toEqual([
      [...ring].sort(),
    ]);
    expect((await coordinatedPurchaseDetector.detect(db, params, { productId: 'w-target2' })).map(ids)).toEqual([
      [...ring].sort(),
    ]);
    expect(await coordinatedPurchaseDetector.detect(db, params, { accountId: 'shopper3' })).toEqual([]);
  });
});

describe('crowds that buy together but rate as they like', () => {
  it.each([300, 1500])('%i flash-sale buyers of three products in one minute are not a ring', async (buyers) => {
    const f = new Marketplace().background();
    const rnd = seeded(5);
    f.shop('flash', 'fs1', 'fs2', 'fs3');
    for (const a of names('flashbuyer', buyers))
      for (const p of ['fs1', 'fs2', 'fs3'])
        if (rnd() < 0.8)
          f.order(a, p, time(20, 20) + Math.floor(rnd() * 60), {
            keyword: '秒杀',
            browse: 5 + Math.floor(rnd() * 60),
            review: ordinaryReview(rnd),
          });
    await f.load(db);
    expect(await detect()).toEqual([]);
  });

  it.each([
    [6, 200],
    [40, 400],
  ])(
    'a ring of %i and %i flash-sale buyers joined by two buyers of both are judged apart: the ring only is flagged',
    async (members, buyers) => {
      const f = new Marketplace().background();
      const rnd = seeded(8);
      const ring = lockstep(f, { prefix: 'w', members, products: 4, windowHours: 0.5, gapHours: 72 });
      f.shop('flash', 'fs1', 'fs2');
      const crowd = names('flashbuyer', buyers);
      for (const a of [...crowd, ...ring.slice(0, 2)])
        for (const p of ['fs1', 'fs2'])
          f.order(a, p, time(20, 20) + Math.floor(rnd() * 60), {
            browse: 5 + Math.floor(rnd() * 60),
            review: ring.includes(a) ? undefined : ordinaryReview(rnd),
          });
      await f.load(db);
      const caught = flagged(await detect());
      expect([...caught].sort()).toEqual([...ring].sort());
    },
  );

  it.each([8, 25])('%i colleagues ordering lunch in the same half-hour for 20 workdays are not a ring', async (n) => {
    const f = new Marketplace().background();
    const rnd = seeded(6);
    const dishes = names('dish', 5);
    f.shop('canteen', ...dishes);
    const colleagues = names('colleague', n);
    for (let day = 1; day <= 28; day++) {
      if (day % 7 === 5 || day % 7 === 6) continue;
      const dish = dishes[day % dishes.length];
      for (const a of colleagues)
        if (rnd() < 0.85)
          f.order(a, rnd() < 0.7 ? dish : dishes[Math.floor(rnd() * 5)], time(day, 12, Math.floor(rnd() * 30)), {
            browse: ordinaryBrowse(rnd),
            review: rnd() < 0.3 ? ordinaryReview(rnd) : undefined,
          });
    }
    await f.load(db);
    const caught = flagged(await detect());
    expect(colleagues.filter((a) => caught.has(a)).length).toBeLessThanOrEqual(0.02 * n);
  });

  it.each([60, 300])(
    'a live-stream audience of %i buying pushed products within minutes, 6 sessions, is not a ring',
    async (n) => {
      const f = new Marketplace().background();
      const rnd = seeded(8);
      const pushed = names('live-p', 18);
      f.shop('streamer', ...pushed);
      const audience = names('viewer', n);
      for (let session = 0; session < 6; session++)
        for (let k = 0; k < 3; k++) {
          const p = pushed[session * 3 + k];
          const at = time(3 + session * 7, 20, k * 15);
          for (const a of audience)
            if (rnd() < 0.4)
              f.order(a, p, at + Math.floor(rnd() * 300), { browse: ordinaryBrowse(rnd), review: ordinaryReview(rnd) });
        }
      await f.load(db);
      const caught = flagged(await detect());
      expect(audience.filter((a) => caught.has(a)).length).toBeLessThanOrEqual(0.02 * n);
    },
  );
});
