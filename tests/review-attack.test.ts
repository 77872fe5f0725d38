// Review attacks as specifications: an organised burst of 1-star reviews is a ring; a genuinely bad batch is not.
import { Database } from '../src/db/database';
import { burstLogP, organisationLogP, reviewAttackDetector } from '../src/detection/review-attack.detector';
import { DetectedRing } from '../src/detection/types';
import { emptyDatabase, testDatabase } from './helpers/db';
import { marketplace, random, range, ReviewFixture, t } from './helpers/review-fixture';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());
beforeEach(async () => emptyDatabase(db));

const detect = () => reviewAttackDetector.detect(db, reviewAttackDetector.defaults);
const ids = (ring: DetectedRing): string[] => ring.members.map((m) => m.accountId).sort();

const COMPLAINTS = [
  'The zipper broke on the first day and the seller ignored me',
  '颜色和图片完全不一样，失望',
  'Smells of chemicals, had to throw it away',
  'Arrived two weeks late and the box was crushed',
  '用了三天就坏了，客服也不理人',
  'Much smaller than the photos suggest',
  'Stopped charging after a week',
  '做工粗糙，线头很多',
  'Wrong size sent, return took forever',
  'Battery swelled up, dangerous',
];

describe('review attacks (pure parts)', () => {
  it('a burst is judged against the product’s own rate of low reviews', () => {
    const day = 86400;
    // 18 in 6 h where the product gets 0.2 a day.
    expect(burstLogP({ count: 18, windowSeconds: 6 * 3600, rate: 0.2 / day })).toBeLessThan(Math.log(1e-30));
    // 3 in a day where it gets 2 a day is ordinary.
    expect(burstLogP({ count: 3, windowSeconds: day, rate: 2 / day })).toBeGreaterThan(Math.log(0.1));
  });

  it('organisation: no orders, new accounts, one text beyond the platform; not real buyers with varied texts', () => {
    const organised = {
      reviews: 18,
      withoutOrder: 15,
      withoutOrderShare: 0.2,
      newAccounts: 16,
      newShare: 0.1,
      sameText: 12,
      textShare: 0.01,
      templates: 2,
    };
    expect(organisationLogP(organised)).toBeLessThan(Math.log(1e-20));
    const badBatch = { ...organised, withoutOrder: 2, newAccounts: 1, sameText: 2, textShare: 0.05, templates: 3 };
    expect(organisationLogP(badBatch)).toBeGreaterThan(Math.log(0.01));
    // Reviews-only data: orders and account ages say nothing, the text still does.
    expect(organisationLogP({ ...organised, withoutOrderShare: 1, newShare: 1 })).toBeLessThan(Math.log(1e-10));
  });
});

describe('review attacks', () => {
  it.each([
    [18, 6, false, 'Fake product!!! total scam, do not buy from this shop'],
    [30, 48, true, '假货，质量极差，千万别买，商家态度恶劣'],
  ])(
    '%i new accounts posting 1-star copies of one text on a product within %i h (orders: %s) are a REVIEW_ATTACK ring',
    async (n, windowHours, ordered, text) => {
      const f = new ReviewFixture();
      marketplace(f, { shoppers: 150 });
      const rnd = random(n);
      const crew = range('attacker', n);
      crew.forEach((a, i) => {
        f.account(a, t(20) - t(3 + (i % 5)));
        f.review(a, 's4p1', t(20) + Math.floor(rnd() * windowHours * 3600), 1, {
          text: i % 4 === 3 ? COMPLAINTS[i % COMPLAINTS.length] : text + ['', '!', ' ', '。'][i % 4],
          ordered,
        });
      });
      await f.load(db);
      const rings = await detect();
      expect(rings).toHaveLength(1);
      const [found] = rings;
      expect(found.kind).toBe('REVIEW_ATTACK');
      expect(ids(found)).toEqual([...crew].sort());
      expect(found.products).toEqual(['s4p1']);
      expect(found.merchants).toEqual(['s4']);
      expect(found.score).toBeGreaterThan(0.5);
      const copy = found.members.find((m) => m.accountId === 'attacker1')!;
      expect(copy.evidence[0]).toMatch(
        new RegExp(
          `^review r\\d+ at .*: one of ${n} 1-star reviews of s4p1 within [\\d.]+ h \\(s4p1 gets .* a day\\), ${ordered ? 0 : n} without an order, ${n} from accounts under 30 days old, same text as \\d+ of them \\(p = `,
        ),
      );
    },
  );

  it.each([12, 30])(
    'a genuinely bad batch: %i real buyers with orders and their own words, 1 star within two days, is no ring',
    async (n) => {
      const f = new ReviewFixture();
      marketplace(f, { shoppers: 150 });
      const rnd = random(n);
      range('unhappy', n).forEach((a, i) =>
        f.review(a, 's6p2', t(30) + Math.floor(rnd() * 48 * 3600), 1, {
          text: `${COMPLAINTS[i % COMPLAINTS.length]}${i >= COMPLAINTS.length ? ` (order ${i})` : ''}`,
          ordered: true,
        }),
      );
      await f.load(db);
      expect(await detect()).toEqual([]);
    },
  );
});
