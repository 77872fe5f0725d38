// The field generator's world: catalog, id counters and one writer per entity; planners act through it.
import { accountId, merchantId, ownIp, productId, reviewId } from '../context';
import { RowWriter } from '../csv-writer';
import { ACCOUNTS_END, ACCOUNTS_START, ACTIVITY_END, ACTIVITY_START, iso, money, ORDERS_END, T } from '../format';
import { mix32, Rng } from '../prng';
import { DataFile, TruthFile } from '../schema';
import { Noun, NOUNS, productTitle, REGIONS, shopName } from '../vocabulary';
import { genuineText } from './texts';

export type Writers = Record<DataFile | TruthFile, RowWriter>;

export interface OrderFields {
  cents?: number;
  keyword?: string;
  browse?: number;
  ship?: string;
}

export interface ShoppingOptions {
  /** Merchants whose products this shopping avoids (ring targets a member must be new to). */
  avoid?: ReadonlySet<number>;
  from?: number;
  to?: number;
  /** Share of orders reviewed; the account's own habit when absent. */
  reviewShare?: number;
}

/** Background habits, drawn from the `background` planner's parameters. */
export interface Habits {
  reviewShare: [number, number];
  genericTextShare: number;
  likeShare: number;
}

const ZIPF_EXPONENT = 0.9;
const RECENT = 4096;

/** Star ratings of genuine reviews, J-shaped as on real platforms: about 60% 5-star, a bump at 1. */
export function genuineRating(rng: Rng): number {
  const x = rng.float();
  return x < 0.6 ? 5 : x < 0.8 ? 4 : x < 0.87 ? 3 : x < 0.91 ? 2 : 1;
}

export class World {
  accounts = 0;
  private orderNo = 0;
  private reviewNo = 0;
  private paymentNo = 0;
  private deviceNo = 0;
  readonly merchants: number;
  readonly products: number;
  readonly merchantOf: Int32Array;
  readonly priceCents: Int32Array;
  readonly noun: Uint8Array;
  readonly owner: Int32Array;
  /** Products of merchant m: byMerchant[merchantStart[m] .. merchantStart[m + 1]). */
  readonly merchantStart: Int32Array;
  readonly byMerchant: Int32Array;
  /** Popularity rank -> product, and the cumulative Zipf weights by rank. */
  readonly rankProduct: Int32Array;
  private readonly cdf: Float64Array;
  /** Ordinary accounts no group has taken yet (crowds and rings draw members from here). */
  private readonly pool: number[] = [];
  /** Keys account * 65536 + merchant of every purchase: who is new to a shop. */
  private readonly bought = new Set<number>();
  /** Merchants a ring or crowd already uses, so that groups do not share a shop by accident. */
  readonly usedShops = new Set<number>();
  /** 5-star reviews per merchant (review number, time), for like brushing. */
  readonly fiveStars = new Map<number, { review: number[]; at: number[] }>();
  private readonly recentReview = new Int32Array(RECENT);
  private readonly recentTime = new Float64Array(RECENT);
  private recentCount = 0;
  private readonly reviewHabit: number[] = [];
  /** Each ordinary account's first phone, which it also brings onto shared networks. */
  readonly phoneOf: string[] = [];

  constructor(
    readonly seed: number,
    readonly out: Writers,
    readonly habits: Habits,
    merchants: number,
    products: number,
  ) {
    const rng = new Rng(seed, 1);
    this.merchants = merchants;
    this.products = products;
    this.owner = new Int32Array(merchants);
    for (let m = 0; m < merchants; m++) {
      this.owner[m] = this.newAccount(rng, ACCOUNTS_START + rng.int(0, 300) * T.DAY);
      out.merchants.row([merchantId(m), shopName(rng, m), accountId(this.owner[m])]);
    }
    this.merchantOf = new Int32Array(products);
    this.priceCents = new Int32Array(products);
    this.noun = new Uint8Array(products);
    for (let p = 0; p < products; p++) {
      this.merchantOf[p] = p < merchants ? p : rng.int(0, merchants - 1);
      this.priceCents[p] = Math.min(50000, Math.max(300, Math.round(rng.logRange(5, 500)) * 100 - 10));
      this.noun[p] = rng.int(0, NOUNS.length - 1);
      out.products.row([
        productId(p),
        merchantId(this.merchantOf[p]),
        productTitle(rng, this.nounOf(p)),
        money(this.priceCents[p]),
      ]);
    }
    this.merchantStart = new Int32Array(merchants + 1);
    for (let p = 0; p < products; p++) this.merchantStart[this.merchantOf[p] + 1]++;
    for (let m = 0; m < merchants; m++) this.merchantStart[m + 1] += this.merchantStart[m];
    this.byMerchant = new Int32Array(products);
    const fill = this.merchantStart.slice(0, merchants);
    for (let p = 0; p < products; p++) this.byMerchant[fill[this.merchantOf[p]]++] = p;
    this.rankProduct = new Int32Array(products);
    for (let p = 0; p < products; p++) this.rankProduct[p] = p;
    for (let p = products - 1; p > 0; p--) {
      const j = rng.int(0, p);
      [this.rankProduct[p], this.rankProduct[j]] = [this.rankProduct[j], this.rankProduct[p]];
    }
    this.cdf = new Float64Array(products);
    let acc = 0;
    for (let r = 0; r < products; r++) this.cdf[r] = acc += Math.pow(r + 1, -ZIPF_EXPONENT);
  }

