// V8 caps a Map or Set at 2^24 (16,777,216) entries ("RangeError: Map maximum size exceeded"). A platform's export
// for one investigation easily has more orders than that (the Yunhe case: 20 million), and the bulk path's row
// checks keep one entry per accepted id. These spread their entries over several Maps by a hash of the key.

const SHARDS = 16;

/** FNV-1a over the UTF-16 code units for text, the value for a non-negative integer: any stable spread will do. */
function shardOf(key: string | number): number {
  if (typeof key === 'number') return key % SHARDS;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SHARDS;
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
