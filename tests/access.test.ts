// Who may see what, over HTTP against the real database: every Query and Mutation field against every role
// (generated from the schema, so a new field without a rule fails here), tokens, revocation, and the audit trail.
import { AddressInfo } from 'node:net';
import http from 'node:http';
import {
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
import { createKey, revokeKey, wellFormedToken } from '../src/auth/keys';
import { keysCreate, keysList, keysRevoke } from '../src/cli/keys.command';
import { Role } from '../src/auth/roles';
import { storeRun } from '../src/detection/store';
import { DetectedRing } from '../src/detection/types';
import { loadDataset } from '../src/ingest/loader';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { createApp } from '../src/server/app';
import { emptyDatabase, fixture, testDatabase } from './helpers/db';

/** The roles table of the README: the weakest role each root field needs. A new field must be added here. */
const NEEDS: Record<string, Role> = {
  'Query.rings': 'viewer',
  'Query.ring': 'viewer',
  'Query.detectionRun': 'viewer',
  'Query.stats': 'viewer',
  'Query.ringEvents': 'viewer',
  'Query.account': 'investigator',
  'Query.accountNetwork': 'investigator',
  'Query.device': 'investigator',
  'Query.merchant': 'investigator',
  'Query.product': 'investigator',
  'Query.order': 'investigator',
  'Query.review': 'investigator',
  'Query.payment': 'investigator',
  'Query.productIntegrity': 'investigator',
  'Query.sharedDeviceRings': 'investigator',
  'Query.cashbackRings': 'investigator',
  'Query.coordinatedPurchaseRings': 'investigator',
  'Query.auditLog': 'admin',
  'Mutation.runDetection': 'admin',
};
const ROLES: Role[] = ['viewer', 'investigator', 'admin'];
const allows = (has: Role, needs: Role) => ROLES.indexOf(has) >= ROLES.indexOf(needs);

let db: Database;
let schema: GraphQLSchema;
let server: http.Server;
let stopApollo: () => Promise<void>;
let base: string;
const tokens: Record<string, string> = {};

const farm: DetectedRing = {
  kind: 'SHARED_DEVICE',
  score: 0.8,
  members: [
    { accountId: 'u1', score: 0.5, evidence: ['used d1'] },
    { accountId: 'u2', score: 0.5, evidence: ['used d1'] },
  ],
  devices: ['d1'],
  payments: ['pay1'],
  products: ['p1'],
  orders: ['o1'],
  reviews: [],
  merchants: ['m1'],
  firstActivity: new Date('2025-03-01T10:15:00Z'),
  lastActivity: new Date('2025-03-05T00:00:00Z'),
  signals: ['SHARED_DEVICE'],
  explanation: 'u1 and u2 share device d1.',
};
let ringId: string;

beforeAll(async () => {
  db = await testDatabase();
  await emptyDatabase(db);
  await loadDataset(db, { folder: fixture('tiny'), batchSize: 100 });
  for (const role of ROLES) tokens[role] = (await createKey(db, `test-${role}`, role)).token;
  tokens.revoked = (await createKey(db, 'test-revoked', 'admin')).token;
  await revokeKey(db, 'test-revoked');
  schema = await buildRingscopeSchema();
  const { httpServer, apollo } = await createApp(db, schema, { auth: { mode: 'auto', perMinute: 100000 } });
  server = httpServer;
  stopApollo = () => apollo.stop();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await storeFarm();
});

/** Stores the farm as the current run (the table's runDetection replaces it) and remembers its id. */
async function storeFarm(): Promise<void> {
  await storeRun(db, [farm], { startedAt: new Date(), parameters: { test: {} }, timings: {} });
  const rings = await graphql('{ rings { edges { node { id } } } }', {}, tokens.viewer);
  ringId = rings.body.data.rings.edges[0].node.id;
}
afterAll(async () => {
  await stopApollo();
  await db.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

async function graphql(query: string, variables: Record<string, unknown> = {}, token?: string | null, raw?: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(raw || token ? { authorization: raw ?? `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

async function exportCase(id: string, format: string, token: string) {
  const response = await fetch(`${base}/rings/${id}/export?format=${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, text: await response.text() };
}

/** The newest audit entry written for a key, as an admin reads it through auditLog. */
async function newestEntryOf(keyName: string): Promise<Body> {
  const { body } = await graphql(
    'query Newest($key: String) { auditLog(keyName: $key, first: 1) { edges { node { keyName role operation query variables accountIds productIds merchantIds outcome } } } }',
    { key: keyName },
    tokens.admin,
  );
  expect(body.errors).toBeUndefined();
  return body.data.auditLog.edges[0].node;
}

/** A call of a root field with its required arguments filled and the smallest selection. */
function probe(typeName: 'Query' | 'Mutation', field: string): { query: string; variables: Record<string, unknown> } {
  const def = (schema.getType(typeName) as GraphQLObjectType).getFields()[field];
  const variables: Record<string, unknown> = {};
  const args: string[] = [];
  const decl: string[] = [];
  for (const arg of def.args) {
    const scope =
      arg.name === 'accountId' && ['sharedDeviceRings', 'cashbackRings', 'coordinatedPurchaseRings'].includes(field);
    if (!scope && !(isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    const named: GraphQLNamedType = getNamedType(arg.type);
    if (isInputObjectType(named)) continue;
    variables[arg.name] =
      field === 'ring'
        ? ringId
        : named.name === 'Int'
          ? 1
          : named.name.startsWith('DateTime')
            ? '2025-01-01T00:00:00Z'
            : 'u1';
    decl.push(`$${arg.name}: ${String(arg.type)}`);
    args.push(`${arg.name}: $${arg.name}`);
  }
  const selection = isObjectType(getNamedType(def.type)) ? ' { __typename }' : '';
  const op = typeName === 'Query' ? 'query' : 'mutation';
  return {
    query: `${op} Probe${decl.length ? `(${decl.join(', ')})` : ''} { ${field}${args.length ? `(${args.join(', ')})` : ''}${selection} }`,
    variables,
  };
}

function rootFields(): string[] {
  return (['Query', 'Mutation'] as const).flatMap((t) =>
    Object.keys((schema.getType(t) as { getFields(): object }).getFields()).map((f) => `${t}.${f}`),
  );
}

it('the roles table names every Query and Mutation field of the schema, and nothing else', () => {
  expect(Object.keys(NEEDS).sort()).toEqual(rootFields().sort());
});

describe('every root field against every role', () => {
  const cases = Object.entries(NEEDS).flatMap(([field, needs]) => ROLES.map((role) => [field, role, needs] as const));
  it.each(cases)('%s as %s (needs %s)', async (field, role, needs) => {
    const [typeName, name] = field.split('.') as ['Query' | 'Mutation', string];
    const { query, variables } = probe(typeName, name);
    const { status, body } = await graphql(query, variables, tokens[role]);
    const codes = (body.errors ?? []).map((e: Body) => e.extensions?.code);
    if (allows(role, needs)) {
      expect(codes).not.toContain('FORBIDDEN');
      expect(codes).not.toContain('UNAUTHENTICATED');
      expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    } else {
      expect(codes).toEqual(['FORBIDDEN']);
      expect(body.data?.[name] ?? null).toBeNull();
    }
    expect(status).toBe(200);
  });

  it.each(Object.keys(NEEDS))('%s without a key is 401 UNAUTHENTICATED', async (field) => {
    const [typeName, name] = field.split('.') as ['Query' | 'Mutation', string];
    const { query, variables } = probe(typeName, name);
    const { status, body } = await graphql(query, variables);
    expect(status).toBe(401);
    expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});

describe('tokens', () => {
  const stats = '{ stats { accounts } }';
  it.each([
    ['a revoked key', `Bearer ${'x'}`, 'revoked'],
    ['a token nobody issued', 'Bearer rsk_' + 'A'.repeat(43), null],
    ['a malformed token', 'Bearer short', null],
    ['another scheme', `Basic dXNlcjpwYXNz`, null],
    ['a bare token without "Bearer"', 'rsk_' + 'B'.repeat(43), null],
    ['an empty header', '', null],
  ])('%s is 401 UNAUTHENTICATED', async (_what, header, tokenName) => {
    const raw = tokenName ? `Bearer ${tokens[tokenName]}` : header;
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: raw },
      body: JSON.stringify({ query: stats }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await response.json()) as Body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a key revoked while serving is refused on its next request', async () => {
    const { token } = await createKey(db, 'test-soon-revoked', 'viewer');
    expect((await graphql(stats, {}, token)).status).toBe(200);
    await revokeKey(db, 'test-soon-revoked');
    expect((await graphql(stats, {}, token)).status).toBe(401);
  });

  it('`keys create` prints the token once, as its last line; `keys list` never shows it; `keys revoke` ends it', async () => {
    const printed: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let created: number;
    let listed: number;
    try {
      created = await keysCreate(db, 'test-cli', 'viewer');
      listed = await keysList(db);
    } finally {
      spy.mockRestore();
    }
    expect([created, listed]).toEqual([0, 0]);
    const [creation, listing] = [printed[0], printed.slice(1).join('')];
    const lines = creation.trimEnd().split('\n');
    const token = lines[lines.length - 1];
    expect(wellFormedToken(token)).toBe(true);
    expect((await graphql(stats, {}, token)).status).toBe(200);
    expect(listing).toMatch(/test-cli\s+viewer/);
    expect(listing).not.toContain(token);
    const quiet = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await keysRevoke(db, 'test-cli')).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    expect((await graphql(stats, {}, token)).status).toBe(401);
  });

  it('/metrics needs a key too; /healthz does not, and says only health', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${tokens.viewer}` } })).status).toBe(
      200,
    );
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'ok',
      database: { reachable: true, latencyMs: expect.any(Number) },
      access: 'required',
    });
  });
});

describe('personal fields reached through a ring', () => {
  beforeAll(storeFarm);
  const query = `query Members($id: ID!) { ring(id: $id) { id members { account { id region phoneHash } } } }`;
  it('a viewer sees the members but not their personal fields, and the whole answer says FORBIDDEN', async () => {
    const { body } = await graphql(query, { id: ringId }, tokens.viewer);
    expect(body.errors.map((e: Body) => e.extensions.code)).toEqual(expect.arrayContaining(['FORBIDDEN']));
    expect(JSON.stringify(body.data)).not.toMatch(/"region":"[^"]|"phoneHash":"[^"]/);
    const viewerAllowed = await graphql(
      `
        query M($id: ID!) {
          ring(id: $id) {
            members {
              account {
                id
              }
              evidence
            }
          }
        }
      `,
      { id: ringId },
      tokens.viewer,
    );
    expect(viewerAllowed.body.errors).toBeUndefined();
    expect(viewerAllowed.body.data.ring.members.map((m: Body) => m.account.id).sort()).toEqual(['u1', 'u2']);
  });
  it("a viewer's ring graph carries no personal properties; an investigator's does", async () => {
    const graph = `query G($id: ID!) { ring(id: $id) { graph { nodes { id properties } } } }`;
    const props = async (role: string) => {
      const { body } = await graphql(graph, { id: ringId }, tokens[role]);
      expect(body.errors).toBeUndefined();
      return body.data.ring.graph.nodes.find((n: Body) => n.id === 'Account:u1').properties;
    };
    const viewer = await props('viewer');
    expect(viewer).toHaveProperty('id', 'u1');
    expect(viewer).not.toHaveProperty('phoneHash');
    expect(viewer).not.toHaveProperty('region');
    expect(await props('investigator')).toMatchObject({ phoneHash: 'ph1', region: 'Zhejiang' });
  });

  it('an investigator sees them', async () => {
    const { body } = await graphql(query, { id: ringId }, tokens.investigator);
    expect(body.errors).toBeUndefined();
    expect(body.data.ring.members).toHaveLength(2);
  });
  it.each([
    ['devices', '{ devices { totalCount } }'],
    ['orders', '{ orders { totalCount } }'],
    ['paymentsSent', '{ paymentsSent { totalCount } }'],
  ])("a viewer cannot follow a member's %s", async (_name, selection) => {
    const { body } = await graphql(
      `query M($id: ID!) { ring(id: $id) { members { account ${selection} } } }`,
      { id: ringId },
      tokens.viewer,
    );
    expect(body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(body.data?.ring ?? null).toBeNull();
  });
});

describe('the audit trail', () => {
  beforeAll(storeFarm);
  it('records who asked, what, with which variables, what came back and the outcome', async () => {
    const asked = await graphql(
      'query LookAtU1($id: ID!) { account(id: $id) { id phoneHash } }',
      { id: 'u1' },
      tokens.investigator,
    );
    expect(asked.body.errors).toBeUndefined();
    await graphql('query Denied($id: ID!) { account(id: $id) { id } }', { id: 'u2' }, tokens.viewer);
    const { body } = await graphql(
      'query Log($acc: ID) { auditLog(accountId: $acc, first: 5) { totalCount edges { node { keyName role operation variables accountIds outcome query at } } } }',
      { acc: 'u1' },
      tokens.admin,
    );
    expect(body.errors).toBeUndefined();
    const newest = body.data.auditLog.edges[0].node;
    expect(newest).toMatchObject({
      keyName: 'test-investigator',
      role: 'investigator',
      operation: 'LookAtU1',
      accountIds: ['u1'],
      outcome: 'ok',
    });
    expect(JSON.parse(newest.variables)).toEqual({ id: 'u1' });
    expect(newest.query).toContain('phoneHash');
    const byViewer = await graphql(
      '{ auditLog(keyName: "test-viewer", first: 50) { edges { node { operation outcome variables accountIds } } } }',
      {},
      tokens.admin,
    );
    const denied = byViewer.body.data.auditLog.edges
      .map((e: Body) => e.node)
      .find((n: Body) => n.operation === 'Denied');
    expect(denied).toEqual({ operation: 'Denied', outcome: 'FORBIDDEN', variables: '{"id":"u2"}', accountIds: [] });
  });

  it('records accounts returned inside graphs and ring members', async () => {
    await graphql('query Graph($id: ID!) { ring(id: $id) { graph { nodes { id } } } }', { id: ringId }, tokens.viewer);
    const { body } = await graphql(
      '{ auditLog(keyName: "test-viewer", first: 1) { edges { node { operation accountIds productIds merchantIds } } } }',
      {},
      tokens.admin,
    );
    const entry = body.data.auditLog.edges[0].node;
    expect(entry.operation).toBe('Graph');
    expect(entry.accountIds.sort()).toEqual(['u1', 'u2']);
    expect(entry.productIds).toEqual(['p1']);
  });

  it('records a case-file export: operation export, the ring and format asked for, the ids the file hands over', async () => {
    const exported = await exportCase(ringId, 'csv', tokens.investigator);
    expect(exported.status).toBe(200);
    const entry = await newestEntryOf('test-investigator');
    expect(entry).toMatchObject({
      keyName: 'test-investigator',
      role: 'investigator',
      operation: 'export',
      outcome: 'ok',
    });
    expect(JSON.parse(entry.variables)).toEqual({ ringId, format: 'csv' });
    expect(entry.query).toBe(`/rings/${ringId}/export?format=csv`);
    // The farm's members, owner1 who paid u1 (pay1) and owns the shop m1; the product p1 of order o1.
    expect(entry.accountIds).toEqual(['owner1', 'u1', 'u2']);
    expect(entry.productIds).toEqual(['p1']);
    expect(entry.merchantIds).toEqual(['m1']);
    // "Who looked at u2?" finds the export.
    const { body } = await graphql(
      '{ auditLog(accountId: "u2", first: 1) { edges { node { keyName operation } } } }',
      {},
      tokens.admin,
    );
    expect(body.data.auditLog.edges[0].node).toEqual({ keyName: 'test-investigator', operation: 'export' });
  });

  it('records refused and failed exports with their outcome and nothing returned', async () => {
    expect((await exportCase(ringId, 'graphml', tokens.viewer)).status).toBe(403);
    expect(await newestEntryOf('test-viewer')).toMatchObject({
      operation: 'export',
      outcome: 'FORBIDDEN',
      variables: JSON.stringify({ ringId, format: 'graphml' }),
      accountIds: [],
      productIds: [],
      merchantIds: [],
    });
    expect((await exportCase('ring-none', 'json', tokens.investigator)).status).toBe(404);
    expect(await newestEntryOf('test-investigator')).toMatchObject({ operation: 'export', outcome: 'NOT_FOUND' });
    expect((await exportCase(ringId, 'pdf', tokens.investigator)).status).toBe(400);
    expect(await newestEntryOf('test-investigator')).toMatchObject({ operation: 'export', outcome: 'BAD_REQUEST' });
  });

  it('withholds the case file when its audit entry cannot be written', async () => {
    const broken = await openDatabase(loadConfig());
    await broken.driver.close();
    const { httpServer, apollo } = await createApp(db, schema, { auditDatabase: broken });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(
        `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/rings/${ringId}/export?format=json`,
        { headers: { authorization: `Bearer ${tokens.investigator}` } },
      );
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        errors: [{ message: expect.stringMatching(/audit trail/), extensions: { code: 'AUDIT_UNAVAILABLE' } }],
      });
      expect(text).not.toContain('u1');
    } finally {
      await apollo.stop();
    }
  });

  it('records reads of /metrics', async () => {
    const { token } = await createKey(db, 'test-scraper', 'viewer');
    const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await newestEntryOf('test-scraper')).toMatchObject({
      keyName: 'test-scraper',
      role: 'viewer',
      operation: 'metrics',
      query: '/metrics',
      outcome: 'ok',
      accountIds: [],
    });
  });

  it('records requests refused for their rate, with the operation and variables they asked for', async () => {
    const { token } = await createKey(db, 'test-hasty', 'investigator');
    const { httpServer, apollo } = await createApp(db, schema, { auth: { mode: 'auto', perMinute: 1 } });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const ask = () =>
        fetch(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: 'query Look($id: ID!) { account(id: $id) { id } }',
            operationName: 'Look',
            variables: { id: 'u2' },
          }),
        });
      expect((await ask()).status).toBe(200);
      const refused = await ask();
      expect(refused.status).toBe(429);
      expect(await newestEntryOf('test-hasty')).toMatchObject({
        operation: 'Look',
        variables: JSON.stringify({ id: 'u2' }),
        outcome: 'RATE_LIMITED',
        accountIds: [],
      });
    } finally {
      await apollo.stop();
    }
  });

  it('pages by cursor and filters by time', async () => {
    const page1 = await graphql(
      '{ auditLog(first: 2) { totalCount pageInfo { endCursor hasNextPage } edges { node { id at } } } }',
      {},
      tokens.admin,
    );
    const { endCursor } = page1.body.data.auditLog.pageInfo;
    const page2 = await graphql(
      'query P($after: String) { auditLog(first: 2, after: $after) { edges { node { id at } } } }',
      { after: endCursor },
      tokens.admin,
    );
    const ids1 = page1.body.data.auditLog.edges.map((e: Body) => e.node.id);
    const ids2 = page2.body.data.auditLog.edges.map((e: Body) => e.node.id);
    expect(ids2).toHaveLength(2);
    expect(ids1.filter((id: string) => ids2.includes(id))).toEqual([]);
    const future = await graphql('{ auditLog(since: "2999-01-01T00:00:00Z") { totalCount } }', {}, tokens.admin);
    expect(future.body.data.auditLog.totalCount).toBe(0);
  });
});
