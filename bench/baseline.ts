// Published baselines against ringscope's detectors on the same generated data with ground truth (DESIGN.md,
// "Prior art to learn from and beat"). Every method's flagged groups are scored with src/detection/evaluate.ts.
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=... node dist/bench/baseline.js <dataset-dir>
//          [--fraudar-blocks K] [--no-fraudar]
//
// The baselines, as implemented here (all read-only; the only thing created is a GDS in-memory graph, dropped after):
//  1. neo4j-wcc: Neo4j's fraud-ring pattern (neo4j-graph-examples/fraud-detection): two accounts are linked when they
//     share any identifier (a device or an IP; phone hashes are account properties and are never shared in generated
//     data), linked accounts are projected into GDS with a Cypher projection and grouped by gds.wcc; every component of
//     at least 2 accounts is flagged (the example's `clusterSize > 1`), and separately every one of at least 3 and 5
//     (5 = above ringscope's household size), and a devices-only variant (IPs ignored) with components of at least 2.
//     No hub filtering, no shopping test. Targets SHARED_DEVICE.
//  2. lockstep-pairs: a CopyCatch-style lockstep baseline without ringscope's burst test or rho pruning: two accounts
//     are linked when they bought at least M (3) of the same products each within W (1 h) of each other; groups are
//     the connected components of at least N (5) accounts (CopyCatch's m, n and 2·Δt; pairwise linking as SynchroTrap
//     does, with a count instead of a Jaccard threshold). Targets COORDINATED_PURCHASE.
//  3. naive-cashback: any payer that paid at least 3 distinct accounts which bought from one shop in the 14 days before
//     the payment is flagged with those payees. No amount test, no refund test, no funding trail. Targets CASHBACK.
//     A second row adds the one obvious amount rule (the payment exceeds the order it follows), still no refund test.
//  4. fraudar: FRAUDAR's greedy peeling (Hooi et al., KDD 2016) on the account-product purchase graph, each edge
//     weighted 1/ln(product degree + 5), no prior node suspiciousness; K dense blocks, each found after the edges of
//     the previous blocks are removed (as the authors' detect_blocks does). K defaults to the number of planted rings
//     (an oracle a platform would not have). FRAUDAR is kind-agnostic: its accounts count for every kind.
//  5. ringscope: detectAll with its default parameters, each ring counted for the kinds in its signals.
// Rows marked "hindsight" add an upper group size (50) chosen knowing the planted rings' sizes (6-30 accounts) and
// the hard negatives' (terminals 100-300, flash sales 150-500): they show how far plain size windows go on this
// generator, not what the published methods do.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { Database, openDatabase } from '../src/db/database';
import { rows } from '../src/db/values';
import { detectAll } from '../src/detection/detect-all';
import { csvRecords, evaluate, EvaluatedRing, TRUTH_KINDS } from '../src/detection/evaluate';
import { componentsOf } from '../src/detection/support';
import { RingKind } from '../src/detection/types';

type Signal = Exclude<RingKind, 'COMBINED'>;

const PARAMS = {
  wccMinSizes: [2, 3, 5],
  /** Largest group kept by the "hindsight" rows: above every planted ring (≤ 30 accounts), below every hub or sale. */
  hindsightMaxGroup: 50,
  lockstepWindowSeconds: 3600,
  lockstepMinProducts: 3,
  lockstepMinGroup: 5,
  cashbackDays: 14,
  cashbackMinPayees: 3,
  fraudarLogOffset: 5,
};

// Static, parameterised Cypher (kept here rather than in cypher/ because it is benchmark-only).
const SHARED_IDENTIFIER_PROJECTION = `
MATCH (a:Account)-[:USED|SEEN_AT]->(x)<-[:USED|SEEN_AT]-(b:Account)
WHERE elementId(a) < elementId(b)
WITH a, b, count(DISTINCT x) AS shared
WITH gds.graph.project($graph, a, b, {relationshipProperties: {shared: shared}},
                       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships`;

