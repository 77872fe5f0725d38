// API keys: a random bearer token shown once, stored in Neo4j only as its SHA-256, with a name and a role.
import crypto from 'node:crypto';
import { Database } from '../db/database';
import { rows } from '../db/values';
import { isRole, Role } from './roles';

export interface ApiKey {
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface KeyHolder {
  name: string;
  role: Role;
}

export const BOOTSTRAP_KEY = 'bootstrap';
const TOKEN_PREFIX = 'rsk_';
// 32 random bytes: a hash without salt or stretching is enough for tokens nobody chose (no dictionary to try).
const TOKEN_BYTES = 32;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class KeyError extends Error {}

export function newToken(): string {
  return TOKEN_PREFIX + crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Whether a presented string can be a token at all: a malformed one is refused without a database look-up. */
export function wellFormedToken(token: string): boolean {
  return /^[\x21-\x7e]{16,256}$/.test(token);
}

export async function createKey(db: Database, name: string, role: string): Promise<{ key: KeyHolder; token: string }> {
  if (!NAME.test(name)) throw new KeyError(`a key name is 1-64 letters, digits and . _ @ - (got "${name}")`);
  if (!isRole(role)) throw new KeyError(`role must be viewer, investigator or admin (got "${role}")`);
  const token = newToken();
  try {
    await db.write('keys/create', { name, role, hash: tokenHash(token) });
  } catch (error) {
    if ((error as { code?: string }).code === 'Neo.ClientError.Schema.ConstraintValidationFailed')
      throw new KeyError(`a key named "${name}" exists already (revoke it or choose another name)`);
    throw error;
  }
  return { key: { name, role }, token };
}

export async function listKeys(db: Database): Promise<ApiKey[]> {
  return rows<ApiKey>(await db.read('keys/list'));
}

/** True when a live key of that name was revoked; false when there is none (or it was revoked before). */
export async function revokeKey(db: Database, name: string): Promise<boolean> {
  return (await db.write('keys/revoke', { name })).records.length > 0;
}

/** The live key a token belongs to, or null (unknown or revoked). */
export async function keyOfToken(db: Database, token: string): Promise<KeyHolder | null> {
  const [row] = rows<KeyHolder>(await db.readOnce('keys/by-hash', { hash: tokenHash(token) }));
  return row && isRole(row.role) ? row : null;
}

export async function anyKeyExists(db: Database): Promise<boolean> {
  const [row] = rows<{ any: boolean }>(await db.readOnce('keys/any'));
  return row?.any ?? false;
}

/** Stores RINGSCOPE_ADMIN_TOKEN as the admin key `bootstrap` (idempotent); says whether that key is revoked. */
export async function ensureBootstrapKey(db: Database, token: string): Promise<{ revoked: boolean }> {
  // What docker-compose.yml asks for; a token with spaces would be stored but never accepted (wellFormedToken).
  if (token.length < 32 || !wellFormedToken(token))
    throw new KeyError(
      'RINGSCOPE_ADMIN_TOKEN must be 32 to 256 printable characters without spaces (e.g. openssl rand -base64 32)',
    );
  const [row] = rows<{ revoked: boolean }>(
    await db.write('keys/bootstrap', { name: BOOTSTRAP_KEY, hash: tokenHash(token) }),
  );
  return { revoked: row?.revoked ?? false };
}
