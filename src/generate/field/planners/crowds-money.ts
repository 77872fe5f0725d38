// Innocent crowds with money moving: refunds (with return shipping), group-buy leaders, friends settling bills.
import { ACTIVITY_END, ACTIVITY_START, T } from '../../format';
import { GroupPlanner, groupCount, groupsParam, sizeParam } from '../planner';
import { genuineText } from '../texts';

function refundPlanner(kind: string, prefix: string, withShipping: boolean): GroupPlanner {
  return {
    kind,
    truth: 'negatives',
    parameters: {
      groups: groupsParam(2, 3),
      size: sizeParam(10, 80, 'buyers the shop refunds'),
      shippingYuan: {
        range: withShipping ? [6, 25] : [0, 0],
        description: 'return shipping the shop adds to the refund, in yuan',
      },
      badReviewShare: {
        range: [0.3, 0.7],
        description: 'share of refunded buyers who post a 1-2 star review (the rest none)',
      },
      partialShare: {
        range: withShipping ? [0, 0] : [0.25, 0.25],
        description: 'share of refunds of only part of the amount',
      },
    },
    plan(world, rng, s, scale) {
      for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
        const shop = world.pickShop(rng, true);
        const catalog = world.productsOf(shop);
        const members = world.recruit(rng, s.draw(rng, 'size'));
        const owner = world.owner[shop];
        for (const a of members) {
          const p = rng.pick(catalog);
          const placed = world.startTime(rng, 10 * T.DAY);
          const cents = world.priceCents[p];
          const id = world.order(a, p, placed, { ship: world.shipHash(a) });
          const paid = placed + rng.int(2 * T.DAY, 9 * T.DAY);
          const amount = rng.chance(s.draw(rng, 'partialShare'))
            ? Math.max(100, Math.round(cents * rng.range(0.3, 0.9)))
            : cents + Math.round(s.draw(rng, 'shippingYuan') * 100);
          world.payment(
            owner,
            a,
            amount,
            paid,
            rng.chance(0.8) ? id : undefined,
            rng.pick(['退款', '退货退款', 'refund', '运费险', '']),
          );
          if (rng.chance(s.draw(rng, 'badReviewShare'))) {
            const rating = rng.int(1, 2);
            world.review(a, p, paid - rng.int(T.HOUR, T.DAY), rating, id, genuineText(rng, rating, world.nounOf(p), 0));
          }
        }
        world.truth('negatives', `${prefix}-${g + 1}`, kind, [owner, ...members]);
      }
    },
  };
}

export const refundShippingPlanner = refundPlanner('refund_shipping', 'refund-ship', true);
export const refundPlannerClassic = refundPlanner('refund', 'rf', false);

export const groupBuyPlanner: GroupPlanner = {
  kind: 'group_buy',
  truth: 'negatives',
  parameters: {
    groups: groupsParam(2, 4),
    size: sizeParam(5, 40, 'neighbours ordering through the leader'),
    rounds: { range: [3, 12], whole: true, description: 'weekly group-buy rounds' },
    commissionPercent: {
      range: [5, 15],
      description: "the shop's commission to the leader, percent of the round's amount",
    },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const shop = world.pickShop(rng, true);
      const catalog = world.productsOf(shop);
      const [leader, ...members] = world.recruit(rng, 1 + s.draw(rng, 'size'));
      const percent = s.draw(rng, 'commissionPercent');
      let week = world.startTime(rng, 90 * T.DAY);
      for (let r = s.draw(rng, 'rounds'); r > 0; r--, week += 7 * T.DAY) {
        let total = 0;
        const p = rng.pick(catalog);
        for (const a of members) {
          if (!rng.chance(0.6)) continue;
          const cents = world.priceCents[p] * rng.int(1, 3);
          total += cents;
          // The neighbour pays the leader; the leader places the order, shipped to the leader's door.
          const at = week + rng.int(0, 2 * T.DAY);
          world.payment(a, leader, cents, at, undefined, rng.pick(['团购', '接龙', 'group buy', '']));
        }
        if (total === 0) continue;
        const id = world.order(leader, p, week + 2 * T.DAY + rng.int(0, 6 * T.HOUR), {
          cents: total,
          ship: world.shipHash(leader),
        });
        if (rng.chance(0.5)) world.genuineReview(rng, leader, p, week + 5 * T.DAY, id);
        world.payment(
          world.owner[shop],
          leader,
          Math.max(100, Math.round((total * percent) / 100)),
          week + 6 * T.DAY,
          undefined,
          '团长佣金',
        );
      }
      world.truth('negatives', `group-buy-${g + 1}`, 'group_buy', [leader, ...members]);
    }
  },
};

export const friendsPlanner: GroupPlanner = {
  kind: 'friends',
  truth: 'negatives',
  parameters: {
    groups: groupsParam(5, 10),
    size: sizeParam(3, 6, 'friends'),
    payments: { range: [3, 12], whole: true, description: 'bills settled among them' },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const members = world.recruit(rng, s.draw(rng, 'size'));
      for (let k = s.draw(rng, 'payments'); k > 0; k--) {
        const [a, b] = rng.sample(members.length, 2).map((j) => members[j]);
        world.payment(
          a,
          b,
          Math.round(rng.logRange(800, 30000)),
          rng.int(ACTIVITY_START, ACTIVITY_END - T.DAY),
          undefined,
          rng.pick(['dinner', 'AA', '聚餐', 'KTV', '电影票', 'taxi', '奶茶', '']),
        );
      }
      world.truth('negatives', `fr-${g + 1}`, 'friends', members);
    }
  },
};