/** The same with devices only (IPs are the noisier identifier): shows whether IPs alone drive the false positives. */
const SHARED_DEVICE_PROJECTION = `
MATCH (a:Account)-[:USED]->(x:Device)<-[:USED]-(b:Account)
WHERE elementId(a) < elementId(b)
WITH a, b, count(DISTINCT x) AS shared
WITH gds.graph.project($graph, a, b, {relationshipProperties: {shared: shared}},
                       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships`;

const WCC_COMPONENTS = `
CALL gds.wcc.stream($graph) YIELD nodeId, componentId
WITH componentId, collect(gds.util.asNode(nodeId).id) AS accounts
WHERE size(accounts) >= $minSize AND size(accounts) <= $maxSize
RETURN accounts`;

const DROP_GRAPH = `CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName`;

const ORDERS_BY_PRODUCT = `
MATCH (a:Account)-[:PLACED]->(o:Order)-[:OF]->(p:Product)
RETURN p.id AS productId, a.id AS accountId, o.placedAt.epochSeconds AS t
ORDER BY productId, t`;

const NAIVE_CASHBACK = `
MATCH (payer:Account)-[:SENT]->(pay:Payment)-[:TO]->(payee:Account)-[:PLACED]->(o:Order)
WHERE payee <> payer AND o.placedAt <= pay.paidAt AND o.placedAt >= pay.paidAt - duration({days: $days})
  AND ($amountAboveOrder = false OR pay.amount > o.amount)
MATCH (o)-[:OF]->(:Product)-[:SOLD_BY]->(m:Merchant)
WITH payer.id AS payerId, m.id AS merchantId, collect(DISTINCT payee.id) AS payees
WHERE size(payees) >= $minPayees
RETURN payerId, merchantId, payees`;

interface Method {
  method: string;
  /** Truth kinds the method is scored against (rings.csv spelling). */
  kinds: string[];
  rings: EvaluatedRing[];
  seconds: number;
}

const group = (signals: Signal[], accounts: Iterable<string>): EvaluatedRing => ({
  signals,
  members: [...new Set(accounts)].map((accountId) => ({ accountId })),
});

async function read<T>(db: Database, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const session = db.session('READ');
  try {
    return rows<T>(await session.executeRead((tx) => tx.run(query, params), { timeout: db.queryTimeoutMs }));
  } finally {
    await session.close();
  }
}

