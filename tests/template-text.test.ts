// Template texts as specifications: a shop's reviews copied by many accounts are a ring; phrases everyone uses are not.
import { Database } from '../src/db/database';
import { BaseRates } from '../src/detection/base-rates';
import {
  concentrationLogP,
  excessShare,
  purposeOf,
  shopCorrections,
  templateTextDetector,
  textClusters,
  TOGETHER_LEVEL,
  togetherTest,
} from '../src/detection/template-text.detector';
import { logChoose } from '../src/detection/null-model';
import { jaccard, nearDuplicateGroups, normaliseText, shingles } from '../src/detection/text-similarity';
import { DetectedRing } from '../src/detection/types';
import { emptyDatabase, testDatabase } from './helpers/db';
import { marketplace, random, range, ReviewFixture, t } from './helpers/review-fixture';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());
beforeEach(async () => emptyDatabase(db));

const detect = () => templateTextDetector.detect(db, templateTextDetector.defaults);
const ids = (ring: DetectedRing): string[] => ring.members.map((m) => m.accountId).sort();
const ENDINGS = ['', '!', '～', ' 👍', '。', '!!', '  '];

/** `n` accounts posting copies of `text` (an ending changed, or `variant` swapped in) as 5-star reviews of `shop`. */
function templateRing(f: ReviewFixture, shop: string, n: number, text: string, variant?: string): string[] {
  const rnd = random(n);
  const ring = range(`tpl-${shop}-`, n);
  ring.forEach((a, i) => {
    const base = variant && i % 3 === 0 ? variant : text;
    f.review(a, `${shop}p${i % 3}`, t(5 + (i % 40), 10 + (i % 7)), 5, {
      text: base + ENDINGS[Math.floor(rnd() * ENDINGS.length)],
      ordered: i % 2 === 0,
    });
  });
  return ring;
}

