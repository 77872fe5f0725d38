// Cashback in the shapes organisers use; the ring id names the shape (split, weekly, advance, intermediary, late, rotating).
import { ACTIVITY_END, T } from '../../format';
import { Rng } from '../../prng';
import { camouflage, camouflageParam, GroupPlanner, groupCount, groupsParam, sizeParam } from '../planner';
import { genuineText, praiseTemplate, templateCopy } from '../texts';
import { World } from '../world';

export const CASHBACK_SHAPES = ['split', 'weekly', 'advance', 'intermediary', 'late', 'rotating'] as const;
const MEMOS = ['', '', '', '红包', '返现', 'thanks', '辛苦了', '本金', '佣金'];

interface Buy {
  member: number;
  orderId: string;
  cents: number;
  ordered: number;
  reviewed: number;
}

export const cashbackPlanner: GroupPlanner = {
  kind: 'cashback',
  truth: 'rings',
  parameters: {
    groups: groupsParam(6, 6),
    shape: {
      range: [0, 5],
      whole: true,
      description: `shapes planted, cycling over groups: ${CASHBACK_SHAPES.map((x, i) => `${i} ${x}`).join(', ')}`,
    },
    size: sizeParam(5, 40, 'buyers per ring'),
    ordersPerMember: { range: [1, 3], whole: true, description: 'orders per buyer (weekly rings: at least 3)' },
    spanDays: { range: [7, 60], log: true, description: 'the orders fall within this many days' },
    commissionPercent: { range: [3, 15], description: 'commission as a percentage of the order amount' },
    fixedCommissionShare: {
      range: [0.5, 0.5],
      description: 'probability that a ring pays a fixed 3-15 yuan instead of a percentage',
    },
    lagDays: { range: [0.05, 3], log: true, description: 'payment this many days after the 5-star review' },
    lateDays: { range: [14, 30], description: "a 'late' ring pays this many days after the review" },
    ownerShare: { range: [0.5, 0.5], description: "probability that the shop's owner account organises (pays) itself" },
    templateShare: { range: [0, 0.4], description: 'share of reviews pasting a template text' },
    camouflage: camouflageParam(0, 0.3),
  },
  plan(world, rng, s, scale) {
    const [shapeLo, shapeHi] = s.range('shape').map(Math.round);
    for (let g = 0, groups = groupCount(rng, s, scale); g < groups; g++) {
      const shape = CASHBACK_SHAPES[shapeLo + (g % (shapeHi - shapeLo + 1))];
      const m = world.pickShop(rng);
      const products = world.shopProducts(rng, m, rng.int(1, 5));
      const organiser = rng.chance(s.draw(rng, 'ownerShare')) ? world.owner[m] : world.recruit(rng, 1)[0];
      const span = s.draw(rng, 'spanDays') * T.DAY;
      const start = world.startTime(rng, span + 4 * T.DAY);
      const members = world.recruit(rng, s.draw(rng, 'size'), (a) => !world.hasBought(a, m));
      const fixed = rng.chance(s.draw(rng, 'fixedCommissionShare'));
      const percent = s.draw(rng, 'commissionPercent');
      const commission = (cents: number): number =>
        fixed ? rng.int(3, 15) * 100 : Math.max(100, Math.round((cents * percent) / 100));
      const template = s.draw(rng, 'templateShare');
      const base = praiseTemplate(rng);
      const buys: Buy[] = [];
      for (const a of members) {
        const orders =
          shape === 'weekly' ? Math.max(3, s.draw(rng, 'ordersPerMember')) : s.draw(rng, 'ordersPerMember');
        for (let k = 0; k < orders; k++) {
          const p = rng.pick(products);
          const ordered = start + rng.int(0, Math.round(span));
          const id = world.order(a, p, ordered, {
            keyword: rng.chance(0.6) ? world.nounOf(p).keyword : undefined,
            browse: rng.chance(0.6) ? Math.round(rng.logRange(60, 600)) : undefined,
            ship: rng.chance(0.8) ? world.shipHash(a) : undefined,
          });
          const reviewed = ordered + rng.int(6 * T.HOUR, 72 * T.HOUR);
          const text = rng.chance(template) ? templateCopy(rng, base, 0.4) : genuineText(rng, 5, world.nounOf(p), 0.2);
          world.review(a, p, reviewed, 5, id, text);
          buys.push({ member: a, orderId: id, cents: world.priceCents[p], ordered, reviewed });
        }
        camouflage(world, rng, a, orders, s.draw(rng, 'camouflage'), new Set([m]));
      }
      const payers = payBack(
        world,
        rng,
        shape,
        organiser,
        buys,
        commission,
        () => s.draw(rng, 'lagDays') * T.DAY,
        () => s.draw(rng, 'lateDays') * T.DAY,
      );
      world.truth('rings', `cashback-${shape}-${g + 1}`, 'cashback', [organiser, ...payers, ...members]);
    }
  },
};

