// Regenerates docs/console-*.png from a running ringscope with the demo data (npm start), in Debian's chromium:
//   npm start            (in another shell; or RINGSCOPE_URL=http://host:port)
//   npm run screenshots
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/* global fetch */

const base = process.env.RINGSCOPE_URL ?? 'http://localhost:4000';
const docs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs');

async function gql(query, variables = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

// The demo's combined ring (a farm that also pays cashback) and its organiser; the product with the most bursts.
const ring = (
  await gql(
    '{ rings(kind: COMBINED, first: 1) { edges { node { id members { account { id } role } products { id } } } } }',
  )
).rings.edges[0]?.node;
if (!ring) throw new Error(`no COMBINED ring at ${base}: start the demo with npm start`);
const account = (ring.members.find((m) => m.role === 'organiser') ?? ring.members[0]).account.id;
const products = (await gql('{ rings(first: 50) { edges { node { products { id } } } } }')).rings.edges.flatMap(
  (e) => e.node.products,
);
let product = ring.products[0].id;
let most = -1;
for (const p of products) {
  const n = (await gql('query($id: ID!) { productIntegrity(id: $id) { bursts { start } } }', { id: p.id }))
    .productIntegrity.bursts.length;
  if (n > most) [product, most] = [p.id, n];
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ringscope-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.RINGSCOPE_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1400, height: 1000 },
});
try {
  const page = await context.newPage();
  fs.mkdirSync(docs, { recursive: true });
  await page.goto(`${base}/console#/ring/${ring.id}`);
  await page.waitForFunction(() => (globalThis.ringscopeGraph?.nodes().length ?? 0) > 0);
  await page.evaluate(() => {
    const cy = globalThis.ringscopeGraph;
    cy.nodes('[label = "Account"]').first().emit('tap');
  });
  await page.waitForTimeout(500);
  await page.screenshot({
    path: path.join(docs, 'console-ring.png'),
    clip: { x: 0, y: 0, width: 1400, height: 1300 },
    fullPage: true,
  });
  await page.goto(`${base}/console#/account/${account}`);
  await page.locator('section.account').waitFor();
  await page.screenshot({ path: path.join(docs, 'console-account.png') });
  await page.goto(`${base}/console#/product/${product}`);
  await page.locator('[data-testid=ratings]').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(docs, 'console-product.png') });
  console.log(
    `wrote docs/console-{ring,account,product}.png from ${base} (ring ${ring.id}, account ${account}, product ${product})`,
  );
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