/** GDS procedures run in auto-commit transactions (the projection registers a graph in the catalog). */
async function autoCommit<T>(db: Database, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const session = db.session('WRITE');
  try {
    return rows<T>(await session.run(query, params));
  } finally {
    await session.close();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const value = await work();
  return [value, Number(process.hrtime.bigint() - t) / 1e9];
}

/** 1. Shared identifiers + weakly connected components, as Neo4j's fraud-detection example does it. */
async function neo4jWcc(
  db: Database,
  label: string,
  projection: string,
  sizes: [number, number | undefined][],
): Promise<Method[]> {
  const graph = `baseline-wcc-${process.pid}`;
  const out: Method[] = [];
  await autoCommit(db, DROP_GRAPH, { graph });
  const [projected, projectSeconds] = await timed(() =>
    autoCommit<{ nodes: number; relationships: number }>(db, projection, { graph }),
  );
  process.stderr.write(`${label}: projected ${JSON.stringify(projected[0])} in ${projectSeconds.toFixed(2)} s\n`);
  try {
    for (const [minSize, maxSize] of sizes) {
      const [components, seconds] = await timed(() =>
        autoCommit<{ accounts: string[] }>(db, WCC_COMPONENTS, { graph, minSize, maxSize: maxSize ?? 1e9 }),
      );
      out.push({
        method: `${label} (components ${maxSize ? `${minSize}-${maxSize}, hindsight` : `≥ ${minSize}`})`,
        kinds: ['shared_device'],
        rings: components.map((c) => group(['SHARED_DEVICE'], c.accounts)),
        seconds: projectSeconds + seconds,
      });
    }
  } finally {
    await autoCommit(db, DROP_GRAPH, { graph });
  }
  return out;
}

interface Purchase {
  productId: string;
  accountId: string;
  t: number;
}

/** 2. Lockstep pairs: ≥ M shared products bought within W of each other, components of ≥ N accounts. */
function lockstepPairs(orders: Purchase[], maxGroup = Infinity): EvaluatedRing[] {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const idOf = (a: string): number => {
    let i = index.get(a);
    if (i === undefined) {
      i = ids.length;
      index.set(a, i);
      ids.push(a);
    }
    return i;
  };
  const accounts = orders.map((o) => idOf(o.accountId));
  const N = ids.length + 1;
  const sharedProducts = new Map<number, number>();
  // Orders arrive sorted by product, then time: a sliding window per product, each pair counted once per product.
  for (let start = 0; start < orders.length;) {
    let end = start;
    while (end < orders.length && orders[end].productId === orders[start].productId) end++;
    const pairs = new Set<number>();
    for (let i = start; i < end; i++)
      for (let j = i + 1; j < end && orders[j].t - orders[i].t <= PARAMS.lockstepWindowSeconds; j++) {
        const a = accounts[i];
        const b = accounts[j];
        if (a !== b) pairs.add(a < b ? a * N + b : b * N + a);
      }
    for (const key of pairs) sharedProducts.set(key, (sharedProducts.get(key) ?? 0) + 1);
    start = end;
  }
  const edges: [string, string][] = [];
  for (const [key, count] of sharedProducts)
    if (count >= PARAMS.lockstepMinProducts) edges.push([ids[Math.floor(key / N)], ids[key % N]]);
  return componentsOf(edges)
    .filter((c) => c.length >= PARAMS.lockstepMinGroup && c.length <= maxGroup)
    .map((c) => group(['COORDINATED_PURCHASE'], c));
}

/** A binary min-heap of (priority, node) with lazy deletion: stale entries are skipped when popped. */
class MinHeap {
  private keys: number[] = [];
  private nodes: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, node: number): void {
    const k = this.keys;
    const n = this.nodes;
    let i = k.length;
    k.push(key);
    n.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (k[parent] <= key) break;
      k[i] = k[parent];
      n[i] = n[parent];
      i = parent;
    }
    k[i] = key;
    n[i] = node;
  }
  pop(): [number, number] {
    const k = this.keys;
    const n = this.nodes;
    const top: [number, number] = [k[0], n[0]];
    const lastKey = k.pop()!;
    const lastNode = n.pop()!;
    if (k.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= k.length) break;
        const c = l + 1 < k.length && k[l + 1] < k[l] ? l + 1 : l;
        if (k[c] >= lastKey) break;
        k[i] = k[c];
        n[i] = n[c];
        i = c;
      }
      k[i] = lastKey;
      n[i] = lastNode;
    }
    return top;
  }
}

/**
 * 4. FRAUDAR: greedily peel the node (account or product) of least weighted degree, keep the remaining set of highest
 * density f(S)/|S|, where f sums the edge weights 1/ln(product degree + 5) inside S; repeat on the edges left.
 */
