// V8 caps a Map or Set at 2^24 (16,777,216) entries ("RangeError: Map maximum size exceeded"). The bulk path keeps
// the device and IP sightings, likes and NDJSON rows of a load in these, which spread their entries over several Maps
// by a hash of the key (a platform's export for one case easily has more than 2^24 rows of one kind). The ids of
// accepted rows are in IdTable (id-table.ts), which is smaller still.

import { hashOf } from './id-table';

const SHARDS = 16;

/** The hash of text, the value of a non-negative integer: any stable spread will do. */
function shardOf(key: string | number): number {
  return (typeof key === 'number' ? key : hashOf(key)) % SHARDS;
}

/**
 * A Map keyed by text or non-negative integers without V8's 2^24-entry limit; iteration is shard by shard, in
 * insertion order within each.
 */
export class BigMap<V, K extends string | number = string> {
  private readonly shards: Map<K, V>[] = Array.from({ length: SHARDS }, () => new Map<K, V>());

  get(key: K): V | undefined {
    return this.shards[shardOf(key)].get(key);
  }

  has(key: K): boolean {
    return this.shards[shardOf(key)].has(key);
  }

  set(key: K, value: V): this {
    this.shards[shardOf(key)].set(key, value);
    return this;
  }

  get size(): number {
    return this.shards.reduce((n, s) => n + s.size, 0);
  }

  clear(): void {
    for (const shard of this.shards) shard.clear();
  }

  *[Symbol.iterator](): IterableIterator<[K, V]> {
    for (const shard of this.shards) yield* shard;
  }
}

/** A string Set without V8's 2^24-entry limit. */
export class BigSet {
  private readonly map = new BigMap<true>();

  has(key: string): boolean {
    return this.map.has(key);
  }

  add(key: string): this {
    this.map.set(key, true);
    return this;
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}
