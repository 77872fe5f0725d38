// What the API costs over its own Cypher: p50/p95 of `rings(first: 50)` and `ring(id) { graph }` through GraphQL over
// HTTP (the real Express app of src/server/app.ts on a local port, as bench/api-latency.ts) against the same
// statements of cypher/ that the resolvers run, sent directly with neo4j-driver, on the same store in the same run,
// alternating request by request (which goes first flips every round), so both see the same load on the machine.
//
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/... RINGSCOPE_RATE_LIMIT=100000 \
//          node dist/bench/api-vs-driver.js [options] 2>/tmp/requests.log
//   --n N          timed rounds per query (default 300); a round is one GraphQL request and one driver call
//   --warmup N     untimed rounds per query first (default 30)
//   --largest N    ring(id) { graph } cycles over the N largest rings of the current run (default 5)
//   --json FILE    also write the figures as JSON
// Needs a loaded database with a current detection run (`ringscope detect`). Requests run one at a time.
//
// The driver side is what the resolvers send, with the same parameters, each in its own read transaction
// (session.executeRead, as Database.read does), records received but not reshaped:
//   rings(first: 50)          rings/list (limit 51: the resolver asks one more to know hasNextPage)
//   ring(id) { graph }        rings/by-id, then rings/subgraph with that ring's members and evidence ids
import fs from 'node:fs';
import os from 'node:os';
import { execSync } from 'node:child_process';
import { AddressInfo } from 'node:net';
import neo4j, { Session } from 'neo4j-driver';
import { loadConfig } from '../src/config';
import { cypher } from '../src/db/cypher';
import { openDatabase } from '../src/db/database';
import { rows } from '../src/db/values';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { createApp } from '../src/server/app';

