// Near-identical texts (Chinese and English alike): normalised character shingles, MinHash signatures, LSH banding.
//
// Written here rather than taken from npm: the `minhash` package multiplies 32-bit numbers past double precision
// (its permutations lose bits), re-hashes each shingle once per permutation and has no types; bloom-filters' MinHash
// hashes numbers, has no LSH index and brings lodash, seedrandom and an older reflect-metadata along. What is needed
// is ~80 lines: one 32-bit hash per shingle, 48 cheap re-mixes of it, bands matched by sorting (no string keys, so
// millions of texts fit in memory), every candidate pair checked by its exact Jaccard similarity.

/** Lower case, NFKC (full-width letters and digits become ASCII), no whitespace, punctuation, symbols or emoji. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{C}\s]+/gu, '');
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Character shingles of a normalised text: pairs where Chinese (or Japanese, Korean) characters dominate, since one
 * such character carries about a word; triples otherwise. A text shorter than one shingle is its own shingle.
 */
export function shingles(normalised: string): Set<string> {
  const chars = [...normalised];
  const cjk = chars.filter((c) => CJK.test(c)).length;
  const k = cjk * 2 >= chars.length ? 2 : 3;
  const out = new Set<string>();
  if (chars.length <= k) {
    if (chars.length > 0) out.add(normalised);
    return out;
  }
  for (let i = 0; i + k <= chars.length; i++) out.add(chars.slice(i, i + k).join(''));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** FNV-1a over UTF-16 code units: one 32-bit hash per shingle. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** murmur3's finaliser: a fresh, well-mixed 32-bit permutation of h for every seed. */
function mix32(h: number, seed: number): number {
  h = (h ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const HASHES = 48;
const ROWS_PER_BAND = 4;
const BANDS = HASHES / ROWS_PER_BAND;
const SEEDS = Array.from({ length: HASHES }, (_, i) => mix32(i + 1, 0x9e3779b9));

/** MinHash signature of a shingle set (48 minima). */
export function minhash(set: Set<string>): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const s of set) {
    const h = hash32(s);
    for (let i = 0; i < HASHES; i++) {
      const v = mix32(h, SEEDS[i]);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

/** Steps of a loop between two pauses: each step is microseconds, an await is about as much. */
const PACE = 256;

/** How many of a bucket's leading (most used) texts each text is compared with. */
const BUCKET_LEADERS = 8;

/**
 * Groups of near-identical texts, each around one centre: the most used text not yet in a group becomes a centre and
 * takes every text not yet grouped whose shingle sets have a Jaccard similarity of at least `minSimilarity` with its
 * own. Every member is near-identical to its centre, so no chain of small edits can join unrelated texts (composed
 * reviews that differ word by word would otherwise become one group of thousands). Candidates come from LSH with 12
 * bands of 4 rows (a pair at similarity 0.6 shares a band with probability 0.8, at 0.7 with 0.96); within a band's
 * bucket each text is checked against the bucket's most used texts. `weights` (default: how many of `texts` are
 * the same after normalising) orders the centres: pass the reviews behind each text. Returns a group number per text,
 * -1 for a text like no other; identical normalised texts are one group without any hashing.
 */
export async function nearDuplicateGroups(
  texts: string[],
  minSimilarity: number,
  weights?: ArrayLike<number>,
  pause: () => Promise<void> = async () => undefined,
): Promise<Int32Array> {
  // Tens of thousands of texts take seconds: `pause` (a database checkpoint) is awaited every PACE steps of each loop.
  const group = new Int32Array(texts.length).fill(-1);
  const byNormal = new Map<string, number[]>();
  for (let i = 0; i < texts.length; i++) {
    if (i % PACE === 0) await pause();
    const n = normaliseText(texts[i]);
    if (n.length === 0) continue;
    (byNormal.get(n) ?? byNormal.set(n, []).get(n)!).push(i);
  }
  const weightOf = (members: number[]) => (weights ? members.reduce((s, i) => s + weights[i], 0) : members.length);
  // Distinct normalised texts, most used first (ties by text, so the result does not depend on input order).
  const distinct = [...byNormal.entries()]
    .map(([n, members]) => ({ n, members, weight: weightOf(members) }))
    .sort((a, b) => b.weight - a.weight || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0));
  const sets: Set<string>[] = [];
  for (let d = 0; d < distinct.length; d++) {
    if (d % PACE === 0) await pause();
    sets.push(shingles(distinct[d].n));
  }
  const neighbours: number[][] = distinct.map(() => []);
  if (distinct.length > 1) {
    const sigs: Uint32Array[] = [];
    for (let d = 0; d < sets.length; d++) {
      if (d % PACE === 0) await pause();
      sigs.push(minhash(sets[d]));
    }
    const idBits = Math.max(1, Math.ceil(Math.log2(distinct.length)));
    const hashBits = Math.min(32, 53 - idBits);
    const idMask = 2 ** idBits;
    const keys = new Float64Array(distinct.length);
    for (let b = 0; b < BANDS; b++) {
      await pause();
      for (let d = 0; d < distinct.length; d++) {
        let h = 0x811c9dc5;
        for (let r = 0; r < ROWS_PER_BAND; r++) h = Math.imul(h ^ sigs[d][b * ROWS_PER_BAND + r], 0x01000193);
        keys[d] = ((h >>> 0) >>> (32 - hashBits)) * idMask + d;
      }
      // Sorted by bucket, and within a bucket by rank: a bucket's first texts are its most used.
      keys.sort();
      for (let lo = 0, step = 1; lo < keys.length; step++) {
        if (step % PACE === 0) await pause();
        const bucket = Math.floor(keys[lo] / idMask);
        let hi = lo + 1;
        while (hi < keys.length && Math.floor(keys[hi] / idMask) === bucket) hi++;
        for (let k = lo + 1; k < hi; k++) {
          const d = keys[k] % idMask;
          for (let l = lo; l < Math.min(k, lo + BUCKET_LEADERS); l++) {
            const leader = keys[l] % idMask;
            if (jaccard(sets[d], sets[leader]) >= minSimilarity) neighbours[leader].push(d);
          }
        }
        lo = hi;
      }
    }
  }
  // Centres in rank order; each takes its ungrouped near-identical texts (all ranked after it).
  const groupOfDistinct = new Int32Array(distinct.length).fill(-1);
  let next = 0;
  for (let c = 0; c < distinct.length; c++) {
    if ((c + 1) % PACE === 0) await pause();
    if (groupOfDistinct[c] >= 0) continue;
    const taken = neighbours[c].filter((d) => groupOfDistinct[d] < 0);
    if (taken.length === 0 && distinct[c].members.length < 2) continue;
    groupOfDistinct[c] = next;
    for (const d of taken) groupOfDistinct[d] = next;
    next++;
  }
  distinct.forEach((d, i) => {
    if (groupOfDistinct[i] >= 0) for (const t of d.members) group[t] = groupOfDistinct[i];
  });
  return group;
}
