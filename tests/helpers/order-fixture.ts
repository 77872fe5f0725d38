// A marketplace built in a test: shops, products, orders with keywords and browse times, reviews with texts, written
// as NDJSON in the load format and loaded with the real loader; plus an ordinary background that reviews as people do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { loadDataset } from '../../src/ingest/loader';

const BASE = Date.parse('2025-03-01T00:00:00Z') / 1000;

/** Epoch seconds `day` days, `hour` hours and `minute` minutes after 2025-03-01T00:00Z. */
export const time = (day: number, hour = 0, minute = 0): number => BASE + ((day * 24 + hour) * 60 + minute) * 60;

const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');

/** Deterministic pseudo-random numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

export interface OrderSpec {
  keyword?: string;
  browse?: number;
  /** A review of the order `afterHours` later. */
  review?: { rating: number; afterHours: number; text?: string };
}

/** How ordinary buyers rate: half review, a day to ten later, mostly but not only 5 or 4 stars. */
export function ordinaryReview(rnd: () => number): OrderSpec['review'] {
  if (rnd() < 0.5) return undefined;
  const x = rnd();
  const rating = x < 0.45 ? 5 : x < 0.75 ? 4 : x < 0.85 ? 3 : x < 0.9 ? 2 : 1;
  return { rating, afterHours: 24 + Math.floor(rnd() * 216), text: `ordinary review ${Math.floor(rnd() * 1e9)}` };
}

/** Browse times of people shopping on their own: seconds to a quarter of an hour, spread wide. */
export const ordinaryBrowse = (rnd: () => number): number => Math.round(20 * Math.exp(rnd() * 3.8));

export class Marketplace {
  private accounts = new Map<string, object>();
  private merchants: object[] = [];
  private products: object[] = [];
  private orders: object[] = [];
  private reviews: object[] = [];
  private prices = new Map<string, number>();
  private count = 0;

  account(id: string, createdAt = time(-400)): this {
    if (!this.accounts.has(id)) this.accounts.set(id, { id, created_at: iso(createdAt) });
    return this;
  }

  shop(id: string, ...products: string[]): this {
    this.merchants.push({ id, name: `Shop ${id}` });
    for (const p of products) {
      this.products.push({ id: p, merchant_id: id, title: `Product ${p}`, price: '29.90' });
      this.prices.set(p, 29.9);
    }
    return this;
  }

  /** An order (and its review, if any); returns the order id. */
  order(account: string, product: string, at: number, spec: OrderSpec = {}): string {
    this.account(account);
    const id = `o${++this.count}`;
    this.orders.push({
      id,
      account_id: account,
      product_id: product,
      placed_at: iso(at),
      amount: this.prices.get(product)!.toFixed(2),
      ...(spec.keyword ? { keyword: spec.keyword } : {}),
      ...(spec.browse !== undefined ? { browse_seconds: String(spec.browse) } : {}),
    });
    if (spec.review)
      this.reviews.push({
        id: `r${this.count}`,
        account_id: account,
        product_id: product,
        rating: String(spec.review.rating),
        created_at: iso(at + spec.review.afterHours * 3600),
        order_id: id,
        ...(spec.review.text ? { text: spec.review.text } : {}),
      });
    return id;
  }

  /**
   * Ordinary life: `shoppers` accounts buying `orders` times each from five shops' products over 60 days, searching
   * popular terms, browsing as they like and reviewing as people do.
   */
  background(shoppers = 60, orders = 4, seed = 1): this {
    const rnd = seeded(seed);
    const products: string[] = [];
    for (let s = 1; s <= 5; s++) {
      const ps = names(`mall${s}-p`, 4);
      this.shop(`mall${s}`, ...ps);
      products.push(...ps);
    }
    for (const a of names('shopper', shoppers))
      for (let k = 0; k < orders; k++) {
        const p = products[Math.floor(rnd() * products.length)];
        this.order(a, p, time(Math.floor(rnd() * 60), Math.floor(rnd() * 24), Math.floor(rnd() * 60)), {
          keyword: ['phone case', 'tea', 'socks', p][Math.floor(rnd() * 4)],
          browse: ordinaryBrowse(rnd),
          review: ordinaryReview(rnd),
        });
      }
    return this;
  }

  async load(db: Database): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-market-'));
    const write = (name: string, items: object[]) =>
      fs.writeFileSync(path.join(dir, `${name}.ndjson`), items.map((x) => JSON.stringify(x)).join('\n') + '\n');
    write('accounts', [...this.accounts.values()]);
    write('merchants', this.merchants);
    write('products', this.products);
    write('orders', this.orders);
    if (this.reviews.length) write('reviews', this.reviews);
    const summary = await loadDataset(db, { folder: dir, batchSize: 5000 });
    fs.rmSync(dir, { recursive: true, force: true });
    if (summary.rejected !== 0) throw new Error(`fixture rows rejected: ${summary.rejected}`);
  }
}
