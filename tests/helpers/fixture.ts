// A dataset in the load format built in a test: CSV files written and loaded with the real loader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database';
import { DetectedRing } from '../../src/detection/types';
import { loadDataset } from '../../src/ingest/loader';

let database: Database | undefined;

/** The database Fixture.load writes to: set once in a suite's beforeAll. */
export function useFixtureDatabase(db: Database): void {
  database = db;
}

export const BASE = Date.parse('2025-03-01T00:00:00Z');
/** A timestamp `day` days and `hour` hours after 2025-03-01T00:00Z. */
export const at = (day: number, hour = 0, minute = 0): string =>
  new Date(BASE + ((day * 24 + hour) * 60 + minute) * 60000).toISOString().replace('.000Z', 'Z');

/** Deterministic pseudo-random numbers, so fixtures with background noise are the same on every run. */
export function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A dataset in the load format, written as CSV files and loaded with the real loader. */
export class Fixture {
  private accounts = new Set<string>();
  private merchants: string[] = [];
  private products: string[] = [];
  private devices: string[] = [];
  private orders: string[] = [];
  private reviews: string[] = [];
  private payments: string[] = [];
  private prices = new Map<string, number>();
  private counter = 0;
  private created = new Map<string, string>();

  account(...ids: string[]): this {
    for (const id of ids) this.accounts.add(id);
    return this;
  }
  /** When `account` was registered (every account is registered at 2024-01-01T00:00:00Z otherwise). */
  registered(account: string, when: string): this {
    this.account(account);
    this.created.set(account, when);
    return this;
  }
  shop(id: string, owner?: string): this {
    if (owner) this.account(owner);
    this.merchants.push(`${id},Shop ${id},${owner ?? ''}`);
    return this;
  }
  product(id: string, shop: string, price: number): this {
    this.products.push(`${id},${shop},Product ${id},${price.toFixed(2)}`);
    this.prices.set(id, price);
    return this;
  }
  uses(account: string, device: string, ip = ''): this {
    this.account(account);
    this.devices.push(`${account},${device},${at(0)},${at(30)},${ip}`);
    return this;
  }
  /** An order, optionally with a review `reviewAfterHours` later; returns the order id. */
  buy(
    account: string,
    product: string,
    when: string,
    opts: { browse?: number; rating?: number; reviewAfterHours?: number; quantity?: number } = {},
  ): string {
    this.account(account);
    const id = `o${++this.counter}`;
    const amount = this.prices.get(product)! * (opts.quantity ?? 1);
    this.orders.push(`${id},${account},${product},${when},${amount.toFixed(2)},,${opts.browse ?? ''},`);
    if (opts.rating) {
      const reviewed = new Date(Date.parse(when) + (opts.reviewAfterHours ?? 24) * 3600000)
        .toISOString()
        .replace('.000Z', 'Z');
      this.reviews.push(`r${this.counter},${account},${product},${opts.rating},${reviewed},${id},`);
    }
    return id;
  }
  /** A payment, naming the order it pays back when given; returns the payment id. */
  pay(payer: string, payee: string, amount: number, when: string, orderId = ''): string {
    this.account(payer, payee);
    const id = `pay${++this.counter}`;
    this.payments.push(`${id},${payer},${payee},${amount.toFixed(2)},${when},${orderId},`);
    return id;
  }
  async load(): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-detection-'));
    const write = (name: string, header: string, lines: string[]) =>
      fs.writeFileSync(path.join(dir, `${name}.csv`), [header, ...lines].join('\n') + '\n');
    write(
      'accounts',
      'id,created_at,region,phone_hash',
      [...this.accounts].map((a) => `${a},${this.created.get(a) ?? '2024-01-01T00:00:00Z'},,`),
    );
    write('merchants', 'id,name,owner_account_id', this.merchants);
    write('products', 'id,merchant_id,title,price', this.products);
    write('account_devices', 'account_id,device_id,first_seen,last_seen,ip', this.devices);
    write('orders', 'id,account_id,product_id,placed_at,amount,keyword,browse_seconds,ship_to_hash', this.orders);
    write('reviews', 'id,account_id,product_id,rating,created_at,order_id,text', this.reviews);
    write('payments', 'id,payer_account_id,payee_account_id,amount,paid_at,order_id,memo', this.payments);
    const summary = await loadDataset(database!, { folder: dir, batchSize: 1000 });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(summary.rejected).toBe(0);
  }
}

/** A marketplace's ordinary life: shoppers buying popular products at random times over two months. */
export function background(f: Fixture, shoppers = 40, seed = 1): Fixture {
  const rnd = random(seed);
  f.shop('mall').product('pop1', 'mall', 19.9).product('pop2', 'mall', 59).product('pop3', 'mall', 8.5);
  for (let i = 0; i < shoppers; i++) {
    const a = `shopper${i}`;
    f.uses(a, `phone-${a}`);
    for (let k = 0; k < 3; k++)
      f.buy(a, `pop${1 + Math.floor(rnd() * 3)}`, at(Math.floor(rnd() * 60), Math.floor(rnd() * 24)));
  }
  return f;
}

export const ids = (ring: DetectedRing): string[] => ring.members.map((m) => m.accountId).sort();
export const range = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** Eight accounts logged in on three phones, all buying and 5-star reviewing one shop. */
export function deviceFarm(f: Fixture): string[] {
  const farm = range('farm', 8);
  f.shop('brushed').product('bp1', 'brushed', 25).product('bp2', 'brushed', 40);
  farm.forEach((a, i) => {
    f.uses(a, `farm-phone-${i % 3}`, '10.9.0.1').uses(a, `farm-phone-${(i + 1) % 3}`, '10.9.0.1');
    f.buy(a, i % 2 ? 'bp1' : 'bp2', at(3 + i * 2, 9), { rating: 5 });
  });
  return farm;
}
