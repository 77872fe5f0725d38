// Stored rings through the API: the list with filters and pages, a ring's members, evidence and graph,
// the links from accounts, products and merchants, productIntegrity and accountNetwork.
import { Database } from '../src/db/database';
import { carryIds, storeRun } from '../src/detection/store';
import { applySchema } from '../src/db/database';
import { cypher } from '../src/db/cypher';
import { Context } from '../src/graphql/context';
import { createLoaders } from '../src/graphql/loaders';
import { Ring } from '../src/graphql/ring.type';
import { ringDetails } from '../src/graphql/rings-read';
import { DetectedRing } from '../src/detection/types';
import { loadDataset } from '../src/ingest/loader';
import { emptyDatabase, fixture, testDatabase } from './helpers/db';
import { Api, testApi } from './helpers/api';

let db: Database;
let api: Api;

// Two hand-made rings over the tiny fixture, as a detector would return them.
const cashback: DetectedRing = {
  kind: 'CASHBACK',
  score: 0.9,
  members: [
    { accountId: 'owner1', score: 0.95, evidence: ['paid u1 45.90 after 5-star review r1'], role: 'organiser' },
    { accountId: 'u1', score: 0.9, evidence: ['received 45.90 (order o1 39.90 + 6.00)'] },
    { accountId: 'u2', score: 0.85, evidence: ['received 45.90 (order o2 39.90 + 6.00)'] },
  ],
  devices: [],
  payments: ['pay1', 'pay2'],
  products: ['p1'],
  orders: ['o1', 'o2'],
  reviews: ['r1', 'r2'],
  merchants: ['m1'],
  firstActivity: new Date('2025-03-01T10:15:00Z'),
  lastActivity: new Date('2025-03-02T19:00:00Z'),
  signals: ['CASHBACK'],
  explanation: 'owner1 paid 2 reviewers of Acme, Tea & Co their order amount plus a commission.',
};
const farm: DetectedRing = {
  ...cashback,
  kind: 'SHARED_DEVICE',
  score: 0.4,
  members: [
    { accountId: 'u1', score: 0.5, evidence: ['used d1'] },
    { accountId: 'u2', score: 0.5, evidence: ['used d1'] },
  ],
  devices: ['d1'],
  payments: [],
  products: [],
  orders: [],
  reviews: [],
  merchants: [],
  lastActivity: new Date('2025-03-05T00:00:00Z'),
  signals: ['SHARED_DEVICE'],
  explanation: 'u1 and u2 share device d1.',
};

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
  api = await testApi(db);
});
afterAll(async () => {
  await api.stop();
  await db.close();
});