function fraudar(orders: Purchase[], blocks: number): EvaluatedRing[] {
  const nodeIndex = new Map<string, number>();
  const names: string[] = [];
  const isAccount: boolean[] = [];
  const node = (key: string, account: boolean): number => {
    let i = nodeIndex.get(key);
    if (i === undefined) {
      i = names.length;
      nodeIndex.set(key, i);
      names.push(key.slice(2));
      isAccount.push(account);
    }
    return i;
  };
  const edgeSet = new Set<string>();
  const from: number[] = [];
  const to: number[] = [];
  for (const o of orders) {
    const a = node(`a:${o.accountId}`, true);
    const p = node(`p:${o.productId}`, false);
    const key = `${a}:${p}`;
    if (edgeSet.has(key)) continue;
    edgeSet.add(key);
    from.push(a);
    to.push(p);
  }
  const V = names.length;
  const E = from.length;
  // Column weights from the original graph, as the reference implementation computes them once.
  const productDegree = new Float64Array(V);
  for (let e = 0; e < E; e++) productDegree[to[e]]++;
  const weight = new Float64Array(E);
  for (let e = 0; e < E; e++) weight[e] = 1 / Math.log(productDegree[to[e]] + PARAMS.fraudarLogOffset);
  const incident: number[][] = Array.from({ length: V }, () => []);
  for (let e = 0; e < E; e++) {
    incident[from[e]].push(e);
    incident[to[e]].push(e);
  }
  const alive = new Uint8Array(E).fill(1);
  const found: EvaluatedRing[] = [];
  for (let b = 0; b < blocks; b++) {
    const priority = new Float64Array(V);
    const present = new Uint8Array(V);
    let f = 0;
    let size = 0;
    for (let e = 0; e < E; e++)
      if (alive[e]) {
        priority[from[e]] += weight[e];
        priority[to[e]] += weight[e];
        f += weight[e];
      }
    const heap = new MinHeap();
    for (let v = 0; v < V; v++)
      if (incident[v].some((e) => alive[e])) {
        present[v] = 1;
        size++;
        heap.push(priority[v], v);
      }
    if (size === 0 || f === 0) break;
    const fStart = f;
    const sizeStart = size;
    const removed: number[] = [];
    let best = f / size;
    let bestRemoved = 0;
    while (heap.size > 0 && size > 0) {
      const [key, v] = heap.pop();
      if (!present[v] || key !== priority[v]) continue;
      present[v] = 0;
      size--;
      f -= priority[v];
      removed.push(v);
      for (const e of incident[v]) {
        if (!alive[e]) continue;
        const u = from[e] === v ? to[e] : from[e];
        if (!present[u]) continue;
        priority[u] -= weight[e];
        heap.push(priority[u], u);
      }
      if (size > 0 && f / size > best) {
        best = f / size;
        bestRemoved = removed.length;
      }
    }
    // The block: every node not yet removed when density peaked.
    const inBlock = new Uint8Array(V);
    for (let v = 0; v < V; v++) if (incident[v].some((e) => alive[e])) inBlock[v] = 1;
    for (let i = 0; i < bestRemoved; i++) inBlock[removed[i]] = 0;
    const accounts: string[] = [];
    for (let v = 0; v < V; v++) if (inBlock[v] && isAccount[v]) accounts.push(names[v]);
    for (let e = 0; e < E; e++) if (inBlock[from[e]] && inBlock[to[e]]) alive[e] = 0;
    const products = [...inBlock.keys()].filter((v) => inBlock[v] && !isAccount[v]).length;
    process.stderr.write(
      `fraudar block ${b + 1}: ${accounts.length} accounts x ${products} products, density ${best.toFixed(3)} (whole graph ${(fStart / sizeStart).toFixed(3)})\n`,
    );
    if (accounts.length === 0) break;
    found.push(group(['SHARED_DEVICE', 'CASHBACK', 'COORDINATED_PURCHASE'], accounts));
  }
  return found;
}

/**
 * 3. Naive cashback: a payer paying ≥ 3 distinct recent buyers of one shop, with no amount or refund test. With
 * `amountAboveOrder` the payment must also exceed the order it follows (the first rule anyone would add).
 */
async function naiveCashback(db: Database, amountAboveOrder: boolean): Promise<EvaluatedRing[]> {
  const found = await read<{ payerId: string; merchantId: string; payees: string[] }>(db, NAIVE_CASHBACK, {
    days: PARAMS.cashbackDays,
    minPayees: PARAMS.cashbackMinPayees,
    amountAboveOrder,
  });
  return found.map((r) => group(['CASHBACK'], [r.payerId, ...r.payees]));
}

const NEGATIVE_ORDER = ['household', 'public_terminal', 'flash_sale', 'refund', 'friends'];

