// Review bursts and co-review groups in reviews-only data (a regulator's export, YelpChi): what must be found, what
// must be left alone, loaded into the real database through the loader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../src/db/database';
import { detectAll } from '../src/detection/detect-all';
import {
  BurstProfile,
  burstVerdict,
  GroupProfile,
  groupVerdict,
  reviewBurstDetector,
  windowsOf,
} from '../src/detection/review-burst.detector';
import { DetectedRing } from '../src/detection/types';
import { loadDataset } from '../src/ingest/loader';
import { emptyDatabase, testDatabase } from './helpers/db';

const BASE = Date.parse('2024-01-01T00:00:00Z');
const DAY_MS = 86400000;
/** Noon of day `day` after 2024-01-01 (reviews-only exports are day-resolution). */
const day = (d: number, hour = 12): string =>
  new Date(BASE + d * DAY_MS + hour * 3600000).toISOString().replace('.000Z', 'Z');

function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** An ordinary rating: mostly 4s and 5s, some 3s, a few 1s and 2s. */
function ordinaryRating(rnd: () => number): number {
  const x = rnd();
  return x < 0.35 ? 5 : x < 0.7 ? 4 : x < 0.85 ? 3 : x < 0.93 ? 2 : 1;
}

/** A reviews-only dataset: accounts (created on a given day), shops, products and reviews. */
class ReviewsOnly {
  private accounts = new Map<string, number>();
  private products: string[] = [];
  private shops = new Set<string>();
  private reviews: string[] = [];
  private orders: string[] = [];
  private counter = 0;

  product(id: string, shop = 'shop'): this {
    this.shops.add(shop);
    this.products.push(`${id},${shop},Product ${id},0`);
    return this;
  }
  /** An account created on `created` (the first time it is mentioned decides). */
  account(id: string, created: number): this {
    if (!this.accounts.has(id)) this.accounts.set(id, created);
    return this;
  }
  review(account: string, product: string, rating: number, d: number, created = -400): string {
    this.account(account, created);
    const id = `r${++this.counter}`;
    this.reviews.push(`${id},${account},${product},${rating},${day(d)},`);
    return id;
  }
  /** A review that follows the account's order of the product, placed the day before. */
  orderedReview(account: string, product: string, rating: number, d: number, created = -400): string {
    this.account(account, created);
    const id = `r${++this.counter}`;
    const order = `o${this.counter}`;
    this.orders.push(`${order},${account},${product},${day(d - 1)},19.90`);
    this.reviews.push(`${id},${account},${product},${rating},${day(d)},${order}`);
    return id;
  }
  async load(db: Database): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-review-burst-'));
    const write = (name: string, header: string, lines: string[]) =>
      fs.writeFileSync(path.join(dir, `${name}.csv`), [header, ...lines].join('\n') + '\n');
    write(
      'accounts',
      'id,created_at',
      [...this.accounts].map(([id, d]) => `${id},${day(d, 0)}`),
    );
    write(
      'merchants',
      'id,name',
      [...this.shops].map((s) => `${s},Shop ${s}`),
    );
    write('products', 'id,merchant_id,title,price', this.products);
    write('reviews', 'id,account_id,product_id,rating,created_at,order_id', this.reviews);
    if (this.orders.length) write('orders', 'id,account_id,product_id,placed_at,amount', this.orders);
    const summary = await loadDataset(db, { folder: dir, batchSize: 2000 });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(summary.rejected).toBe(0);
  }
}

/**
 * Ordinary life over a year: `products` products with steady reviews from a pool of established reviewers and a
 * stream of newcomers (a fifth of reviews from accounts writing their first review that day), ordinary ratings;
 * `ordered`: each review after an order, as on a shop platform (a reviews-only export has none).
 */
function background(f: ReviewsOnly, products = 6, perProduct = 60, seed = 7, ordered = false): string[] {
  const rnd = random(seed);
  const ids = Array.from({ length: products }, (_, i) => `bg${i + 1}`);
  let newcomer = 0;
  for (const p of ids) {
    f.product(p);
    for (let k = 0; k < perProduct; k++) {
      const d = Math.floor(rnd() * 365);
      const write = ordered ? f.orderedReview.bind(f) : f.review.bind(f);
      if (rnd() < 0.2) {
        const a = `newcomer${++newcomer}`;
        write(a, p, ordinaryRating(rnd), d, d);
      } else write(`regular${Math.floor(rnd() * 150)}`, p, ordinaryRating(rnd), d);
    }
  }
  return ids;
}