describe('template texts (pure parts)', () => {
  // 14 of a template's 15 uses on one shop with 2% of the reviews.
  const concentrated = {
    accountsAtShop: 14,
    reviewsAtShop: 14,
    accounts: 15,
    reviews: 15,
    shops: 2,
    shopShare: 0.02,
  };

  it('normalises case, width, spaces, punctuation and emoji, in Chinese and English', () => {
    expect(normaliseText('  Very GOOD product!! 👍 ')).toBe('verygoodproduct');
    expect(normaliseText('物流很快，质量很好～五星好评！')).toBe('物流很快质量很好五星好评');
    expect(normaliseText('ＧＯＯＤ')).toBe('good');
    expect([...shingles('很好')]).toEqual(['很好']);
    expect([...shingles('质量很好')]).toEqual(['质量', '量很', '很好']);
    expect([...shingles('good')]).toEqual(['goo', 'ood']);
  });

  it('does not chain texts that each differ from the next by one word into one group', async () => {
    // A window of ten words sliding along twenty: each text shares nine words with the next (near-identical), the
    // first and the last share none. Linking near-identical pairs transitively would make all eleven one group.
    const words = (
      'sturdy zipper bright colour soft lining quick delivery fair price neat stitching light weight ' +
      'warm hood deep pockets strong straps'
    ).split(' ');
    const texts = Array.from({ length: words.length - 9 }, (_, i) => words.slice(i, i + 10).join(' '));
    const g = await nearDuplicateGroups(texts, 0.6);
    expect(g[0] === -1 || g[0] !== g[texts.length - 1]).toBe(true);
    // Each group is near-identical to one centre: some member is within the similarity of every other member.
    for (const group of new Set([...g].filter((x) => x >= 0))) {
      const members = texts.filter((_, i) => g[i] === group).map((t) => shingles(normaliseText(t)));
      expect(members.some((c) => members.every((m) => jaccard(c, m) >= 0.6))).toBe(true);
    }
  });

  it('groups near-identical texts and leaves different ones apart', async () => {
    const g = await nearDuplicateGroups(
      [
        'Very good product, fast shipping, 5 stars!',
        'very good product fast shipping 5 stars',
        'Very good product, quick shipping, 5 stars',
        '物流很快，质量很好，五星好评！',
        '物流很快质量很好五星好评👍',
        'Broke after two days.',
        '',
      ],
      0.6,
    );
    expect(g[0]).toBeGreaterThanOrEqual(0);
    expect(g[1]).toBe(g[0]);
    expect(g[2]).toBe(g[0]);
    expect(g[3]).toBeGreaterThanOrEqual(0);
    expect(g[4]).toBe(g[3]);
    expect(g[3]).not.toBe(g[0]);
    expect(g[5]).toBe(-1);
    expect(g[6]).toBe(-1);
  });

  it('finds a template concentrated on a shop, not one spread in proportion to the shops', () => {
    const spread = { accountsAtShop: 30, reviewsAtShop: 30, accounts: 1000, reviews: 1000, shops: 40, shopShare: 0.03 };
    expect(concentrationLogP(concentrated)).toBeLessThan(Math.log(1e-20));
    expect(concentrationLogP(spread)).toBeGreaterThan(Math.log(0.3));
    // The same text on a shop twice its size is less surprising.
    expect(concentrationLogP({ ...concentrated, shopShare: 0.04 })).toBeGreaterThan(concentrationLogP(concentrated));
  });

  it('names posters only where most of the uses are beyond what the null model expects', () => {
    // The 4M-account run: an ordinary phrase used 725,441 times, 26,851 of them on the shop with 3.57% of the uses.
    const ordinary = {
      accountsAtShop: 26851,
      reviewsAtShop: 26851,
      accounts: 725441,
      reviews: 725441,
      shops: 37095,
      shopShare: 25925.4 / 725441,
    };
    expect(concentrationLogP(ordinary)).toBeLessThan(Math.log(1e-8));
    expect(excessShare(ordinary)).toBeCloseTo(1 - 25925.4 / 26851, 6);
    expect(excessShare(ordinary)).toBeLessThan(0.05);
    expect(excessShare(concentrated)).toBeCloseTo(1 - 0.3 / 14, 6);
  });

  it("corrects a big shop's share by the median ratio of its widely used texts, which templates do not move", () => {
    // The largest shop gets 3% more of every ordinary text than its share of all uses says (templates elsewhere
    // deflate it); a template expected twice there but posted 40 times does not count towards the median.
    const pairs = [
      { merchantId: 'big', observed: 8151, expected: 7921 },
      { merchantId: 'big', observed: 8131, expected: 7886 },
      { merchantId: 'big', observed: 8124, expected: 7902 },
      { merchantId: 'big', observed: 40, expected: 2 },
      { merchantId: 'small', observed: 6, expected: 1 },
      { merchantId: 'low', observed: 90, expected: 100 },
      { merchantId: 'low', observed: 95, expected: 100 },
      { merchantId: 'low', observed: 97, expected: 100 },
    ];
    const k = shopCorrections(pairs);
    expect(k.get('big')).toBeCloseTo(8151 / 7921, 6);
    // Too few widely used texts to say: no correction; a shop that gets less is never corrected downwards.
    expect(k.has('small')).toBe(false);
    expect(k.get('low')).toBe(1);
  });

  it('sees the purpose in the ratings: boosting or attacking beyond the platform, not a mixed complaint', () => {
    const base: BaseRates = {
      boostPerOrder: 0.5,
      boostShare: 0.5,
      lowShare: 0.05,
      orders: 0,
      reviews: 0,
      merchants: 0,
      shops: new Map(),
    };
    const params = templateTextDetector.defaults;
    const boost = purposeOf([5, 5, 5, 5, 5, 5, 5, 5, 5, 4], base, params);
    expect(boost.direction).toBe('boost');
    expect(boost.logP).toBeLessThan(Math.log(0.05));
    expect(purposeOf([1, 1, 1, 1, 2], base, params).direction).toBe('attack');
    expect(purposeOf([2, 3, 3, 2, 3, 4], base, params).direction).toBeNull();
  });
});