/** Scores one method for one truth kind, or for 'any' (every planted ring account, whatever its kind). */
function row(
  m: Method,
  kind: string,
  truth: Record<string, string>[],
  truthFile: string,
  negativesFile: string | undefined,
  negativeKinds: string[],
): string {
  const truthAccounts = new Set(truth.map((r) => r.account_id));
  const rings = kind === 'any' ? m.rings : m.rings.filter((r) => r.signals.includes(TRUTH_KINDS[kind]));
  const e = evaluate(rings, truthFile, negativesFile);
  const flagged = new Set(rings.flatMap((r) => r.members.map((x) => x.accountId)));
  const inAnyRing = [...flagged].filter((a) => truthAccounts.has(a)).length;
  let q = e.kinds[kind];
  if (kind === 'any') {
    const byRing = new Map<string, string[]>();
    for (const r of truth) (byRing.get(r.ring_id) ?? byRing.set(r.ring_id, []).get(r.ring_id)!).push(r.account_id);
    const ringsFound = [...byRing.values()].filter(
      (ms) => ms.filter((a) => flagged.has(a)).length * 2 >= ms.length,
    ).length;
    const recall = inAnyRing / truthAccounts.size;
    q = {
      truth: truthAccounts.size,
      flagged: flagged.size,
      truePositives: inAnyRing,
      precision: flagged.size ? inAnyRing / flagged.size : 1,
      recall,
      rings: byRing.size,
      ringsFound,
      flaggedByAny: inAnyRing,
      recallAny: recall,
      ringsFoundAny: ringsFound,
    };
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const cells = [
    m.method,
    kind,
    rings.length,
    q.flagged,
    q.precision.toFixed(3),
    q.recall.toFixed(3),
    `${q.ringsFound}/${q.rings}`,
    (flagged.size ? inAnyRing / flagged.size : 1).toFixed(3),
    ...negativeKinds.map((k) => pct(e.negatives[k]?.share ?? 0)),
    pct(e.allNegatives.share),
    m.seconds.toFixed(1),
  ];
  return `| ${cells.join(' | ')} |`;
}

function table(methods: Method[], truthFile: string, negativesFile: string | undefined): string {
  const truth = csvRecords(truthFile);
  const present = new Set(negativesFile ? csvRecords(negativesFile).map((r) => r.kind) : []);
  const negativeKinds = [
    ...NEGATIVE_ORDER.filter((k) => present.has(k)),
    ...[...present].filter((k) => !NEGATIVE_ORDER.includes(k)),
  ];
  const header = ['method', 'kind', 'groups', 'flagged', 'precision', 'recall', 'planted rings found'];
  header.push('precision vs any ring', ...negativeKinds, 'all negatives', 'seconds');
  const lines = [
    `| ${header.join(' | ')} |`,
    `| --- | --- | ${header
      .slice(2)
      .map(() => '---:')
      .join(' | ')} |`,
  ];
  for (const m of methods)
    for (const kind of m.kinds) lines.push(row(m, kind, truth, truthFile, negativesFile, negativeKinds));
  return lines.join('\n');
}

/** What each group is made of: planted ring accounts by kind, hard negatives by kind, and the rest. */
function composition(rings: EvaluatedRing[], truthFile: string, negativesFile: string | undefined): string[] {
  const kindOf = new Map<string, string>();
  for (const r of negativesFile ? csvRecords(negativesFile) : []) kindOf.set(r.account_id, `negative ${r.kind}`);
  for (const r of csvRecords(truthFile)) kindOf.set(r.account_id, r.kind);
  return rings.map((r, i) => {
    const counts: Record<string, number> = {};
    for (const m of r.members) {
      const k = kindOf.get(m.accountId) ?? 'ordinary';
      counts[k] = (counts[k] ?? 0) + 1;
    }
    const parts = Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`);
    return `${i + 1}. ${r.members.length} accounts: ${parts.join(', ')}`;
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let dataset = '';
  let fraudarBlocks: number | undefined;
  let runFraudar = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--fraudar-blocks') fraudarBlocks = Number(argv[++i]);
    else if (argv[i] === '--no-fraudar') runFraudar = false;
    else dataset = argv[i];
  }
  if (!dataset) throw new Error('usage: node dist/bench/baseline.js <dataset-dir> [--fraudar-blocks K] [--no-fraudar]');
  const truthFile = path.join(dataset, 'rings.csv');
  const negativesFile = fs.existsSync(path.join(dataset, 'negatives.csv'))
    ? path.join(dataset, 'negatives.csv')
    : undefined;
  const plantedRings = new Set(csvRecords(truthFile).map((r) => r.ring_id)).size;
  const db = await openDatabase(loadConfig({ ...process.env, RINGSCOPE_QUERY_TIMEOUT_MS: '3600000' }));
  const methods: Method[] = [];
  let fraudarBlocksFound: EvaluatedRing[] = [];
  const log = (m: Method) => process.stderr.write(`${m.method}: ${m.rings.length} groups, ${m.seconds.toFixed(2)} s\n`);
  try {
    const wccSizes = PARAMS.wccMinSizes.map((n): [number, number | undefined] => [n, undefined]);
    wccSizes.push([PARAMS.lockstepMinGroup, PARAMS.hindsightMaxGroup]);
    methods.push(...(await neo4jWcc(db, 'neo4j-wcc device+IP', SHARED_IDENTIFIER_PROJECTION, wccSizes)));
    methods.push(...(await neo4jWcc(db, 'neo4j-wcc device only', SHARED_DEVICE_PROJECTION, [[2, undefined]])));

    const [orders, readSeconds] = await timed(() => read<Purchase>(db, ORDERS_BY_PRODUCT));
    process.stderr.write(`read ${orders.length} orders in ${readSeconds.toFixed(2)} s\n`);
    const [lockstep, lockstepSeconds] = await timed(async () => lockstepPairs(orders));
    methods.push({
      method: `lockstep-pairs (≥ ${PARAMS.lockstepMinProducts} products within ${PARAMS.lockstepWindowSeconds / 3600} h, components ≥ ${PARAMS.lockstepMinGroup})`,
      kinds: ['coordinated_purchase'],
      rings: lockstep,
      seconds: readSeconds + lockstepSeconds,
    });
    const [capped, cappedSeconds] = await timed(async () => lockstepPairs(orders, PARAMS.hindsightMaxGroup));
    methods.push({
      method: `lockstep-pairs (same, components ${PARAMS.lockstepMinGroup}-${PARAMS.hindsightMaxGroup}, hindsight)`,
      kinds: ['coordinated_purchase'],
      rings: capped,
      seconds: readSeconds + cappedSeconds,
    });

    for (const amountAboveOrder of [false, true]) {
      const [cashback, cashbackSeconds] = await timed(() => naiveCashback(db, amountAboveOrder));
      methods.push({
        method: `naive-cashback (≥ ${PARAMS.cashbackMinPayees} buyers of one shop paid within ${PARAMS.cashbackDays} d${amountAboveOrder ? ', paid more than the order' : ''})`,
        kinds: ['cashback'],
        rings: cashback,
        seconds: cashbackSeconds,
      });
    }

    if (runFraudar) {
      const blocks = fraudarBlocks ?? plantedRings;
      const [dense, fraudarSeconds] = await timed(async () => fraudar(orders, blocks));
      const seconds = readSeconds + fraudarSeconds;
      methods.push({ method: 'fraudar (first block)', kinds: ['any'], rings: dense.slice(0, 1), seconds });
      methods.push({ method: `fraudar (up to ${blocks} blocks)`, kinds: ['any'], rings: dense, seconds });
      fraudarBlocksFound = dense;
    }

    const [{ rings }, detectSeconds] = await timed(() => detectAll(db));
    methods.push({
      method: 'ringscope detectAll',
      kinds: [...Object.keys(TRUTH_KINDS), 'any'],
      rings,
      seconds: detectSeconds,
    });
    for (const m of methods) log(m);

    const out = process.stdout;
    out.write(`# ${dataset}: ${plantedRings} planted rings\n\n`);
    out.write(table(methods, truthFile, negativesFile) + '\n\n');
    if (fraudarBlocksFound.length > 0)
      out.write(
        `FRAUDAR blocks, in the order found:\n\n${composition(fraudarBlocksFound, truthFile, negativesFile).join('\n')}\n\n`,
      );
    out.write(`lockstep-pairs groups:\n\n${composition(lockstep, truthFile, negativesFile).join('\n')}\n\n`);
    out.write(`baseline parameters: ${JSON.stringify(PARAMS)}\n`);
    out.write(
      `machine: ${os.cpus().length} cpus, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}\n`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
