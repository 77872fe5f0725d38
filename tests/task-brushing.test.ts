// Task brushing as specifications: recruits searching a rare keyword, browsing the task's minutes and 5-starring a day
// later, one by one over weeks, are a ring; launches, loyal customers and popular search terms are not.
import { Database } from '../src/db/database';
import { judgeTaskCell, keywordFamily, taskBrushingDetector } from '../src/detection/task-brushing.detector';
import { DetectedRing } from '../src/detection/types';
import { emptyDatabase, testDatabase } from './helpers/db';
import { Marketplace, names, ordinaryBrowse, ordinaryReview, seeded, time } from './helpers/order-fixture';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());
beforeEach(async () => emptyDatabase(db));

const detect = () => taskBrushingDetector.detect(db, taskBrushingDetector.defaults);
const ids = (ring: DetectedRing): string[] => ring.members.map((m) => m.accountId).sort();
const flagged = (rings: DetectedRing[]): Set<string> => new Set(rings.flatMap(ids));

describe('task brushing (pure parts)', () => {
  it('splits the level by keyword first: a rare keyword pays for its one product, a generic one for each it sells', () => {
    const family = keywordFamily([
      { tested: ['backpack', 'backpack 5cf 2025'] },
      { tested: ['backpack'] },
      { tested: ['backpack', 'green tea'] },
    ]);
    expect(family.keywords).toBe(3);
    expect(family.tests('backpack 5cf 2025')).toBe(3);
    expect(family.tests('backpack')).toBe(9);
    // The weights sum to the level: 1/3 + 3 × 1/9 + 1/3 = 1.
    expect(
      1 / family.tests('backpack 5cf 2025') + 3 / family.tests('backpack') + 1 / family.tests('green tea'),
    ).toBeCloseTo(1);
  });

  const platform = { platformBoost: 0.2, platformInBand: 0.1 };
  const task = {
    ...platform,
    orders: 31,
    boosted: 30,
    browsed: 31,
    inBand: 28,
    productOrders: 331,
    productBoosted: 90,
    productBrowsed: 300,
    productInBand: 58,
  };

  it("a rare keyword leading to 30 of a product's 90 boosted orders, browsed 5-7 min, is a ring", () => {
    const j = judgeTaskCell(task, 50000);
    expect(j.significant).toBe(true);
    expect(j.score).toBeGreaterThan(0.5);
    expect(j.keywordShare).toBeLessThan(0.01);
  });

  it("a launch's name keyword leads to most orders, boosted or not: the keyword test fails", () => {
    const launch = {
      ...task,
      orders: 250,
      boosted: 60,
      browsed: 250,
      inBand: 25,
      productOrders: 270,
      productBoosted: 64,
    };
    const j = judgeTaskCell(launch, 50000);
    expect(j.significant).toBe(false);
    expect(j.logPKeyword).toBeGreaterThan(Math.log(0.01));
  });

  it('ten recruits: the keyword screens the cells, browsing is judged among the screened ones', () => {
    // Ten of a product's 28 orders, 9 with a 5-star review; 6 of them browsed 5-7 minutes: p = 2e-3 alone.
    const ten = {
      orders: 10,
      boosted: 9,
      browsed: 10,
      inBand: 6,
      productOrders: 28,
      productBoosted: 11,
      productBrowsed: 21,
      productInBand: 9,
      platformBoost: 0.33,
      platformInBand: 0.09,
    };
    expect(Math.exp(judgeTaskCell(ten, 400).logPDwell)).toBeGreaterThan(1e-4);
    // Bonferroni over all 400 cells for every test loses it; among the 5 cells the keyword screen passed it holds.
    expect(judgeTaskCell(ten, 400, 400).significant).toBe(false);
    expect(judgeTaskCell(ten, 400, 5).significant).toBe(true);
    // The screen itself is never relaxed: a keyword that is not rare fails however few cells pass.
    expect(judgeTaskCell({ ...ten, orders: 14, productOrders: 20 }, 400, 1).significant).toBe(false);
  });

  it('recruits who browsed as told are a ring whether or not they reviewed', () => {
    const silent = { ...task, boosted: 6, productBoosted: 66 };
    const j = judgeTaskCell(silent, 50000);
    expect(Math.exp(j.logPBoost)).toBeGreaterThan(0.01);
    expect(j.significant).toBe(true);
  });

  it('loyal customers 5-starring their usual tea but browsing as they always do are not', () => {
    const loyal = { ...task, inBand: 3 };
    expect(judgeTaskCell(loyal, 50000).significant).toBe(false);
    expect(judgeTaskCell(loyal, 50000).logPBoost).toBeLessThan(Math.log(1e-10));
  });
});

/** A shop's product with ordinary sales over 60 days by its name and popular terms. */
function headphones(f: Marketplace, buyers = 150, seed = 3): void {
  const rnd = seeded(seed);
  f.shop('audio', 'hp1', 'hp2');
  for (const a of names('hpbuyer', buyers))
    f.order(a, rnd() < 0.8 ? 'hp1' : 'hp2', time(Math.floor(rnd() * 60), Math.floor(rnd() * 24)), {
      keyword: ['headphones', 'bluetooth headphones', 'hp1'][Math.floor(rnd() * 3)],
      browse: ordinaryBrowse(rnd),
      review: ordinaryReview(rnd),
    });
}