  nounOf(p: number): Noun {
    return NOUNS[this.noun[p]];
  }

  productsOf(m: number): number[] {
    return Array.from(this.byMerchant.subarray(this.merchantStart[m], this.merchantStart[m + 1]));
  }

  /** A product by popularity (Zipf over a fixed random ranking). */
  popularProduct(rng: Rng): number {
    const x = rng.float() * this.cdf[this.cdf.length - 1];
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.rankProduct[lo];
  }

  /** A product among the `top` most popular. */
  topProduct(rng: Rng, top: number): number {
    return this.rankProduct[rng.int(0, Math.min(top, this.products) - 1)];
  }

  /** A shop no group uses yet, with at least one product; `popular` picks the shop of a popular product. */
  pickShop(rng: Rng, popular = false): number {
    for (let tries = 0; tries < 200; tries++) {
      const m = popular ? this.merchantOf[this.topProduct(rng, 50)] : rng.int(0, this.merchants - 1);
      if (!this.usedShops.has(m) && this.merchantStart[m + 1] > this.merchantStart[m]) {
        this.usedShops.add(m);
        return m;
      }
    }
    return this.merchantOf[rng.int(0, this.products - 1)];
  }

  /** Some products of shop m (at most k, at least one). */
  shopProducts(rng: Rng, m: number, k: number): number[] {
    const all = this.productsOf(m);
    return rng.sample(all.length, Math.max(1, Math.min(k, all.length))).map((j) => all[j]);
  }

  // --- one writer per entity ---------------------------------------------------------------------------------

  /** Writes an account row and returns its index. */
  newAccount(rng: Rng, created: number, region?: string): number {
    const i = this.accounts++;
    this.reviewHabit[i] = rng.range(...this.habits.reviewShare);
    this.out.accounts.row([
      accountId(i),
      iso(created),
      region ?? (rng.chance(0.95) ? rng.pick(REGIONS) : undefined),
      rng.chance(0.9) ? rng.hex(16) : undefined,
    ]);
    return i;
  }

  deviceId(): string {
    return `d${++this.deviceNo}`;
  }

  device(account: number, device: string, first: number, last: number, ip: string | undefined): void {
    this.out.account_devices.row([accountId(account), device, iso(first), iso(Math.max(first, last)), ip]);
  }

  order(account: number, p: number, at: number, fields: OrderFields = {}): string {
    const id = `o${++this.orderNo}`;
    this.bought.add(account * 65536 + this.merchantOf[p]);
    this.out.orders.row([
      id,
      accountId(account),
      productId(p),
      iso(at),
      money(fields.cents ?? this.priceCents[p]),
      fields.keyword,
      fields.browse,
      fields.ship,
    ]);
    return id;
  }

  review(account: number, p: number, at: number, rating: number, orderId?: string, text?: string): string {
    const n = ++this.reviewNo;
    at = Math.min(at, ACTIVITY_END);
    this.out.reviews.row([reviewId(n), accountId(account), productId(p), rating, iso(at), orderId, text]);
    if (rating === 5) {
      const m = this.merchantOf[p];
      const list = this.fiveStars.get(m) ?? this.fiveStars.set(m, { review: [], at: [] }).get(m)!;
      list.review.push(n);
      list.at.push(at);
    }
    const k = this.recentCount++ % RECENT;
    this.recentReview[k] = n;
    this.recentTime[k] = at;
    return reviewId(n);
  }

  payment(payer: number, payee: number, cents: number, at: number, orderId?: string, memo?: string): string {
    const id = `pay${++this.paymentNo}`;
    at = Math.min(at, ACTIVITY_END);
    this.out.payments.row([id, accountId(payer), accountId(payee), money(cents), iso(at), orderId, memo]);
    return id;
  }

  like(account: number, review: string, at: number): void {
    this.out.review_likes.row([accountId(account), review, iso(Math.min(at, ACTIVITY_END))]);
  }

  /** Ground truth: a planted ring (rings.csv) or an innocent crowd (negatives.csv). */
  truth(file: TruthFile, groupId: string, kind: string, members: readonly number[]): void {
    for (const m of new Set(members)) this.out[file].row([groupId, kind, accountId(m)]);
  }

  // --- ordinary life -----------------------------------------------------------------------------------------

