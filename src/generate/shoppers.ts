// Writes one account and its ordinary life: devices, shopping, reviews, likes, refunds, flash-sale buys.
import { accountId, Context, ownIp, productId, reviewId } from './context';
import { ACTIVITY_END, ACTIVITY_START, iso, money, ORDERS_END, T } from './format';
import {
  FlashSale,
  Household,
  isRingRole,
  Plan,
  popularProduct,
  REFUND_RATE,
  Role,
  shipHashOf,
  Shop,
  Terminal,
  randomCreatedAt,
  FarmRing,
} from './population';
import { Rng } from './prng';
import { FLASH_KEYWORD, normalRating, NOUNS, REFUND_MEMOS, refundRating, REGIONS, reviewText } from './vocabulary';

/** How many ordinary orders an account places over the window, by role. */
function ordinaryOrderCount(rng: Rng, role: number): number {
  switch (role) {
    case Role.Farm:
      return rng.int(1, 4); // camouflage
    case Role.Coord:
      return rng.int(2, 6);
    case Role.Intermediary:
      return rng.int(0, 3);
    default:
      return rng.int(2, 8);
  }
}

/** A popular product; ring members' ordinary buys avoid ring target shops so that planted activity stays exact. */
function ordinaryProduct(plan: Plan, rng: Rng, role: number): number {
  let p = popularProduct(plan, rng);
  if (isRingRole(role))
    for (let k = 0; k < 20 && plan.shop[plan.merchantOf[p]] === Shop.Target; k++) p = popularProduct(plan, rng);
  return p;
}