interface Args {
  n: number;
  warmup: number;
  largest: number;
  json?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { n: 300, warmup: 30, largest: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--n') args.n = Number(argv[++i]);
    else if (a === '--warmup') args.warmup = Number(argv[++i]);
    else if (a === '--largest') args.largest = Number(argv[++i]);
    else if (a === '--json') args.json = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const QUERIES = {
  rings: `query Rings { rings(first: 50) { totalCount edges { cursor node { id kind score size } } pageInfo { hasNextPage endCursor } } }`,
  'ring-graph': `query RingGraph($id: ID!) { ring(id: $id) { graph { nodes { id label } edges { id source target type } truncated } } }`,
};
type Case = keyof typeof QUERIES;

/** The parameters rings(first: 50) gives rings/list (src/graphql/rings-read.ts and paged-read.ts, defaults). */
const LIST_PARAMS = {
  kind: null,
  minScore: 0,
  minSize: 1,
  since: null,
  until: null,
  detectedSince: null,
  merchantId: null,
  productId: null,
  accountId: null,
  orderBy: 'SCORE',
  after: null,
  limit: neo4j.int(51),
};

interface StoredRing {
  id: string;
  size: number;
  members: { accountId: string }[];
  devices: string[];
  payments: string[];
  products: string[];
  merchants: string[];
  orders: string[];
  reviews: string[];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round = (x: number): number => Math.round(x * 100) / 100;

function summarise(ms: number[]): { p50: number; p95: number; mean: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const db = await openDatabase(config);
  const schema = await buildRingscopeSchema();
  // As `ringscope serve` builds it: RINGSCOPE_AUTH and RINGSCOPE_RATE_LIMIT apply (a run of n rounds needs a limit
  // above 600 per minute, the default).
  const { httpServer, apollo } = await createApp(db, schema, {
    auth: { mode: config.authMode, perMinute: config.rateLimitPerMinute },
    requestDeadlineMs: config.requestDeadlineMs,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  const graphql = async (query: string, variables: Record<string, unknown> = {}): Promise<void> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown[]; data?: unknown };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  };
  // One session for the driver side, as the API's sessions come from the same pool: executeRead per statement.
  const session: Session = db.session('READ');
  const read = async (statement: string, params: Record<string, unknown>) => {
    const result = await session.executeRead((tx) => tx.run(cypher(statement), params));
    if (result.records.length === 0) throw new Error(`${statement}: no record`);
    return result;
  };

  try {
    const listed = rows<{ total: number; page: { node: { id: string; size: number } }[] }>(
      await read('rings/list', { ...LIST_PARAMS, orderBy: 'SIZE' }),
    )[0];
    if (!listed || listed.total === 0)
      throw new Error('no stored rings: run `ringscope detect` on this database first');
    const largestIds = listed.page.slice(0, args.largest).map((r) => r.node.id);
    const largest = rows<{ node: StoredRing }>(
      await read('rings/by-id', { keys: largestIds.map((id) => [null, id]) }),
    ).map((r) => r.node);

    let cycle = 0;
    const rounds: Record<Case, { graphql: () => Promise<void>; driver: () => Promise<void> }> = {
      rings: {
        graphql: () => graphql(QUERIES.rings),
        driver: async () => void (await read('rings/list', LIST_PARAMS)),
      },
      'ring-graph': {
        graphql: () => graphql(QUERIES['ring-graph'], { id: largest[cycle % largest.length].id }),
        driver: async () => {
          const id = largest[cycle % largest.length].id;
          const [{ node }] = rows<{ node: StoredRing }>(await read('rings/by-id', { keys: [[null, id]] }));
          await read('rings/subgraph', {
            accounts: node.members.map((m) => m.accountId),
            devices: node.devices,
            payments: node.payments,
            products: node.products,
            merchants: node.merchants,
            orders: node.orders,
            reviews: node.reviews,
            properties: false,
          });
        },
      },
    };

    const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const out = process.stdout;
    out.write(`date: ${new Date().toISOString()}; commit ${commit}\n`);
    out.write(
      `machine: ${os.cpus().length} cpus, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ` +
        `load average at start ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')} (shared with other work)\n`,
    );
    out.write(`database: ${db.uri}; ${listed.total} stored rings in the current run\n`);
    out.write(
      `server: RINGSCOPE_AUTH ${config.authMode}, rate limit ${config.rateLimitPerMinute}/min, LOG_LEVEL ${config.logLevel}\n`,
    );
    out.write(
      `ring(id) { graph } cycles over: ${largest.map((r) => `${r.id} (${r.members.length} members)`).join(', ')}\n`,
    );
    out.write(`n = ${args.n} rounds per query after ${args.warmup} warm-up rounds, one request at a time\n\n`);
    out.write('| query | side | n | p50 ms | p95 ms | mean ms | GraphQL ÷ driver at p50 | load avg (1 min) |\n');
    out.write('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n');

    const results: Record<string, unknown>[] = [];
    for (const name of Object.keys(QUERIES) as Case[]) {
      const { graphql: viaApi, driver } = rounds[name];
      const ms = { graphql: [] as number[], driver: [] as number[] };
      for (let i = 0; i < args.warmup + args.n; i++) {
        // Alternate which side goes first, so neither always runs on a cache the other just warmed.
        const order: ('graphql' | 'driver')[] = i % 2 ? ['driver', 'graphql'] : ['graphql', 'driver'];
        for (const side of order) {
          const t = await timed(side === 'graphql' ? viaApi : driver);
          if (i >= args.warmup) ms[side].push(t);
        }
        cycle++;
      }
      const api = summarise(ms.graphql);
      const direct = summarise(ms.driver);
      const ratio = round(api.p50 / direct.p50);
      const load = os.loadavg()[0].toFixed(2);
      out.write(
        `| ${name} | GraphQL over HTTP | ${args.n} | ${api.p50} | ${api.p95} | ${api.mean} | ${ratio} | ${load} |\n`,
      );
      out.write(
        `| ${name} | neo4j-driver | ${args.n} | ${direct.p50} | ${direct.p95} | ${direct.mean} | | ${load} |\n`,
      );
      results.push({ case: name, n: args.n, graphql: api, driver: direct, ratioP50: ratio });
    }
    if (args.json)
      fs.writeFileSync(args.json, JSON.stringify({ date: new Date().toISOString(), commit, results }, null, 2));
  } finally {
    await session.close();
    // Apollo's drain plugin closes the HTTP server.
    await apollo.stop();
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