  shipHash(account: number): string {
    const a = mix32(account ^ Math.imul(this.seed, 0x2545f491));
    return (
      'sh' +
      a.toString(16).padStart(8, '0') +
      mix32(a ^ account)
        .toString(16)
        .padStart(8, '0')
        .slice(0, 4)
    );
  }

  hasBought(account: number, m: number): boolean {
    return this.bought.has(account * 65536 + m);
  }

  /** An ordinary account: created any time in the account window, one or two phones of its own, its own shopping. */
  ordinaryAccount(rng: Rng, orders: number): number {
    const i = this.newAccount(rng, rng.int(ACCOUNTS_START, ACCOUNTS_END - 1));
    this.ownDevices(rng, i);
    this.shop(rng, i, orders);
    this.pool.push(i);
    return i;
  }

  ownDevices(rng: Rng, i: number): string[] {
    const devices: string[] = [];
    for (let k = rng.chance(0.3) ? 2 : 1; k > 0; k--) {
      const d = this.deviceId();
      devices.push(d);
      if (devices.length === 1) this.phoneOf[i] = d;
      this.device(
        i,
        d,
        ACTIVITY_START + rng.int(0, 30) * T.DAY,
        ACTIVITY_END - rng.int(0, 30) * T.DAY,
        ownIp(i, devices.length - 1),
      );
    }
    return devices;
  }

  /** k ordinary orders of popular products, reviewed as the account likes, then a few likes of recent reviews. */
  shop(rng: Rng, i: number, k: number, opts: ShoppingOptions = {}): void {
    const from = opts.from ?? ACTIVITY_START;
    const to = opts.to ?? ORDERS_END;
    const reviewShare = opts.reviewShare ?? this.reviewHabit[i] ?? 0.5;
    for (let j = 0; j < k; j++) {
      let p = this.popularProduct(rng);
      for (let t = 0; t < 20 && opts.avoid?.has(this.merchantOf[p]); t++) p = this.popularProduct(rng);
      if (opts.avoid?.has(this.merchantOf[p])) continue;
      const placed = rng.int(from, to - 1);
      this.ordinaryOrder(rng, i, p, placed, reviewShare);
    }
    if (this.recentCount > 0 && rng.chance(this.habits.likeShare))
      for (let j = rng.int(1, 3); j > 0; j--) {
        const r = Math.floor(rng.float() * Math.min(this.recentCount, RECENT));
        const at = this.recentTime[r] + Math.max(60, Math.floor(rng.logRange(60, 20 * T.DAY)));
        if (at < ACTIVITY_END) this.like(i, reviewId(this.recentReview[r]), at);
      }
  }

  /** One ordinary order (common keyword and dwell time on some), reviewed with a genuine rating and text. */
  ordinaryOrder(rng: Rng, i: number, p: number, placed: number, reviewShare: number, cents?: number): string {
    const id = this.order(i, p, placed, {
      cents: cents ?? this.priceCents[p] * (rng.chance(0.85) ? 1 : 2),
      keyword: rng.chance(0.5) ? this.nounOf(p).keyword : undefined,
      browse: rng.chance(0.5) ? Math.round(rng.logRange(20, 1800)) : undefined,
      ship: rng.chance(0.8) ? this.shipHash(i) : undefined,
    });
    if (rng.chance(reviewShare))
      this.genuineReview(rng, i, p, placed + Math.round(rng.logRange(T.HOUR, 20 * T.DAY)), id);
    return id;
  }

  genuineReview(rng: Rng, i: number, p: number, at: number, orderId?: string, rating = genuineRating(rng)): void {
    if (at >= ACTIVITY_END) return;
    this.review(
      i,
      p,
      at,
      rating,
      rng.chance(0.9) ? orderId : undefined,
      genuineText(rng, rating, this.nounOf(p), this.habits.genericTextShare),
    );
  }

  /** k ordinary accounts no group has taken yet (new ordinary accounts once the pool runs dry). */
  recruit(rng: Rng, k: number, ok: (i: number) => boolean = () => true): number[] {
    const out: number[] = [];
    let misses = 0;
    while (out.length < k) {
      if (this.pool.length === 0 || misses > 50) {
        const i = this.ordinaryAccount(rng, rng.int(1, 6));
        this.pool.pop();
        out.push(i);
        continue;
      }
      const j = rng.int(0, this.pool.length - 1);
      const i = this.pool[j];
      if (!ok(i)) {
        misses++;
        continue;
      }
      this.pool[j] = this.pool[this.pool.length - 1];
      this.pool.pop();
      out.push(i);
    }
    return out;
  }

  /** Activity time within the order window, leaving `room` seconds after it. */
  startTime(rng: Rng, room: number): number {
    return rng.int(ACTIVITY_START + T.DAY, Math.max(ACTIVITY_START + 2 * T.DAY, ORDERS_END - room));
  }
}
