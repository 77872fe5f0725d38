// `ringscope keys create|list|revoke`: API keys with roles; the token is printed once, as the last line.
import { createKey, KeyError, listKeys, revokeKey } from '../auth/keys';
import { Database } from '../db/database';

export async function keysCreate(db: Database, name: string, role: string): Promise<number> {
  try {
    const { token } = await createKey(db, name, role);
    process.stdout.write(
      `created key "${name}" with role ${role}. The token is shown once; send it as Authorization: Bearer <token>.\n${token}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof KeyError) {
      process.stderr.write(`ringscope: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

const when = (d: Date | null) => (d ? d.toISOString() : '-');

export async function keysList(db: Database): Promise<number> {
  const keys = await listKeys(db);
  if (!keys.length) {
    process.stdout.write('no API keys (the API is open on loopback); create one with `ringscope keys create`\n');
    return 0;
  }
  const rows = [
    ['name', 'role', 'created', 'last used', 'revoked'],
    ...keys.map((k) => [k.name, k.role, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join('  ')}\n`.trimEnd() + '\n');
  return 0;
}

export async function keysRevoke(db: Database, name: string): Promise<number> {
  if (await revokeKey(db, name)) {
    process.stdout.write(`revoked key "${name}": it is refused from the next request on\n`);
    return 0;
  }
  process.stderr.write(`ringscope: no live key named "${name}" (see \`ringscope keys list\`)\n`);
  return 1;
}
