// The audit trail: one (:AuditEntry) per authenticated request, written before the answer leaves (or the request fails).
import crypto from 'node:crypto';
import { Database } from '../db/database';
import { Role } from './roles';

export interface AuditRecord {
  keyName: string;
  role: Role;
  /** GraphQL operation name, or "GET /rings/:id/export" for a REST route. */
  operation: string;
  /** The query text (GraphQL) or path with query string (REST). */
  query: string;
  /** Variables or route parameters as given (personal values kept: this is who asked for what). */
  variables: unknown;
  accountIds: string[];
  productIds: string[];
  merchantIds: string[];
  /** 'ok' or the first error code (FORBIDDEN, BAD_USER_INPUT, QUERY_TIMEOUT, ...). */
  outcome: string;
  durationMs: number;
}

export interface AuditEntry extends Omit<AuditRecord, 'variables'> {
  id: string;
  at: Date;
  /** JSON text of the variables as given. */
  variables: string;
}

/** Ids of the accounts, products and merchants a request returned (filled while it resolves). */
export class ReturnedIds {
  readonly accounts = new Set<string>();
  readonly products = new Set<string>();
  readonly merchants = new Set<string>();

  add(kind: 'Account' | 'Product' | 'Merchant', id: unknown): void {
    if (typeof id !== 'string') return;
    (kind === 'Account' ? this.accounts : kind === 'Product' ? this.products : this.merchants).add(id);
  }

  /** A graph node id ("Account:u1") counts as returning that account. */
  addNodeId(nodeId: unknown): void {
    if (typeof nodeId !== 'string') return;
    const at = nodeId.indexOf(':');
    const label = nodeId.slice(0, at);
    if (label === 'Account' || label === 'Product' || label === 'Merchant') this.add(label, nodeId.slice(at + 1));
  }
}

const MAX_TEXT = 20_000;

/** Writes one entry; throws when it cannot (callers fail the request rather than answer without a trail). */
export async function recordAudit(db: Database, record: AuditRecord): Promise<string> {
  const at = new Date();
  const id = `${at.toISOString()}-${crypto.randomBytes(6).toString('hex')}`;
  await db.write('audit/record', {
    ...record,
    id,
    at: at.toISOString(),
    query: record.query.slice(0, MAX_TEXT),
    variables: JSON.stringify(record.variables ?? {}).slice(0, MAX_TEXT),
    durationMs: Math.round(record.durationMs),
  });
  return id;
}
