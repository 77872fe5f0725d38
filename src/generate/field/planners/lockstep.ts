// Lockstep buying with loose timing: campaign windows of hours, members rotating between popular target products.
import { T } from '../../format';
import { camouflage, camouflageParam, GroupPlanner, groupCount, groupsParam, reviewDelay, sizeParam } from '../planner';
import { genuineText } from '../texts';

export const looseLockstepPlanner: GroupPlanner = {
  kind: 'loose_lockstep',
  truth: 'rings',
  parameters: {
    groups: groupsParam(2, 3),
    size: sizeParam(20, 200, 'accounts per group'),
    targets: { range: [4, 10], whole: true, description: 'target products, among the most popular' },
    popularTop: { range: [40, 40], whole: true, description: 'targets are drawn from this many most popular products' },
    campaigns: { range: [2, 5], whole: true, description: 'campaigns per group' },
    windowMinutes: { range: [60, 720], log: true, description: "a campaign's sittings fall within this many minutes" },
    sittingMinutes: {
      range: [2, 20],
      description: 'one sitting: a member buys all its targets of a campaign within this',
    },
    targetShare: {
      range: [0.5, 0.9],
      description: 'share of the targets one member buys in a campaign (members rotate)',
    },
    attendance: { range: [0.7, 0.95], description: 'probability that a member takes part in a campaign' },
    fiveStarShare: { range: [0.3, 1], description: 'share of campaign orders that get a 5-star review' },
    camouflage: camouflageParam(0, 0.5),
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const targets: number[] = [];
      const top = s.draw(rng, 'popularTop');
      for (let k = s.draw(rng, 'targets'), tries = 0; targets.length < k && tries < 500; tries++) {
        const p = world.topProduct(rng, top);
        if (!targets.includes(p)) targets.push(p);
      }
      const campaigns = Array.from({ length: s.draw(rng, 'campaigns') }, () => {
        const window = s.draw(rng, 'windowMinutes') * T.MINUTE;
        return { start: world.startTime(rng, window + 6 * T.DAY), window };
      });
      const fiveStar = s.draw(rng, 'fiveStarShare');
      const attendance = s.draw(rng, 'attendance');
      const members = world.recruit(rng, s.draw(rng, 'size'));
      for (const a of members) {
        let orders = 0;
        for (const c of campaigns) {
          if (!rng.chance(attendance)) continue;
          const share = s.draw(rng, 'targetShare');
          const chosen = targets.filter(() => rng.chance(share));
          if (chosen.length === 0) chosen.push(rng.pick(targets));
          const sitting = c.start + rng.int(0, Math.round(c.window));
          const length = s.draw(rng, 'sittingMinutes') * T.MINUTE;
          for (const p of chosen) {
            const at = sitting + rng.int(0, Math.round(length));
            const id = world.order(a, p, at, {
              keyword: rng.chance(0.5) ? world.nounOf(p).keyword : undefined,
              browse: rng.chance(0.5) ? rng.int(30, 400) : undefined,
            });
            orders++;
            if (rng.chance(fiveStar))
              world.review(a, p, at + reviewDelay(rng), 5, id, genuineText(rng, 5, world.nounOf(p), 0.3));
          }
        }
        camouflage(world, rng, a, orders, s.draw(rng, 'camouflage'));
      }
      world.truth('rings', `loose-lockstep-${g + 1}`, 'loose_lockstep', members);
    }
  },
};
