// Review-side datasets in the load format for the review detectors' tests: shops, reviews with texts, orders, likes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { loadDataset } from '../../src/ingest/loader';

const BASE = Date.parse('2025-03-01T00:00:00Z');

/** Seconds since 2025-03-01T00:00Z of `day` days and `hour` hours after it. */
export const t = (day: number, hour = 0, minute = 0): number => ((day * 24 + hour) * 60 + minute) * 60;

const iso = (seconds: number): string => new Date(BASE + seconds * 1000).toISOString().replace('.000Z', 'Z');

/** Deterministic pseudo-random numbers in [0, 1), so background noise is the same on every run. */
export function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export const range = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

export class ReviewFixture {
  private accounts = new Map<string, number>();
  private merchants: string[] = [];
  private products: string[] = [];
  private orders: string[] = [];
  private reviews: string[] = [];
  private likes: string[] = [];
  private counter = 0;

  /** Accounts created at `created` (seconds, default a year before the data). */
  account(ids: string | string[], created = -t(365)): this {
    for (const id of typeof ids === 'string' ? [ids] : ids) if (!this.accounts.has(id)) this.accounts.set(id, created);
    return this;
  }
  shop(id: string, products: string[]): this {
    this.merchants.push(`${id},Shop ${id},`);
    for (const p of products) this.products.push(`${p},${id},Product ${p},10.00`);
    return this;
  }
  /** A review (with an order placed a day before when `ordered`); returns the review id. */
  review(
    account: string,
    product: string,
    at: number,
    rating: number,
    opts: { text?: string; ordered?: boolean } = {},
  ): string {
    this.account(account);
    const n = ++this.counter;
    let order = '';
    if (opts.ordered) {
      order = `o${n}`;
      this.orders.push(`${order},${account},${product},${iso(at - t(1))},10.00,,,`);
    }
    const text = opts.text === undefined ? '' : `"${opts.text.replace(/"/g, '""')}"`;
    this.reviews.push(`r${n},${account},${product},${rating},${iso(at)},${order},${text}`);
    return `r${n}`;
  }
  like(account: string, review: string, at: number): this {
    this.account(account);
    this.likes.push(`${account},${review},${iso(at)}`);
    return this;
  }
  async load(db: Database): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-reviews-'));
    const write = (name: string, header: string, lines: string[]) =>
      fs.writeFileSync(path.join(dir, `${name}.csv`), [header, ...lines].join('\n') + '\n');
    write(
      'accounts',
      'id,created_at,region,phone_hash',
      [...this.accounts].map(([a, created]) => `${a},${iso(created)},,`),
    );
    write('merchants', 'id,name,owner_account_id', this.merchants);
    write('products', 'id,merchant_id,title,price', this.products);
    write('orders', 'id,account_id,product_id,placed_at,amount,keyword,browse_seconds,ship_to_hash', this.orders);
    write('reviews', 'id,account_id,product_id,rating,created_at,order_id,text', this.reviews);
    write('review_likes', 'account_id,review_id,liked_at', this.likes);
    const summary = await loadDataset(db, { folder: dir, batchSize: 2000 });
    fs.rmSync(dir, { recursive: true, force: true });
    if (summary.rejected !== 0) throw new Error(`fixture rows rejected: ${summary.rejected}`);
  }
}

const POSITIVE = [
  'Great quality, fast delivery.',
  '质量很好，物流也快，好评！',
  'good',
  '很好',
  'great product',
  'Exactly as described, would buy again',
  '东西不错, 包装完整',
  'Good value for money',
];
const OTHER = [
  'OK, nothing special.',
  '一般般吧，凑合用',
  'Broke after two days, very disappointed.',
  '质量太差了，不推荐',
];

/**
 * A marketplace's ordinary life: `shops` shops of three products each, `shoppers` accounts each reviewing a few
 * products at random times over 60 days with everyday phrases ("good", "很好" everywhere), liking a few reviews at
 * ordinary delays (minutes to weeks). Returns the review ids and their posting times, for likes.
 */
export function marketplace(
  f: ReviewFixture,
  opts: { shops?: number; shoppers?: number; seed?: number } = {},
): { id: string; at: number; product: string }[] {
  const rnd = random(opts.seed ?? 1);
  const shops = opts.shops ?? 12;
  const products: string[] = [];
  for (let s = 0; s < shops; s++) {
    const ps = [0, 1, 2].map((k) => `s${s}p${k}`);
    f.shop(`s${s}`, ps);
    products.push(...ps);
  }
  const posted: { id: string; at: number; product: string }[] = [];
  for (let i = 0; i < (opts.shoppers ?? 150); i++) {
    const a = `shopper${i}`;
    for (let k = 0; k < 3; k++) {
      const product = products[Math.floor(rnd() * products.length)];
      const rating = rnd() < 0.55 ? 5 : rnd() < 0.7 ? 4 : 1 + Math.floor(rnd() * 3);
      const at = t(Math.floor(rnd() * 60), Math.floor(rnd() * 24));
      const text = rnd() < 0.2 ? undefined : rating >= 4 ? POSITIVE[Math.floor(rnd() * POSITIVE.length)] : OTHER[k % 4];
      posted.push({ id: f.review(a, product, at, rating, { text, ordered: rnd() < 0.9 }), at, product });
    }
  }
  // Ordinary likes: a few each, on random reviews, from a minute to three weeks after posting (log-uniform).
  for (let i = 0; i < (opts.shoppers ?? 150); i++) {
    for (let k = Math.floor(rnd() * 4); k > 0; k--) {
      const r = posted[Math.floor(rnd() * posted.length)];
      f.like(`shopper${i}`, r.id, r.at + Math.floor(60 * Math.exp(rnd() * Math.log(30000))));
    }
  }
  return posted;
}