describe('template texts: posted together (pure)', () => {
  const DAY = 86400;
  // A shop with 10 reviews a day for a year (day 0 = 1970-01-01 is as good as any).
  const steady = new Map(Array.from({ length: 365 }, (_, d) => [d, 10] as [number, number]));

  it('uses spread over the shop’s year show nothing; the same number on three days is far from chance', () => {
    const spread = togetherTest(
      Array.from({ length: 12 }, (_, i) => (i * 30 + 1) * DAY),
      steady,
    );
    expect(spread.informative).toBe(true);
    expect(spread.logP).toBe(0);
    const bunched = togetherTest(
      Array.from({ length: 12 }, (_, i) => (100 + (i % 3)) * DAY + i * 60),
      steady,
    );
    // Worked by hand: 12 · C(11, 11) · C(29, 11) / C(3649, 11) · 11 sizes scanned (2 to 12): all 12 uses on days
    // 100-102, which hold 30 of the shop's 3,650 reviews.
    expect(bunched.logP).toBeCloseTo(Math.log(12) + logChoose(29, 11) - logChoose(3649, 11) + Math.log(11), 9);
    expect(bunched.uses).toBe(12);
    expect(bunched.days).toBe(3);
    expect(bunched.logP).toBeLessThan(Math.log(TOGETHER_LEVEL));
  });

  it('finds a ring’s burst among uses of the same text at the shop months before', () => {
    // A small shop (40 reviews over 90 days), three early uses in the first weeks, then six on days 70-72: the whole
    // use spans 70 days and shows little, its last six are one campaign.
    const shop = new Map<number, number>();
    for (let d = 0; d < 90; d += 3) shop.set(d, 1);
    const times = [1, 10, 20, 70, 70, 71, 71, 72, 72].map((d, i) => d * DAY + i * 60);
    for (const t of times) shop.set(Math.floor(t / DAY), (shop.get(Math.floor(t / DAY)) ?? 0) + 1);
    const x = togetherTest(times, shop);
    expect(x.informative).toBe(true);
    expect(x.uses).toBe(6);
    expect(x.days).toBe(3);
    // 9 · C(8, 5) · C(6, 5) / C(38, 5) · 8 sizes: the six uses and one other review on days 70-72, of 39 in all.
    expect(x.logP).toBeCloseTo(Math.log(9) + logChoose(8, 5) + logChoose(6, 5) - logChoose(38, 5) + Math.log(8), 9);
    expect(x.first).toBe(70);
    expect(x.logP).toBeLessThan(Math.log(TOGETHER_LEVEL));
  });

  it('is no test where the reviews all fall on one day, however many there are (Tarone from the day counts)', () => {
    // 20 reviews, all on day 5, three of them the uses: any three lie among all 20, so the gate can never open.
    const x = togetherTest([5 * DAY, 5 * DAY + 60, 5 * DAY + 120], new Map([[5, 20]]), 3);
    expect(x.informative).toBe(false);
  });

  it('is no test at a shop so small that even one day’s bunching could not show (Tarone)', () => {
    // 12 reviews in all, three of them the template's: even alone on one day, 3 · C(2, 2) / C(11, 2) · 2 sizes = 0.11.
    const small = new Map<number, number>([
      [1, 1],
      [9, 1],
      [40, 4],
      [80, 3],
      [120, 3],
    ]);
    const x = togetherTest([40 * DAY, 40 * DAY + 60, 40 * DAY + 120], small);
    expect(x.informative).toBe(false);
  });
});

