// Innocent crowds that share a device or a network: families on a tablet, NATs of offices, dorms and campuses, cafes.
import { ACTIVITY_END, ACTIVITY_START, ORDERS_END, T } from '../../format';
import { Rng } from '../../prng';
import { GroupPlanner, groupCount, groupsParam, placeIp, sizeParam } from '../planner';
import { ParameterSpecs, Settings } from '../settings';
import { World } from '../world';

/** A family (or classic household) on one tablet and the home IP; they shop broadly and rate as they like. */
function tabletPlanner(kind: string, prefix: string, block: number, size: [number, number]): GroupPlanner {
  return {
    kind,
    truth: 'negatives',
    parameters: {
      groups: groupsParam(4, 8),
      size: sizeParam(size[0], size[1], 'people on the tablet'),
      extraOrders: {
        range: [2, 10],
        whole: true,
        description: 'orders each member places on the tablet, of popular products anywhere',
      },
    },
    plan(world, rng, s, scale) {
      for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
        const tablet = world.deviceId();
        const home = placeIp(block, g, 1);
        const members = world.recruit(rng, s.draw(rng, 'size'));
        for (const a of members) {
          world.device(a, tablet, ACTIVITY_START + rng.int(0, 20) * T.DAY, ACTIVITY_END - rng.int(0, 20) * T.DAY, home);
          if (world.phoneOf[a] && rng.chance(0.7))
            world.device(
              a,
              world.phoneOf[a],
              ACTIVITY_START + rng.int(0, 60) * T.DAY,
              ACTIVITY_END - rng.int(0, 60) * T.DAY,
              home,
            );
          world.shop(rng, a, s.draw(rng, 'extraOrders'));
        }
        world.truth('negatives', `${prefix}-${g + 1}`, kind, members);
      }
    },
  };
}

export const familyTabletPlanner = tabletPlanner('family_tablet', 'family', 173, [5, 6]);
export const householdPlanner = tabletPlanner('household', 'hh', 174, [2, 4]);

/** Everyone's own phone or work PC behind one NAT IP, during the hours they spend there. */
function natPlanner(
  kind: string,
  block: number,
  groups: [number, number],
  size: [number, number],
  hours: [number, number],
): GroupPlanner {
  const parameters: ParameterSpecs = {
    groups: groupsParam(groups[0], groups[1]),
    size: sizeParam(size[0], size[1], 'people behind the NAT IP'),
    extraOrders: { range: [1, 5], whole: true, description: 'orders each places from there, of popular products' },
  };
  return {
    kind,
    truth: 'negatives',
    parameters,
    plan(world: World, rng: Rng, s: Settings, scale: number) {
      for (let g = 0, count = groupCount(rng, s, scale); g < count; g++) {
        const ip = placeIp(block, g, 1);
        const members = world.recruit(rng, s.draw(rng, 'size'));
        for (const a of members) {
          const device = kind === 'office_nat' || !world.phoneOf[a] ? world.deviceId() : world.phoneOf[a];
          world.device(a, device, ACTIVITY_START + rng.int(0, 30) * T.DAY, ACTIVITY_END - rng.int(0, 30) * T.DAY, ip);
          for (let k = s.draw(rng, 'extraOrders'); k > 0; k--) {
            const day = Math.floor(rng.int(ACTIVITY_START, ORDERS_END - T.DAY) / T.DAY) * T.DAY;
            world.ordinaryOrder(
              rng,
              a,
              world.popularProduct(rng),
              day + rng.int(hours[0], hours[1]) * T.HOUR + rng.int(0, 3599),
              0.5,
            );
          }
        }
        world.truth('negatives', `${kind.replace('_', '-')}-${g + 1}`, kind, members);
      }
    },
  };
}

export const officeNatPlanner = natPlanner('office_nat', 181, [2, 3], [20, 150], [1, 9]);
export const dormNatPlanner = natPlanner('dorm_nat', 182, [1, 2], [30, 200], [11, 15]);
export const campusNatPlanner = natPlanner('campus_nat', 183, [1, 2], [100, 500], [0, 15]);

/** Classic public terminals: an internet-cafe PC or a shop's in-store kiosk, used by 100-300 visitors. */
export const publicTerminalPlanner: GroupPlanner = {
  kind: 'public_terminal',
  truth: 'negatives',
  parameters: {
    groups: groupsParam(2, 2),
    size: sizeParam(100, 300, 'visitors of the terminal'),
    kioskShare: {
      range: [0.5, 0.5],
      description: "probability that a terminal is a shop's kiosk (its visitors buy there, many 5-star)",
    },
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const device = world.deviceId();
      const ip = placeIp(198, g, 20);
      const kiosk = rng.chance(s.draw(rng, 'kioskShare'));
      const shop = kiosk ? world.pickShop(rng, true) : -1;
      const members = world.recruit(rng, s.draw(rng, 'size'));
      for (const a of members) {
        const at = rng.int(ACTIVITY_START, ORDERS_END - 6 * T.HOUR);
        world.device(a, device, at, at + rng.int(T.HOUR, 5 * T.HOUR), ip);
        const p = kiosk ? rng.pick(world.productsOf(shop)) : world.popularProduct(rng);
        const id = world.order(a, p, at + rng.int(60, 45 * 60));
        if (rng.chance(0.7))
          world.genuineReview(rng, a, p, at + rng.int(T.HOUR, 5 * T.DAY), id, kiosk && rng.chance(0.5) ? 5 : undefined);
      }
      world.truth('negatives', `pt-${g + 1}`, 'public_terminal', members);
    }
  },
};
