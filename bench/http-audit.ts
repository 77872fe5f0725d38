// The GraphQL-over-HTTP conformance audit (graphql-http's serverAudits) against ringscope's Express app, with keys
// required and an admin key on every audit request (and once more with no key, to see what a stranger gets).
//
// Usage: npx tsc -p tsconfig.json && RINGSCOPE_HOME=/tmp/... node dist/bench/http-audit.js [--json FILE]
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import { auditServer } from 'graphql-http';
import { createKey } from '../src/auth/keys';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { buildRingscopeSchema } from '../src/graphql/schema';
import { createApp } from '../src/server/app';

async function main(): Promise<void> {
  const json = process.argv[2] === '--json' ? process.argv[3] : undefined;
  const db = await openDatabase(loadConfig());
  const { httpServer, apollo } = await createApp(db, await buildRingscopeSchema(), {
    auth: { mode: 'required', perMinute: 100_000 },
  });
  try {
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
    const { token } = await createKey(db, `audit-admin-${Date.now()}`, 'admin');
    const withKey: typeof fetch = (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` },
      });
    const out: Record<string, unknown> = {};
    for (const [label, fetchFn] of [
      ['admin key', withKey],
      ['no key', fetch],
    ] as const) {
      const results = await auditServer({ url, fetchFn });
      const count = (s: string) => results.filter((r) => r.status === s).length;
      const notOk = results
        .filter((r) => r.status !== 'ok')
        .map((r) => `${r.status} ${r.name}: ${'reason' in r ? r.reason : ''}`);
      out[label] = { ok: count('ok'), warn: count('warn'), error: count('error'), notOk };
      process.stdout.write(`${label}: ${count('ok')} ok, ${count('warn')} warn, ${count('error')} error\n`);
      for (const line of notOk) process.stdout.write(`  ${line}\n`);
    }
    if (json) fs.writeFileSync(json, JSON.stringify(out, null, 2));
  } finally {
    await apollo.stop();
    await db.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
