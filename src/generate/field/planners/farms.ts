// Device and network farms: emulator / group-control studios, and small farms of 3-4 accounts on one phone.
import { ACTIVITY_END, ACTIVITY_START, ORDERS_END, T } from '../../format';
import {
  camouflage,
  camouflageParam,
  GroupPlanner,
  groupCount,
  groupsParam,
  placeIp,
  reviewDelay,
  sizeParam,
} from '../planner';
import { praiseTemplate, templateCopy } from '../texts';

export const emulatorFarmPlanner: GroupPlanner = {
  kind: 'emulator_farm',
  truth: 'rings',
  parameters: {
    groups: groupsParam(2, 4),
    size: sizeParam(8, 150, 'emulator instances (accounts) per studio, one device id each'),
    ips: { range: [1, 4], whole: true, description: "the studio's IPs when it does not spread over a /24" },
    subnetShare: {
      range: [0.4, 0.4],
      description: 'probability that a studio spreads its accounts over one /24 instead of a few IPs',
    },
    registrationMinutes: {
      range: [10, 4320],
      log: true,
      description: 'the registration burst: accounts created within this many minutes',
    },
    shops: { range: [1, 3], whole: true, description: 'target shops per studio' },
    campaigns: { range: [1, 4], whole: true, description: 'buying campaigns per studio' },
    windowMinutes: { range: [10, 20160], log: true, description: "a campaign's orders fall within this many minutes" },
    fiveStarShare: { range: [0.85, 1], description: 'share of orders that get a 5-star review' },
    templateShare: { range: [0.3, 1], description: 'share of those reviews that paste a template text' },
    camouflage: camouflageParam(0, 0.4),
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const size = s.draw(rng, 'size');
      const registered = world.startTime(rng, 0) - 200 * T.DAY;
      const burst = s.draw(rng, 'registrationMinutes') * T.MINUTE;
      const subnet = rng.chance(s.draw(rng, 'subnetShare'));
      const ips = s.draw(rng, 'ips');
      const products: number[] = [];
      for (let k = s.draw(rng, 'shops'); k > 0; k--)
        products.push(...world.shopProducts(rng, world.pickShop(rng), rng.int(1, 4)));
      const targets = new Set(products.map((p) => world.merchantOf[p]));
      const campaigns = Array.from({ length: s.draw(rng, 'campaigns') }, () => {
        const window = s.draw(rng, 'windowMinutes') * T.MINUTE;
        return { start: world.startTime(rng, window + 6 * T.DAY), window };
      });
      const fiveStar = s.draw(rng, 'fiveStarShare');
      const template = s.draw(rng, 'templateShare');
      const base = praiseTemplate(rng);
      const members: number[] = [];
      for (let k = 0; k < size; k++) {
        const a = world.newAccount(rng, Math.max(registered, 0) + rng.int(0, Math.max(1, Math.round(burst))));
        members.push(a);
        const ip = placeIp(45, g, subnet ? rng.int(1, 254) : 1 + (k % ips));
        world.device(
          a,
          world.deviceId(),
          ACTIVITY_START + rng.int(0, 20) * T.DAY,
          ACTIVITY_END - rng.int(0, 10) * T.DAY,
          ip,
        );
        let orders = 0;
        for (const c of campaigns)
          for (let n = rng.int(1, 2); n > 0; n--) {
            const p = rng.pick(products);
            const at = c.start + rng.int(0, Math.max(1, Math.round(c.window)));
            const id = world.order(a, p, at, {
              keyword: rng.chance(0.4) ? world.nounOf(p).keyword : undefined,
              browse: rng.chance(0.4) ? rng.int(15, 120) : undefined,
            });
            orders++;
            if (rng.chance(fiveStar))
              world.review(
                a,
                p,
                at + reviewDelay(rng, 3),
                5,
                id,
                rng.chance(template) ? templateCopy(rng, base, 0.3) : undefined,
              );
          }
        camouflage(world, rng, a, orders, s.draw(rng, 'camouflage'), targets);
      }
      world.truth('rings', `emulator-farm-${g + 1}${subnet ? '-subnet' : ''}`, 'emulator_farm', members);
    }
  },
};

export const smallFarmPlanner: GroupPlanner = {
  kind: 'small_farm',
  truth: 'rings',
  parameters: {
    groups: groupsParam(3, 6),
    size: sizeParam(3, 4, 'accounts on the one phone'),
    shops: { range: [1, 2], whole: true, description: 'shops the farm buys from and 5-stars' },
    spanDays: { range: [60, 170], log: true, description: 'months of activity, in days' },
    ordersPerMember: { range: [4, 12], whole: true, description: 'target-shop orders per account' },
    fiveStarShare: { range: [0.9, 1], description: 'share of target orders that get a 5-star review' },
    camouflage: camouflageParam(0, 0.3),
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const phone = world.deviceId();
      const ip = placeIp(172, 4096 + g, rng.int(2, 250));
      const products: number[] = [];
      for (let k = s.draw(rng, 'shops'); k > 0; k--)
        products.push(...world.shopProducts(rng, world.pickShop(rng), rng.int(1, 3)));
      const targets = new Set(products.map((p) => world.merchantOf[p]));
      const span = s.draw(rng, 'spanDays') * T.DAY;
      const start = world.startTime(rng, span);
      const fiveStar = s.draw(rng, 'fiveStarShare');
      const members: number[] = [];
      for (let k = s.draw(rng, 'size'); k > 0; k--) {
        const a = world.newAccount(rng, start - rng.int(5, 400) * T.DAY);
        members.push(a);
        world.device(a, phone, start - rng.int(0, 3) * T.DAY, Math.min(ACTIVITY_END, start + span + T.DAY), ip);
        const orders = s.draw(rng, 'ordersPerMember');
        for (let n = 0; n < orders; n++) {
          const p = rng.pick(products);
          const at = Math.min(ORDERS_END - T.HOUR, start + rng.int(0, Math.round(span)));
          const id = world.order(a, p, at, { ship: world.shipHash(members[0]) });
          if (rng.chance(fiveStar))
            world.review(
              a,
              p,
              at + reviewDelay(rng, 4),
              5,
              id,
              rng.chance(0.5) ? rng.pick(['好评', '很好', 'good', '满意', '不错不错']) : undefined,
            );
        }
        camouflage(world, rng, a, orders, s.draw(rng, 'camouflage'), targets);
      }
      world.truth('rings', `small-farm-${g + 1}`, 'small_farm', members);
    }
  },
};