export function writeAccount(ctx: Context, rng: Rng, i: number): void {
  const { plan, out } = ctx;
  const role = plan.role[i];
  const g = plan.groupOf[i] >= 0 ? plan.groups[plan.groupOf[i]] : undefined;
  const id = accountId(i);

  // accounts.csv
  let created: number;
  let region: string | undefined = rng.pick(REGIONS);
  let phone: string | undefined = rng.chance(0.9) ? rng.hex(16) : undefined;
  if (g?.kind === 'shared_device') {
    created = (g as FarmRing).createdBase + rng.int(0, 5 * T.DAY);
    if (rng.chance(0.8)) region = g.region;
    if (rng.chance(0.4)) phone = undefined;
  } else {
    created = randomCreatedAt(rng);
    if (g?.kind === 'household') region = g.region;
    else if (rng.chance(0.05)) region = undefined;
  }
  out.accounts.row([id, iso(created), region, phone]);

  // account_devices.csv: farm accounts live only on the farm's phones (written with their ring).
  const firstSeen = (): number => created + rng.int(0, 30 * T.DAY);
  const lastSeen = (): number => Math.min(ACTIVITY_END, ACTIVITY_START + rng.int(150, 185) * T.DAY);
  let kioskSession = -1;
  if (role !== Role.Farm) {
    const home = g?.kind === 'household' ? householdIp(g.ordinal) : undefined;
    // A fifth of a cafe's or kiosk's visitors are never seen on a device of their own: only on the shared one.
    const sharedOnly = g?.kind === 'public_terminal' && (g as Terminal).place !== 'nat' && rng.chance(0.2);
    const devices = sharedOnly ? 0 : rng.chance(0.3) ? 2 : 1;
    let first = '';
    for (let k = 0; k < devices; k++) {
      const device = ctx.deviceId();
      if (k === 0) first = device;
      out.account_devices.row([id, device, iso(firstSeen()), iso(lastSeen()), home ?? ownIp(i, k)]);
      // A household member's phone is also seen on mobile data, on an IP of its own.
      if (home && k === 0 && rng.chance(0.5))
        out.account_devices.row([id, device, iso(firstSeen()), iso(lastSeen()), ownIp(i, 1)]);
    }
    if (g?.kind === 'household') {
      const h = g as Household;
      h.tablet ??= ctx.deviceId();
      out.account_devices.row([id, h.tablet, iso(firstSeen()), iso(lastSeen()), home]);
    } else if (g?.kind === 'public_terminal') {
      const t = g as Terminal;
      const at = rng.int(ACTIVITY_START, Math.min(ACTIVITY_END, ORDERS_END) - 6 * T.HOUR);
      const session = [iso(at), iso(at + rng.int(T.HOUR, 5 * T.HOUR))];
      if (t.place === 'nat') out.account_devices.row([id, first, session[0], session[1], terminalIp(t)]);
      else {
        if (t.place === 'kiosk') kioskSession = at;
        t.device ??= ctx.deviceId();
        out.account_devices.row([id, t.device, session[0], session[1], terminalIp(t)]);
      }
    }
  }

  // Ordinary shopping.
  const ship = shipHashOf(plan, i);
  let refundListed = false;
  for (let k = ordinaryOrderCount(rng, role); k > 0; k--) {
    const p = ordinaryProduct(plan, rng, role);
    const placed = rng.int(ACTIVITY_START, ORDERS_END - 1);
    const qty = rng.chance(0.85) ? 1 : rng.chance(0.67) ? 2 : 3;
    const orderId = writeOrder(ctx, rng, i, p, placed, plan.priceCents[p] * qty, ship);
    const m = plan.merchantOf[p];
    const owner = plan.owner[m];
    const refundRate = REFUND_RATE[plan.shop[m]] ?? 0;
    if (refundRate > 0 && owner !== i && !isRingRole(role) && rng.chance(refundRate)) {
      writeRefund(ctx, rng, i, p, orderId, placed, plan.priceCents[p] * qty);
      if (role === Role.Normal && !refundListed) {
        refundListed = true;
        out.negatives.row([`rf-${m}`, 'refund', id]);
      }
    } else if (rng.chance(0.6)) {
      writeReview(ctx, rng, i, p, orderId, placed + rng.int(T.DAY, 10 * T.DAY), normalRating(rng), true);
    }
  }

  if (g?.kind === 'flash_sale') writeFlashBuys(ctx, rng, i, g as FlashSale, ship);
  if (kioskSession >= 0) writeKioskBuy(ctx, rng, i, g as Terminal, kioskSession, ship);

  // Likes on other people's recent reviews.
  if (ctx.recentSize > 0 && rng.chance(0.25)) {
    const liked: number[] = [];
    for (let k = rng.int(1, 3); k > 0; k--) {
      const j = Math.floor(rng.float() * ctx.recentSize);
      const review = ctx.recentReview[j];
      const time = ctx.recentTime[j];
      if (ctx.recentAuthor[j] === i || liked.includes(review) || time >= ACTIVITY_END - T.HOUR) continue;
      liked.push(review);
      const at = Math.min(ACTIVITY_END, time + Math.max(1, Math.floor(rng.logRange(60, 20 * T.DAY))));
      out.review_likes.row([id, reviewId(review), iso(at)]);
    }
  }
}

export function householdIp(ordinal: number): string {
  return `172.${16 + ((ordinal >>> 16) & 15)}.${(ordinal >>> 8) & 255}.${ordinal & 255}`;
}

function terminalIp(t: Terminal): string {
  const net = { cafe: 18, nat: 19, kiosk: 20 }[t.place];
  return `198.${net}.${(t.ordinal >>> 8) & 255}.${t.ordinal & 255}`;
}

/** A visitor of an in-store kiosk orders from its shop there and then; most review it, many with 5 stars. */
function writeKioskBuy(ctx: Context, rng: Rng, i: number, t: Terminal, session: number, ship: string): void {
  const { plan } = ctx;
  const from = plan.merchantStart[t.merchant];
  const count = plan.merchantStart[t.merchant + 1] - from;
  if (count === 0) return;
  const p = plan.byMerchant[from + rng.int(0, count - 1)];
  const placed = session + rng.int(60, 45 * 60);
  const orderId = writeOrder(ctx, rng, i, p, placed, plan.priceCents[p], ship);
  if (rng.chance(0.8))
    writeReview(
      ctx,
      rng,
      i,
      p,
      orderId,
      placed + rng.int(T.HOUR, 5 * T.DAY),
      rng.chance(0.7) ? 5 : normalRating(rng),
      true,
    );
}

