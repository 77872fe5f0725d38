// Plans a dataset before any row is written: merchants, products, popularity, and who is in which ring or negative group.
import { ACTIVITY_START, ACCOUNTS_END, ACCOUNTS_START, ORDERS_END, T } from './format';
import { mix32, Rng } from './prng';
import { NOUNS, REGIONS } from './vocabulary';

/** What an account is, besides a shopper; one role per account, so negatives never overlap rings. */
export const Role = {
  Normal: 0,
  Owner: 1,
  Farm: 2,
  CashbackMember: 3,
  Organiser: 4,
  Intermediary: 5,
  Coord: 6,
  Household: 7,
  Public: 8,
  Flash: 9,
  Friends: 10,
} as const;

export function isRingRole(role: number): boolean {
  return role >= Role.Farm && role <= Role.Coord;
}

/** Merchant flags: ring targets never refund, so refund owners stay hard negatives. */
export const Shop = { Plain: 0, Target: 1, RefundLight: 2, RefundHeavy: 3 } as const;
export const REFUND_RATE: Record<number, number> = { [Shop.RefundLight]: 0.04, [Shop.RefundHeavy]: 0.25 };

interface GroupBase {
  /** Ring or group id as written to rings.csv / negatives.csv. */
  id: string;
  /** Account indexes; for cashback the organiser and intermediary are included. */
  members: number[];
  /** The group's rows are written right after this account's (its lowest member), so ids interleave. */
  emitAt: number;
  /** Ordinal within its kind, from 0; seeds the group's own random stream and its IPs. */
  ordinal: number;
}

export interface FarmRing extends GroupBase {
  kind: 'shared_device';
  products: number[];
  /**
   * An account that also pays the farm's accounts back after their 5-star reviews (a farm run for cashback: both
   * detectors catch it, one COMBINED ring), or -1. Not in `members`: it is not on the farm's phones.
   */
  organiser: number;
  deviceCount: number;
  /** Members' accounts are created within days of this. */
  createdBase: number;
  region: string;
}

export interface CashbackRing extends GroupBase {
  kind: 'cashback';
  organiser: number;
  /** -1 when the organiser pays the reviewers directly. */
  intermediary: number;
  recruits: number[];
  merchant: number;
  ownerIsOrganiser: boolean;
  products: number[];
}

export interface CoordRing extends GroupBase {
  kind: 'coordinated_purchase';
  products: number[];
  /** Centre time t_p of each target product (same order as products), whole seconds. */
  centres: number[];
}

export interface Household extends GroupBase {
  kind: 'household';
  region: string;
  /** The shared tablet's device id, given when the first member is written. */
  tablet?: string;
}

export interface Terminal extends GroupBase {
  kind: 'public_terminal';
  /**
   * `nat`: a campus NAT, one IP over everyone's own devices. `cafe`: an internet-cafe PC (one device, one IP).
   * `kiosk`: a shop's in-store ordering tablet: everyone who uses it buys from that shop, many give 5 stars.
   */
  place: 'cafe' | 'nat' | 'kiosk';
  /** The kiosk's shop, or -1. */
  merchant: number;
  device?: string;
}

export interface FlashSale extends GroupBase {
  kind: 'flash_sale';
  products: number[];
  /** The sale opens at start; every order falls in [start, start + 600). */
  start: number;
}

export interface Friends extends GroupBase {
  kind: 'friends';
}

export type Ring = FarmRing | CashbackRing | CoordRing;
export type Group = Ring | Household | Terminal | FlashSale | Friends;
export type RingKind = Ring['kind'];
export type NegativeKind = Exclude<Group, Ring>['kind'] | 'refund';

/** Accounts a dataset can hold: IPs are built from the account index (24 bits). */
export const MAX_ACCOUNTS = 1 << 24;
export const MIN_ACCOUNTS = 10;

/** Counts chosen for N accounts: groups per 1,000s of accounts, with floors so that N >= 1000 has every kind. */
export function populationSizes(n: number) {
  const big = n >= 1000;
  const some = n >= 150;
  return {
    merchants: Math.max(Math.min(8, n), Math.round(n / 100)),
    products: Math.max(40, Math.round(n / 10)),
    farmRings: big ? Math.max(2, Math.round(n / 1500)) : some ? 1 : 0,
    cashbackRings: big ? Math.max(2, Math.round(n / 1500)) : some ? 1 : 0,
    coordRings: big ? Math.max(1, Math.round(n / 2000)) : some ? 1 : 0,
    /** About 3% of accounts live in households of 2-4 (mean 3). */
    households: Math.round((n * 0.03) / 3),
    /** At least one of each place (cafe, campus NAT, in-store kiosk). */
    terminals: big ? Math.max(3, Math.round(n / 25000)) : 0,
    /** 100-300 accounts per terminal, but never more than a tenth of the population. */
    terminalCap: Math.floor(n / 10),
    flashSales: big ? Math.max(1, Math.round(n / 5000)) : 0,
    flashCap: Math.floor(n * 0.12),
    /** About 1% of accounts in friend groups of 3-6. */
    friendGroups: Math.round((n * 0.01) / 4.5),
  };
}

