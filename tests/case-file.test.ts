// Case files over HTTP: every member, evidence sentence and entity behind a ring, the same bytes for the same ring and
// run, in JSON, a zip of CSVs and GraphML; and GraphiQL and the console served from this server, not a CDN.
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { Database } from '../src/db/database';
import { storeRun } from '../src/detection/store';
import { DetectedRing } from '../src/detection/types';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { loadDataset } from '../src/ingest/loader';
import { createApp } from '../src/server/app';
import { projectRoot } from '../src/util/project-root';
import { EXAMPLES } from '../web/graphiql/examples';
import { emptyDatabase, fixture, testDatabase } from './helpers/db';

let db: Database;
let server: http.Server;
let stopApollo: () => Promise<void>;
let base: string;
let ringId: string;
let runId: string;

const cashback: DetectedRing = {
  kind: 'CASHBACK',
  score: 0.9,
  members: [
    { accountId: 'owner1', score: 0.95, evidence: ['paid u1 45.90 after 5-star review r1'], role: 'organiser' },
    { accountId: 'u1', score: 0.9, evidence: ['received 45.90 (order o1 39.90 + 6.00)', 'reviewed p1 5 stars'] },
    { accountId: 'u2', score: 0.85, evidence: ['received 45.90 (order o2 39.90 + 6.00)'] },
  ],
  devices: ['d1'],
  payments: ['pay1', 'pay2'],
  products: ['p1'],
  orders: ['o1', 'o2'],
  reviews: ['r1', 'r2'],
  merchants: ['m1'],
  firstActivity: new Date('2025-03-01T10:15:00Z'),
  lastActivity: new Date('2025-03-02T19:00:00Z'),
  signals: ['CASHBACK'],
  explanation: 'owner1 paid 2 reviewers of Acme their order amount plus a commission.',
};

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
  runId = (
    await storeRun(db, [cashback], { startedAt: new Date(), parameters: { cashback: { minPayees: 2 } }, timings: {} })
  ).id;
  const { httpServer, apollo } = await createApp(db, await buildRingscopeSchema());
  server = httpServer;
  stopApollo = () => apollo.stop();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ rings { edges { node { id } } } }' }),
  });
  ringId = ((await response.json()) as { data: { rings: { edges: { node: { id: string } }[] } } }).data.rings.edges[0]
    .node.id;
});
afterAll(async () => {
  await stopApollo();
  server.close();
  await db.close();
});

const exportOf = async (format: string) => {
  const response = await fetch(`${base}/rings/${ringId}/export?format=${format}`);
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
};

