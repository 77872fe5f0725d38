// Writes planted rings (device farms, cashback, lockstep buying) and group-level rows: ground truth, friends' payments.
import { accountId, Context, productId, reviewId } from './context';
import { ACTIVITY_END, ACTIVITY_START, iso, money, ORDERS_END, T } from './format';
import { CashbackRing, CoordRing, FarmRing, Friends, Group, shipHashOf } from './population';
import { Rng } from './prng';
import {
  CASHBACK_MEMOS,
  coordBase,
  coordText,
  FARM_TEXTS,
  FRIEND_MEMOS,
  LUMP_MEMOS,
  NOUNS,
  reviewText,
} from './vocabulary';

/** Each group draws from its own random stream, so rings do not shift when ordinary shoppers change. */
const STREAM = { shared_device: 1000, cashback: 2000, coordinated_purchase: 3000, friends: 4000 } as const;

export function writeGroup(ctx: Context, g: Group): void {
  const out = ctx.out;
  switch (g.kind) {
    case 'shared_device':
    case 'cashback':
    case 'coordinated_purchase':
      for (const m of g.members) out.rings.row([g.id, g.kind, accountId(m)]);
      break;
    default:
      for (const m of g.members) out.negatives.row([g.id, g.kind, accountId(m)]);
  }
  const rng = (base: number): Rng => new Rng(ctx.plan.seed, base * 1_000_003 + g.ordinal);
  if (g.kind === 'shared_device') {
    // A farm run for cashback is both kinds: its paid accounts and the organiser are also a cashback ring.
    const paid = writeFarm(ctx, rng(STREAM.shared_device), g);
    for (const m of paid.length > 0 ? [g.organiser, ...paid] : []) out.rings.row([g.id, 'cashback', accountId(m)]);
  } else if (g.kind === 'cashback') writeCashback(ctx, rng(STREAM.cashback), g);
  else if (g.kind === 'coordinated_purchase') writeCoord(ctx, rng(STREAM.coordinated_purchase), g);
  else if (g.kind === 'friends') writeFriends(ctx, rng(STREAM.friends), g);
}

function review(ctx: Context, i: number, p: number, orderId: string, at: number, text: string | undefined): void {
  ctx.out.reviews.row([reviewId(ctx.reviewNumber()), accountId(i), productId(p), 5, iso(at), orderId, text]);
}

/**
 * Device farm: 2-5 phones and 1-2 IPs only this ring uses; members shop in bursts at 1-2 target shops. With an
 * organiser, it also pays each account that 5-starred the first target shop its order plus a commission, and the
 * accounts it paid are returned (none when fewer than 3 could be paid).
 */
function writeFarm(ctx: Context, rng: Rng, ring: FarmRing): number[] {
  const { plan, out } = ctx;
  const devices = Array.from({ length: ring.deviceCount }, () => ctx.deviceId());
  const ips = Array.from(
    { length: rng.int(1, 2) },
    (_, k) => `203.${k}.${(ring.ordinal >>> 8) & 255}.${ring.ordinal & 255}`,
  );
  const ships = Array.from({ length: rng.int(1, 3) }, () => 'sh' + rng.hex(12));
  const D = devices.length;
  ring.members.forEach((m, k) => {
    const mine = new Set([k % D]);
    const want = Math.min(D, rng.int(2, 3));
    while (mine.size < want) mine.add(rng.int(0, D - 1));
    for (const d of [...mine].sort((a, b) => a - b)) {
      const first = ring.createdBase + rng.int(6 * T.DAY, 9 * T.DAY);
      out.account_devices.row([
        accountId(m),
        devices[d],
        iso(first),
        iso(ACTIVITY_END - rng.int(0, 10 * T.DAY)),
        ips[d % ips.length],
      ]);
    }
  });
  // Bursts: on each campaign the group-control software runs most accounts through a buy and a 5-star review.
  const sessions = Array.from({ length: rng.int(4, 6) }, () => rng.int(ACTIVITY_START, ORDERS_END - 4 * T.HOUR));
  const cashbackShop = plan.merchantOf[ring.products[0]];
  const owed: { member: number; orderId: string; cents: number; reviewed: number }[] = [];
  for (const m of ring.members) {
    let reviewedAtShop = false;
    const times: number[] = [];
    for (const s of sessions)
      if (rng.chance(0.75)) for (let c = rng.int(1, 2); c > 0; c--) times.push(s + rng.int(0, 3 * T.HOUR));
    while (times.length < 3) times.push(rng.pick(sessions) + rng.int(0, 3 * T.HOUR));
    times.sort((a, b) => a - b);
    for (const placed of times) {
      const p = rng.pick(ring.products);
      const id = ctx.orderId();
      const keyword = rng.chance(0.5) ? NOUNS[plan.noun[p]].keyword : undefined;
      const browse = rng.chance(0.4) ? rng.int(20, 90) : undefined;
      out.orders.row([
        id,
        accountId(m),
        productId(p),
        iso(placed),
        money(plan.priceCents[p]),
        keyword,
        browse,
        rng.chance(0.9) ? rng.pick(ships) : undefined,
      ]);
      if (rng.chance(0.95)) {
        const reviewed = placed + rng.int(T.HOUR, 48 * T.HOUR);
        review(ctx, m, p, id, reviewed, rng.pick(FARM_TEXTS));
        if (!reviewedAtShop && plan.merchantOf[p] === cashbackShop) {
          reviewedAtShop = true;
          owed.push({ member: m, orderId: id, cents: plan.priceCents[p], reviewed });
        }
      }
    }
  }
  if (ring.organiser < 0 || owed.length < 3) return [];
  for (const o of owed) {
    const commission = rng.int(300, 1500);
    const at = Math.min(ACTIVITY_END, o.reviewed + rng.int(T.HOUR, 48 * T.HOUR));
    out.payments.row(cashbackRow(ctx, rng, ring.organiser, o.member, o.cents + commission, at, o.orderId));
  }
  return owed.map((o) => o.member);
}

