// The ids of one label's accepted rows, numbered 0, 1, 2, ... in the order they were added, kept in typed arrays:
// an open-addressing hash table of row numbers, and each id's UTF-16 code units in large shared blocks. A JS Map of
// 20M order ids (the seed scale of issue 9) is out of reach twice: V8 caps a Map at 2^24 entries, and each entry is a
// string object plus a table slot, ~150-200 bytes the garbage collector traces on every major collection (validation
// slowed from 41k rows/s at 1M rows to 18.6k at 46M). Here an id costs its code units (2 bytes each) plus 16 bytes of
// index and up to 16 of table, and nothing for the collector to trace.

/** Code units per block of id text; an id longer than this gets a block of its own. */
const BLOCK = 1 << 22;
/** The table doubles before it is more than this full (linear probing stays short below it). */
const MAX_LOAD = 0.7;

function grown<T extends Int32Array | Uint32Array>(array: T, size: number, make: (n: number) => T): T {
  if (size <= array.length) return array;
  const next = make(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** FNV-1a over the UTF-16 code units. */
export function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class IdTable {
  private slots = new Int32Array(1024).fill(-1);
  /** Per row: its hash, and where its id's code units are (block, offset, length). */
  private hashes = new Uint32Array(1024);
  private blockOf = new Int32Array(1024);
  private offsetOf = new Int32Array(1024);
  private lengthOf = new Int32Array(1024);
  private readonly blocks: Uint16Array[];
  private used = 0;
  private rows = 0;

  /** `block`: code units per block of id text (small only in tests). */
  constructor(private readonly block = BLOCK) {
    this.blocks = [new Uint16Array(block)];
  }

  get size(): number {
    return this.rows;
  }

  /** The row number of `id`, or undefined. */
  get(id: string): number | undefined {
    const row = this.slots[this.find(id, hashOf(id))];
    return row >= 0 ? row : undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Adds `id` (which must not be in the table yet) as the next row, and returns its row number. */
  add(id: string): number {
    if ((this.rows + 1) / this.slots.length > MAX_LOAD) this.rehash(this.slots.length * 2);
    const hash = hashOf(id);
    const slot = this.find(id, hash);
    if (this.slots[slot] >= 0) throw new Error(`id ${id} is already in the table`);
    const row = this.rows++;
    this.hashes = grown(this.hashes, this.rows, (n) => new Uint32Array(n));
    this.blockOf = grown(this.blockOf, this.rows, (n) => new Int32Array(n));
    this.offsetOf = grown(this.offsetOf, this.rows, (n) => new Int32Array(n));
    this.lengthOf = grown(this.lengthOf, this.rows, (n) => new Int32Array(n));
    let block = this.blocks[this.blocks.length - 1];
    if (this.used + id.length > block.length) {
      block = new Uint16Array(Math.max(this.block, id.length));
      this.blocks.push(block);
      this.used = 0;
    }
    for (let i = 0; i < id.length; i++) block[this.used + i] = id.charCodeAt(i);
    this.hashes[row] = hash;
    this.blockOf[row] = this.blocks.length - 1;
    this.offsetOf[row] = this.used;
    this.lengthOf[row] = id.length;
    this.used += id.length;
    this.slots[slot] = row;
    return row;
  }

  /** The slot holding `id`, or the empty slot where it would go. */
  private find(id: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const row = this.slots[slot];
      if (row < 0 || (this.hashes[row] === hash && this.equals(row, id))) return slot;
    }
  }

  private equals(row: number, id: string): boolean {
    if (this.lengthOf[row] !== id.length) return false;
    const block = this.blocks[this.blockOf[row]];
    const offset = this.offsetOf[row];
    for (let i = 0; i < id.length; i++) if (block[offset + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let row = 0; row < this.rows; row++) {
      let slot = this.hashes[row] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = row;
    }
    this.slots = slots;
  }
}
