// Specification of the field generator (--patterns field) and of evaluation's any-signal figures.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { evaluate, EvaluatedRing } from '../src/detection/evaluate';
import { generateDataset } from '../src/generate/generator';
import { CASHBACK_SHAPES } from '../src/generate/field/planners/cashback';
import { CROWD_KINDS, RING_KINDS } from '../src/generate/field/registry';
import { FILES } from '../src/ingest/formats';
import { parseRow } from '../src/ingest/loader';
import { readCsv } from '../src/ingest/reader';

type Row = Record<string, string>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-field-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const read = (dir: string, name: string): Row[] =>
  parse(fs.readFileSync(path.join(dir, `${name}.csv`), 'utf8'), { columns: true }) as Row[];
const digest = (dir: string): Record<string, string> =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex'),
      ]),
  );
const groupBy = <T>(items: T[], key: (t: T) => string): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const x of items) (m.get(key(x)) ?? m.set(key(x), []).get(key(x))!).push(x);
  return m;
};
const H = 3600_000;
const ms = Date.parse;

describe('the classic generator is unchanged', () => {
  it('writes seeds/demo byte for byte (ringscope generate --accounts 5000 --seed 1)', async () => {
    const out = path.join(tmp, 'classic');
    await generateDataset({ out, accounts: 5000, seed: 1 });
    expect(digest(out)).toEqual(digest(path.join(__dirname, '..', 'seeds', 'demo')));
  });

  it('refuses field settings', async () => {
    await expect(
      generateDataset({ out: path.join(tmp, 'x'), accounts: 100, seed: 1, settings: ['*.size=3'] }),
    ).rejects.toThrow(/field/);
  });
});

