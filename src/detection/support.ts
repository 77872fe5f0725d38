// Helpers the detectors share: scope seeds, chunked parallel reads, paced in-process loops, connected components, evidence formatting.
import Graph from 'graphology';
import { connectedComponents } from 'graphology-components';
import { Database } from '../db/database';
import { rows } from '../db/values';
import { ParameterDoc, Scope } from './types';

/** Neo4j Community runs one query on one core; two concurrent chunks use both cores of a small box. */
export const READ_CONCURRENCY = 2;

export function hasScope(scope?: Scope): scope is Scope {
  return !!scope && !!(scope.accountId || scope.productId || scope.merchantId);
}

/** Accounts a scoped run starts from: the account itself, the product's buyers and reviewers, the shop's buyers, reviewers and owner. */
export async function scopeSeedAccounts(db: Database, scope: Scope): Promise<string[]> {
  const result = await db.read('detection/scope-accounts', {
    accountId: scope.accountId ?? null,
    productId: scope.productId ?? null,
    merchantId: scope.merchantId ?? null,
  });
  return rows<{ id: string }>(result).map((r) => r.id);
}

/**
 * `work` on each item in order, with the database handle's checkpoint before each: a long in-process stretch gives
 * the event loop back every few milliseconds (so /healthz and other requests are answered) and stops at the
 * request's deadline. The checkpoint costs an await; give it items that each take more than a few microseconds.
 */
export async function mapPaced<T, R>(
  db: Database,
  items: Iterable<T>,
  work: (item: T, index: number) => R | Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  let i = 0;
  for (const item of items) {
    await db.checkpoint();
    out.push(await work(item, i++));
  }
  return out;
}

/** Runs `read` over `items` in chunks, `concurrency` at a time, and concatenates the results in order. */
export async function inChunks<T, R>(
  items: T[],
  size: number,
  read: (chunk: T[]) => Promise<R[]>,
  concurrency = READ_CONCURRENCY,
): Promise<R[]> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  const results: R[][] = new Array(chunks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const i = next++;
      results[i] = await read(chunks[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return results.flat();
}

/** Connected components of an undirected graph given by its edges (graphology-components). */
export function componentsOf(edges: Iterable<readonly [string, string]>): string[][] {
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const [a, b] of edges) {
    if (a === b) continue;
    graph.mergeEdge(a, b);
  }
  return connectedComponents(graph);
}

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Scores stay below 1 so that combining two signals can still raise them. */
export const MAX_SCORE = 0.99;

export const score = (x: number): number => Math.round(Math.min(MAX_SCORE, clamp01(x)) * 1000) / 1000;

/** 2025-03-01 10:15Z: minute precision is what an investigator compares. */
export function when(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + 'Z';
}

export function money(amount: number): string {
  return amount.toFixed(2);
}

export function hours(seconds: number): string {
  const h = seconds / 3600;
  return h < 1 ? `${Math.round(seconds / 60)} min` : `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
}

export function dateOf(epochSeconds: number | null | undefined): Date | null {
  return epochSeconds === null || epochSeconds === undefined ? null : new Date(epochSeconds * 1000);
}

export function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Keeps the first `limit` items and says how many more there were, so evidence stays readable. */
export function capped(lines: string[], limit: number): string[] {
  return lines.length <= limit ? lines : [...lines.slice(0, limit), `… and ${lines.length - limit} more`];
}

/** Parameters every detector has, documented once. */
export const SHARED_PARAMETER_DOCS = {
  minRating: { description: 'Rating that counts as a boosting review', unit: 'stars' },
  minScore: {
    description:
      "Rings scoring below this are dropped (0.5: significant at the run's 1% level after correcting for every group tested: Bonferroni's family-wise error rate, or Benjamini-Hochberg's false discovery rate where the detector judges its groups together)",
    unit: 'score 0..1',
  },
} as const satisfies Record<string, ParameterDoc>;

/** First index of `values` (sorted ascending) whose value is at least t. */
export function lowerBound(values: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is above t (values sorted ascending). */
export function upperBound(values: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A seeded generator for Louvain: the same data gives the same communities, hence the same ring ids. */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}