/** Writes an ordinary order (keyword, dwell time and address present on some) and returns its id. */
function writeOrder(ctx: Context, rng: Rng, i: number, p: number, placed: number, cents: number, ship: string): string {
  const id = ctx.orderId();
  const keyword = rng.chance(0.5) ? NOUNS[ctx.plan.noun[p]].keyword : undefined;
  const browse = rng.chance(0.5) ? Math.round(rng.logRange(20, 1800)) : undefined;
  ctx.out.orders.row([
    id,
    accountId(i),
    productId(p),
    iso(placed),
    money(cents),
    keyword,
    browse,
    rng.chance(0.8) ? ship : undefined,
  ]);
  return id;
}

/** Writes a review of an order (order_id on 90% of them) and offers it for likes. */
function writeReview(
  ctx: Context,
  rng: Rng,
  i: number,
  p: number,
  orderId: string,
  at: number,
  rating: number,
  likeable: boolean,
): void {
  const n = ctx.reviewNumber();
  ctx.out.reviews.row([
    reviewId(n),
    accountId(i),
    productId(p),
    rating,
    iso(at),
    rng.chance(0.9) ? orderId : undefined,
    reviewText(rng, rating),
  ]);
  if (likeable) ctx.rememberReview(n, at, i);
}

/** A return: the shop owner pays back the amount or part of it; a low review goes with about half. */
function writeRefund(
  ctx: Context,
  rng: Rng,
  i: number,
  p: number,
  orderId: string,
  placed: number,
  cents: number,
): void {
  const { plan, out } = ctx;
  const m = plan.merchantOf[p];
  ctx.refunds[m]++;
  const paidAt = placed + rng.int(T.DAY, 7 * T.DAY);
  const amount = rng.chance(0.75) ? cents : Math.max(1, Math.floor(cents * rng.range(0.3, 0.9)));
  out.payments.row([
    ctx.paymentId(),
    accountId(plan.owner[m]),
    accountId(i),
    money(amount),
    iso(paidAt),
    rng.chance(0.8) ? orderId : undefined,
    rng.pick(REFUND_MEMOS),
  ]);
  if (rng.chance(0.5)) {
    const at = Math.max(placed + 2 * T.HOUR, paidAt + rng.int(-T.DAY, T.DAY));
    writeReview(ctx, rng, i, p, orderId, at, refundRating(rng), true);
  }
}

/** Every flash-sale buyer buys most of the sale's products in its 10-minute window, at a discount. */
function writeFlashBuys(ctx: Context, rng: Rng, i: number, sale: FlashSale, ship: string): void {
  const { plan, out } = ctx;
  const chosen = sale.products.filter(() => rng.chance(0.8));
  if (chosen.length === 0) chosen.push(rng.pick(sale.products));
  for (const p of chosen) {
    const id = ctx.orderId();
    const placed = sale.start + rng.int(0, 599);
    const cents = Math.max(100, Math.round(plan.priceCents[p] * rng.range(0.5, 0.8)));
    const x = rng.float();
    const keyword = x < 0.4 ? FLASH_KEYWORD : x < 0.7 ? NOUNS[plan.noun[p]].keyword : undefined;
    const browse = rng.chance(0.6) ? rng.int(5, 90) : undefined;
    out.orders.row([
      id,
      accountId(i),
      productId(p),
      iso(placed),
      money(cents),
      keyword,
      browse,
      rng.chance(0.8) ? ship : undefined,
    ]);
    if (rng.chance(0.5)) writeReview(ctx, rng, i, p, id, placed + rng.int(T.DAY, 10 * T.DAY), normalRating(rng), true);
  }
}