describe('generateDataset --patterns field', () => {
  const dir = path.join(tmp, 'field');
  const d: Record<string, Row[]> = {};
  let rings: Map<string, Row[]>;
  let crowds: Map<string, Row[]>;
  const members = (groups: Map<string, Row[]>, kind: string): Map<string, Set<string>> =>
    new Map(
      [...groups]
        .filter(([, rows]) => rows[0].kind === kind)
        .map(([id, rows]) => [id, new Set(rows.map((r) => r.account_id))]),
    );

  beforeAll(async () => {
    await generateDataset({ out: dir, accounts: 1500, seed: 3, patterns: 'field' });
    for (const f of [
      'accounts',
      'products',
      'account_devices',
      'orders',
      'reviews',
      'payments',
      'review_likes',
      'rings',
      'negatives',
    ])
      d[f] = read(dir, f);
    rings = groupBy(d.rings, (r) => r.ring_id);
    crowds = groupBy(d.negatives, (r) => r.group_id);
  });

  it('is deterministic: same seed, same bytes; another seed differs', async () => {
    const again = path.join(tmp, 'again');
    const other = path.join(tmp, 'other');
    await generateDataset({ out: again, accounts: 1500, seed: 3, patterns: 'field' });
    await generateDataset({ out: other, accounts: 1500, seed: 4, patterns: 'field' });
    expect(digest(again)).toEqual(digest(dir));
    expect(digest(other)['orders.csv']).not.toBe(digest(dir)['orders.csv']);
  });

  it('plants every pattern and every innocent crowd, with ground truth rows, never on the same account', () => {
    expect(new Set(d.rings.map((r) => r.kind))).toEqual(new Set(RING_KINDS));
    expect(new Set(d.negatives.map((r) => r.kind))).toEqual(new Set(CROWD_KINDS));
    const inRing = new Set(d.rings.map((r) => r.account_id));
    expect(d.negatives.filter((r) => inRing.has(r.account_id))).toEqual([]);
    const crowdOf = groupBy(d.negatives, (r) => r.account_id);
    expect([...crowdOf.values()].filter((g) => g.length > 1)).toEqual([]);
    const shapes = new Set(d.rings.filter((r) => r.kind === 'cashback').map((r) => r.ring_id.split('-')[1]));
    expect([...shapes].sort()).toEqual([...CASHBACK_SHAPES].sort());
  });

  it("passes the loader's reading and field checks and references only what exists", async () => {
    const problems: string[] = [];
    for (const spec of FILES) {
      const columns = new Map(spec.columns.map((c) => [c.name, c]));
      for await (const item of readCsv(path.join(dir, `${spec.name}.csv`), { bytes: 0 })) {
        if ('problem' in item) problems.push(`${spec.name}:${item.problem.line} ${item.problem.reason}`);
        if (!('record' in item)) continue;
        const parsed = parseRow(spec, columns, item.record.line, item.record.fields);
        if ('problems' in parsed) problems.push(`${spec.name}:${item.record.line} ${JSON.stringify(parsed.problems)}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    const accounts = new Set(d.accounts.map((a) => a.id));
    const orders = new Set(d.orders.map((o) => o.id));
    const reviews = new Set(d.reviews.map((r) => r.id));
    const products = new Set(d.products.map((p) => p.id));
    expect(accounts.size).toBe(d.accounts.length);
    expect(orders.size).toBe(d.orders.length);
    expect(d.orders.filter((o) => !accounts.has(o.account_id) || !products.has(o.product_id))).toEqual([]);
    expect(d.reviews.filter((r) => !accounts.has(r.account_id) || (r.order_id && !orders.has(r.order_id)))).toEqual([]);
    expect(
      d.payments.filter(
        (p) =>
          !accounts.has(p.payer_account_id) ||
          !accounts.has(p.payee_account_id) ||
          p.payer_account_id === p.payee_account_id,
      ),
    ).toEqual([]);
    expect(d.review_likes.filter((l) => !accounts.has(l.account_id) || !reviews.has(l.review_id))).toEqual([]);
    expect(d.rings.concat(d.negatives).filter((r) => !accounts.has(r.account_id))).toEqual([]);
  });

  it('has a realistic background: about 60% 5-star, many orders reviewed, varied texts', () => {
    const five = d.reviews.filter((r) => r.rating === '5').length / d.reviews.length;
    expect(five).toBeGreaterThan(0.5);
    expect(five).toBeLessThan(0.8);
    expect(d.reviews.length / d.orders.length).toBeGreaterThan(0.3);
    const texts = d.reviews.map((r) => r.text).filter(Boolean);
    expect(new Set(texts).size / texts.length).toBeGreaterThan(0.5);
  });

  it('emulator farms: an own device each, one studio network (a few IPs or one /24), a registration burst', () => {
    const devices = groupBy(d.account_devices, (x) => x.account_id);
    for (const [id, accts] of members(rings, 'emulator_farm')) {
      const rows = [...accts].flatMap((a) => devices.get(a) ?? []);
      expect(new Set(rows.map((r) => r.device_id)).size).toBe(accts.size);
      expect(new Set(rows.map((r) => r.ip.split('.').slice(0, 3).join('.'))).size).toBe(1);
      if (!id.endsWith('subnet')) expect(new Set(rows.map((r) => r.ip)).size).toBeLessThanOrEqual(4);
      const created = d.accounts.filter((a) => accts.has(a.id)).map((a) => ms(a.created_at));
      expect(Math.max(...created) - Math.min(...created)).toBeLessThanOrEqual(3 * 24 * H);
    }
  });

  it('task brushing: a rare keyword, 300-420 s of browsing, buyers new to the shop, 5 stars 24-48 h later, no payments', () => {
    const reviewOf = new Map(d.reviews.filter((r) => r.order_id).map((r) => [r.order_id, r]));
    const paid = new Set(d.payments.map((p) => p.payee_account_id));
    const shopOf = new Map(d.products.map((p) => [p.id, p.merchant_id]));
    for (const accts of members(rings, 'task_brushing').values()) {
      const ring = d.orders.filter(
        (o) =>
          accts.has(o.account_id) &&
          o.browse_seconds &&
          Number(o.browse_seconds) >= 300 &&
          Number(o.browse_seconds) <= 420 &&
          o.keyword &&
          / [0-9a-f]{3}(款| new| 2025|同款)$/.test(o.keyword),
      );
      expect(new Set(ring.map((o) => o.account_id)).size).toBe(accts.size);
      const keywordUse = d.orders.filter((o) => o.keyword === ring[0].keyword);
      expect(new Set(keywordUse.map((o) => o.account_id))).toEqual(
        new Set(ring.filter((o) => o.keyword === ring[0].keyword).map((o) => o.account_id)),
      );
      for (const o of ring) {
        const r = reviewOf.get(o.id);
        if (r) expect(r.rating).toBe('5');
        if (r) expect(ms(r.created_at) - ms(o.placed_at)).toBeGreaterThanOrEqual(24 * H);
        if (r) expect(ms(r.created_at) - ms(o.placed_at)).toBeLessThanOrEqual(48 * H);
        const shop = shopOf.get(o.product_id);
        const earlier = d.orders.filter(
          (x) =>
            x.account_id === o.account_id && shopOf.get(x.product_id) === shop && ms(x.placed_at) < ms(o.placed_at),
        );
        expect(earlier).toEqual([]);
      }
      expect([...accts].filter((a) => paid.has(a))).toEqual([]);
    }
  });

  it('cashback: every shape pays its buyers back; split and advance twice per order, weekly in fewer payments than orders, rotating through several payers', () => {
    for (const [id, accts] of members(rings, 'cashback')) {
      const inRing = d.payments.filter((p) => accts.has(p.payer_account_id) && accts.has(p.payee_account_id));
      expect(inRing.length).toBeGreaterThan(0);
      if (id.startsWith('cashback-split') || id.startsWith('cashback-advance'))
        expect(inRing.length).toBeGreaterThanOrEqual(2 * (accts.size - 1));
      if (id.startsWith('cashback-weekly')) {
        const buyers = new Set(inRing.map((p) => p.payee_account_id));
        const orders = d.orders.filter(
          (o) => buyers.has(o.account_id) && d.reviews.some((r) => r.order_id === o.id && r.rating === '5'),
        );
        expect(inRing.length).toBeLessThan(orders.length);
      }
      if (id.startsWith('cashback-rotating')) {
        const perPayer = groupBy(
          inRing.filter((p) => !p.memo && p.payee_account_id),
          (p) => p.payer_account_id,
        );
        expect(perPayer.size).toBeGreaterThan(1);
      }
    }
  });

  it('small farms: 3-4 accounts on one phone, 5-starring one or two shops', () => {
    const byDevice = groupBy(d.account_devices, (x) => x.device_id);
    for (const accts of members(rings, 'small_farm').values()) {
      expect(accts.size).toBeGreaterThanOrEqual(3);
      expect(accts.size).toBeLessThanOrEqual(4);
      const shared = [...byDevice.values()].filter(
        (rows) =>
          rows.every((r) => accts.has(r.account_id)) && new Set(rows.map((r) => r.account_id)).size === accts.size,
      );
      expect(shared).toHaveLength(1);
    }
  });

  it('likes, attacks, templates and bursts: the review-side rings', () => {
    const reviewById = new Map(d.reviews.map((r) => [r.id, r]));
    for (const accts of members(rings, 'like_brushing').values()) {
      const likes = d.review_likes.filter(
        (l) => accts.has(l.account_id) && ms(l.liked_at) - ms(reviewById.get(l.review_id)!.created_at) <= 6 * H,
      );
      expect(likes.length).toBeGreaterThanOrEqual(accts.size);
    }
    for (const accts of members(rings, 'review_attack').values()) {
      const attacks = d.reviews.filter((r) => accts.has(r.account_id) && Number(r.rating) <= 2);
      expect(new Set(attacks.map((r) => r.account_id)).size).toBe(accts.size);
    }
    for (const accts of members(rings, 'template_reviews').values()) {
      const texts = d.reviews
        .filter((r) => accts.has(r.account_id) && r.rating === '5')
        .map((r) => r.text.slice(0, 12));
      expect(Math.max(...[...groupBy(texts, (t) => t).values()].map((x) => x.length))).toBeGreaterThanOrEqual(
        Math.ceil(accts.size / 3),
      );
    }
    for (const accts of members(rings, 'review_burst').values()) {
      const burst = d.reviews.filter(
        (r) => accts.has(r.account_id) && !r.order_id && (r.rating === '5' || r.rating === '1'),
      );
      expect(new Set(burst.map((r) => r.account_id)).size).toBe(accts.size);
    }
  });

  it('innocent crowds: families of 5-6 on a tablet, NATs of dozens to hundreds, refunds above the order amount', () => {
    const byDevice = groupBy(d.account_devices, (x) => x.device_id);
    for (const accts of members(crowds, 'family_tablet').values()) {
      expect([5, 6]).toContain(accts.size);
      expect(
        [...byDevice.values()].some(
          (rows) =>
            new Set(rows.map((r) => r.account_id)).size === accts.size && rows.every((r) => accts.has(r.account_id)),
        ),
      ).toBe(true);
    }
    const byIp = groupBy(d.account_devices, (x) => x.ip);
    for (const kind of ['office_nat', 'dorm_nat', 'campus_nat'])
      for (const accts of members(crowds, kind).values()) {
        expect(accts.size).toBeGreaterThanOrEqual(20);
        expect([...byIp.values()].some((rows) => new Set(rows.map((r) => r.account_id)).size === accts.size)).toBe(
          true,
        );
      }
    const orderAmount = new Map(d.orders.map((o) => [o.id, Number(o.amount)]));
    const refunds = d.payments.filter(
      (p) => p.order_id && [...members(crowds, 'refund_shipping').values()].some((s) => s.has(p.payee_account_id)),
    );
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.every((p) => Number(p.amount) > orderAmount.get(p.order_id)!)).toBe(true);
  });

  it('lets --set fix a parameter for one pattern or all, and refuses one it does not know', async () => {
    const out = path.join(tmp, 'set');
    await generateDataset({
      out,
      accounts: 400,
      seed: 9,
      patterns: 'field',
      settings: ['*.size=7', 'task_brushing.groups=0'],
    });
    const truth = read(out, 'rings');
    expect(truth.some((r) => r.kind === 'task_brushing')).toBe(false);
    const sizes = groupBy(
      truth.filter((r) => r.kind === 'emulator_farm'),
      (r) => r.ring_id,
    );
    expect([...sizes.values()].every((rows) => rows.length === 7)).toBe(true);
    await expect(
      generateDataset({ out, accounts: 400, seed: 9, patterns: 'field', settings: ['emulator_farm.sizes=7'] }),
    ).rejects.toThrow(/unknown generator parameter/);
  });
});

describe('evaluate: any-signal recall, overall precision, crowds flagged', () => {
  const truth =
    'ring_id,kind,account_id\nf1,emulator_farm,a1\nf1,emulator_farm,a2\nf1,emulator_farm,a3\nf1,emulator_farm,a4\nt1,task_brushing,b1\nt1,task_brushing,b2\n';
  const negatives =
    'group_id,kind,account_id\nn1,office_nat,c1\nn1,office_nat,c2\nn1,office_nat,c3\nn1,office_nat,c4\nl1,loyal,d1\n';
  const ring = (signals: EvaluatedRing['signals'], accounts: string[]): EvaluatedRing => ({
    signals,
    members: accounts.map((accountId) => ({ accountId })),
  });

  it('counts a planted account caught by any ring, and flagged innocents against precision', () => {
    // a1-a3 caught by the network signal (their own), a4 and b1 only by a text ring; c1 is an innocent flagged.
    const e = evaluate(
      [ring(['SHARED_NETWORK'], ['a1', 'a2', 'a3']), ring(['TEMPLATE_TEXT'], ['a4', 'b1', 'c1'])],
      truth,
      negatives,
    );
    expect(e.kinds.emulator_farm).toMatchObject({
      truth: 4,
      recall: 0.75,
      recallAny: 1,
      flaggedByAny: 4,
      ringsFound: 1,
      ringsFoundAny: 1,
      precision: 1,
    });
    expect(e.kinds.task_brushing).toMatchObject({
      truth: 2,
      recall: 0,
      recallAny: 0.5,
      ringsFound: 0,
      ringsFoundAny: 1,
    });
    expect(e.flaggedAccounts).toBe(6);
    expect(e.flaggedInRings).toBe(5);
    expect(e.precision).toBeCloseTo(5 / 6);
    expect(e.negatives.office_nat).toEqual({ accounts: 4, flagged: 1, share: 0.25 });
    expect(e.negatives.loyal).toEqual({ accounts: 1, flagged: 0, share: 0 });
    // Field truth reports only its own kinds, not the classic three.
    expect(Object.keys(e.kinds).sort()).toEqual(['emulator_farm', 'task_brushing']);
  });
});