describe('template texts', () => {
  /**
   * A best-seller's buyers writing its composed texts over a year: 24 ways of saying the same thing about the same
   * earbuds, each used by a score at the shop that sells most of them (a few at two shops that sell them too), which
   * has a third of the platform's reviews.
   * At 20,000 field shoppers such texts made 46 template "rings" of 596 innocent accounts before this test.
   */
  function bestSeller(f: ReviewFixture, n = 600): void {
    f.shop('big', ['bigp0', 'bigp1']);
    f.shop('other1', ['o1p0']);
    f.shop('other2', ['o2p0']);
    const rnd = random(99);
    const openers = ['Really happy with this', 'Pleasantly surprised', 'Second time buying', 'Arrived in three days'];
    const aspects = ['the battery', 'the sound', 'the case'];
    const verdicts = ['is better than the photos', 'matched the description'];
    for (let i = 0; i < n; i++) {
      const text = `${openers[i % 4]}: bluetooth earbuds, ${aspects[Math.floor(i / 4) % 3]} ${verdicts[Math.floor(i / 12) % 2]}.`;
      const product = i % 10 === 0 ? (i % 20 === 0 ? 'o1p0' : 'o2p0') : `bigp${i % 2}`;
      f.review(`fan${i}`, product, t(Math.floor(rnd() * 365), Math.floor(rnd() * 24)), rnd() < 0.75 ? 5 : 4, {
        text,
        ordered: true,
      });
    }
  }

  it('a best-seller’s buyers sharing its composed texts over a year are no ring', async () => {
    const f = new ReviewFixture();
    marketplace(f, { shoppers: 400 });
    bestSeller(f);
    await f.load(db);
    expect(await detect()).toEqual([]);
  });

  it('a ring posting a template in three days at a shop whose earbuds buyers share texts is one ring, of exactly its members', async () => {
    const f = new ReviewFixture();
    marketplace(f, { shoppers: 400 });
    bestSeller(f);
    const ring = range('farm', 8);
    ring.forEach((a, i) =>
      f.review(a, 'o1p0', t(200 + (i % 3), 10 + i), 5, {
        text: '宝贝收到了，质量非常好，物流超快，客服态度也很好，五星好评！',
      }),
    );
    await f.load(db);
    const rings = await detect();
    expect(rings.map(ids)).toEqual([[...ring].sort()]);
    expect(rings[0].explanation).toMatch(/posted within 3 days \(p = [^)]+ that its uses would bunch so/);
  });

  it('a ring’s burst after a few earlier posters of its text at the shop is one ring, of exactly the burst', async () => {
    const f = new ReviewFixture();
    marketplace(f, { shoppers: 400 });
    const text = '质量很好，包装精美，物流很快，和描述的一样，五星好评';
    // Four buyers used the text at s2 over the first six weeks; the whole use there spans the marketplace's 60 days.
    const early = range('early', 4);
    early.forEach((a, i) => f.review(a, 's2p0', t(2 + 14 * i, 9), 5, { text }));
    const ring = range('farm', 8);
    ring.forEach((a, i) => f.review(a, 's2p1', t(55 + (i % 2), 10 + i), 5, { text }));
    await f.load(db);
    const rings = await detect();
    expect(rings.map(ids)).toEqual([[...ring].sort()]);
    expect(rings[0].explanation).toMatch(
      /; 8 of those accounts posted within 2 days \(p = [^)]+ that its uses would bunch so/,
    );
  });

  it.each([
    [12, '宝贝收到了，颜色很正，客服态度超级好，推荐购买', undefined],
    [
      40,
      'Amazing earbuds, crystal clear sound and battery lasts all week',
      'Amazing earbuds, crystal clear sound and the battery lasts all week',
    ],
  ])('%i accounts posting one template on a shop are a TEMPLATE_TEXT ring', async (n, text, variant) => {
    const f = new ReviewFixture();
    marketplace(f, { shoppers: 150 });
    const ring = templateRing(f, 's3', n, text, variant);
    // The same template posted twice elsewhere (a member's camouflage elsewhere, a copy-paster): still concentrated.
    f.review('elsewhere1', 's7p0', t(20), 5, { text });
    f.review('elsewhere2', 's8p1', t(22), 5, { text });
    await f.load(db);
    const rings = await detect();
    expect(rings).toHaveLength(1);
    const [found] = rings;
    expect(found.kind).toBe('TEMPLATE_TEXT');
    expect(ids(found)).toEqual([...ring].sort());
    expect(found.merchants).toEqual(['s3']);
    expect(found.score).toBeGreaterThan(0.5);
    expect(found.reviews).toHaveLength(n);
    expect(found.members[0].evidence[0]).toMatch(
      new RegExp(
        `^5-star review r\\d+ of s3p\\d at .*: same text as ${n + 1} other reviews \\(r\\d+, .*\\), ${n - 1} of them on shop s3 \\(p = `,
      ),
    );
    expect(found.explanation).toMatch(new RegExp(`posted by ${n} accounts on shop s3, 2 elsewhere`));
  });

  it.each([
    [6, false],
    [6, true],
    [10, true],
  ])(
    'a template a big ring used on one shop, used weeks later by %i accounts within hours on another (flash sale there: %s)',
    async (n, flashSale) => {
      const f = new ReviewFixture();
      marketplace(f, { shoppers: 150 });
      const text = '颜值很高，做工精细，和图片一模一样，非常满意的一次购物';
      // The library's first ring: 40 accounts on shop s3 in the first days; it is what makes s5's share look ordinary.
      const first = range('lib-a-', 40);
      first.forEach((a, i) => f.review(a, `s3p${i % 3}`, t(2 + (i % 3), i % 24), 5, { text, ordered: true }));
      const second = range('lib-b-', n);
      second.forEach((a, i) => f.review(a, `s5p${i % 3}`, t(30, 9, i * 11), 5, { text: text + ENDINGS[i % 3] }));
      // A flash sale on s5 that day: its buyers are most of the day's reviews, so s5's share then is no small one.
      if (flashSale)
        range('sale-', 120).forEach((a, i) =>
          f.review(a, `s5p${i % 3}`, t(30, 6 + (i % 12), i % 60), 5, { ordered: true }),
        );
      await f.load(db);
      const rings = await detect();
      const onS5 = rings.filter((r) => r.merchants.includes('s5'));
      expect(rings.filter((r) => r.merchants.includes('s3')).map(ids)).toEqual([[...first].sort()]);
      if (flashSale) {
        // At the sale's share (120 of the day's reviews), n copies on s5 are no longer unlikely: left alone.
        expect(onS5).toEqual([]);
        return;
      }
      expect(onS5.map(ids)).toEqual([[...second].sort()]);
      expect(onS5[0].explanation).toMatch(
        new RegExp(`posted by ${n} accounts on shop s5, 0 elsewhere between 2025-03-31 09:00Z and .*Z`),
      );
      expect(onS5[0].members[0].evidence[0]).toMatch(/same text as \d+ other reviews between /);
    },
  );

  it.each([150, 400])(
    'everyday phrases ("good", "很好", "great product") used everywhere by %i shoppers link nobody',
    async (shoppers) => {
      const f = new ReviewFixture();
      marketplace(f, { shoppers, shops: 12, seed: shoppers });
      await f.load(db);
      expect(await detect()).toEqual([]);
      // They are still clusters others can use as weak links.
      const clusters = await textClusters(db);
      expect(clusters.size).toBeGreaterThan(shoppers);
    },
  );

  it("a big shop's significant but small excess of an everyday phrase names none of its thousand posters", async () => {
    // One text per account, 5 stars. Shop s0 has 30% of the uses of two everyday phrases and of unique texts, but
    // 500 more of "Great quality, fast delivery." than that: far beyond chance (p = 1e-13 among 15 pairs), yet the
    // null expects 909 of its 1,100 posters there. Naming them all would accuse hundreds of ordinary buyers.
    const f = new ReviewFixture();
    const weights = [0.3, 0.7 / 3, 0.7 / 3, 0.7 / 3];
    weights.forEach((_, s) => f.shop(`s${s}`, [`s${s}p0`, `s${s}p1`]));
    let n = 0;
    const post = (shop: number, count: number, text: (i: number) => string) => {
      for (let i = 0; i < count; i++, n++)
        f.review(`buyer${n}`, `s${shop}p${i % 2}`, t(i % 60, i % 24, i % 60), 5, { text: text(i), ordered: true });
    };
    for (const phrase of ['Great quality, fast delivery.', 'Good value for money'])
      weights.forEach((w, s) => post(s, Math.round(2000 * w), () => phrase));
    weights.forEach((w, s) => post(s, Math.round(1000 * w), (i) => `shop ${s} buyer ${i} wrote their own words`));
    post(0, 500, () => 'Great quality, fast delivery.');
    await f.load(db);
    expect(await detect()).toEqual([]);
  });

  it.each([8, 25])(
    '%i honest buyers complaining about one shop’s slow delivery in the same words (2-3 stars) are no ring',
    async (n) => {
      const f = new ReviewFixture();
      marketplace(f, { shoppers: 150 });
      range('buyer', n).forEach((a, i) =>
        f.review(a, `s4p${i % 3}`, t(3 + i, 12), 2 + (i % 2), {
          text: 'Delivery was slow, product is fine',
          ordered: true,
        }),
      );
      await f.load(db);
      expect(await detect()).toEqual([]);
    },
  );

  it('textClusters gives near-identical reviews one cluster id and leaves unique texts out', async () => {
    const f = new ReviewFixture();
    f.shop('m', ['p1']);
    const a = f.review('u1', 'p1', t(1), 5, { text: '物流很快，质量很好，五星好评！' });
    const b = f.review('u2', 'p1', t(2), 5, { text: '物流很快质量很好五星好评～' });
    const c = f.review('u3', 'p1', t(3), 4, { text: 'A long and entirely unique text about the tea' });
    await f.load(db);
    const clusters = await textClusters(db);
    expect(clusters.get(a)).toBeDefined();
    expect(clusters.get(b)).toBe(clusters.get(a));
    expect(clusters.has(c)).toBe(false);
  });
});
