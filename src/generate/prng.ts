// Seeded pseudo-random numbers (sfc32, seeded through splitmix32) so that a dataset depends only on its seed.

/** splitmix32: turns any 32-bit value into a well-mixed one; used to derive independent seeds. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A small fast generator (Chris Doty-Humphrey's sfc32); same seed and stream, same numbers. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x5bd1e995);
    this.b = mix32(this.a ^ Math.imul(stream + 1, 0x27d4eb2d));
    this.c = mix32(this.b ^ 0x165667b1);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** Uniform real in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.float() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Log-uniform real in [lo, hi): as many values between 20 and 200 as between 200 and 2000. */
  logRange(lo: number, hi: number): number {
    return Math.exp(this.range(Math.log(lo), Math.log(hi)));
  }

  /** k distinct integers from [0, n), in random order (k <= n). */
  sample(n: number, k: number): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    while (out.length < k) {
      const x = Math.floor(this.float() * n);
      if (!seen.has(x)) {
        seen.add(x);
        out.push(x);
      }
    }
    return out;
  }

  /** Random hex string of `chars` characters (at most 16). */
  hex(chars: number): string {
    const s = this.next().toString(16).padStart(8, '0') + this.next().toString(16).padStart(8, '0');
    return s.slice(0, chars);
  }
}