const range = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const ids = (ring: DetectedRing): string[] => ring.members.map((m) => m.accountId).sort();
const bursts = (rings: DetectedRing[]) => rings.filter((r) => r.signals.includes('REVIEW_BURST'));

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());
beforeEach(async () => emptyDatabase(db));

describe('review bursts (reviews only)', () => {
  it.each([
    { size: 6, spread: 1, rating: 5 },
    { size: 25, spread: 6, rating: 5 },
    { size: 8, spread: 20, rating: 1 },
  ])(
    'a burst of $size new accounts giving $rating stars within $spread days on one product is one ring of exactly them',
    async ({ size, spread, rating }) => {
      const f = new ReviewsOnly();
      background(f);
      f.product('target');
      const rnd = random(size);
      for (let k = 0; k < 50; k++)
        f.review(`regular${Math.floor(rnd() * 150)}`, 'target', ordinaryRating(rnd), Math.floor(rnd() * 365));
      const campaign = range('hired', size);
      campaign.forEach((a, i) => {
        const d = 200 + Math.floor((i * spread) / size);
        f.review(a, 'target', rating, d, d - (i % 3));
      });
      await f.load(db);
      const { rings } = await detectAll(db);
      const found = bursts(rings);
      expect(found).toHaveLength(1);
      expect(ids(found[0])).toEqual(campaign.sort());
      expect(found[0].products).toEqual(['target']);
      expect(found[0].merchants).toEqual(['shop']);
      expect(found[0].score).toBeGreaterThanOrEqual(0.5);
      expect(found[0].explanation).toMatch(new RegExp(`${size} ${rating}-star reviews of target from accounts new`));
      expect(found[0].members[0].evidence[0]).toMatch(/review r\d+ of target at .*account created \d+ days earlier/);
    },
  );

  it('six new accounts 5-starring without an order a product whose buyers review after buying and mostly give 5 stars', async () => {
    const f = new ReviewsOnly();
    // A shop platform: reviews follow orders.
    background(f, 6, 60, 7, true);
    f.product('favourite');
    const rnd = random(6);
    // Its buyers like it: 70% 5 stars, each review after an order.
    for (let k = 0; k < 30; k++)
      f.orderedReview(
        `regular${Math.floor(rnd() * 150)}`,
        'favourite',
        rnd() < 0.7 ? 5 : 4,
        10 + Math.floor(rnd() * 350),
      );
    const campaign = range('hired', 6);
    campaign.forEach((a, i) => f.review(a, 'favourite', 5, 200, 200 - (i % 3)));
    await f.load(db);
    const found = bursts((await detectAll(db)).rings);
    expect(found).toHaveLength(1);
    expect(ids(found[0])).toEqual(campaign.sort());
    expect(found[0].explanation).toMatch(/6 of them have no order, against 3% of the product's other reviews/);
    // The ratings alone (a reviews-only export of the same reviews) would not have made it a ring.
    expect(found[0].explanation).toMatch(/against [67]\d% of the product's other reviews \(p = 0\.[1-9]/);
  });

  it.each([{ popular: 600 }, { popular: 2500 }])(
    "a popular product's steady reviews ($popular over a year, a fifth from newcomers) are left alone",
    async ({ popular }) => {
      const f = new ReviewsOnly();
      background(f);
      f.product('bestseller');
      const rnd = random(popular);
      for (let k = 0; k < popular; k++) {
        const d = Math.floor(rnd() * 365);
        // A well-liked product: half its reviews are 5 stars, and newcomers like it as much as regulars.
        const rating = rnd() < 0.5 ? 5 : ordinaryRating(rnd);
        if (rnd() < 0.2) f.review(`fan${k}`, 'bestseller', rating, d, d);
        else f.review(`regular${Math.floor(rnd() * 150)}`, 'bestseller', rating, d);
      }
      await f.load(db);
      expect(bursts((await detectAll(db)).rings)).toEqual([]);
    },
  );

  it.each([{ launch: 40 }, { launch: 150 }])(
    'a launch reviewed by $launch new accounts in its first days with varied ratings is left alone',
    async ({ launch }) => {
      const f = new ReviewsOnly();
      background(f);
      f.product('novelty');
      const rnd = random(launch);
      for (let k = 0; k < launch; k++) {
        const d = 150 + Math.floor(rnd() * 4);
        f.review(`early${k}`, 'novelty', ordinaryRating(rnd), d, d - Math.floor(rnd() * 3));
      }
      for (let k = 0; k < launch / 2; k++)
        f.review(`regular${Math.floor(rnd() * 150)}`, 'novelty', ordinaryRating(rnd), 155 + Math.floor(rnd() * 200));
      await f.load(db);
      expect(bursts((await detectAll(db)).rings)).toEqual([]);
    },
  );
});

describe('co-review groups (reviews only)', () => {
  it.each([
    { size: 5, products: 4 },
    { size: 14, products: 3 },
  ])(
    'a group of $size established accounts 5-starring the same $products products within days of each other is one ring',
    async ({ size, products }) => {
      const f = new ReviewsOnly();
      const bg = background(f, 8);
      const group = range('crew', size);
      const rnd = random(size * 31);
      const targets = range('gig', products);
      targets.forEach((p, j) => {
        f.product(p);
        for (let k = 0; k < 40; k++)
          f.review(`regular${Math.floor(rnd() * 150)}`, p, ordinaryRating(rnd), Math.floor(rnd() * 365));
        // Each product gets its batch of reviews from the group over three days, a month apart.
        for (const a of group) f.review(a, p, 5, 30 + 40 * j + Math.floor(rnd() * 3));
      });
      // Camouflage: each member also reviews a background product at a random time.
      for (const a of group)
        f.review(a, bg[Math.floor(rnd() * bg.length)], ordinaryRating(rnd), Math.floor(rnd() * 365));
      await f.load(db);
      const found = bursts((await detectAll(db)).rings);
      expect(found).toHaveLength(1);
      expect(ids(found[0])).toEqual(group.sort());
      expect(found[0].products).toEqual(targets.sort());
      expect(found[0].explanation).toMatch(new RegExp(`${size} accounts reviewed ${products} products together`));
      expect(found[0].members[0].evidence[0]).toMatch(
        /5-star review r\d+ of gig\d at .* with \d+ other members within 7 days/,
      );
    },
  );

  it('a group posting on the same day is linked at the day width, where chance co-reviews are rarer than in a week', async () => {
    const f = new ReviewsOnly();
    const bg = background(f, 8);
    const group = range('crew', 8);
    const rnd = random(77);
    const targets = range('gig', 2);
    targets.forEach((p, j) => {
      f.product(p);
      for (let k = 0; k < 40; k++)
        f.review(`regular${Math.floor(rnd() * 150)}`, p, ordinaryRating(rnd), Math.floor(rnd() * 365));
      // Each product's batch on one day, months apart; the members are established accounts (no burst of new ones).
      for (const a of group) f.review(a, p, 5, 60 + 120 * j);
    });
    // Camouflage: each member also 5-stars three background products at random times.
    for (const a of group)
      for (let k = 0; k < 3; k++) f.review(a, bg[Math.floor(rnd() * bg.length)], 5, Math.floor(rnd() * 365));
    await f.load(db);
    const params = reviewBurstDetector.defaults;
    const found = await reviewBurstDetector.detect(db, params);
    expect(found).toHaveLength(1);
    expect(ids(found[0])).toEqual(group.sort());
    expect(found[0].products).toEqual(targets.sort());
    // Read at a week only, the same pairs' two shared products are too likely among these members' reviews.
    expect(await reviewBurstDetector.detect(db, { ...params, burstWindowsDays: '7,30' })).toEqual([]);
  });

  it.each([{ loyal: 6 }, { loyal: 16 }])(
    "$loyal loyal customers reviewing their favourite shop's products every month are left alone",
    async ({ loyal }) => {
      const f = new ReviewsOnly();
      background(f);
      const rnd = random(loyal);
      const favourites = range('fav', 3);
      for (const p of favourites) {
        f.product(p, 'corner');
        for (let k = 0; k < 60; k++)
          f.review(
            `regular${Math.floor(rnd() * 150)}`,
            p,
            rnd() < 0.6 ? 5 : ordinaryRating(rnd),
            Math.floor(rnd() * 365),
          );
      }
      for (const a of range('loyal', loyal))
        for (let month = 0; month < 12; month++)
          f.review(a, favourites[month % 3], rnd() < 0.8 ? 5 : 4, month * 30 + Math.floor(rnd() * 30));
      await f.load(db);
      expect(bursts((await detectAll(db)).rings)).toEqual([]);
    },
  );

  it('a scoped run keeps the rings touching the scope only', async () => {
    const f = new ReviewsOnly();
    background(f);
    f.product('target');
    const campaign = range('hired', 7);
    campaign.forEach((a) => f.review(a, 'target', 5, 100, 100));
    await f.load(db);
    const params = reviewBurstDetector.defaults;
    expect(await reviewBurstDetector.detect(db, params, { accountId: 'hired3' })).toHaveLength(1);
    expect(await reviewBurstDetector.detect(db, params, { productId: 'target' })).toHaveLength(1);
    expect(await reviewBurstDetector.detect(db, params, { accountId: 'regular1' })).toEqual([]);
  });
});

describe('review-burst score (pure)', () => {
  const burst: BurstProfile = {
    productId: 'p',
    polarity: 'high',
    windowDays: 7,
    burstReviews: 8,
    productBurstReviews: 10,
    expected: 0.3,
    windowReviews: 9,
    windowExtreme: 9,
    otherExtremeShare: 0.3,
    // A reviews-only export: no review has an order, so the test of orders says nothing.
    windowUnordered: 9,
    unorderedShare: null,
  };

  it('a burst far above the product’s rate with ratings far above its others is a ring, scored above 0.5', () => {
    const v = burstVerdict(burst, 100);
    expect(v.ring).toBe(true);
    expect(v.score).toBeGreaterThan(0.5);
    expect(v.score).toBeLessThan(1);
  });

  it('the same burst with the product’s usual rating mix is no ring, however unusual its timing', () => {
    const v = burstVerdict({ ...burst, windowReviews: 30, windowExtreme: 9, expected: 0.01 }, 100);
    expect(v.significant).toBe(true);
    expect(v.ring).toBe(false);
  });

  it('more candidates tested raise the bar; a bigger burst clears it with a higher score', () => {
    const few = burstVerdict(burst, 10);
    const many = burstVerdict(burst, 1e6);
    expect(many.threshold).toBeGreaterThan(few.threshold);
    expect(many.score).toBeLessThan(few.score);
    const bigger = burstVerdict({ ...burst, burstReviews: 20, windowReviews: 21, windowExtreme: 21 }, 1e6);
    expect(bigger.score).toBeGreaterThan(many.score);
  });

  it('five-star norm: the ratings say little, but reviews without orders where the product’s others follow orders do', () => {
    const norm = { ...burst, burstReviews: 6, windowReviews: 6, windowExtreme: 6, otherExtremeShare: 0.7 };
    expect(burstVerdict({ ...norm, unorderedShare: null }, 100).ring).toBe(false);
    expect(burstVerdict({ ...norm, windowUnordered: 6, unorderedShare: 0.1 }, 100).ring).toBe(true);
    // Where the product's other reviews lack orders as often, the missing orders are no evidence either.
    expect(burstVerdict({ ...norm, windowUnordered: 6, unorderedShare: 0.8 }, 100).ring).toBe(false);
    // And a launch reviewed after its orders, with ordinary ratings, stays what it is.
    const launch = { ...burst, windowReviews: 30, windowExtreme: 9, windowUnordered: 1, unorderedShare: 0.1 };
    expect(burstVerdict(launch, 100).ring).toBe(false);
  });

  it('a burst at the product’s own rate is no ring', () => {
    expect(burstVerdict({ ...burst, expected: 8 }, 100).ring).toBe(false);
  });

  const group: GroupProfile = {
    size: 5,
    targets: [1, 2, 3].map((i) => ({
      productId: `t${i}`,
      polarity: 'high' as const,
      members: 5,
      memberReviews: 5,
      expectedMembers: 0.2,
      windowShare: 7 / 365,
      otherExtremeShare: 0.3,
      weight: 0.25,
    })),
    reviews: 15,
    newReviews: 0,
    newShare: 0.2,
    overlap: 0.8,
  };

  it('a group sharing rare products together with extreme ratings is a ring', () => {
    expect(groupVerdict(group, 10).ring).toBe(true);
  });

  it('a group rating as the products’ other reviewers do is no ring, however much it shares', () => {
    const agreeing = { ...group, targets: group.targets.map((t) => ({ ...t, otherExtremeShare: 0.9 })) };
    const v = groupVerdict(agreeing, 10);
    expect(v.significant).toBe(true);
    expect(v.ring).toBe(false);
  });

  it('members who review their products often enough to meet by chance are no ring', () => {
    const busy = {
      ...group,
      targets: group.targets.map((t) => ({ ...t, expectedMembers: 5, memberReviews: 60, windowShare: 0.3 })),
    };
    expect(groupVerdict(busy, 10).ring).toBe(false);
  });

  it('windows parse from the parameter, ignoring blanks and nonsense', () => {
    expect(windowsOf('30, 1,7,,x')).toEqual([1, 7, 30]);
    expect(windowsOf(7)).toEqual([7]);
  });
});