/** Recruits, each on its own, searching the keyword, browsing 5-7 minutes, buying, 5-starring a day or two later. */
function recruits(f: Marketplace, n: number, days: number, seed = 9): string[] {
  const rnd = seeded(seed);
  const people = names('recruit', n);
  people.forEach((a, i) => {
    f.order(a, 'hp1', time(10 + Math.floor((i * days) / n), 8 + Math.floor(rnd() * 14), Math.floor(rnd() * 60)), {
      keyword: 'kids headphones blue cat ears',
      browse: 300 + Math.floor(rnd() * 120),
      review: {
        rating: 5,
        afterHours: 24 + Math.floor(rnd() * 24),
        text: ['Great sound, my kid loves it!', 'Very good quality, fast delivery', 'Great sound, my kid loves it'][
          i % 3
        ],
      },
    });
    // Real people with lives of their own: a few ordinary orders elsewhere.
    for (let k = 0; k < 2; k++)
      f.order(a, `mall${1 + Math.floor(rnd() * 5)}-p${1 + Math.floor(rnd() * 4)}`, time(Math.floor(rnd() * 60), 12), {
        keyword: 'socks',
        browse: ordinaryBrowse(rnd),
        review: ordinaryReview(rnd),
      });
  });
  return people;
}

describe('task brushing rings', () => {
  it.each([
    [12, 14],
    [40, 35],
  ])('%i recruits over %i days from a rare keyword are one ring', async (n, days) => {
    const f = new Marketplace().background();
    headphones(f);
    const ring = recruits(f, n, days);
    await f.load(db);
    const rings = await detect();
    expect(rings).toHaveLength(1);
    const [r] = rings;
    expect(r.kind).toBe('TASK_BRUSHING');
    expect(ids(r)).toEqual([...ring].sort());
    expect(r.products).toEqual(['hp1']);
    expect(r.merchants).toEqual(['audio']);
    expect(r.explanation).toMatch(
      new RegExp(
        `Keyword 'kids headphones blue cat ears' leads to 0\\.0% of this product's other orders and to ${n} of its \\d+ (with such a review|browsed 5-7 min) \\(p = [^,]+, the stronger of the review and browse marks\\)`,
      ),
    );
    expect(r.members[0].evidence[0]).toMatch(
      /searched 'kids headphones blue cat ears' and bought hp1 at .* after browsing [5-7]\.\d min like \d+ of \d+ buyers from 'kids headphones blue cat ears'; 5-star review r\d+ \d+ h later; first order from shop audio/,
    );
    const around = await taskBrushingDetector.detect(db, taskBrushingDetector.defaults, { accountId: ring[2] });
    expect(around.map(ids)).toEqual([[...ring].sort()]);
    expect(await taskBrushingDetector.detect(db, taskBrushingDetector.defaults, { accountId: 'shopper2' })).toEqual([]);
  });

  it('a buyer by the same keyword with no browse time is a member inside the task span, not days before it', async () => {
    const f = new Marketplace().background();
    headphones(f);
    const ring = recruits(f, 20, 20);
    const unrecorded = { keyword: 'kids headphones blue cat ears', review: { rating: 5, afterHours: 30, text: 'ok' } };
    // The recruits' orders run from day 10 to day 29; one 5-star buyer without a browse time comes on day 2, one on 20.
    f.order('early-fan', 'hp1', time(2, 12), unrecorded);
    f.order('late-recruit', 'hp1', time(20, 12), unrecorded);
    await f.load(db);
    const rings = await detect();
    expect(rings.map(ids)).toEqual([[...ring, 'late-recruit'].sort()]);
  });
});

describe('left alone', () => {
  it.each([80, 250])("a launch: %i new buyers by the product's name, browsing and rating as they like", async (n) => {
    const f = new Marketplace().background();
    headphones(f);
    const rnd = seeded(4);
    f.shop('newco', 'gizmo');
    const buyers = names('launchbuyer', n);
    for (const a of buyers)
      f.order(a, 'gizmo', time(30 + Math.floor(rnd() * 14), Math.floor(rnd() * 24)), {
        keyword: rnd() < 0.85 ? 'gizmo pro 2' : 'gadget',
        browse: ordinaryBrowse(rnd),
        review: ordinaryReview(rnd),
      });
    await f.load(db);
    const caught = flagged(await detect());
    expect(buyers.filter((a) => caught.has(a)).length).toBeLessThanOrEqual(0.02 * n);
  });

  it.each([10, 30])('%i loyal customers re-ordering their tea every month and 5-starring it', async (n) => {
    const f = new Marketplace().background();
    headphones(f);
    const rnd = seeded(5);
    f.shop('teahouse', 'oolong');
    const loyal = names('loyal', n);
    for (const a of loyal)
      for (let month = 0; month < 3; month++)
        f.order(a, 'oolong', time(2 + month * 28 + Math.floor(rnd() * 5), 9), {
          keyword: 'teahouse oolong',
          browse: 10 + Math.floor(rnd() * 60),
          review: rnd() < 0.8 ? { rating: 5, afterHours: 30 } : ordinaryReview(rnd),
        });
    // Other buyers of the tea, by popular terms.
    for (const a of names('teabuyer', 40))
      f.order(a, 'oolong', time(Math.floor(rnd() * 60), 15), {
        keyword: 'tea',
        browse: ordinaryBrowse(rnd),
        review: ordinaryReview(rnd),
      });
    await f.load(db);
    const caught = flagged(await detect());
    expect(loyal.filter((a) => caught.has(a)).length).toBeLessThanOrEqual(0.02 * n);
  });

  it.each([100, 400])('%i buyers reaching one product by a popular search term', async (n) => {
    const f = new Marketplace().background();
    const rnd = seeded(6);
    f.shop('cases', 'case1', 'case2');
    for (const a of names('casebuyer', n))
      f.order(a, rnd() < 0.7 ? 'case1' : 'case2', time(Math.floor(rnd() * 60), Math.floor(rnd() * 24)), {
        keyword: 'phone case',
        browse: ordinaryBrowse(rnd),
        review: ordinaryReview(rnd),
      });
    await f.load(db);
    expect(await detect()).toEqual([]);
  });
});
