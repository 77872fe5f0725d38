// Converts Neo4j values to plain JavaScript at the edge: 64-bit integers deliberately, temporals to Date.
import neo4j from 'neo4j-driver';

export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) {
    const n = value as unknown as { inSafeRange(): boolean; toNumber(): number; toString(): string };
    // Counts and seconds fit in a double; anything larger is returned as text rather than rounded silently.
    return n.inSafeRange() ? n.toNumber() : n.toString();
  }
  if (neo4j.isDateTime(value) || neo4j.isDate(value) || neo4j.isLocalDateTime(value)) {
    return new Date((value as { toString(): string }).toString());
  }
  if (neo4j.isDuration(value)) return (value as { toString(): string }).toString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return toPlain((value as { properties: unknown }).properties);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

/** The records of a result as plain objects of the given shape (no validation: Cypher defines the shape). */
export function rows<T>(result: { records: { toObject(): Record<string, unknown> }[] }): T[] {
  return result.records.map((r) => toPlain(r.toObject()) as T);
}