/** A payment of principal plus commission back to a buyer; it names the order it pays back on a quarter of them. */
function cashbackRow(
  ctx: Context,
  rng: Rng,
  payer: number,
  payee: number,
  cents: number,
  at: number,
  orderId: string,
): (string | undefined)[] {
  return [
    ctx.paymentId(),
    accountId(payer),
    accountId(payee),
    money(cents),
    iso(at),
    rng.chance(0.25) ? orderId : undefined,
    rng.pick(CASHBACK_MEMOS),
  ];
}

/** Cashback: recruits buy at the target shop, post 5 stars, and are paid principal plus commission afterwards. */
function writeCashback(ctx: Context, rng: Rng, ring: CashbackRing): void {
  const { plan, out } = ctx;
  const start = rng.int(ACTIVITY_START + 2 * T.DAY, ORDERS_END - 46 * T.DAY);
  const length = rng.int(14 * T.DAY, 45 * T.DAY);
  const payer = ring.intermediary >= 0 ? ring.intermediary : ring.organiser;
  const fixedCommission = rng.chance(0.5);
  const payouts: { at: number; row: (string | undefined)[]; cents: number }[] = [];
  for (const m of ring.recruits) {
    const ship = shipHashOf(plan, m);
    for (let k = rng.int(1, 3); k > 0; k--) {
      const p = rng.pick(ring.products);
      const placed = start + rng.int(0, length);
      const cents = plan.priceCents[p];
      const id = ctx.orderId();
      const keyword = rng.chance(0.6) ? NOUNS[plan.noun[p]].keyword : undefined;
      const browse = rng.chance(0.6) ? Math.round(rng.logRange(60, 600)) : undefined;
      out.orders.row([
        id,
        accountId(m),
        productId(p),
        iso(placed),
        money(cents),
        keyword,
        browse,
        rng.chance(0.8) ? ship : undefined,
      ]);
      const reviewed = placed + rng.int(12 * T.HOUR, 72 * T.HOUR);
      review(ctx, m, p, id, reviewed, reviewText(rng, 5));
      const commission = fixedCommission ? rng.int(300, 1500) : Math.max(1, Math.round(cents * rng.range(0.05, 0.15)));
      const at = reviewed + rng.int(T.HOUR, 48 * T.HOUR);
      const row = cashbackRow(ctx, rng, payer, m, cents + commission, at, id);
      payouts.push({ at, row, cents: cents + commission });
    }
  }
  if (ring.intermediary >= 0) {
    // The organiser funds the intermediary in 1-3 lump sums, each ahead of the payouts it covers.
    payouts.sort((a, b) => a.at - b.at);
    const chunks = Math.min(payouts.length, rng.int(1, 3));
    for (let c = 0; c < chunks; c++) {
      const part = payouts.slice(
        Math.floor((c * payouts.length) / chunks),
        Math.floor(((c + 1) * payouts.length) / chunks),
      );
      const sum = part.reduce((s, x) => s + x.cents, 0);
      const lump = Math.ceil(sum / 10000) * 10000;
      out.payments.row([
        ctx.paymentId(),
        accountId(ring.organiser),
        accountId(ring.intermediary),
        money(lump),
        iso(part[0].at - rng.int(2 * T.HOUR, 72 * T.HOUR)),
        undefined,
        rng.pick(LUMP_MEMOS),
      ]);
    }
  }
  for (const p of payouts) out.payments.row(p.row);
}

/** Lockstep: every member buys at least 80% of the targets within ±20 min of each target's centre time. */
function writeCoord(ctx: Context, rng: Rng, ring: CoordRing): void {
  const { plan, out } = ctx;
  const base = coordBase(rng);
  const m = ring.products.length;
  const need = Math.ceil(0.8 * m);
  for (const a of ring.members) {
    const ship = shipHashOf(plan, a);
    const chosen = ring.products.map(() => rng.chance(0.9));
    for (let count = chosen.filter(Boolean).length; count < need;) {
      const k = rng.int(0, m - 1);
      if (!chosen[k]) {
        chosen[k] = true;
        count++;
      }
    }
    for (let k = 0; k < m; k++) {
      if (!chosen[k]) continue;
      const p = ring.products[k];
      const placed = ring.centres[k] + rng.int(-20 * T.MINUTE, 20 * T.MINUTE);
      const id = ctx.orderId();
      out.orders.row([
        id,
        accountId(a),
        productId(p),
        iso(placed),
        money(plan.priceCents[p]),
        NOUNS[plan.noun[p]].keyword,
        rng.int(300, 420),
        rng.chance(0.8) ? ship : undefined,
      ]);
      review(ctx, a, p, id, placed + rng.int(T.HOUR, 12 * T.HOUR), coordText(rng, base));
    }
  }
}

/** Friends settle bills among themselves at random times, unrelated to orders. */
function writeFriends(ctx: Context, rng: Rng, g: Friends): void {
  for (let k = rng.int(3, 12); k > 0; k--) {
    const [a, b] = rng.sample(g.members.length, 2).map((j) => g.members[j]);
    const at = rng.int(ACTIVITY_START, ACTIVITY_END - T.DAY);
    ctx.out.payments.row([
      ctx.paymentId(),
      accountId(a),
      accountId(b),
      money(Math.round(rng.logRange(800, 30000))),
      iso(at),
      undefined,
      rng.pick(FRIEND_MEMOS),
    ]);
  }
}
