// The fixed time window of generated data and the text forms of its values (ISO timestamps, 2-decimal amounts).

const DAY = 86400;
const HOUR = 3600;
export const T = { DAY, HOUR, MINUTE: 60 } as const;

const utc = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 1000;

/** Accounts are created in [ACCOUNTS_START, ACCOUNTS_END). */
export const ACCOUNTS_START = utc(2023, 1, 1);
export const ACCOUNTS_END = utc(2025, 1, 1);
/** All activity (devices, orders, reviews, payments, likes) lies in [ACTIVITY_START, ACTIVITY_END]. */
export const ACTIVITY_START = utc(2025, 1, 1);
export const ACTIVITY_END = utc(2025, 7, 1) - 1;
/** Orders are placed before ORDERS_END, leaving room for the reviews, payments and likes that follow them. */
export const ORDERS_END = utc(2025, 6, 15);

const dayCache = new Map<number, string>();
const TWO = Array.from({ length: 60 }, (_, i) => (i < 10 ? '0' : '') + i);

/** Whole seconds since the epoch -> `2025-03-01T10:15:00Z`. */
export function iso(seconds: number): string {
  const s = Math.floor(seconds);
  const day = Math.floor(s / DAY);
  let date = dayCache.get(day);
  if (date === undefined) {
    date = new Date(day * DAY * 1000).toISOString().slice(0, 11);
    dayCache.set(day, date);
  }
  const r = s - day * DAY;
  const h = Math.floor(r / HOUR);
  const m = Math.floor((r - h * HOUR) / 60);
  return `${date}${TWO[h]}:${TWO[m]}:${TWO[r - h * HOUR - m * 60]}Z`;
}

/** Integer cents -> `129.90`. */
export function money(cents: number): string {
  const c = Math.round(cents);
  const r = c % 100;
  return `${(c - r) / 100}.${r < 10 ? '0' : ''}${r}`;
}
