// Converts Neo4j values to plain JavaScript at the edge: 64-bit integers deliberately, temporals to Date.
import neo4j from 'neo4j-driver';

const num = (x: unknown): number => (typeof x === 'number' ? x : neo4j.integer.toNumber(x as number));

/** A DateTime with an offset, built from its fields: parsing its text costs more on lists of thousands. */
function dateTimeToDate(t: {
  year: unknown;
  month: unknown;
  day: unknown;
  hour: unknown;
  minute: unknown;
  second: unknown;
  nanosecond: unknown;
  timeZoneOffsetSeconds?: unknown;
}): Date {
  const utc = Date.UTC(
    num(t.year),
    num(t.month) - 1,
    num(t.day),
    num(t.hour),
    num(t.minute),
    num(t.second),
    Math.floor(num(t.nanosecond) / 1e6),
  );
  return new Date(utc - num(t.timeZoneOffsetSeconds) * 1000);
}

export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  // Strings, numbers and booleans are most of every result: return them before any Neo4j type check.
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isInt(value)) {
    const n = value as unknown as { inSafeRange(): boolean; toNumber(): number; toString(): string };
    // Counts and seconds fit in a double; anything larger is returned as text rather than rounded silently.
    return n.inSafeRange() ? n.toNumber() : n.toString();
  }
  if (neo4j.isDateTime(value) && value.timeZoneOffsetSeconds != null) {
    return dateTimeToDate(value);
  }
  if (neo4j.isDateTime(value) || neo4j.isDate(value) || neo4j.isLocalDateTime(value)) {
    return new Date((value as { toString(): string }).toString());
  }
  if (neo4j.isDuration(value)) return (value as { toString(): string }).toString();
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) return toPlain((value as { properties: unknown }).properties);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[k] = toPlain((value as Record<string, unknown>)[k]);
  return out;
}

/** The records of a result as plain objects of the given shape (no validation: Cypher defines the shape). */
export function rows<T>(result: { records: { toObject(): Record<string, unknown> }[] }): T[] {
  return result.records.map((r) => toPlain(r.toObject()) as T);
}
