// Specification of the dataset generator: deterministic, referentially intact, with every planted ring and hard negative.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateDataset, GenerateSummary } from '../src/generate/generator';
import { FILES } from '../src/ingest/formats';
import { parseRow } from '../src/ingest/loader';
import { readCsv, readNdjson } from '../src/ingest/reader';
import {
  CashbackRing,
  CoordRing,
  FarmRing,
  FlashSale,
  planPopulation,
  Plan,
  Terminal,
} from '../src/generate/population';

type Row = Record<string, string>;

const N = 2000;
const SEED = 42;
const DATA_FILES = [
  'accounts',
  'merchants',
  'products',
  'account_devices',
  'orders',
  'reviews',
  'payments',
  'review_likes',
];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const AMOUNT = /^\d+\.\d{2}$/;
const ACTIVITY_START = Date.parse('2025-01-01T00:00:00Z');
const ACTIVITY_END = Date.parse('2025-06-30T23:59:59Z');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-generate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function readRows(dir: string, name: string): Row[] {
  // Strict RFC 4180: every record must have the header's number of fields.
  return parse(fs.readFileSync(path.join(dir, `${name}.csv`), 'utf8'), { columns: true }) as Row[];
}

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort())
    out[f] = crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(dir, f)))
      .digest('hex');
  return out;
}

const ms = (t: string): number => Date.parse(t);
const groupBy = <T>(items: T[], key: (t: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const x of items) (m.get(key(x)) ?? m.set(key(x), []).get(key(x))!).push(x);
  return m;
};
const acc = (i: number): string => `a${i}`;

