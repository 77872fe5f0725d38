// The platform's own rates, read from the data: how often an order is followed by a boosting review, how often a
// review is boosting or low. Medians over shops, so that the few shops a ring targets cannot drag them.
import { Database } from '../db/database';
import { rows } from '../db/values';
import { median } from './null-model';

export interface BaseRates {
  /** Median over shops with enough orders of boosting reviews per order (capped at 1); the global ratio otherwise. */
  boostPerOrder: number;
  /** Median over shops with enough reviews of the share of reviews that are boosting. */
  boostShare: number;
  /** Median over shops with enough reviews of the share of reviews that are low. */
  lowShare: number;
  orders: number;
  reviews: number;
  merchants: number;
  /** Each shop's own counts, by merchant id. */
  shops: Map<string, ShopCounts>;
}

/** A shop needs this many orders (or reviews) before its rate counts towards the median: fewer is noise. */
export const MIN_SHOP_EVENTS = 20;

export interface ShopCounts {
  merchantId: string;
  orders: number;
  reviews: number;
  boosting: number;
  low: number;
}

/** Rates from per-shop counts; exported so a score can be tested without a database. */
export function baseRatesOf(shops: ShopCounts[]): BaseRates {
  const sum = (f: (s: ShopCounts) => number) => shops.reduce((t, s) => t + f(s), 0);
  const orders = sum((s) => s.orders);
  const reviews = sum((s) => s.reviews);
  const rate = (num: (s: ShopCounts) => number, den: (s: ShopCounts) => number): number => {
    const eligible = shops.filter((s) => den(s) >= MIN_SHOP_EVENTS);
    if (eligible.length >= 3) return median(eligible.map((s) => Math.min(1, num(s) / den(s))));
    const total = sum(den);
    return total === 0 ? 0 : Math.min(1, sum(num) / total);
  };
  return {
    boostPerOrder: rate(
      (s) => s.boosting,
      (s) => s.orders,
    ),
    boostShare: rate(
      (s) => s.boosting,
      (s) => s.reviews,
    ),
    lowShare: rate(
      (s) => s.low,
      (s) => s.reviews,
    ),
    orders,
    reviews,
    merchants: shops.length,
    shops: new Map(shops.map((s) => [s.merchantId, s])),
  };
}

/** A shop's orders and its reviews by rating, as detection/base-rate-ratings returns them. */
export interface ShopRatings {
  merchantId: string;
  orders: number;
  ratings: { rating: number | null; reviews: number }[];
}

/** A shop's counts at the given thresholds (a review without a rating is neither boosting nor low). */
export function shopCountsOf(shop: ShopRatings, minRating: number, maxLowRating: number): ShopCounts {
  const sum = (keep: (rating: number) => boolean) =>
    shop.ratings.reduce((t, r) => t + (r.rating !== null && keep(r.rating) ? r.reviews : 0), 0);
  return {
    merchantId: shop.merchantId,
    orders: shop.orders,
    reviews: shop.ratings.reduce((t, r) => t + r.reviews, 0),
    boosting: sum((rating) => rating >= minRating),
    low: sum((rating) => rating <= maxLowRating),
  };
}

/**
 * The base rates at these thresholds. The per-shop rating counts behind them do not depend on the thresholds, so a
 * run's handle (shared-reads.ts) reads them once for every detector.
 */
export async function readBaseRates(db: Database, minRating: number, maxLowRating = 1): Promise<BaseRates> {
  const shops = rows<ShopRatings>(await db.read('detection/base-rate-ratings'));
  return baseRatesOf(shops.map((shop) => shopCountsOf(shop, minRating, maxLowRating)));
}