/** Writes the payments of one shape and returns the payer accounts besides the organiser. */
function payBack(
  world: World,
  rng: Rng,
  shape: (typeof CASHBACK_SHAPES)[number],
  organiser: number,
  buys: Buy[],
  commission: (cents: number) => number,
  lag: () => number,
  late: () => number,
): number[] {
  const memo = (): string => rng.pick(MEMOS);
  const ref = (b: Buy): string | undefined => (rng.chance(0.2) ? b.orderId : undefined);
  const after = (b: Buy, extra = 0): number => Math.min(ACTIVITY_END, Math.round(b.reviewed + lag() + extra));
  switch (shape) {
    case 'split':
      for (const b of buys) {
        const at = after(b);
        world.payment(organiser, b.member, b.cents, at, ref(b), '本金');
        world.payment(
          organiser,
          b.member,
          commission(b.cents),
          at + rng.int(10 * T.MINUTE, 2 * T.DAY),
          undefined,
          '佣金',
        );
      }
      return [];
    case 'weekly': {
      const weeks = new Map<string, Buy[]>();
      for (const b of buys) {
        const key = `${b.member}|${Math.floor(b.reviewed / (7 * T.DAY))}`;
        (weeks.get(key) ?? weeks.set(key, []).get(key)!).push(b);
      }
      for (const week of weeks.values()) {
        const last = week.reduce((x, b) => Math.max(x, b.reviewed), 0);
        const sum = week.reduce((x, b) => x + b.cents + commission(b.cents), 0);
        world.payment(organiser, week[0].member, sum, Math.round(last + lag()), undefined, memo());
      }
      return [];
    }
    case 'advance':
      // 垫付: the principal arrives before the order, the commission after the review.
      for (const b of buys) {
        world.payment(organiser, b.member, b.cents, b.ordered - rng.int(10 * T.MINUTE, 12 * T.HOUR), undefined, '垫付');
        world.payment(organiser, b.member, commission(b.cents), after(b), ref(b), memo());
      }
      return [];
    case 'intermediary': {
      // The shop funds intermediary accounts, which pay the buyers.
      const middle = world.recruit(rng, rng.int(2, 4));
      const owed = new Map<number, Buy[]>();
      for (const b of buys) {
        const via = middle[rng.int(0, middle.length - 1)];
        (owed.get(via) ?? owed.set(via, []).get(via)!).push(b);
      }
      for (const [via, list] of owed) {
        const first = list.reduce((x, b) => Math.min(x, b.reviewed), Infinity);
        const sum = list.reduce((x, b) => x + b.cents + commission(b.cents), 0);
        world.payment(
          organiser,
          via,
          Math.ceil(sum / 10000) * 10000,
          first - rng.int(2 * T.HOUR, 3 * T.DAY),
          undefined,
          rng.pick(['货款', '周转', '']),
        );
        for (const b of list) world.payment(via, b.member, b.cents + commission(b.cents), after(b), ref(b), memo());
      }
      return middle;
    }
    case 'late':
      for (const b of buys)
        world.payment(organiser, b.member, b.cents + commission(b.cents), after(b, late()), ref(b), memo());
      return [];
    case 'rotating': {
      // Each payer pays one or two buyers; the organiser funds about half of them.
      const payers: number[] = [];
      const buyers = [...new Set(buys.map((b) => b.member))];
      for (let k = 0; k < buyers.length;) {
        const step = rng.int(1, 2);
        const paid = new Set(buyers.slice(k, k + step));
        k += step;
        const pair = buys.filter((b) => paid.has(b.member));
        const payer = world.recruit(rng, 1)[0];
        payers.push(payer);
        if (rng.chance(0.5))
          world.payment(
            organiser,
            payer,
            pair.reduce((x, b) => x + b.cents + 1500, 0),
            pair[0].reviewed - rng.int(T.HOUR, T.DAY),
            undefined,
            '',
          );
        for (const b of pair) world.payment(payer, b.member, b.cents + commission(b.cents), after(b), ref(b), memo());
      }
      return payers;
    }
  }
}
