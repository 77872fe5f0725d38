// Task brushing: recruited real people search a rare keyword, browse 5-7 minutes, buy once, 5-star a day or two later.
import { T } from '../../format';
import { camouflage, camouflageParam, GroupPlanner, groupCount, groupsParam, sizeParam } from '../planner';
import { genuineText, praiseTemplate, templateCopy } from '../texts';

export const taskBrushingPlanner: GroupPlanner = {
  kind: 'task_brushing',
  truth: 'rings',
  parameters: {
    groups: groupsParam(2, 4),
    size: sizeParam(10, 120, 'recruited buyers per task'),
    products: { range: [1, 2], whole: true, description: 'products a task pushes' },
    spanDays: { range: [3, 30], log: true, description: 'the buyers come one by one over this many days' },
    browseSeconds: {
      range: [300, 420],
      description: 'dwell time on the listing before buying (the task asks for 5-7 minutes)',
    },
    reviewLagHours: { range: [24, 48], description: 'the 5-star review comes this long after the order' },
    fiveStarShare: { range: [0.9, 1], description: 'share of buyers who post the 5-star review' },
    templateShare: { range: [0, 0.5], description: "share of reviews pasting the task's template text" },
    camouflage: camouflageParam(0, 0.3),
  },
  plan(world, rng, s, scale) {
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const m = world.pickShop(rng);
      const products = world.shopProducts(rng, m, s.draw(rng, 'products'));
      const keyword = new Map(
        products.map((p) => [
          p,
          `${world.nounOf(p).keyword} ${rng.hex(3)}${rng.pick(['款', ' new', ' 2025', '同款'])}`,
        ]),
      );
      const span = s.draw(rng, 'spanDays') * T.DAY;
      const start = world.startTime(rng, span + 3 * T.DAY);
      const fiveStar = s.draw(rng, 'fiveStarShare');
      const template = s.draw(rng, 'templateShare');
      const base = praiseTemplate(rng);
      const members = world.recruit(rng, s.draw(rng, 'size'), (a) => !world.hasBought(a, m));
      for (const a of members) {
        const p = rng.pick(products);
        const at = start + rng.int(0, Math.round(span));
        const id = world.order(a, p, at, {
          keyword: keyword.get(p),
          browse: Math.round(s.draw(rng, 'browseSeconds')),
          ship: world.shipHash(a),
        });
        if (rng.chance(fiveStar)) {
          const text = rng.chance(template)
            ? templateCopy(rng, base, 0.5)
            : genuineText(rng, 5, world.nounOf(p), world.habits.genericTextShare);
          world.review(a, p, at + Math.round(s.draw(rng, 'reviewLagHours') * T.HOUR), 5, id, text);
        }
        camouflage(world, rng, a, 1, s.draw(rng, 'camouflage'), new Set([m]));
      }
      world.truth('rings', `task-brushing-${g + 1}`, 'task_brushing', members);
    }
  },
};
