// Review-side rings: like brushing, review attacks, template praise, and reviews-only bursts from new accounts.
import { reviewId } from '../../context';
import { ACTIVITY_END, T } from '../../format';
import { camouflage, camouflageParam, GroupPlanner, groupCount, groupsParam, reviewDelay, sizeParam } from '../planner';
import { attackTemplate, genuineText, praiseTemplate, templateCopy } from '../texts';
import { World } from '../world';
import { Rng } from '../../prng';

/** An account created `days` before `at` (new accounts of attacks and bursts), or a recruited ordinary one. */
function member(world: World, rng: Rng, at: number, newShare: number, days: number): number {
  if (!rng.chance(newShare)) return world.recruit(rng, 1)[0];
  return world.newAccount(rng, at - Math.round(rng.range(0.1, 1) * days * T.DAY));
}

export const likeBrushingPlanner: GroupPlanner = {
  kind: 'like_brushing',
  truth: 'rings',
  parameters: {
    groups: groupsParam(2, 4),
    size: sizeParam(5, 60, 'liking accounts per group'),
    periodDays: {
      range: [7, 60],
      log: true,
      description: "the group likes the shop's 5-star reviews posted in this many days",
    },
    likeLagMinutes: {
      range: [5, 360],
      log: true,
      description: 'a like comes this many minutes after the review is posted',
    },
    likeShare: { range: [0.5, 1], description: 'share of those reviews one member likes' },
    camouflage: camouflageParam(0, 0.5),
  },
  plan(world, rng, s, scale) {
    // Shops no other group uses, busiest first; any shop with 5-star reviews when they run out.
    const unused = [...world.fiveStars.entries()].filter(([m]) => !world.usedShops.has(m));
    const shops = (unused.length > 0 ? unused : [...world.fiveStars.entries()]).sort(
      (a, b) => b[1].review.length - a[1].review.length || a[0] - b[0],
    );
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups && shops.length > 0; g++) {
      const [m, list] = shops.splice(rng.int(0, Math.min(shops.length, 8) - 1), 1)[0];
      world.usedShops.add(m);
      const period = s.draw(rng, 'periodDays') * T.DAY;
      const start = world.startTime(rng, period);
      let picked = list.review
        .map((r, k) => ({ r, at: list.at[k] }))
        .filter((x) => x.at >= start && x.at < start + period);
      if (picked.length < 5) picked = list.review.map((r, k) => ({ r, at: list.at[k] }));
      picked = picked.slice(0, 300);
      const members = world.recruit(rng, s.draw(rng, 'size'));
      for (const a of members) {
        const share = s.draw(rng, 'likeShare');
        let likes = 0;
        for (const x of picked)
          if (rng.chance(share)) {
            world.like(a, reviewId(x.r), x.at + Math.round(s.draw(rng, 'likeLagMinutes') * T.MINUTE));
            likes++;
          }
        camouflage(world, rng, a, Math.max(1, Math.round(likes / 10)), s.draw(rng, 'camouflage'));
      }
      world.truth('rings', `like-brushing-${g + 1}`, 'like_brushing', members);
    }
  },
};

export const reviewAttackPlanner: GroupPlanner = {
  kind: 'review_attack',
  truth: 'rings',
  parameters: {
    groups: groupsParam(2, 4),
    size: sizeParam(5, 60, 'attackers per group'),
    products: { range: [1, 3], whole: true, description: "the competitor's products attacked" },
    windowMinutes: {
      range: [60, 4320],
      log: true,
      description: 'the burst of 1-star reviews falls within this many minutes',
    },
    withOrderShare: { range: [0, 1], description: 'share of attack reviews that follow an order (the rest have none)' },
    newAccountShare: { range: [0, 1], description: 'share of attackers created shortly before the attack' },
    nearShare: { range: [0, 0.7], description: 'share of texts edited slightly rather than pasted verbatim' },
    oneStarShare: { range: [0.85, 1], description: 'share of 1-star ratings (the rest 2-star)' },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const m = world.pickShop(rng, true);
      const products = world.shopProducts(rng, m, s.draw(rng, 'products'));
      const window = s.draw(rng, 'windowMinutes') * T.MINUTE;
      const start = world.startTime(rng, window + 3 * T.DAY);
      const base = attackTemplate(rng);
      const members: number[] = [];
      for (let k = s.draw(rng, 'size'); k > 0; k--) {
        const a = member(world, rng, start, s.draw(rng, 'newAccountShare'), 14);
        members.push(a);
        for (const p of products) {
          const at = start + rng.int(0, Math.round(window));
          const order = rng.chance(s.draw(rng, 'withOrderShare'))
            ? world.order(a, p, at - rng.int(T.HOUR, 3 * T.DAY))
            : undefined;
          world.review(
            a,
            p,
            at,
            rng.chance(s.draw(rng, 'oneStarShare')) ? 1 : 2,
            order,
            templateCopy(rng, base, s.draw(rng, 'nearShare')),
          );
        }
      }
      world.truth('rings', `review-attack-${g + 1}`, 'review_attack', members);
    }
  },
};

