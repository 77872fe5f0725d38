// API latency against stored detection results: the ring list, its members, a second page, a filtered list and
// the drawable graph of the largest rings, timed in process (Apollo executeOperation, as tests/helpers/api.ts)
// and over real HTTP (fetch against the Express app of src/server/app.ts listening on a local port).
//
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/... node dist/bench/api-latency.js [options]
//   --n N            timed requests per query and transport (default 200)
//   --warmup N       untimed requests per query and transport before timing (default 20)
//   --largest N      ring(id) { graph } cycles over the N largest rings of the current run (default 5)
//   --only a,b       run only these cases (rings, rings-members, rings-top-members, rings-after, rings-cashback,
//                    ring-graph)
//   --transport t    inprocess, http or both (default both)
//   --json FILE      also write the figures as JSON
// Needs a loaded database with a current detection run (`ringscope detect`). Requests run one at a time.
import fs from 'node:fs';
import os from 'node:os';
import { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { createContext } from '../src/graphql/context';
import { createApollo, createApp } from '../src/server/app';

interface Args {
  n: number;
  warmup: number;
  largest: number;
  only?: string[];
  transport: 'inprocess' | 'http' | 'both';
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { n: 200, warmup: 20, largest: 5, transport: 'both' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--n') args.n = Number(argv[++i]);
    else if (a === '--warmup') args.warmup = Number(argv[++i]);
    else if (a === '--largest') args.largest = Number(argv[++i]);
    else if (a === '--only') args.only = argv[++i].split(',');
    else if (a === '--transport') args.transport = argv[++i] as Args['transport'];
    else if (a === '--json') args.json = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

type Variables = Record<string, unknown>;
interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}
type Send = (query: string, variables?: Variables) => Promise<{ body: GraphQLResponse; bytes: number }>;

const RING_FIELDS = 'id kind score size';
const LIST_TAIL = 'pageInfo { hasNextPage endCursor }';

const QUERIES = {
  rings: `query Rings { rings(first: 50) { totalCount edges { cursor node { ${RING_FIELDS} } } ${LIST_TAIL} } }`,
  'rings-members': `query RingsMembers { rings(first: 50) { totalCount edges { cursor node { ${RING_FIELDS} members { account { id } score evidence } } } ${LIST_TAIL} } }`,
  'rings-top-members': `query RingsTopMembers { rings(first: 50) { totalCount edges { cursor node { ${RING_FIELDS} members(first: 3) { account { id } score evidence } } } ${LIST_TAIL} } }`,
  'rings-after': `query RingsAfter($after: String) { rings(first: 50, after: $after) { totalCount edges { cursor node { ${RING_FIELDS} } } ${LIST_TAIL} } }`,
  'rings-cashback': `query RingsCashback { rings(kind: CASHBACK, minScore: 0.5, first: 50) { totalCount edges { cursor node { ${RING_FIELDS} } } ${LIST_TAIL} } }`,
  'ring-graph': `query RingGraph($id: ID!) { ring(id: $id) { graph { nodes { id label } edges { id source target type } truncated } } }`,
};
type Case = keyof typeof QUERIES;

interface Stats {
  case: Case;
  transport: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  bytes: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function check(name: string, body: GraphQLResponse): GraphQLResponse {
  if (body.errors?.length) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
  return body;
}

async function time(
  name: Case,
  transport: string,
  send: Send,
  variables: () => Variables,
  n: number,
  warmup: number,
): Promise<Stats> {
  for (let i = 0; i < warmup; i++) check(name, (await send(QUERIES[name], variables())).body);
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const vars = variables();
    const started = process.hrtime.bigint();
    const response = await send(QUERIES[name], vars);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    check(name, response.body);
    bytes = Math.max(bytes, response.bytes);
  }
  ms.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    case: name,
    transport,
    n,
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    p99: round(percentile(ms, 99)),
    max: round(ms[ms.length - 1]),
    mean: round(ms.reduce((a, b) => a + b, 0) / ms.length),
    bytes,
  };
}

interface RingEdge {
  cursor: string;
  node: { id: string; kind: string; score: number; size: number };
}
interface RingPage {
  rings: { totalCount: number; edges: RingEdge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Every ring of the current run, paged through the API the way a client would. */
async function allRings(send: Send): Promise<RingEdge[]> {
  const out: RingEdge[] = [];
  let after: string | null = null;
  for (;;) {
    const { body } = await send(QUERIES['rings-after'], { after });
    const page = (check('rings-after', body).data as unknown as RingPage).rings;
    out.push(...page.edges);
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const db = await openDatabase(loadConfig());
  const schema = await buildRingscopeSchema();

  const apollo = createApollo(schema);
  await apollo.start();
  const inProcess: Send = async (query, variables) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(db) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const body = response.body.singleResult as GraphQLResponse;
    return { body, bytes: JSON.stringify(body).length };
  };

  const { httpServer, apollo: httpApollo } = await createApp(db, schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  const overHttp: Send = async (query, variables) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { body: JSON.parse(text) as GraphQLResponse, bytes: Buffer.byteLength(text) };
  };

  const results: Stats[] = [];
  try {
    const rings = await allRings(inProcess);
    if (rings.length === 0) throw new Error('no stored rings: run `ringscope detect` on this database first');
    const firstPage = (check('rings', (await inProcess(QUERIES.rings)).body).data as unknown as RingPage).rings;
    const secondPageCursor = firstPage.pageInfo.endCursor;
    const largest = [...rings].sort((a, b) => b.node.size - a.node.size).slice(0, args.largest);
    const cashback = (
      check('rings-cashback', (await inProcess(QUERIES['rings-cashback'])).body).data as unknown as RingPage
    ).rings.totalCount;
    const kinds: Record<string, number> = {};
    for (const r of rings) kinds[r.node.kind] = (kinds[r.node.kind] ?? 0) + 1;
    const graphSizes: string[] = [];
    for (const r of largest) {
      const g = check('ring-graph', (await inProcess(QUERIES['ring-graph'], { id: r.node.id })).body).data as {
        ring: { graph: { nodes: unknown[]; edges: unknown[]; truncated: boolean } };
      };
      graphSizes.push(
        `${r.node.id} (${r.node.kind}, ${r.node.size} members): ${g.ring.graph.nodes.length} nodes, ` +
          `${g.ring.graph.edges.length} edges${g.ring.graph.truncated ? ', truncated' : ''}`,
      );
    }
    const out = process.stdout;
    out.write(`date: ${new Date().toISOString()}\n`);
    out.write(
      `machine: ${os.cpus().length} cpus, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ` +
        `load average ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}\n`,
    );
    out.write(
      `database: ${db.uri}; ${rings.length} stored rings ${JSON.stringify(kinds)}; CASHBACK, minScore 0.5: ${cashback}\n`,
    );
    out.write(
      `after: cursor of the end of page 1 (${firstPage.edges.length} rings); hasNextPage ${firstPage.pageInfo.hasNextPage}\n`,
    );
    out.write(`largest rings for ring(id) { graph }:\n${graphSizes.map((s) => `  ${s}`).join('\n')}\n`);
    out.write(`n = ${args.n} timed requests per row after ${args.warmup} warm-up requests, one at a time\n\n`);

    let cycle = 0;
    const variables: Record<Case, () => Variables> = {
      rings: () => ({}),
      'rings-members': () => ({}),
      'rings-top-members': () => ({}),
      'rings-after': () => ({ after: secondPageCursor }),
      'rings-cashback': () => ({}),
      'ring-graph': () => ({ id: largest[cycle++ % largest.length].node.id }),
    };
    const transports: [string, Send][] = [];
    if (args.transport !== 'http') transports.push(['in-process', inProcess]);
    if (args.transport !== 'inprocess') transports.push(['http', overHttp]);
    out.write(
      '| query | transport | n | p50 ms | p95 ms | p99 ms | max ms | mean ms | response bytes | load avg (1 min) |\n',
    );
    out.write('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n');
    for (const name of Object.keys(QUERIES) as Case[]) {
      if (args.only && !args.only.includes(name)) continue;
      for (const [transport, send] of transports) {
        const s = await time(name, transport, send, variables[name], args.n, args.warmup);
        results.push(s);
        out.write(
          `| ${name} | ${transport} | ${s.n} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} | ${s.mean} | ${s.bytes} | ${os.loadavg()[0].toFixed(2)} |\n`,
        );
      }
    }
    if (args.json) fs.writeFileSync(args.json, JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
  } finally {
    await apollo.stop();
    await httpApollo.stop();
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
