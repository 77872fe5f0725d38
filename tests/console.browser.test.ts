// The console in a real headless chromium against the real API with the demo data: an investigator's path end to end.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Core } from 'cytoscape';
import { Page } from 'playwright-core';
import { prepareDemo } from '../src/cli/demo';
import { Database } from '../src/db/database';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { createApp } from '../src/server/app';
import { projectRoot } from '../src/util/project-root';
import { Browser, launchChromium } from './helpers/browser';
import { emptyDatabase, testDatabase } from './helpers/db';

let db: Database;
let server: http.Server;
let stopApollo: () => Promise<void>;
let base: string;
let browser: Browser;
let page: Page;
/** Every URL the browser asked for: the console must work offline, so none may leave this server. */
const requested: string[] = [];

/** What the console leaves on the page's global object for tests (see web/console). */
type W = { ringscopeGraph?: Core; ringscopeBurstChart?: { data: { labels?: unknown[] } } };

interface GraphShape {
  nodes: { id: string; label: string }[];
  edges: { id: string; source: string; target: string }[];
  truncated: boolean;
}

async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** `ringscope keys` exists once the access branch is merged; without it the API has no keys to sign in with. */
function keysCommand(): { supported: boolean; reason: string } {
  const run = spawnSync(process.execPath, [path.join(projectRoot(), 'bin', 'ringscope.js'), '--help'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`ringscope --help failed (is dist/ built?): ${run.stderr}`);
  if (/^\s+keys\b/m.test(run.stdout)) return { supported: true, reason: '' };
  return { supported: false, reason: 'this build has no `ringscope keys` command (API keys are not merged yet)' };
}
const keys = keysCommand();
if (!keys.supported) console.warn(`SKIPPED the viewer-key browser test: ${keys.reason}`);

beforeAll(async () => {
  // The bundle under test is the one these sources make.
  execFileSync(process.execPath, [path.join(projectRoot(), 'web', 'build.mjs')], { stdio: 'pipe' });
  db = await testDatabase();
  await emptyDatabase(db);
  expect(await prepareDemo(db, 5000)).toEqual({ loaded: true, detected: true });
  const { httpServer, apollo } = await createApp(db, await buildRingscopeSchema());
  server = httpServer;
  stopApollo = () => apollo.stop();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('request', (r) => requested.push(r.url()));
}, 300000);

afterAll(async () => {
  await browser?.close();
  await stopApollo?.();
  server?.close();
  await db?.close();
});

const nodeCount = () => page.evaluate(() => (globalThis as unknown as W).ringscopeGraph?.nodes().length ?? -1);

/** An account of the top ring with more around it than the ring's graph shows (found by the expand test). */
let expandable: { id: string; extra: number } | undefined;

/**
 * A real double-click on a node where Cytoscape drew it. The ring view's graph sits below the explanation, so it is
 * scrolled into view first (a click below the viewport reaches nothing), and Cytoscape is told its container moved.
 */
async function doubleClickNode(on: Page, id: string): Promise<void> {
  await on.locator('[data-testid=ring-graph]').scrollIntoViewIfNeeded();
  const at = await on.evaluate((nodeId) => {
    const cy = (globalThis as unknown as W).ringscopeGraph!;
    cy.resize();
    const node = cy.getElementById(nodeId);
    cy.zoom(2.5);
    cy.center(node);
    const p = node.renderedPosition();
    const box = cy.container()!.getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
  const viewport = on.viewportSize()!;
  expect(at.x).toBeGreaterThan(0);
  expect(at.y).toBeGreaterThan(0);
  expect(at.x).toBeLessThan(viewport.width);
  expect(at.y).toBeLessThan(viewport.height);
  await on.mouse.dblclick(at.x, at.y);
}

describe('an investigator in the console', () => {
  let top: { id: string; kind: string };
  let graph: GraphShape;

  test('opens the console and sees the strongest ring first', async () => {
    top = (
      await api<{ rings: { edges: { node: { id: string; kind: string } }[] } }>(
        '{ rings(first: 1) { edges { node { id kind } } } }',
      )
    ).rings.edges[0].node;
    await page.goto(`${base}/console`);
    const firstRow = page.locator('table.rings tbody tr').first();
    await firstRow.waitFor();
    expect(await firstRow.getAttribute('data-ring-id')).toBe(top.id);
    expect(await firstRow.textContent()).toContain(top.kind);
  });

  test('filters by a kind read from the schema, and says so when nothing matches', async () => {
    const options = await page.locator('select[name=kind] option').allTextContents();
    const kinds = (
      await api<{ __type: { enumValues: { name: string }[] } }>('{ __type(name: "RingKind") { enumValues { name } } }')
    ).__type.enumValues.map((v) => v.name);
    expect(options).toEqual(['any', ...kinds]);
    await page.selectOption('select[name=kind]', 'COMBINED');
    await page.click('form.filters button[type=submit]');
    await page.locator('table.rings tbody tr').first().waitFor();
    const kindsShown = await page.locator('table.rings tbody tr td:nth-child(2)').allTextContents();
    expect(kindsShown.length).toBeGreaterThan(0);
    for (const k of kindsShown) expect(k).toMatch(/COMBINED|CASHBACK|SHARED_DEVICE|COORDINATED_PURCHASE/);
    await page.fill('input[name=minScore]', '1.0');
    await page.fill('input[name=minSize]', '1000');
    await page.click('form.filters button[type=submit]');
    await expect(page.locator('.state.empty').textContent()).resolves.toContain('No ring matches these filters');
    await page.click('text=Clear');
    await page.locator(`tr[data-ring-id="${top.id}"]`).waitFor();
  });

  test('opens the ring and sees its graph drawn, node for node as the API returns it', async () => {
    graph = (
      await api<{ ring: { graph: GraphShape } }>(
        'query($id: ID!) { ring(id: $id) { graph(limit: 300) { nodes { id label } edges { id source target } truncated } } }',
        { id: top.id },
      )
    ).ring.graph;
    await page.click(`a[href="#/ring/${top.id}"]`);
    await page.locator('[data-testid=explanation]').waitFor();
    await page.waitForFunction(() => ((globalThis as unknown as W).ringscopeGraph?.nodes().length ?? 0) > 0);
    expect(await nodeCount()).toBe(graph.nodes.length);
    expect(await page.evaluate(() => (globalThis as unknown as W).ringscopeGraph!.edges().length)).toBe(
      graph.edges.length,
    );
    const drawn = await page.evaluate(() => (globalThis as unknown as W).ringscopeGraph!.nodes().map((n) => n.id()));
    expect(drawn.sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    // Drawn on the canvas: every node has a place inside the graph's box.
    const placed = await page.evaluate(
      () => (globalThis as unknown as W).ringscopeGraph!.nodes().filter((n) => Number.isFinite(n.position().x)).length,
    );
    expect(placed).toBe(graph.nodes.length);
    expect(await page.locator('table.members tbody tr').count()).toBeGreaterThan(0);
  });

  test('draws the same ring in the same places every time (stable layout)', async () => {
    const positions = () =>
      page.evaluate(() =>
        Object.fromEntries(
          (globalThis as unknown as W)
            .ringscopeGraph!.nodes()
            .map((n) => [n.id(), [Math.round(n.position().x), Math.round(n.position().y)]]),
        ),
      );
    const before = await positions();
    await page.reload();
    await page.waitForFunction(() => ((globalThis as unknown as W).ringscopeGraph?.nodes().length ?? 0) > 0);
    expect(await positions()).toEqual(before);
  });

  test('clicks a node to see its properties', async () => {
    const account = graph.nodes.find((n) => n.label === 'Account')!;
    // Nothing is returned: a Cytoscape element would be serialised back with the whole graph behind it.
    await page.evaluate((id) => {
      (globalThis as unknown as W).ringscopeGraph!.getElementById(id).emit('tap');
    }, account.id);
    await expect(page.locator('[data-testid=node-details] h3').textContent()).resolves.toContain(
      account.id.slice('Account:'.length),
    );
    expect(await page.locator('[data-testid=node-details] dt').allTextContents()).toContain('createdAt');
  });

  test('double-clicks an account to expand what surrounds it', async () => {
    // An account whose neighbourhood (devices, IPs, payments) holds something the ring's graph does not.
    const inGraph = new Set(graph.nodes.map((n) => n.id));
    for (const n of graph.nodes.filter((x) => x.label === 'Account')) {
      const net = (
        await api<{ accountNetwork: GraphShape }>(
          'query($id: ID!) { accountNetwork(id: $id, depth: 1, limit: 100, via: [DEVICES, IPS, PAYMENTS]) { nodes { id label } edges { id source target } truncated } }',
          { id: n.id.slice('Account:'.length) },
        )
      ).accountNetwork;
      const extra = net.nodes.filter((x) => !inGraph.has(x.id)).length;
      if (extra > 0) {
        expandable = { id: n.id, extra };
        break;
      }
    }
    expect(expandable).toBeDefined();
    const before = await nodeCount();
    await doubleClickNode(page, expandable!.id);
    await page.locator('[data-testid=expansions] li').first().waitFor();
    expect(await nodeCount()).toBe(before + expandable!.extra);
  });

  test('exports the case as GraphML and reads it back', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-format=graphml]')]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name, _jpath, _leaf, isAttribute) => !isAttribute && ['node', 'edge', 'data', 'key'].includes(name),
    }).parse(text);
    const g = xml.graphml.graph;
    const full = (
      await api<{ ring: { graph: GraphShape } }>(
        'query($id: ID!) { ring(id: $id) { graph(limit: 2000) { nodes { id label } edges { id source target } truncated } } }',
        {
          id: top.id,
        },
      )
    ).ring.graph;
    expect(g.id).toBe(top.id);
    expect((g.node as { id: string }[]).map((n) => n.id).sort()).toEqual(full.nodes.map((n) => n.id).sort());
    expect((g.edge as { id: string }[]).length).toBe(full.edges.length);
    const labelKey = (xml.graphml.key as { id: string; 'attr.name': string; for: string }[]).find(
      (k) => k['attr.name'] === 'neo4jLabel' && k.for === 'node',
    )!;
    const ringNode = (g.node as { id: string; data: { key: string; '#text': string }[] }[]).find(
      (n) => n.id === `Ring:${top.id}`,
    )!;
    expect(ringNode.data.find((d) => d.key === labelKey.id)!['#text']).toBe('Ring');
    await expect(page.locator('.export-status').textContent()).resolves.toContain('Saved');
  });

  test('opens an account page with its rings and links, and a product page with its bursts drawn', async () => {
    const member = graph.nodes.find((n) => n.label === 'Account')!.id.slice('Account:'.length);
    await page.goto(`${base}/console#/account/${member}`);
    await page.locator(`section.account a[href="#/ring/${top.id}"]`).waitFor();
    const product = (
      await api<{ ring: { products: { id: string }[] } }>('query($id: ID!) { ring(id: $id) { products { id } } }', {
        id: top.id,
      })
    ).ring.products[0].id;
    const bursts = (
      await api<{ productIntegrity: { bursts: unknown[] } }>(
        'query($id: ID!) { productIntegrity(id: $id, maxBursts: 30) { bursts { start } } }',
        {
          id: product,
        },
      )
    ).productIntegrity.bursts.length;
    await page.goto(`${base}/console#/product/${product}`);
    await page.locator('[data-testid=ratings]').waitFor();
    if (bursts > 0) {
      await page.waitForFunction(() => !!(globalThis as unknown as W).ringscopeBurstChart);
      expect(await page.evaluate(() => (globalThis as unknown as W).ringscopeBurstChart!.data.labels!.length)).toBe(
        bursts,
      );
    } else {
      await expect(page.locator('.state.empty').first().textContent()).resolves.toContain('No hour had');
    }
  });

  test('says in words when the API does not answer', async () => {
    await page.route('**/graphql', (route) => route.abort());
    await page.goto(`${base}/console#/ring/${top.id}`);
    await expect(page.locator('.state.error').textContent()).resolves.toContain('The API does not answer');
    await page.unroute('**/graphql');
  });

  test('never asked anything of another host (works offline)', () => {
    const foreign = requested.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(requested.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
  });
});

describe('GraphiQL at /graphql in a browser', () => {
  test('is the bundled GraphiQL with the schema docs and one example per README question, all from this server', async () => {
    const seen: string[] = [];
    const graphiql = await browser.context.newPage();
    graphiql.on('request', (r) => seen.push(r.url()));
    await graphiql.goto(`${base}/graphql`);
    await graphiql.locator('.graphiql-container').waitFor();
    await graphiql.locator('.graphiql-tab').first().waitFor();
    const { EXAMPLES } = await import('../web/graphiql/examples');
    expect(await graphiql.locator('.graphiql-tab').count()).toBe(EXAMPLES.length);
    await graphiql.click('button[aria-label="Show Documentation Explorer"]');
    await graphiql.locator('.graphiql-doc-explorer').getByText('Query').first().waitFor();
    expect(seen.filter((u) => !u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
    await graphiql.close();
  });
});

/** Runs `ringscope keys ...` against the test database; `create` answers the token (its output's last line). */
function ringscopeKeys(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(projectRoot(), 'bin', 'ringscope.js'), 'keys', ...args], {
    env: { ...process.env, NEO4J_URI: process.env.NEO4J_URI },
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop()!;
}

/** Opens the console on `on` and signs in with `token`. */
async function signIn(on: Page, token: string): Promise<void> {
  await on.goto(`${base}/console`);
  await on.fill('input[name=apiKey]', token);
  await on.click('.signin button[type=submit]');
  await on.locator('.signin').getByText('Signed in').waitFor();
}

/** A page signed in to the console with a new key of `role`, on the top ring's view; the key is revoked after. */
async function withKeyOnTopRing(role: 'viewer' | 'investigator', use: (on: Page) => Promise<void>): Promise<void> {
  const keyName = `console-${role}`;
  const token = ringscopeKeys('create', '--name', keyName, '--role', role);
  const on = await browser.context.newPage();
  try {
    await signIn(on, token);
    const top = await on.locator('table.rings tbody tr').first().getAttribute('data-ring-id');
    await on.goto(`${base}/console#/ring/${top}`);
    await on.locator('table.members tbody tr').first().waitFor();
    await on.waitForFunction(() => ((globalThis as unknown as W).ringscopeGraph?.nodes().length ?? 0) > 0);
    await use(on);
    // The key is kept in the browser's storage, which every page of this profile shares.
    await on.click('.signin button:has-text("Sign out")');
    await on.locator('input[name=apiKey]').waitFor();
  } finally {
    await on.close();
    ringscopeKeys('revoke', keyName);
  }
}

(keys.supported ? describe : describe.skip)('signed in with a key', () => {
  test('a viewer key cannot see personal fields, and is told in words that its role cannot expand an account', async () => {
    await withKeyOnTopRing('viewer', async (viewer) => {
      const phones = await viewer.locator('table.members td.personal').allTextContents();
      expect(phones.length).toBeGreaterThan(0);
      for (const p of phones) expect(p).toBe('withheld for your role');
      const before = await viewer.evaluate(() => (globalThis as unknown as W).ringscopeGraph!.nodes().length);
      await doubleClickNode(viewer, expandable!.id);
      const refusal = viewer.locator('[data-testid=node-details] .state.error');
      await refusal.waitFor();
      expect(await refusal.textContent()).toBe(
        `Your key cannot expand account ${expandable!.id.slice('Account:'.length)}: what surrounds an account ` +
          "(its devices, IPs and payments) needs an investigator key, and this key's role is viewer. Ask an admin for " +
          'an investigator key.',
      );
      expect(await viewer.locator('[data-testid=expansions] li').count()).toBe(0);
      expect(await viewer.evaluate(() => (globalThis as unknown as W).ringscopeGraph!.nodes().length)).toBe(before);
    });
  });

  test('an investigator key expands an account', async () => {
    expect(expandable).toBeDefined();
    await withKeyOnTopRing('investigator', async (investigator) => {
      const before = await investigator.evaluate(() => (globalThis as unknown as W).ringscopeGraph!.nodes().length);
      await doubleClickNode(investigator, expandable!.id);
      await investigator.locator('[data-testid=expansions] li').first().waitFor();
      expect(await investigator.evaluate(() => (globalThis as unknown as W).ringscopeGraph!.nodes().length)).toBe(
        before + expandable!.extra,
      );
      expect(await investigator.locator('[data-testid=node-details] .state.error').count()).toBe(0);
    });
  });

  test('a key revoked while signed in is shown as refused, not as "Signed in", until sign-out', async () => {
    const token = ringscopeKeys('create', '--name', 'console-revoked', '--role', 'viewer');
    const on = await browser.context.newPage();
    try {
      await signIn(on, token);
      ringscopeKeys('revoke', 'console-revoked');
      await on.reload();
      const refused = on.locator('.signin.rejected [role=alert]');
      await refused.waitFor();
      expect(await refused.textContent()).toBe(
        `Key …${token.slice(-4)} was refused by the API (revoked, or not valid here).`,
      );
      expect(await on.locator('.signin').getByText('Signed in').count()).toBe(0);
      const failure = on.locator('main .state.error[data-code=KEY_REJECTED]').first();
      await failure.waitFor();
      expect(await failure.textContent()).toMatch(/no longer accepts your key/);
      await on.click('.signin button:has-text("Sign out")');
      await on.locator('input[name=apiKey]').waitFor();
      expect(await on.locator('.signin.rejected').count()).toBe(0);
    } finally {
      await on.close();
    }
  });
});
