// Runs a connection query from cypher/read: LIMIT first + 1 inside Cypher, keyset cursor, total count.
import neo4j from 'neo4j-driver';
import { Database } from '../db/database';
import { rows } from '../db/values';
import { Connection, CursorKey, decodeCursor, PageArgs, toConnection } from './connection.type';

export async function pagedRead<T>(
  db: Database,
  statement: string,
  params: Record<string, unknown>,
  page: PageArgs,
  keyShape: CursorKey[],
  toNode: (raw: Record<string, unknown>) => T,
  checkKey?: (key: unknown[]) => void,
  /** Checks the cursor against what the query saw (e.g. that the data it paged through is still there). */
  checkRow?: (key: unknown[], row: Record<string, unknown>) => void,
): Promise<Connection<T>> {
  const after = decodeCursor(page.after, keyShape);
  if (after) checkKey?.(after);
  const result = await db.read(statement, { ...params, after, limit: neo4j.int(page.first + 1) });
  const [row] = rows<{ total: number; page: { node: Record<string, unknown>; key: unknown[] }[] }>(result);
  if (row && after) checkRow?.(after, row);
  if (!row) return toConnection([], page.first, 0);
  return toConnection(
    row.page.map((r) => ({ node: toNode(r.node), key: r.key })),
    page.first,
    row.total,
  );
}