describe('a ring case file', () => {
  test('JSON holds every member, evidence sentence and entity, with the run and its parameters', async () => {
    const { response, bytes } = await exportOf('json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${ringId}-${runId}.json"`);
    const file = JSON.parse(bytes.toString('utf8'));
    expect(file.ring).toMatchObject({ id: ringId, kind: 'CASHBACK', size: 3 });
    expect(file.run).toMatchObject({ id: runId, parameters: { cashback: { minPayees: 2 } } });
    expect(file.asOf).toBe(file.run.finishedAt);
    expect(file.members.map((m: { accountId: string }) => m.accountId).sort()).toEqual(['owner1', 'u1', 'u2']);
    expect(file.evidence).toHaveLength(4);
    expect(file.evidence).toContainEqual({ accountId: 'u1', index: 1, sentence: 'reviewed p1 5 stars' });
    expect(file.payments.map((p: { id: string }) => p.id)).toEqual(['pay1', 'pay2']);
    expect(file.orders.map((o: { id: string }) => o.id)).toEqual(['o1', 'o2']);
    expect(file.reviews.map((r: { id: string }) => r.id)).toEqual(['r1', 'r2']);
    expect(file.devices.map((d: { id: string }) => d.id)).toEqual(['d1']);
    expect(file.payments[0]).toMatchObject({ payerAccountId: expect.any(String), paidAt: expect.stringMatching(/Z$/) });
    expect(file.graph.nodes.length).toBeGreaterThan(3);
    expect(file.withheld).toEqual([]);
  });

  test.each(['json', 'csv', 'graphml'])('%s: the same ring of the same run gives the same bytes', async (format) => {
    const one = await exportOf(format);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const two = await exportOf(format);
    expect(two.bytes.equals(one.bytes)).toBe(true);
    // The moment of export is a header, outside the bytes.
    expect(two.response.headers.get('x-ringscope-exported-at')).not.toBe(
      one.response.headers.get('x-ringscope-exported-at'),
    );
    expect(two.response.headers.get('etag')).toBe(one.response.headers.get('etag'));
  });

  test('CSV is one file per entity in a zip', async () => {
    const { response, bytes } = await exportOf('csv');
    expect(response.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual(
      [
        'devices',
        'device_uses',
        'evidence',
        'members',
        'merchants',
        'orders',
        'payments',
        'products',
        'reviews',
        'ring',
        'run',
        'withheld',
      ]
        .map((f) => `${f}.csv`)
        .sort(),
    );
    const evidence = strFromU8(files['evidence.csv']).trim().split('\n');
    expect(evidence[0]).toBe('accountId,index,sentence');
    expect(evidence).toHaveLength(5);
    expect(strFromU8(files['orders.csv'])).toMatch(/^id,accountId,productId,placedAt,amount/);
  });

  test('GraphML parses back to the ring graph, typed attributes declared', async () => {
    const { bytes } = await exportOf('graphml');
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name, _j, _l, isAttribute) => !isAttribute && ['node', 'edge', 'data', 'key'].includes(name),
    }).parse(bytes.toString('utf8'));
    const json = JSON.parse((await exportOf('json')).bytes.toString('utf8'));
    const g = xml.graphml.graph;
    expect(g.edgedefault).toBe('directed');
    expect(g.node.map((n: { id: string }) => n.id)).toEqual(json.graph.nodes.map((n: { id: string }) => n.id));
    expect(g.edge.map((e: { source: string; target: string }) => [e.source, e.target])).toEqual(
      json.graph.edges.map((e: { source: string; target: string }) => [e.source, e.target]),
    );
    const keys = xml.graphml.key as { for: string; 'attr.name': string; 'attr.type': string }[];
    expect(keys).toContainEqual(expect.objectContaining({ for: 'node', 'attr.name': 'amount', 'attr.type': 'double' }));
    expect(keys).toContainEqual(expect.objectContaining({ for: 'node', 'attr.name': 'rating', 'attr.type': 'long' }));
  });

  test('an unknown ring is a 404 and an unknown format a 400, in words', async () => {
    const missing = await fetch(`${base}/rings/ring-0000000000/export`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    const bad = await fetch(`${base}/rings/${ringId}/export?format=pdf`);
    expect(bad.status).toBe(400);
  });
});

describe('pages for browsers', () => {
  test('/graphql opened in a browser is the bundled GraphiQL; API clients still get GraphQL', async () => {
    const page = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('/graphiql/graphiql.js');
    expect(html).not.toMatch(/https?:\/\//);
    const api = await fetch(`${base}/graphql?query=${encodeURIComponent('{ stats { accounts } }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(((await api.json()) as { data: { stats: { accounts: number } } }).data.stats.accounts).toBe(4);
  });

  test('/console is served from this server', async () => {
    const page = await fetch(`${base}/console`);
    expect([200, 503]).toContain(page.status);
    if (page.status === 200) expect(await page.text()).toContain('/console/console.js');
    else expect(await page.text()).toContain('npm run build');
  });

  test('GraphiQL has one example per row of the README\'s "What it answers" table', () => {
    const readme = fs.readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');
    const table = readme.slice(
      readme.indexOf('## What it answers'),
      readme.indexOf('Every list is a Relay connection'),
    );
    const questions = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| question') && !l.startsWith('| ---'))
      .map((l) => l.split(' | ')[0].slice(2).trim());
    expect(EXAMPLES.map((e) => e.question)).toEqual(questions);
  });
});