describe('stored rings', () => {
  let runId: string;
  /** The ids the first run gave its rings: the cashback ring (highest score) and the farm. */
  let topId: string;
  let farmId: string;
  beforeAll(async () => {
    runId = (await storeRun(db, [farm, cashback], { startedAt: new Date(), parameters: { test: {} }, timings: {} })).id;
    const { data } = await api.query<{ rings: { edges: { node: { id: string } }[] } }>(
      '{ rings { edges { node { id } } } }',
    );
    [topId, farmId] = data!.rings.edges.map((e) => e.node.id);
  });

  it('rings lists them highest score first with a Relay connection', async () => {
    const { data, errors } = await api.query(
      '{ rings(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { id kind score size stored } } } }',
    );
    expect(errors).toBeUndefined();
    const rings = data!.rings as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: unknown }[];
    };
    expect(rings.totalCount).toBe(2);
    expect(rings.edges[0].node).toEqual({ id: topId, kind: 'CASHBACK', score: 0.9, size: 3, stored: true });
    expect(topId).toMatch(/^ring-[0-9a-f]{10}$/);
    expect(rings.pageInfo.hasNextPage).toBe(true);
    const next = await api.query(
      'query($after: String) { rings(first: 1, after: $after) { pageInfo { hasNextPage } edges { node { kind } } } }',
      {
        after: rings.pageInfo.endCursor,
      },
    );
    expect(next.data).toEqual({
      rings: { pageInfo: { hasNextPage: false }, edges: [{ node: { kind: 'SHARED_DEVICE' } }] },
    });
  });

  it.each([
    ['kind: SHARED_DEVICE', ['SHARED_DEVICE']],
    ['minScore: 0.5', ['CASHBACK']],
    ['minSize: 3', ['CASHBACK']],
    ['merchantId: "m1"', ['CASHBACK']],
    ['productId: "p1"', ['CASHBACK']],
    ['productId: "p2"', []],
    ['since: "2025-03-03T00:00:00Z"', ['SHARED_DEVICE']],
    ['until: "2025-02-28T00:00:00Z"', []],
    ['orderBy: LAST_ACTIVITY', ['SHARED_DEVICE', 'CASHBACK']],
    ['orderBy: SIZE', ['CASHBACK', 'SHARED_DEVICE']],
  ])('rings(%s) filters', async (filter, kinds) => {
    const { data, errors } = await api.query(`{ rings(${filter}) { edges { node { kind } } } }`);
    expect(errors).toBeUndefined();
    expect((data!.rings as { edges: { node: { kind: string } }[] }).edges.map((e) => e.node.kind)).toEqual(kinds);
  });

  it('pages in the order asked for, and refuses a cursor from another order', async () => {
    const first = await api.query<{ rings: { pageInfo: { endCursor: string }; edges: { node: { kind: string } }[] } }>(
      '{ rings(orderBy: LAST_ACTIVITY, first: 1) { pageInfo { endCursor } edges { node { kind } } } }',
    );
    expect(first.data!.rings.edges.map((e) => e.node.kind)).toEqual(['SHARED_DEVICE']);
    const after = first.data!.rings.pageInfo.endCursor;
    const next = await api.query(
      'query($after: String) { rings(orderBy: LAST_ACTIVITY, after: $after) { edges { node { kind } } } }',
      {
        after,
      },
    );
    expect(next.data).toEqual({ rings: { edges: [{ node: { kind: 'CASHBACK' } }] } });
    const mixed = await api.query('query($after: String) { rings(orderBy: SCORE, after: $after) { totalCount } }', {
      after,
    });
    expect(mixed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(mixed.errors?.[0].message).toMatch(/ordered by LAST_ACTIVITY, not SCORE/);
  });

  it('ring(id) gives members with evidence, what it benefits, and the facts behind it', async () => {
    const { data, errors } = await api.query(`{ ring(id: "${topId}") {
      kind explanation firstActivity lastActivity signals
      members { account { id } score role evidence }
      merchants { name } products { id } payments { id amount } orders { id } reviews { id } devices { id }
    } }`);
    expect(errors).toBeUndefined();
    expect(data!.ring).toEqual({
      kind: 'CASHBACK',
      explanation: cashback.explanation,
      firstActivity: '2025-03-01T10:15:00.000Z',
      lastActivity: '2025-03-02T19:00:00.000Z',
      signals: ['CASHBACK'],
      members: [
        {
          account: { id: 'owner1' },
          score: 0.95,
          role: 'organiser',
          evidence: ['paid u1 45.90 after 5-star review r1'],
        },
        { account: { id: 'u1' }, score: 0.9, role: 'member', evidence: ['received 45.90 (order o1 39.90 + 6.00)'] },
        { account: { id: 'u2' }, score: 0.85, role: 'member', evidence: ['received 45.90 (order o2 39.90 + 6.00)'] },
      ],
      merchants: [{ name: 'Acme, Tea & Co' }],
      products: [{ id: 'p1' }],
      payments: expect.arrayContaining([
        { id: 'pay1', amount: 45.9 },
        { id: 'pay2', amount: 45.9 },
      ]),
      orders: expect.arrayContaining([{ id: 'o1' }, { id: 'o2' }]),
      reviews: expect.arrayContaining([{ id: 'r1' }, { id: 'r2' }]),
      devices: [],
    });
  });

  it('ring.graph is drawable as is: string ids unique across nodes and edges, edges between present nodes', async () => {
    const { data } = await api.query(
      `{ ring(id: "${topId}") { graph { truncated limit nodes { id label properties } edges { id source target type properties } } } }`,
    );
    const graph = (
      data!.ring as {
        graph: {
          truncated: boolean;
          nodes: { id: string; label: string }[];
          edges: { id: string; source: string; target: string; type: string }[];
        };
      }
    ).graph;
    const ids = [...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)];
    expect(new Set(ids).size).toBe(ids.length);
    const nodeIds = new Set(graph.nodes.map((n) => n.id));
    for (const e of graph.edges) expect(nodeIds.has(e.source) && nodeIds.has(e.target)).toBe(true);
    expect(graph.truncated).toBe(false);
    expect(graph.nodes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: `Ring:${topId}`, label: 'Ring' }),
        expect.objectContaining({ id: 'Account:u1', label: 'Account' }),
      ]),
    );
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'MEMBER_OF', source: 'Account:owner1', target: `Ring:${topId}` }),
        expect.objectContaining({ type: 'SENT', source: 'Account:owner1', target: 'Payment:pay1' }),
        expect.objectContaining({ type: 'TO', source: 'Payment:pay1', target: 'Account:u1' }),
        expect.objectContaining({ type: 'REIMBURSES', source: 'Payment:pay1', target: 'Order:o1' }),
        expect.objectContaining({ type: 'TARGETS', source: `Ring:${topId}`, target: 'Merchant:m1' }),
      ]),
    );
  });

  it('a ring is read from the run it was listed from; ring(id) reads the current run', async () => {
    // The same id in another run (as after a switch in the middle of a request): each key finds its own.
    await db.driver.executeQuery(
      "CREATE (:Ring {id: $id, runId: 'other-run', kind: 'CASHBACK', score: 0.1, size: 0, signals: ['CASHBACK']})",
      { id: topId },
    );
    try {
      const loaders = createLoaders(db);
      const [other, current, listed] = await Promise.all([
        loaders.ring.load(['other-run', topId]),
        loaders.ring.load([null, topId]),
        loaders.ring.load([runId, topId]),
      ]);
      expect(other).toMatchObject({ id: topId, score: 0.1 });
      expect(current).toMatchObject({ id: topId, score: 0.9 });
      expect(listed).toMatchObject({ id: topId, score: 0.9 });
      expect((await api.query(`{ ring(id: "${topId}") { score } }`)).data).toEqual({ ring: { score: 0.9 } });
      // A listed ring's details come from its own run, through the path the field resolvers use.
      const ctx = { loaders } as unknown as Context;
      const ofOther = await ringDetails({ id: topId, runId: 'other-run' } as Ring, ctx);
      expect(ofOther.members).toEqual([]);
      const ofListed = await ringDetails({ id: topId, runId } as Ring, ctx);
      expect(ofListed.members.map((m) => m.accountId)).toEqual(['owner1', 'u1', 'u2']);
      // A run whose rings are gone (replaced while the request was read) is said so, not answered with no members.
      await expect(ringDetails({ id: topId, runId: 'gone-run' } as Ring, ctx)).rejects.toThrow(/replaced/);
    } finally {
      await db.driver.executeQuery("MATCH (r:Ring {runId: 'other-run'}) DETACH DELETE r");
    }
  });

  it('looks rings up by the (runId, id) index, however many rings are stored', async () => {
    const operators = async (statement: string, params: Record<string, unknown>): Promise<string[]> => {
      const { summary } = await db.driver.executeQuery(`EXPLAIN ${cypher(statement)}`, params);
      const found: string[] = [];
      const walk = (p: { operatorType: string; arguments: Record<string, unknown>; children: unknown[] }): void => {
        found.push(`${p.operatorType.replace(/@.*/, '')} ${String(p.arguments.Details ?? '')}`);
        p.children.forEach((c) => walk(c as typeof p));
      };
      walk(summary.plan as never);
      return found;
    };
    const seek = /^NodeUniqueIndexSeek UNIQUE r:Ring\(runId, id\)/;
    expect((await operators('rings/by-id', { keys: [[null, topId]] })).some((o) => seek.test(o))).toBe(true);
    const rings = [{ runId, id: topId, accounts: ['u1'] }];
    expect((await operators('rings/member-evidence', { rings })).some((o) => seek.test(o))).toBe(true);
  });

  it('brings rings stored by an older ringscope up to date at start-up', async () => {
    await db.driver.executeQuery(
      `MATCH (r:Ring {runId: $runId, id: $topId}) REMOVE r.firstDetected
       WITH r MATCH (:Account {id: 'u1'})-[m:MEMBER_OF]->(r) REMOVE m.signals`,
      { runId, topId },
    );
    await applySchema(db);
    const { records } = await db.driver.executeQuery(
      `MATCH (run:DetectionRun {id: $runId}) MATCH (:Account {id: 'u1'})-[m:MEMBER_OF]->(r:Ring {runId: run.id, id: $topId})
       RETURN r.firstDetected = run.finishedAt AS first, m.signals AS signals`,
      { runId, topId },
    );
    expect(records.map((r) => [r.get('first'), r.get('signals')])).toEqual([[true, ['CASHBACK']]]);
  });

  it('members(first: N) gives the N most strongly tied members', async () => {
    const { data, errors } = await api.query(
      `{ ring(id: "${topId}") { size all: members { account { id } } top: members(first: 1) { account { id } score } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.ring).toEqual({
      size: 3,
      all: [{ account: { id: 'owner1' } }, { account: { id: 'u1' } }, { account: { id: 'u2' } }],
      top: [{ account: { id: 'owner1' }, score: 0.95 }],
    });
    const zero = await api.query(`{ ring(id: "${topId}") { members(first: 0) { score } } }`);
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("members' evidence is read on demand: the same through a fragment, in a list, and per member", async () => {
    const direct = await api.query(`{ ring(id: "${topId}") { members(first: 2) { account { id } evidence } } }`);
    const viaFragment = await api.query(
      `{ ring(id: "${topId}") { members(first: 2) { ...M } } } fragment M on RingMember { account { id } evidence }`,
    );
    expect(direct.errors).toBeUndefined();
    expect(direct.data).toEqual(viaFragment.data);
    expect(direct.data!.ring).toEqual({
      members: [
        { account: { id: 'owner1' }, evidence: cashback.members[0].evidence },
        { account: { id: 'u1' }, evidence: cashback.members[1].evidence },
      ],
    });
    const listed = await api.query<{ rings: { edges: { node: { id: string; members: { evidence: string[] }[] } }[] } }>(
      '{ rings { edges { node { id members { evidence } } } } }',
    );
    const byId = new Map(listed.data!.rings.edges.map((e) => [e.node.id, e.node.members.map((m) => m.evidence)]));
    expect(byId.get(topId)).toEqual(cashback.members.map((m) => m.evidence));
    expect(byId.get(farmId)).toEqual(farm.members.map((m) => m.evidence));
  });

  it('ring.graph without properties (read more cheaply) has the same nodes and edges', async () => {
    const shape = '{ id label } edges { id source target type }';
    const full = await api.query(`{ ring(id: "${topId}") { graph { nodes { properties ${shape.slice(1)} } } }`);
    const light = await api.query(`{ ring(id: "${topId}") { graph { nodes ${shape} } } }`);
    const viaFragment = await api.query(
      `{ ring(id: "${topId}") { graph { ...Drawn } } } fragment Drawn on Graph { nodes { id label properties } edges { id source target type } }`,
    );
    type G = { ring: { graph: { nodes: { id: string; properties?: { id?: string } }[]; edges: unknown[] } } };
    const strip = (d: unknown) => {
      const g = (d as G).ring.graph;
      return { nodes: g.nodes.map(({ properties: _p, ...n }) => n), edges: g.edges };
    };
    expect(light.errors).toBeUndefined();
    expect(strip(light.data)).toEqual(strip(full.data));
    expect(strip(light.data).nodes.length).toBeGreaterThan(5);
    // Asked for through a fragment, properties are still read in full.
    const u1 = (viaFragment.data as G).ring.graph.nodes.find((n) => n.id === 'Account:u1');
    expect(u1?.properties).toMatchObject({ id: 'u1', region: 'Zhejiang' });
  });

  it('ring.graph(limit) says when it was cut', async () => {
    const { data } = await api.query(`{ ring(id: "${topId}") { graph(limit: 3) { truncated nodes { id } } } }`);
    expect(data!.ring).toEqual({
      graph: {
        truncated: true,
        nodes: [
          { id: `Ring:${topId}` },
          { id: expect.stringMatching(/^Account:/) },
          { id: expect.stringMatching(/^Account:/) },
        ],
      },
    });
  });

  it('accounts, products and merchants link to their rings', async () => {
    const { data } = await api.query(
      '{ account(id: "u1") { rings { totalCount } } product(id: "p1") { rings { edges { node { kind } } } } merchant(id: "m2") { rings { totalCount } } }',
    );
    expect(data).toEqual({
      account: { rings: { totalCount: 2 } },
      product: { rings: { edges: [{ node: { kind: 'CASHBACK' } }] } },
      merchant: { rings: { totalCount: 0 } },
    });
  });

  it("productIntegrity separates ring members' reviews from the rest", async () => {
    const { data, errors } = await api.query(
      '{ productIntegrity(id: "p1", minBurstOrders: 2) { reviewCount averageRating averageRatingWithoutRings ringReviewCount ringReviewShare orderCount ringOrderCount bursts { start end orders buyers ringBuyers ordersPerBuyer } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.productIntegrity).toEqual({
      reviewCount: 2,
      averageRating: 5,
      averageRatingWithoutRings: null,
      ringReviewCount: 2,
      ringReviewShare: 1,
      orderCount: 2,
      ringOrderCount: 2,
      bursts: [
        {
          start: '2025-03-01T10:00:00.000Z',
          end: '2025-03-01T11:00:00.000Z',
          orders: 2,
          buyers: 2,
          ringBuyers: 2,
          ordersPerBuyer: 1,
        },
      ],
    });
  });

  it('a new run replaces the old one; a ring found again keeps its id and when it was first detected', async () => {
    const { data: before } = await api.query(`{ ring(id: "${farmId}") { firstDetected } }`);
    const firstDetected = (before!.ring as { firstDetected: string }).firstDetected;
    expect(Date.parse(firstDetected)).toBeGreaterThan(0);
    const page = await api.query<{ rings: { pageInfo: { endCursor: string } } }>(
      '{ rings(first: 1) { pageInfo { endCursor } } }',
    );
    const second = await storeRun(db, [farm], { startedAt: new Date(), parameters: {}, timings: {} });
    // A page of the replaced run would repeat or skip rings: the cursor is refused with a way out.
    const stale = await api.query('query($after: String) { rings(after: $after) { totalCount } }', {
      after: page.data!.rings.pageInfo.endCursor,
    });
    expect(stale.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(stale.errors?.[0].message).toMatch(/cursor of detection run .* replaced; ask for the first page again/);
    expect(second.id).not.toBe(runId);
    const { data } = await api.query(
      '{ rings { totalCount edges { node { id firstDetected } } } detectionRun { id ringCount } }',
    );
    expect(data).toEqual({
      rings: { totalCount: 1, edges: [{ node: { id: farmId, firstDetected } }] },
      detectionRun: { id: second.id, ringCount: 1 },
    });
    // The cashback ring was not found again: its id leads nowhere now.
    const { data: old } = await api.query(`{ ring(id: "${topId}") { id } }`);
    expect(old).toEqual({ ring: null });
    expect((await api.query('{ stats { rings } }')).data).toEqual({ stats: { rings: 1 } });
  });

  it('rings(detectedSince) lists what is new since a time; a ring that comes back gets its id again', async () => {
    // The run started a minute before the reviewer's cutoff and became visible after it: its new rings are new.
    const cutoff = new Date();
    await storeRun(db, [farm, cashback], {
      startedAt: new Date(cutoff.getTime() - 60_000),
      parameters: {},
      timings: {},
    });
    const { data, errors } = await api.query(
      'query($t: DateTimeISO) { all: rings { totalCount } fresh: rings(detectedSince: $t) { edges { node { id firstDetected } } } }',
      { t: cutoff.toISOString() },
    );
    expect(errors).toBeUndefined();
    const fresh = (data!.fresh as { edges: { node: { id: string; firstDetected: string } }[] }).edges;
    expect((data!.all as { totalCount: number }).totalCount).toBe(2);
    // The farm was first detected before the cutoff; the cashback ring is back, under the id its members give it.
    expect(fresh.map((e) => e.node.id)).toEqual([topId]);
    expect(Date.parse(fresh[0].node.firstDetected)).toBeGreaterThanOrEqual(cutoff.getTime());
  });

  it('ids carry over while most members stay (Jaccard >= 0.5), and are fresh but reproducible otherwise', () => {
    const ring = (kind: DetectedRing['kind'], ids: string[]): DetectedRing => ({
      ...farm,
      kind,
      members: ids.map((accountId) => ({ accountId, score: 0.5, evidence: [] })),
    });
    const previous = [
      { id: 'ring-aaaaaaaaaa', accountIds: ['a', 'b', 'c', 'd'], firstDetected: '2026-01-01T00:00:00.000Z' },
      { id: 'ring-bbbbbbbbbb', accountIds: ['x', 'y', 'z'], firstDetected: '2026-02-01T00:00:00.000Z' },
      // Stored before ids carried over: not a name worth keeping.
      { id: 'run-20260101T000000Z-abcdef/7', accountIds: ['k', 'l', 'm'], firstDetected: '2026-01-01T00:00:00.000Z' },
    ];
    const next = [
      ring('COMBINED', ['a', 'b', 'c', 'e']), // 3 of 5 accounts in common: 0.6, keeps its id though its kind changed
      ring('SHARED_DEVICE', ['x', 'q', 'r', 's']), // 1 of 6: a new ring
      ring('CASHBACK', ['a', 'b', 'c']), // 3 of 4: 0.75 with the first old ring, a better claim than the first ring's
      ring('CASHBACK', ['k', 'l', 'm']),
    ];
    const ids = carryIds(next, previous);
    // Best overlaps first: the third ring (0.75) takes the first old id, the first ring (0.6) gets a fresh one.
    expect(ids[2]).toEqual({ id: 'ring-aaaaaaaaaa', firstDetected: '2026-01-01T00:00:00.000Z' });
    expect(ids[0].id).toMatch(/^ring-[0-9a-f]{10}$/);
    expect(ids[0].firstDetected).toBeNull(); // set when the run becomes visible
    expect(ids[1].id).not.toBe('ring-bbbbbbbbbb');
    expect(ids[3].id).toMatch(/^ring-[0-9a-f]{10}$/);
    expect(new Set(ids.map((x) => x.id)).size).toBe(4);
    // The same rings with no history get the same ids in any database.
    expect(carryIds(next, [])).toEqual(carryIds(next, []));
    expect(carryIds(next, [])[0].id).toBe(ids[0].id);
  });

  it('a run whose process died while writing is cleaned up by the next run; one writing now is left alone', async () => {
    await db.driver.executeQuery(
      `CREATE (:DetectionRun {id: 'dead-run', status: 'writing', startedAt: datetime() - duration({days: 2})})
       CREATE (:Ring {id: 'dead-run/1', runId: 'dead-run', kind: 'CASHBACK', score: 0.5, size: 2})
       CREATE (:DetectionRun {id: 'live-run', status: 'writing', startedAt: datetime()})
       CREATE (:Ring {id: 'live-run/1', runId: 'live-run', kind: 'CASHBACK', score: 0.5, size: 2})`,
    );
    await storeRun(db, [farm], { startedAt: new Date(), parameters: {}, timings: {} });
    const { records } = await db.driver.executeQuery(
      `MATCH (run:DetectionRun) WHERE run.id IN ['dead-run', 'live-run']
       RETURN run.id AS id, run.status AS status, COUNT { (r:Ring {runId: run.id}) } AS rings ORDER BY id`,
    );
    expect(records.map((r) => [r.get('id'), r.get('status'), Number(r.get('rings'))])).toEqual([
      ['dead-run', 'abandoned', 0],
      ['live-run', 'writing', 1],
    ]);
    await db.driver.executeQuery("MATCH (n) WHERE n.id = 'live-run' OR n.runId = 'live-run' DETACH DELETE n");
  });
});

describe('accountNetwork', () => {
  it('returns the neighbourhood as a drawable graph within depth and limit', async () => {
    const { data, errors } = await api.query(
      '{ accountNetwork(id: "u1", depth: 1) { truncated nodes { id label } edges { source target type } } }',
    );
    expect(errors).toBeUndefined();
    const g = data!.accountNetwork as {
      truncated: boolean;
      nodes: { id: string; label: string }[];
      edges: { source: string; target: string; type: string }[];
    };
    expect(g.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['Account:u1', 'Device:d1', 'Ip:10.0.0.1', 'Order:o1', 'Review:r1', 'Payment:pay1']),
    );
    expect(g.nodes.map((n) => n.id)).not.toContain('Account:u2'); // two hops away
    expect(g.edges).toEqual(expect.arrayContaining([{ source: 'Account:u1', target: 'Device:d1', type: 'USED' }]));
    const small = await api.query('{ accountNetwork(id: "u1", depth: 3, limit: 4) { truncated nodes { id } } }');
    expect(small.data).toEqual({ accountNetwork: { truncated: true, nodes: expect.any(Array) } });
    expect((small.data!.accountNetwork as { nodes: unknown[] }).nodes).toHaveLength(4);
  });

  it('follows only the links asked for', async () => {
    const { data, errors } = await api.query(
      '{ accountNetwork(id: "u1", depth: 2, via: [DEVICES]) { nodes { id } edges { type } } }',
    );
    expect(errors).toBeUndefined();
    const g = data!.accountNetwork as { nodes: { id: string }[]; edges: { type: string }[] };
    expect(g.nodes.map((n) => n.id).sort()).toEqual(['Account:u1', 'Account:u2', 'Device:d1']);
    expect(new Set(g.edges.map((e) => e.type))).toEqual(new Set(['USED']));
  });

  it('is null for an unknown account', async () => {
    expect((await api.query('{ accountNetwork(id: "nobody") { truncated } }')).data).toEqual({ accountNetwork: null });
  });
});

describe('on-demand detection refuses questions without a real scope or with impossible thresholds', () => {
  it.each([
    ['no scope', 'sharedDeviceRings', '', /exactly one of accountId, productId or merchantId/],
    ['two scopes', 'cashbackRings', 'accountId: "u1", productId: "p1"', /exactly one/],
    [
      'an empty id (which would mean the whole graph)',
      'cashbackRings',
      'merchantId: ""',
      /merchantId must not be empty/,
    ],
    ['a blank id', 'coordinatedPurchaseRings', 'productId: "  "', /productId must not be empty/],
    [
      'a negative count',
      'cashbackRings',
      'accountId: "u1", parameters: { minPayees: -3 }',
      /minPayees must be between 0/,
    ],
    ['a score above 1', 'sharedDeviceRings', 'accountId: "u1", parameters: { minScore: 1.5 }', /between 0 and 1/],
    ['six stars', 'coordinatedPurchaseRings', 'accountId: "u1", parameters: { minRating: 6 }', /between 1 and 5/],
  ])('%s', async (_case, field, args, message) => {
    const { data, errors } = await api.query(`{ ${field}${args ? `(${args})` : ''} { id } }`);
    expect(data).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].message).toMatch(message);
  });

  it('runDetection refuses out-of-range overrides before touching the stored rings', async () => {
    const before = await api.query('{ rings { totalCount } }');
    const { errors } = await api.query('mutation($p: JSONObject) { runDetection(parameters: $p) { run { id } } }', {
      p: { 'shared-device': { minRating: -5 } },
    });
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].message).toMatch(/shared-device.minRating must be between 1/);
    expect(await api.query('{ rings { totalCount } }')).toEqual(before);
  });
});