export interface Plan {
  n: number;
  seed: number;
  role: Uint8Array;
  /** Index into groups, or -1. */
  groupOf: Int32Array;
  groups: Group[];
  rings: Ring[];
  merchants: number;
  owner: Int32Array;
  shop: Uint8Array;
  products: number;
  merchantOf: Int32Array;
  priceCents: Int32Array;
  noun: Uint8Array;
  /** Products of merchant m are byMerchant[merchantStart[m] .. merchantStart[m + 1]). */
  merchantStart: Int32Array;
  byMerchant: Int32Array;
  /** Popularity: cumulative Zipf weights by rank, and the product at each rank. */
  cdf: Float64Array;
  rankProduct: Int32Array;
}

const ZIPF_EXPONENT = 0.9;

/** A product drawn by popularity (Zipf over a random ranking of products). */
export function popularProduct(plan: Plan, rng: Rng): number {
  const cdf = plan.cdf;
  const x = rng.float() * cdf[cdf.length - 1];
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return plan.rankProduct[lo];
}

/** The shipping-address hash of an account: one per account, shared within a household. */
export function shipHashOf(plan: Plan, account: number): string {
  const g = plan.groupOf[account];
  const key = g >= 0 && plan.groups[g].kind === 'household' ? 0x40000000 + g : account;
  const a = mix32(key ^ Math.imul(plan.seed, 0x2545f491));
  const b = mix32(a ^ key);
  return 'sh' + a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0').slice(0, 4);
}