export const templateReviewsPlanner: GroupPlanner = {
  kind: 'template_reviews',
  truth: 'rings',
  parameters: {
    groups: groupsParam(2, 4),
    size: sizeParam(5, 50, 'accounts pasting the template'),
    products: { range: [1, 4], whole: true, description: 'products of the shop the group praises' },
    spanDays: { range: [1, 30], log: true, description: 'the orders fall within this many days' },
    nearShare: { range: [0, 0.7], description: 'share of texts edited slightly rather than pasted verbatim' },
    camouflage: camouflageParam(0, 0.5),
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const m = world.pickShop(rng);
      const products = world.shopProducts(rng, m, s.draw(rng, 'products'));
      const span = s.draw(rng, 'spanDays') * T.DAY;
      const start = world.startTime(rng, span + 5 * T.DAY);
      const base = praiseTemplate(rng);
      const near = s.draw(rng, 'nearShare');
      const members = world.recruit(rng, s.draw(rng, 'size'));
      for (const a of members) {
        const p = rng.pick(products);
        const at = start + rng.int(0, Math.round(span));
        const id = world.order(a, p, at, { ship: world.shipHash(a) });
        world.review(a, p, at + reviewDelay(rng, 4), 5, id, templateCopy(rng, base, near));
        camouflage(world, rng, a, 1, s.draw(rng, 'camouflage'), new Set([m]));
      }
      world.truth('rings', `template-reviews-${g + 1}`, 'template_reviews', members);
    }
  },
};

export const reviewBurstPlanner: GroupPlanner = {
  kind: 'review_burst',
  truth: 'rings',
  parameters: {
    groups: groupsParam(3, 4),
    size: sizeParam(10, 80, 'reviewing accounts per group'),
    togetherShare: {
      range: [0.5, 0.5],
      description: 'probability that a group reviews several products together (else one product)',
    },
    products: { range: [2, 6], whole: true, description: 'products a "together" group reviews' },
    windowMinutes: { range: [60, 4320], log: true, description: "one product's burst falls within this many minutes" },
    newAccountDays: {
      range: [1, 14],
      description: 'the accounts were created at most this many days before the burst',
    },
    newAccountShare: {
      range: [0.8, 1],
      description: 'share of the group that are new accounts (the rest ordinary ones)',
    },
    promoteShare: {
      range: [0.6, 0.6],
      description: 'probability that a burst promotes (5 stars) rather than demotes (1 star)',
    },
    textShare: { range: [0.3, 1], description: 'share of reviews with a text (half of them a shared template)' },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const together = rng.chance(s.draw(rng, 'togetherShare'));
      const products: number[] = [];
      for (let k = together ? s.draw(rng, 'products') : 1, tries = 0; products.length < k && tries < 100; tries++) {
        const p = rng.int(0, world.products - 1);
        if (!products.includes(p)) products.push(p);
      }
      const windows = products.map(() => s.draw(rng, 'windowMinutes') * T.MINUTE);
      const starts = products.map((_, k) => world.startTime(rng, windows[k] + T.DAY));
      const first = Math.min(...starts);
      const rating = rng.chance(s.draw(rng, 'promoteShare')) ? 5 : 1;
      const base = rating === 5 ? praiseTemplate(rng) : attackTemplate(rng);
      const textShare = s.draw(rng, 'textShare');
      const members: number[] = [];
      for (let k = s.draw(rng, 'size'); k > 0; k--) {
        const a = member(world, rng, first, s.draw(rng, 'newAccountShare'), s.draw(rng, 'newAccountDays'));
        members.push(a);
        products.forEach((p, j) => {
          const at = Math.min(ACTIVITY_END, starts[j] + rng.int(0, Math.round(windows[j])));
          const text = !rng.chance(textShare)
            ? undefined
            : rng.chance(0.5)
              ? templateCopy(rng, base, 0.5)
              : genuineText(rng, rating, world.nounOf(p), 0.3);
          world.review(a, p, at, rating, undefined, text);
        });
      }
      world.truth('rings', `review-burst-${together ? 'together' : 'single'}-${g + 1}`, 'review_burst', members);
    }
  },
};
