// Innocent crowds that buy together: lunch colleagues, live-stream audiences, launches, loyal customers, flash sales.
import { ORDERS_END, T } from '../../format';
import { GroupPlanner, groupCount, groupsParam, sizeParam } from '../planner';

export const lunchColleaguesPlanner: GroupPlanner = {
  kind: 'lunch_colleagues',
  truth: 'negatives',
  parameters: {
    groups: groupsParam(2, 4),
    size: sizeParam(5, 30, 'colleagues ordering lunch together'),
    days: { range: [10, 60], whole: true, description: 'working days they order together' },
    attendance: { range: [0.5, 0.9], description: 'probability that a colleague joins on a given day' },
    reviewShare: { range: [0.05, 0.3], description: 'share of lunches reviewed (genuine ratings)' },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const shop = world.pickShop(rng);
      const menu = world.shopProducts(rng, shop, 3);
      const members = world.recruit(rng, s.draw(rng, 'size'));
      const days = s.draw(rng, 'days');
      const first = Math.floor(world.startTime(rng, days * 1.5 * T.DAY) / T.DAY) * T.DAY;
      const attendance = s.draw(rng, 'attendance');
      const reviewShare = s.draw(rng, 'reviewShare');
      for (let d = 0, day = first; d < days && day < ORDERS_END - T.DAY; day += T.DAY) {
        if (new Date(day * 1000).getUTCDay() % 6 === 0) continue;
        d++;
        const halfHour = day + 3 * T.HOUR + rng.int(0, 1) * 30 * T.MINUTE;
        for (const a of members)
          if (rng.chance(attendance))
            world.ordinaryOrder(rng, a, rng.pick(menu), halfHour + rng.int(0, 30 * T.MINUTE - 1), reviewShare);
      }
      world.truth('negatives', `lunch-${g + 1}`, 'lunch_colleagues', members);
    }
  },
};

export const livestreamPlanner: GroupPlanner = {
  kind: 'livestream',
  truth: 'negatives',
  parameters: {
    groups: groupsParam(1, 3),
    size: sizeParam(50, 400, 'regular viewers of the stream'),
    sessions: { range: [3, 10], whole: true, description: 'live sessions' },
    pushes: { range: [2, 6], whole: true, description: 'products pushed per session' },
    buyMinutes: { range: [1, 10], description: 'viewers buy within this many minutes of a push' },
    attendance: { range: [0.3, 0.8], description: 'probability that a viewer watches a session' },
    buyShare: { range: [0.3, 0.7], description: 'probability that a watching viewer buys a pushed product' },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const shop = world.pickShop(rng, true);
      const catalog = world.productsOf(shop);
      const members = world.recruit(rng, s.draw(rng, 'size'));
      const attendance = s.draw(rng, 'attendance');
      const buyShare = s.draw(rng, 'buyShare');
      for (let k = s.draw(rng, 'sessions'); k > 0; k--) {
        const start = Math.floor(world.startTime(rng, 2 * T.DAY) / T.DAY) * T.DAY + rng.int(11, 14) * T.HOUR;
        const pushes = Array.from({ length: s.draw(rng, 'pushes') }, (_, j) => ({
          p: rng.pick(catalog),
          at: start + j * rng.int(8, 20) * T.MINUTE,
        }));
        const window = s.draw(rng, 'buyMinutes') * T.MINUTE;
        for (const a of members) {
          if (!rng.chance(attendance)) continue;
          for (const push of pushes)
            if (rng.chance(buyShare))
              world.ordinaryOrder(
                rng,
                a,
                push.p,
                push.at + rng.int(10, Math.round(window)),
                0.4,
                Math.round(world.priceCents[push.p] * 0.8),
              );
        }
      }
      world.truth('negatives', `live-${g + 1}`, 'livestream', members);
    }
  },
};

export const launchPlanner: GroupPlanner = {
  kind: 'launch',
  truth: 'negatives',
  parameters: {
    groups: groupsParam(1, 3),
    size: sizeParam(50, 500, 'buyers on launch day'),
    launchHours: {
      range: [1, 48],
      log: true,
      description: 'the launch crowd buys within this many hours of the launch',
    },
    reviewShare: { range: [0.3, 0.7], description: 'share of buyers who review (genuine ratings)' },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      // A product from the tail of the popularity ranking: hardly sold before its launch.
      const p = world.rankProduct[rng.int(Math.floor(world.products / 2), world.products - 1)];
      world.usedShops.add(world.merchantOf[p]);
      const launch = world.startTime(rng, 3 * T.DAY);
      const window = s.draw(rng, 'launchHours') * T.HOUR;
      const reviewShare = s.draw(rng, 'reviewShare');
      const members = world.recruit(rng, s.draw(rng, 'size'));
      for (const a of members) world.ordinaryOrder(rng, a, p, launch + rng.int(0, Math.round(window)), reviewShare);
      world.truth('negatives', `launch-${g + 1}`, 'launch', members);
    }
  },
};

export const loyalPlanner: GroupPlanner = {
  kind: 'loyal',
  truth: 'negatives',
  parameters: {
    groups: groupsParam(2, 4),
    size: sizeParam(10, 80, 'loyal customers of one shop'),
    repeats: { range: [4, 12], whole: true, description: 'orders each places at the shop over the months' },
    reviewShare: { range: [0.3, 0.9], description: 'share of those orders reviewed (genuine ratings)' },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const shop = world.pickShop(rng);
      const catalog = world.productsOf(shop);
      const members = world.recruit(rng, s.draw(rng, 'size'));
      for (const a of members) {
        const favourite = rng.pick(catalog);
        const reviewShare = s.draw(rng, 'reviewShare');
        for (let k = s.draw(rng, 'repeats'); k > 0; k--)
          world.ordinaryOrder(
            rng,
            a,
            rng.chance(0.6) ? favourite : rng.pick(catalog),
            world.startTime(rng, 0),
            reviewShare,
          );
      }
      world.truth('negatives', `loyal-${g + 1}`, 'loyal', members);
    }
  },
};

/** Classic flash sales: 150-500 buyers of 1-3 popular products in one 10-minute window. */
export const flashSalePlanner: GroupPlanner = {
  kind: 'flash_sale',
  truth: 'negatives',
  parameters: {
    groups: groupsParam(1, 2),
    size: sizeParam(150, 500, 'buyers in the sale'),
    products: { range: [1, 3], whole: true, description: 'popular products on sale' },
    windowMinutes: { range: [10, 10], description: 'the sale lasts this many minutes' },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const products = Array.from({ length: s.draw(rng, 'products') }, () => world.topProduct(rng, 50));
      const start = Math.floor(world.startTime(rng, T.DAY) / T.HOUR) * T.HOUR;
      const window = s.draw(rng, 'windowMinutes') * T.MINUTE;
      const members = world.recruit(rng, s.draw(rng, 'size'));
      for (const a of members)
        for (const p of products)
          if (rng.chance(0.8)) {
            const at = start + rng.int(0, Math.round(window) - 1);
            world.ordinaryOrder(rng, a, p, at, 0.5, Math.round(world.priceCents[p] * rng.range(0.5, 0.8)));
          }
      world.truth('negatives', `fs-${g + 1}`, 'flash_sale', members);
    }
  },
};