export function planPopulation(n: number, seed: number): Plan {
  if (!Number.isInteger(n) || n < MIN_ACCOUNTS || n > MAX_ACCOUNTS)
    throw new RangeError(`accounts must be a whole number from ${MIN_ACCOUNTS} to ${MAX_ACCOUNTS}, not ${n}`);
  const rng = new Rng(seed, 0);
  const sizes = populationSizes(n);
  const role = new Uint8Array(n);
  const groupOf = new Int32Array(n).fill(-1);
  let free = n;

  /** A random account that has no role yet, or -1 when none is left. */
  const pickFree = (): number => {
    if (free === 0) return -1;
    for (let tries = 0; tries < 64; tries++) {
      const i = Math.floor(rng.float() * n);
      if (role[i] === Role.Normal) return i;
    }
    const start = Math.floor(rng.float() * n);
    for (let k = 0; k < n; k++) {
      const i = (start + k) % n;
      if (role[i] === Role.Normal) return i;
    }
    return -1;
  };
  const take = (i: number, r: number, g: number): void => {
    if (role[i] === Role.Normal) free--;
    role[i] = r;
    groupOf[i] = g;
  };
  /** Up to k accounts with no role, taking them; fewer when the population runs out. */
  const takeFree = (k: number, r: number, g: number): number[] => {
    const out: number[] = [];
    for (let j = 0; j < k; j++) {
      const i = pickFree();
      if (i < 0) break;
      take(i, r, g);
      out.push(i);
    }
    return out;
  };

  // Merchants, their owners (accounts) and products.
  const M = sizes.merchants;
  const P = sizes.products;
  const owner = new Int32Array(M);
  for (let m = 0; m < M; m++) {
    owner[m] = pickFree();
    take(owner[m], Role.Owner, -1);
  }
  const merchantOf = new Int32Array(P);
  const priceCents = new Int32Array(P);
  const noun = new Uint8Array(P);
  const perShop = Math.min(3, Math.floor(P / M));
  for (let p = 0; p < P; p++) {
    merchantOf[p] = p < perShop * M ? p % M : Math.floor(rng.float() * M);
    let cents = Math.round(rng.logRange(5, 500) * 100);
    const ending = rng.int(0, 3);
    if (ending === 0) cents = Math.max(500, cents - (cents % 100) + 90);
    else if (ending === 1) cents = Math.max(500, cents - (cents % 100));
    priceCents[p] = Math.min(cents, 50000);
    noun[p] = rng.int(0, NOUNS.length - 1);
  }
  const merchantStart = new Int32Array(M + 1);
  for (let p = 0; p < P; p++) merchantStart[merchantOf[p] + 1]++;
  for (let m = 0; m < M; m++) merchantStart[m + 1] += merchantStart[m];
  const byMerchant = new Int32Array(P);
  const fill = merchantStart.slice(0, M);
  for (let p = 0; p < P; p++) byMerchant[fill[merchantOf[p]]++] = p;

  const rankProduct = new Int32Array(P);
  for (let p = 0; p < P; p++) rankProduct[p] = p;
  for (let p = P - 1; p > 0; p--) {
    const j = Math.floor(rng.float() * (p + 1));
    const t = rankProduct[p];
    rankProduct[p] = rankProduct[j];
    rankProduct[j] = t;
  }
  const cdf = new Float64Array(P);
  let acc = 0;
  for (let r = 0; r < P; r++) cdf[r] = acc += Math.pow(r + 1, -ZIPF_EXPONENT);

  const shop = new Uint8Array(M);
  const pickTargetShop = (): number => {
    for (let tries = 0; tries < 64; tries++) {
      const m = Math.floor(rng.float() * M);
      if (shop[m] === Shop.Plain) {
        shop[m] = Shop.Target;
        return m;
      }
    }
    const m = Math.floor(rng.float() * M);
    shop[m] = Shop.Target;
    return m;
  };
  const productsOf = (m: number, k: number): number[] => {
    const all = Array.from(byMerchant.subarray(merchantStart[m], merchantStart[m + 1]));
    return rng.sample(all.length, Math.min(k, all.length)).map((j) => all[j]);
  };

  const groups: Group[] = [];
  const rings: Ring[] = [];
  const add = <G extends Group>(g: G): G => {
    g.emitAt = Math.min(...g.members);
    groups.push(g);
    return g;
  };
  /** Keep at least half of the population free for ordinary shopping. */
  const affordable = (k: number): boolean => free - k >= n / 2;

  // Device farms; every third from the second is a group-control box: 35-60 accounts on one or two phones, above the hub cut-off.
  for (let r = 0; r < sizes.farmRings; r++) {
    const large = r % 3 === 1;
    const size = large ? rng.int(35, 60) : rng.int(6, 25);
    if (!affordable(size)) break;
    const products: number[] = [];
    for (let s = rng.int(1, 2); s > 0; s--) products.push(...productsOf(pickTargetShop(), rng.int(1, 4)));
    const g = groups.length;
    const members = takeFree(size, Role.Farm, g);
    // The third farm and every fourth after it is also a cashback operation.
    const organiser = r % 4 === 2 ? (takeFree(1, Role.Organiser, g)[0] ?? -1) : -1;
    const ring = add<FarmRing>({
      kind: 'shared_device',
      id: `ring-sd-${r + 1}`,
      ordinal: r,
      members,
      organiser,
      emitAt: 0,
      products,
      deviceCount: large ? rng.int(1, 2) : rng.int(2, 5),
      createdBase: ACCOUNTS_START + rng.int(200, 700) * T.DAY,
      region: rng.pick(REGIONS),
    });
    rings.push(ring);
  }

  // Cashback rings.
  for (let r = 0; r < sizes.cashbackRings; r++) {
    const size = rng.int(6, 20);
    if (!affordable(size + 2)) break;
    const g = groups.length;
    const merchant = pickTargetShop();
    // Alternating variants: even rings are run by the shop's owner, every third ring pays through an intermediary.
    const ownerIsOrganiser = r % 2 === 0 && role[owner[merchant]] === Role.Owner;
    let organiser = owner[merchant];
    if (ownerIsOrganiser) take(organiser, Role.Organiser, g);
    else organiser = takeFree(1, Role.Organiser, g)[0];
    const intermediary = r % 3 === 1 ? takeFree(1, Role.Intermediary, g)[0] : -1;
    const recruits = takeFree(size, Role.CashbackMember, g);
    const ring = add<CashbackRing>({
      kind: 'cashback',
      id: `ring-cb-${r + 1}`,
      ordinal: r,
      members: [organiser, ...(intermediary >= 0 ? [intermediary] : []), ...recruits],
      emitAt: 0,
      organiser,
      intermediary,
      recruits,
      merchant,
      ownerIsOrganiser,
      products: productsOf(merchant, 5),
    });
    rings.push(ring);
  }

  // Coordinated purchases (lockstep).
  for (let r = 0; r < sizes.coordRings; r++) {
    const size = rng.int(8, 30);
    if (!affordable(size)) break;
    const want = rng.int(4, 8);
    const shops = rng.int(1, 3);
    const products: number[] = [];
    for (let s = 0; s < shops || products.length < want; s++) {
      const m = pickTargetShop();
      for (const p of productsOf(m, Math.ceil(want / shops)))
        if (products.length < want && !products.includes(p)) products.push(p);
      if (s > 20) break;
    }
    const centres: number[] = [];
    let t = ACTIVITY_START + 10 * T.DAY + rng.int(0, ORDERS_END - ACTIVITY_START - 40 * T.DAY);
    for (let k = 0; k < products.length; k++) {
      centres.push(t);
      t += rng.int(3 * T.HOUR, 3 * T.DAY);
    }
    const g = groups.length;
    const ring = add<CoordRing>({
      kind: 'coordinated_purchase',
      id: `ring-cp-${r + 1}`,
      ordinal: r,
      members: takeFree(size, Role.Coord, g),
      emitAt: 0,
      products,
      centres,
    });
    rings.push(ring);
  }

  // Refunding shops: among the shops no ring targets.
  for (let m = 0; m < M; m++) {
    if (shop[m] !== Shop.Plain) continue;
    const x = rng.float();
    if (x < 0.02) shop[m] = Shop.RefundHeavy;
    else if (x < 0.17) shop[m] = Shop.RefundLight;
  }
  if (M >= 8 && !shop.includes(Shop.RefundHeavy)) {
    const m = shop.indexOf(Shop.Plain);
    if (m >= 0) shop[m] = Shop.RefundHeavy;
  }

  // Households sharing a tablet and a home IP.
  for (let h = 0; h < sizes.households; h++) {
    const size = rng.int(2, 4);
    if (!affordable(size)) break;
    const g = groups.length;
    add<Household>({
      kind: 'household',
      id: `hh-${h + 1}`,
      ordinal: h,
      members: takeFree(size, Role.Household, g),
      emitAt: 0,
      region: rng.pick(REGIONS),
    });
  }

  // Public terminals, campus NATs and in-store kiosks.
  for (let t = 0; t < sizes.terminals; t++) {
    const size = Math.min(rng.int(100, 300), sizes.terminalCap);
    if (!affordable(size)) break;
    const g = groups.length;
    const place = (['cafe', 'nat', 'kiosk'] as const)[t % 3];
    let merchant = -1;
    if (place === 'kiosk')
      for (let tries = 0; tries < 64 && (merchant < 0 || shop[merchant] === Shop.Target); tries++)
        merchant = Math.floor(rng.float() * M);
    add<Terminal>({
      kind: 'public_terminal',
      id: `pt-${t + 1}`,
      ordinal: t,
      members: takeFree(size, Role.Public, g),
      emitAt: 0,
      place,
      merchant,
    });
  }

  // Flash sales: popular products of ordinary shops, one 10-minute window, on the hour.
  const popularCut = Math.min(P, 200);
  for (let e = 0; e < sizes.flashSales; e++) {
    const size = Math.min(rng.int(150, 500), sizes.flashCap);
    if (!affordable(size)) break;
    const products: number[] = [];
    for (let k = rng.int(1, 3), tries = 0; products.length < k && tries < 100; tries++) {
      const p = rankProduct[rng.int(0, popularCut - 1)];
      if (shop[merchantOf[p]] !== Shop.Target && !products.includes(p)) products.push(p);
    }
    const day = rng.int(5, Math.floor((ORDERS_END - ACTIVITY_START) / T.DAY) - 1);
    const start = ACTIVITY_START + day * T.DAY + rng.pick([2, 4, 12, 13]) * T.HOUR;
    const g = groups.length;
    add<FlashSale>({
      kind: 'flash_sale',
      id: `fs-${e + 1}`,
      ordinal: e,
      members: takeFree(size, Role.Flash, g),
      emitAt: 0,
      products,
      start,
    });
  }

  // Friends settling bills.
  for (let f = 0; f < sizes.friendGroups; f++) {
    const size = rng.int(3, 6);
    if (!affordable(size)) break;
    const g = groups.length;
    add<Friends>({
      kind: 'friends',
      id: `fr-${f + 1}`,
      ordinal: f,
      members: takeFree(size, Role.Friends, g),
      emitAt: 0,
    });
  }

  return {
    n,
    seed,
    role,
    groupOf,
    groups,
    rings,
    merchants: M,
    owner,
    shop,
    products: P,
    merchantOf,
    priceCents,
    noun,
    merchantStart,
    byMerchant,
    cdf,
    rankProduct,
  };
}

/** Account creation time for ordinary accounts. */
export function randomCreatedAt(rng: Rng): number {
  return rng.int(ACCOUNTS_START, ACCOUNTS_END - 1);
}
