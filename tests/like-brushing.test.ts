// Like brushing as specifications: groups liking a shop's 5-star reviews as they go up are rings; ordinary likers are not.
import { Database } from '../src/db/database';
import { groupLogP, likeBrushingDetector, likerLogP } from '../src/detection/like-brushing.detector';
import { DetectedRing } from '../src/detection/types';
import { emptyDatabase, testDatabase } from './helpers/db';
import { marketplace, random, range, ReviewFixture, t } from './helpers/review-fixture';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());
beforeEach(async () => emptyDatabase(db));

const detect = () => likeBrushingDetector.detect(db, likeBrushingDetector.defaults);
const ids = (ring: DetectedRing): string[] => ring.members.map((m) => m.accountId).sort();

/** `n` 5-star reviews of `shop` by its ordinary buyers, one every two days. */
function shopReviews(f: ReviewFixture, shop: string, n: number): { id: string; at: number }[] {
  return range(`${shop}-buyer`, n).map((a, i) => {
    const at = t(2 + 2 * i, 9 + (i % 8));
    return { id: f.review(a, `${shop}p${i % 3}`, at, 5, { text: 'Good value for money', ordered: true }), at };
  });
}

/** Ordinary likes elsewhere, so ring members are not accounts that do nothing else. */
function camouflage(f: ReviewFixture, accounts: string[], posted: { id: string; at: number }[], seed: number): void {
  const rnd = random(seed);
  for (const a of accounts)
    for (let k = 0; k < 3; k++) {
      const r = posted[Math.floor(rnd() * posted.length)];
      f.like(a, r.id, r.at + t(1 + Math.floor(rnd() * 5)));
    }
}

describe('like brushing (pure parts)', () => {
  const base = { shopShare: 0.01, quickShare: 0.4, quickChance: 0.4 };
  it('a liker who quick-liked 22 of a small shop’s reviews is beyond chance; one of 3 of 200 likes is not', () => {
    expect(likerLogP({ ...base, quick: 22, shopLikes: 22, likes: 30 })).toBeLessThan(Math.log(1e-40));
    expect(likerLogP({ ...base, quick: 3, shopLikes: 5, likes: 200 })).toBeGreaterThan(Math.log(0.01));
  });

  it('a group must be both concentrated on the shop and faster than likes come', () => {
    const ring = Array.from({ length: 10 }, () => ({ ...base, quick: 15, shopLikes: 15, likes: 20 }));
    expect(groupLogP(ring)).toBeLessThan(Math.log(1e-30));
    // Fans liking a small shop's reviews a lot, at the platform's speed: concentrated, not fast.
    const fans = Array.from({ length: 10 }, () => ({ ...base, quick: 2, shopLikes: 5, likes: 6 }));
    expect(groupLogP(fans)).toBeGreaterThan(Math.log(0.01));
    // Fast likers of a huge shop that takes half of all likes: fast, not concentrated.
    const popular = Array.from({ length: 10 }, () => ({
      ...base,
      shopShare: 0.5,
      quick: 3,
      shopLikes: 3,
      likes: 6,
    }));
    expect(groupLogP(popular)).toBeGreaterThan(Math.log(0.01));
    // A review everyone likes at once: quick, and no faster than its other likers.
    const viral = Array.from({ length: 30 }, () => ({ ...base, quickChance: 0.9, quick: 3, shopLikes: 3, likes: 6 }));
    expect(groupLogP(viral)).toBeGreaterThan(Math.log(0.01));
    // Two selected quick likes and nothing more are no evidence.
    expect(groupLogP(Array.from({ length: 50 }, () => ({ ...base, quick: 2, shopLikes: 2, likes: 2 })))).toBe(0);
  });
});

describe('like brushing', () => {
  it.each([
    [12, 22, 1],
    [40, 30, 0.3],
  ])(
    '%i accounts liking a shop’s %i 5-star reviews within hours of posting (each a %f share) are a LIKE_BRUSHING ring',
    async (n, reviews, share) => {
      const f = new ReviewFixture();
      const posted = marketplace(f, { shoppers: 150 });
      const targets = shopReviews(f, 's3', reviews);
      const ring = range('liker', n);
      const rnd = random(n);
      ring.forEach((a) => {
        const mine = targets.filter(() => rnd() < share);
        for (const r of mine.length >= 2 ? mine : targets.slice(0, 2))
          f.like(a, r.id, r.at + 300 + Math.floor(rnd() * 7000));
      });
      camouflage(f, ring, posted, n);
      await f.load(db);
      const rings = await detect();
      expect(rings).toHaveLength(1);
      const [found] = rings;
      expect(found.kind).toBe('LIKE_BRUSHING');
      expect(ids(found)).toEqual([...ring].sort());
      expect(found.merchants).toEqual(['s3']);
      expect(found.score).toBeGreaterThan(0.5);
      const full = found.members.find((m) => m.evidence[0].startsWith(`liked ${reviews} `));
      if (share === 1) expect(full).toBeDefined();
      expect(found.members[0].evidence[0]).toMatch(
        /^liked \d+ of shop s3's 5-star reviews within 6\.0 h of posting \(r\d+, .*median \d+ min after\), \d+ of its reviews in all, of its \d+ likes \(p = /,
      );
    },
  );

  it.each([80, 250])('a popular review liked by %i accounts, many within hours, is no ring', async (n) => {
    const f = new ReviewFixture();
    const posted = marketplace(f, { shoppers: 150 });
    const [hit, second] = shopReviews(f, 's2', 2);
    const rnd = random(n);
    const crowd = range('reader', n);
    crowd.forEach((a) => {
      f.like(a, hit.id, hit.at + Math.floor(60 * Math.exp(rnd() * Math.log(300))));
      // Some also like the shop's other review, at the ordinary pace.
      if (rnd() < 0.3) f.like(a, second.id, second.at + Math.floor(60 * Math.exp(rnd() * Math.log(30000))));
    });
    camouflage(f, crowd, posted, n);
    await f.load(db);
    expect(await detect()).toEqual([]);
  });

  it.each([6, 20])(
    '%i fans each liking a few of a small shop’s reviews at the ordinary pace are no ring',
    async (n) => {
      const f = new ReviewFixture();
      const posted = marketplace(f, { shoppers: 150 });
      const targets = shopReviews(f, 's5', 12);
      const rnd = random(n);
      const fans = range('fan', n);
      fans.forEach((a) => {
        for (const r of targets.filter(() => rnd() < 0.35))
          f.like(a, r.id, r.at + Math.floor(60 * Math.exp(rnd() * Math.log(30000))));
      });
      camouflage(f, fans, posted, n);
      await f.load(db);
      expect(await detect()).toEqual([]);
    },
  );
});