describe('generateDataset', () => {
  const dir = path.join(tmp, 'main');
  let summary: GenerateSummary;
  let plan: Plan;
  const d: Record<string, Row[]> = {};

  beforeAll(async () => {
    summary = await generateDataset({ out: dir, accounts: N, seed: SEED });
    plan = planPopulation(N, SEED);
    for (const f of [...DATA_FILES, 'rings', 'negatives']) d[f] = readRows(dir, f);
  });

  it('writes every file of the load format plus the ground truth, and counts their rows', () => {
    expect(fs.readdirSync(dir).sort()).toEqual([...DATA_FILES, 'rings', 'negatives'].map((f) => `${f}.csv`).sort());
    for (const f of [...DATA_FILES, 'rings', 'negatives']) expect(summary.files[`${f}.csv`]).toBe(d[f].length);
    expect(d.accounts).toHaveLength(N);
    expect(d.products.length).toBeGreaterThanOrEqual(N / 10);
    expect(d.orders.length).toBeGreaterThan(N * 3);
    expect(summary.rings).toBe(new Set(d.rings.map((r) => r.ring_id)).size);
    expect(fs.readFileSync(path.join(dir, 'orders.csv'), 'utf8').split('\n')[0]).toBe(
      'id,account_id,product_id,placed_at,amount,keyword,browse_seconds,ship_to_hash',
    );
  });

  it('is deterministic: same seed and size give byte-identical files, another seed differs', async () => {
    const again = path.join(tmp, 'again');
    const other = path.join(tmp, 'other');
    await generateDataset({ out: again, accounts: N, seed: SEED });
    await generateDataset({ out: other, accounts: N, seed: SEED + 1 });
    expect(digest(again)).toEqual(digest(dir));
    const a = digest(dir);
    const b = digest(other);
    for (const f of ['accounts.csv', 'orders.csv', 'reviews.csv', 'payments.csv']) expect(b[f]).not.toBe(a[f]);
  });

  it('has unique ids with their prefixes and well-formed values', () => {
    const prefixes: [string, RegExp][] = [
      ['accounts', /^a\d+$/],
      ['merchants', /^m\d+$/],
      ['products', /^p\d+$/],
      ['orders', /^o\d+$/],
      ['reviews', /^r\d+$/],
      ['payments', /^pay\d+$/],
    ];
    for (const [f, re] of prefixes) {
      const ids = d[f].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => re.test(id))).toBe(true);
    }
    for (const r of d.account_devices) expect(r.device_id).toMatch(/^d\d+$/);
    const likeKeys = d.review_likes.map((l) => `${l.account_id}|${l.review_id}`);
    expect(new Set(likeKeys).size).toBe(likeKeys.length);

    for (const a of d.accounts) {
      expect(a.created_at).toMatch(ISO);
      expect(ms(a.created_at)).toBeGreaterThanOrEqual(Date.parse('2023-01-01T00:00:00Z'));
      expect(ms(a.created_at)).toBeLessThan(ACTIVITY_START);
    }
    const inWindow = (t: string): boolean => ISO.test(t) && ms(t) >= ACTIVITY_START && ms(t) <= ACTIVITY_END;
    expect(d.orders.every((o) => inWindow(o.placed_at) && AMOUNT.test(o.amount))).toBe(true);
    expect(d.reviews.every((r) => inWindow(r.created_at) && /^[1-5]$/.test(r.rating))).toBe(true);
    expect(
      d.payments.every(
        (p) => inWindow(p.paid_at) && AMOUNT.test(p.amount) && p.payer_account_id !== p.payee_account_id,
      ),
    ).toBe(true);
    expect(d.review_likes.every((l) => inWindow(l.liked_at))).toBe(true);
    expect(d.account_devices.every((x) => ISO.test(x.first_seen) && ms(x.last_seen) >= ms(x.first_seen))).toBe(true);
    for (const p of d.products) {
      expect(p.price).toMatch(AMOUNT);
      expect(Number(p.price)).toBeGreaterThanOrEqual(5);
      expect(Number(p.price)).toBeLessThanOrEqual(500);
    }
    const browse = d.orders.filter((o) => o.browse_seconds).map((o) => Number(o.browse_seconds));
    expect(Math.min(...browse)).toBeLessThanOrEqual(30);
    expect(Math.max(...browse)).toBeGreaterThanOrEqual(1500);
  });

  it('exercises CSV quoting: text with commas, quotes, line breaks and Chinese survives a strict parse', () => {
    const texts = [
      ...d.reviews.map((r) => r.text),
      ...d.products.map((p) => p.title),
      ...d.payments.map((p) => p.memo),
    ];
    expect(texts.some((t) => t.includes(','))).toBe(true);
    expect(texts.some((t) => t.includes('"'))).toBe(true);
    expect(texts.some((t) => t.includes('\n'))).toBe(true);
    expect(texts.some((t) => /[\u4e00-\u9fff]/.test(t))).toBe(true);
  });

  it('has perfect referential integrity', () => {
    const problems: string[] = [];
    const need = (ok: boolean, what: string): void => {
      if (!ok && problems.length < 20) problems.push(what);
    };
    const accounts = new Set(d.accounts.map((a) => a.id));
    const merchants = new Set(d.merchants.map((m) => m.id));
    const products = new Set(d.products.map((p) => p.id));
    const orders = new Map(d.orders.map((o) => [o.id, o]));
    const reviews = new Map(d.reviews.map((r) => [r.id, r]));
    for (const m of d.merchants) need(accounts.has(m.owner_account_id), `merchant ${m.id} owner`);
    for (const p of d.products) need(merchants.has(p.merchant_id), `product ${p.id} merchant`);
    for (const x of d.account_devices) need(accounts.has(x.account_id), `device row of ${x.account_id}`);
    for (const o of d.orders) need(accounts.has(o.account_id) && products.has(o.product_id), `order ${o.id}`);
    for (const r of d.reviews) {
      need(accounts.has(r.account_id) && products.has(r.product_id), `review ${r.id}`);
      if (!r.order_id) continue;
      const o = orders.get(r.order_id);
      need(
        o !== undefined &&
          o.account_id === r.account_id &&
          o.product_id === r.product_id &&
          ms(r.created_at) > ms(o.placed_at),
        `review ${r.id} of order ${r.order_id}`,
      );
    }
    for (const p of d.payments) {
      need(accounts.has(p.payer_account_id) && accounts.has(p.payee_account_id), `payment ${p.id} accounts`);
      need(!p.order_id || orders.has(p.order_id), `payment ${p.id} order`);
    }
    for (const l of d.review_likes) {
      const r = reviews.get(l.review_id);
      need(
        accounts.has(l.account_id) && r !== undefined && ms(l.liked_at) > ms(r.created_at),
        `like of ${l.review_id}`,
      );
      need(r?.account_id !== l.account_id, `self-like of ${l.review_id}`);
    }
    for (const t of [...d.rings, ...d.negatives]) need(accounts.has(t.account_id), `truth row ${t.account_id}`);
    // At most one review per order.
    const reviewed = d.reviews.filter((r) => r.order_id).map((r) => r.order_id);
    need(new Set(reviewed).size === reviewed.length, 'an order with two reviews');
    expect(problems).toEqual([]);
  });

  it("passes the loader's own reading and field checks, row by row, as CSV and as NDJSON", async () => {
    const nd = path.join(tmp, 'ndjson-check');
    await generateDataset({ out: nd, accounts: 300, seed: 5, format: 'ndjson' });
    const csv = path.join(tmp, 'csv-check');
    await generateDataset({ out: csv, accounts: 300, seed: 5 });
    const problems: string[] = [];
    for (const [folder, ext] of [
      [dir, 'csv'],
      [csv, 'csv'],
      [nd, 'ndjson'],
    ]) {
      for (const spec of FILES) {
        const file = path.join(folder, `${spec.name}.${ext}`);
        const columns = new Map(spec.columns.map((c) => [c.name, c]));
        const items = ext === 'csv' ? readCsv(file, { bytes: 0 }) : readNdjson(file, { bytes: 0 });
        let rows = 0;
        for await (const item of items) {
          if ('problem' in item) problems.push(`${file}:${item.problem.line} ${item.problem.reason}`);
          if (!('record' in item)) continue;
          rows++;
          const parsed = parseRow(spec, columns, item.record.line, item.record.fields);
          if ('problems' in parsed) problems.push(`${file}:${item.record.line} ${JSON.stringify(parsed.problems)}`);
          if (problems.length > 20) break;
        }
        expect(rows).toBeGreaterThan(0);
      }
    }
    expect(problems).toEqual([]);
  });

  it('plants every ring kind and every hard-negative kind, never on the same account', () => {
    expect(new Set(d.rings.map((r) => r.kind))).toEqual(new Set(['shared_device', 'cashback', 'coordinated_purchase']));
    expect(new Set(d.negatives.map((r) => r.kind))).toEqual(
      new Set(['household', 'public_terminal', 'flash_sale', 'refund', 'friends']),
    );
    expect(
      new Set(d.rings.filter((r) => r.kind === 'shared_device').map((r) => r.ring_id)).size,
    ).toBeGreaterThanOrEqual(2);
    const ringAccounts = new Set(d.rings.map((r) => r.account_id));
    expect(d.negatives.filter((n) => ringAccounts.has(n.account_id))).toEqual([]);
    // An account is in one planted ring; a farm run for cashback lists its paid accounts under both kinds.
    const ringOf = new Map<string, string>();
    for (const r of d.rings) {
      expect(ringOf.get(r.account_id) ?? r.ring_id).toBe(r.ring_id);
      ringOf.set(r.account_id, r.ring_id);
    }
    const ringRows = d.rings.map((r) => `${r.account_id}|${r.kind}`);
    expect(new Set(ringRows).size).toBe(ringRows.length);
  });

  it('device farms: 6-25 accounts on 2-5 devices, or 35-60 on 1-2 (every third from the second), that only the ring uses, buying and 5-starring target shops', () => {
    const byDevice = groupBy(d.account_devices, (x) => x.device_id);
    const farms = plan.rings.filter((r): r is FarmRing => r.kind === 'shared_device');
    expect(farms.length).toBeGreaterThanOrEqual(2);
    expect(farms.filter((_, r) => r % 3 === 1).length).toBeGreaterThanOrEqual(1);
    for (const [r, ring] of farms.entries()) {
      const large = r % 3 === 1;
      const members = new Set(ring.members.map(acc));
      expect(members.size).toBeGreaterThanOrEqual(large ? 35 : 6);
      expect(members.size).toBeLessThanOrEqual(large ? 60 : 25);
      const devices = new Set(d.account_devices.filter((x) => members.has(x.account_id)).map((x) => x.device_id));
      expect(devices.size).toBeGreaterThanOrEqual(large ? 1 : 2);
      expect(devices.size).toBeLessThanOrEqual(large ? 2 : 5);
      for (const dev of devices) {
        const users = new Set(byDevice.get(dev)!.map((x) => x.account_id));
        expect([...users].every((u) => members.has(u))).toBe(true);
        expect(users.size).toBeGreaterThanOrEqual(2);
      }
      const targets = new Set(ring.products.map((p) => `p${p}`));
      for (const m of members) {
        const fake = d.orders.filter((o) => o.account_id === m && targets.has(o.product_id));
        expect(fake.length).toBeGreaterThanOrEqual(3);
        const camouflage = d.orders.filter((o) => o.account_id === m && !targets.has(o.product_id));
        expect(camouflage.length).toBeGreaterThanOrEqual(1);
      }
      const ringReviews = d.reviews.filter((r) => members.has(r.account_id) && targets.has(r.product_id));
      expect(ringReviews.every((r) => r.rating === '5')).toBe(true);
    }
  });

  it('households: 2-4 accounts share one tablet and a home IP, and nobody else uses them', () => {
    const byDevice = groupBy(d.account_devices, (x) => x.device_id);
    const households = groupBy(
      d.negatives.filter((n) => n.kind === 'household'),
      (n) => n.group_id,
    );
    expect(households.size).toBeGreaterThanOrEqual(10);
    for (const rows of households.values()) {
      const members = new Set(rows.map((r) => r.account_id));
      expect(members.size).toBeGreaterThanOrEqual(2);
      expect(members.size).toBeLessThanOrEqual(4);
      const shared = [...byDevice.entries()].filter(
        ([, xs]) => xs.some((x) => members.has(x.account_id)) && xs.length > 1,
      );
      const tablets = shared.filter(([, xs]) => new Set(xs.map((x) => x.account_id)).size === members.size);
      expect(tablets).toHaveLength(1);
      expect(tablets[0][1].every((x) => members.has(x.account_id))).toBe(true);
      const home = tablets[0][1][0].ip;
      expect(tablets[0][1].every((x) => x.ip === home)).toBe(true);
      expect(new Set(d.account_devices.filter((x) => x.ip === home).map((x) => x.account_id))).toEqual(members);
    }
  });

  it('public terminals: a device or IP seen by 100-300 unrelated accounts, most with devices of their own', () => {
    const terminals = groupBy(
      d.negatives.filter((n) => n.kind === 'public_terminal'),
      (n) => n.group_id,
    );
    expect(terminals.size).toBeGreaterThanOrEqual(3);
    const usersOf = groupBy(d.account_devices, (x) => x.device_id);
    const byIp = groupBy(
      d.account_devices.filter((x) => x.ip),
      (x) => x.ip,
    );
    for (const rows of terminals.values()) {
      expect(rows.length).toBeGreaterThanOrEqual(100);
      expect(rows.length).toBeLessThanOrEqual(300);
      const members = new Set(rows.map((r) => r.account_id));
      const hub = [...byIp.values()].find((xs) => new Set(xs.map((x) => x.account_id)).size === members.size);
      expect(hub).toBeDefined();
      expect(hub!.every((x) => members.has(x.account_id))).toBe(true);
      // Unlike a group-control phone's accounts, at least 70% of visitors (80% by design) have a phone nobody else uses.
      const own = [...members].filter((m) =>
        d.account_devices.some(
          (x) => x.account_id === m && new Set(usersOf.get(x.device_id)!.map((u) => u.account_id)).size === 1,
        ),
      );
      expect(own.length / members.size).toBeGreaterThanOrEqual(0.7);
    }
    // One of them is a shop's in-store kiosk: every visitor orders from that shop during the visit.
    const kiosk = plan.groups.find((g): g is Terminal => g.kind === 'public_terminal' && g.place === 'kiosk')!;
    expect(kiosk).toBeDefined();
    const shop = `m${kiosk.merchant}`;
    const shopOf = new Map(d.products.map((p) => [p.id, p.merchant_id]));
    for (const m of kiosk.members)
      expect(d.orders.some((o) => o.account_id === acc(m) && shopOf.get(o.product_id) === shop)).toBe(true);
  });

  it('cashback: every recruit is paid more than the order amount, 1-48 h after the 5-star review', () => {
    const rings = plan.rings.filter((r): r is CashbackRing => r.kind === 'cashback');
    expect(rings.length).toBeGreaterThanOrEqual(2);
    // Both variants: the shop's owner paying directly, and an unrelated organiser paying through an intermediary.
    expect(rings.some((r) => r.ownerIsOrganiser && r.intermediary < 0)).toBe(true);
    expect(rings.some((r) => !r.ownerIsOrganiser && r.intermediary >= 0)).toBe(true);
    const owners = new Set(d.merchants.map((m) => m.owner_account_id));
    for (const r of rings) expect(owners.has(acc(r.organiser))).toBe(r.ownerIsOrganiser);
    const reviewOf = new Map(d.reviews.filter((r) => r.order_id).map((r) => [r.order_id, r]));
    for (const ring of rings) {
      expect(ring.recruits.length).toBeGreaterThanOrEqual(6);
      const payer = acc(ring.intermediary >= 0 ? ring.intermediary : ring.organiser);
      const targets = new Set(ring.products.map((p) => `p${p}`));
      for (const m of ring.recruits.map(acc)) {
        const orders = d.orders.filter((o) => o.account_id === m && targets.has(o.product_id));
        const paid = d.payments.filter((p) => p.payer_account_id === payer && p.payee_account_id === m);
        expect(orders.length).toBeGreaterThanOrEqual(1);
        expect(paid).toHaveLength(orders.length);
        const unmatched = [...paid];
        for (const o of orders) {
          const review = reviewOf.get(o.id)!;
          expect(review.rating).toBe('5');
          const lag = ms(review.created_at) - ms(o.placed_at);
          expect(lag).toBeGreaterThanOrEqual(12 * 3600e3);
          expect(lag).toBeLessThanOrEqual(72 * 3600e3);
          const k = unmatched.findIndex((p) => {
            const after = ms(p.paid_at) - ms(review.created_at);
            const commission = Number(p.amount) - Number(o.amount);
            return (
              after >= 3600e3 &&
              after <= 48 * 3600e3 &&
              commission > 0 &&
              commission <= Math.max(15, 0.15 * Number(o.amount)) + 0.01
            );
          });
          expect(k).toBeGreaterThanOrEqual(0);
          unmatched.splice(k, 1);
        }
      }
      if (ring.intermediary >= 0) {
        const lumps = d.payments.filter(
          (p) => p.payer_account_id === acc(ring.organiser) && p.payee_account_id === acc(ring.intermediary),
        );
        expect(lumps.length).toBeGreaterThanOrEqual(1);
        const firstPayout = Math.min(
          ...d.payments.filter((p) => p.payer_account_id === payer).map((p) => ms(p.paid_at)),
        );
        expect(Math.min(...lumps.map((p) => ms(p.paid_at)))).toBeLessThan(firstPayout);
      }
    }
  });

  it('refunds: shop owners pay buyers back at most the order amount', () => {
    const orders = new Map(d.orders.map((o) => [o.id, o]));
    const owners = new Set(d.negatives.filter((n) => n.kind === 'refund').map((n) => n.account_id));
    const refunds = d.payments.filter(
      (p) => p.order_id && owners.has(p.payer_account_id) && /退|refund|return/.test(p.memo),
    );
    expect(refunds.length).toBeGreaterThan(0);
    for (const p of refunds) {
      const o = orders.get(p.order_id)!;
      expect(o.account_id).toBe(p.payee_account_id);
      expect(Number(p.amount)).toBeLessThanOrEqual(Number(o.amount));
    }
  });

  it('coordinated purchases: members buy >= 80% of the targets within ±20 min of each centre time', () => {
    const rings = plan.rings.filter((r): r is CoordRing => r.kind === 'coordinated_purchase');
    expect(rings.length).toBeGreaterThanOrEqual(1);
    const reviewOf = new Map(d.reviews.filter((r) => r.order_id).map((r) => [r.order_id, r]));
    for (const ring of rings) {
      expect(ring.members.length).toBeGreaterThanOrEqual(8);
      expect(ring.products.length).toBeGreaterThanOrEqual(4);
      for (const m of ring.members.map(acc)) {
        let bought = 0;
        ring.products.forEach((p, k) => {
          const orders = d.orders.filter((o) => o.account_id === m && o.product_id === `p${p}`);
          expect(orders.length).toBeLessThanOrEqual(1);
          for (const o of orders) {
            bought++;
            expect(Math.abs(ms(o.placed_at) - ring.centres[k] * 1000)).toBeLessThanOrEqual(20 * 60e3);
            expect(Number(o.browse_seconds)).toBeGreaterThanOrEqual(300);
            expect(Number(o.browse_seconds)).toBeLessThanOrEqual(420);
            const r = reviewOf.get(o.id)!;
            expect(r.rating).toBe('5');
            expect(ms(r.created_at) - ms(o.placed_at)).toBeLessThanOrEqual(12 * 3600e3);
          }
        });
        expect(bought).toBeGreaterThanOrEqual(Math.ceil(0.8 * ring.products.length));
      }
      const keywords = groupBy(
        d.orders.filter(
          (o) => ring.products.some((p) => `p${p}` === o.product_id) && ring.members.map(acc).includes(o.account_id),
        ),
        (o) => o.product_id,
      );
      for (const os of keywords.values()) expect(new Set(os.map((o) => o.keyword)).size).toBe(1);
    }
  });

  it('flash sales: 150-500 ordinary accounts buy the same 1-3 products in one 10-minute window', () => {
    const sales = plan.groups.filter((g): g is FlashSale => g.kind === 'flash_sale');
    expect(sales.length).toBeGreaterThanOrEqual(1);
    for (const sale of sales) {
      expect(sale.members.length).toBeGreaterThanOrEqual(150);
      expect(sale.products.length).toBeGreaterThanOrEqual(1);
      const members = new Set(sale.members.map(acc));
      const inWindow = d.orders.filter(
        (o) =>
          members.has(o.account_id) &&
          sale.products.some((p) => `p${p}` === o.product_id) &&
          ms(o.placed_at) >= sale.start * 1000 &&
          ms(o.placed_at) < (sale.start + 600) * 1000,
      );
      expect(new Set(inWindow.map((o) => o.account_id)).size).toBe(members.size);
    }
  });

  it('friends pay each other small amounts unrelated to orders', () => {
    const groups = groupBy(
      d.negatives.filter((n) => n.kind === 'friends'),
      (n) => n.group_id,
    );
    expect(groups.size).toBeGreaterThanOrEqual(1);
    for (const rows of groups.values()) {
      const members = new Set(rows.map((r) => r.account_id));
      expect(members.size).toBeGreaterThanOrEqual(3);
      expect(members.size).toBeLessThanOrEqual(6);
      const paid = d.payments.filter((p) => members.has(p.payer_account_id) && members.has(p.payee_account_id));
      expect(paid.length).toBeGreaterThanOrEqual(3);
      expect(paid.every((p) => !p.order_id && Number(p.amount) <= 300)).toBe(true);
    }
  });

  it('writes the same records as NDJSON, optional empty fields left out, ground truth still CSV', async () => {
    const nd = path.join(tmp, 'ndjson');
    await generateDataset({ out: nd, accounts: N, seed: SEED, format: 'ndjson' });
    expect(fs.readdirSync(nd).sort()).toEqual(
      [...DATA_FILES.map((f) => `${f}.ndjson`), 'negatives.csv', 'rings.csv'].sort(),
    );
    for (const f of DATA_FILES) {
      const lines = fs
        .readFileSync(path.join(nd, `${f}.ndjson`), 'utf8')
        .split('\n')
        .filter(Boolean);
      const fromJson = lines.map((l) => {
        const o = JSON.parse(l) as Record<string, string | number>;
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
      });
      const fromCsv = d[f].map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '')));
      expect(fromJson).toEqual(fromCsv);
    }
    expect(fs.readFileSync(path.join(nd, 'rings.csv'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'rings.csv'), 'utf8'),
    );
  });

  it('reports progress and rejects sizes it cannot build', async () => {
    const seen: number[] = [];
    await generateDataset({ out: path.join(tmp, 'small'), accounts: 300, seed: 1, onProgress: (n) => seen.push(n) });
    expect(seen.length).toBeGreaterThanOrEqual(1);
    await expect(generateDataset({ out: path.join(tmp, 'bad'), accounts: 3, seed: 1 })).rejects.toThrow(/accounts/);
  });
});
