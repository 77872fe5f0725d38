// Validators that turn one raw text field of the load format into a typed value, or a reason.
import neo4j, { DateTime } from 'neo4j-driver';

export type FieldValue = string | number | DateTime<number> | null;
export type FieldParser = (raw: string) => FieldValue | FieldError;

export class FieldError {
  constructor(readonly reason: string) {}
}

export const MAX_ID_LENGTH = 200;

export const id: FieldParser = (raw) => {
  if (raw.length > MAX_ID_LENGTH) return new FieldError(`id longer than ${MAX_ID_LENGTH} characters`);
  if (raw !== raw.trim()) return new FieldError('id has leading or trailing spaces');
  return raw;
};

export const text: FieldParser = (raw) => raw;

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 with a zone, stored as a UTC DateTime so that equal instants compare equal. */
export const timestamp: FieldParser = (raw) => {
  const m = ISO_WITH_ZONE.exec(raw);
  if (!m) {
    return new FieldError(
      /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(raw)
        ? 'timestamp has no time zone (expected e.g. 2025-03-01T10:15:00Z)'
        : 'not an ISO 8601 timestamp (expected e.g. 2025-03-01T10:15:00Z)',
    );
  }
  const [, y, mo, d, h, mi, s] = m;
  const fraction = m[7] ? Number((m[7] + '000000000').slice(1, 10)) : 0;
  // UTC and a year from 100 on (Date.UTC reads years below 100 as 19xx): the fields are the instant's, no Date needed.
  if (m[8] === 'Z' && +y >= 100) {
    if (+mo < 1 || +mo > 12 || +d < 1 || +d > daysInMonth(+y, +mo) || +h > 23 || +mi > 59 || (s && +s > 59))
      return new FieldError('not a valid calendar date and time');
    return new neo4j.types.DateTime(+y, +mo, +d, +h, +mi, s ? +s : 0, fraction, 0);
  }
  const ms = Date.parse(raw);
  const check = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, s ? +s : 0));
  // Date.parse rolls 2025-02-30 over to March; the calendar fields must survive a round trip.
  if (
    Number.isNaN(ms) ||
    check.getUTCMonth() !== +mo - 1 ||
    check.getUTCDate() !== +d ||
    +h > 23 ||
    +mi > 59 ||
    (s && +s > 59)
  ) {
    return new FieldError('not a valid calendar date and time');
  }
  const utc = new Date(ms);
  return new neo4j.types.DateTime(
    utc.getUTCFullYear(),
    utc.getUTCMonth() + 1,
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds(),
    fraction,
    0,
  );
};

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const DECIMAL = /^\d{1,15}(\.\d{1,6})?$/;

/** A non-negative decimal string in the platform currency. */
export const amount: FieldParser = (raw) => {
  if (/^-/.test(raw.trim())) return new FieldError('negative amount');
  if (!DECIMAL.test(raw)) return new FieldError('not a decimal amount (expected e.g. 129.90)');
  return Number(raw);
};

export const rating: FieldParser = (raw) => {
  if (!/^-?\d+$/.test(raw)) return new FieldError('rating is not a whole number');
  const n = Number(raw);
  if (n < 1 || n > 5) return new FieldError('rating outside 1-5');
  return n;
};

export const seconds: FieldParser = (raw) => {
  if (!/^\d{1,9}$/.test(raw)) return new FieldError('not a whole, non-negative number of seconds');
  return Number(raw);
};

/** ISO text of a stored DateTime, for messages. */
export function isoOf(value: unknown): string {
  return value instanceof neo4j.types.DateTime ? new Date(value.toString()).toISOString() : String(value);
}
