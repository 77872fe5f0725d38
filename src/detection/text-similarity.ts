// Near-identical texts (Chinese and English alike): normalised character shingles, MinHash signatures, LSH banding.
//
// Written here rather than taken from npm: the `minhash` package multiplies 32-bit numbers past double precision
// (its permutations lose bits), re-hashes each shingle once per permutation and has no types; bloom-filters' MinHash
// hashes numbers, has no LSH index and brings lodash, seedrandom and an older reflect-metadata along. What is needed
// is ~80 lines: one 32-bit hash per shingle, 48 cheap re-mixes of it, bands matched by sorting (no string keys, so
// millions of texts fit in memory), every candidate pair checked by its exact Jaccard similarity.
import { componentsOf } from './support';

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

/**
 * Groups of near-identical texts: texts whose shingle sets have a Jaccard similarity of at least `minSimilarity`
 * are linked (LSH with 12 bands of 4 rows finds a pair at similarity 0.6 with probability 0.8, at 0.7 with 0.96),
 * and the groups are the connected components of the links. Returns a group number per text, -1 for a text like
 * no other; identical normalised texts are one group without any hashing.
 */
export function nearDuplicateGroups(texts: string[], minSimilarity: number): Int32Array {
  const group = new Int32Array(texts.length).fill(-1);
  const byNormal = new Map<string, number[]>();
  texts.forEach((t, i) => {
    const n = normaliseText(t);
    if (n.length === 0) return;
    (byNormal.get(n) ?? byNormal.set(n, []).get(n)!).push(i);
  });
  const distinct = [...byNormal.keys()];
  const sets = distinct.map(shingles);
  const sigs = sets.map(minhash);
  const edges: [string, string][] = [];
  if (distinct.length > 1) {
    const idBits = Math.max(1, Math.ceil(Math.log2(distinct.length)));
    const hashBits = Math.min(32, 53 - idBits);
    const keys = new Float64Array(distinct.length);
    for (let b = 0; b < BANDS; b++) {
      for (let d = 0; d < distinct.length; d++) {
        let h = 0x811c9dc5;
        for (let r = 0; r < ROWS_PER_BAND; r++) h = Math.imul(h ^ sigs[d][b * ROWS_PER_BAND + r], 0x01000193);
        keys[d] = ((h >>> 0) >>> (32 - hashBits)) * 2 ** idBits + d;
      }
      keys.sort();
      const idMask = 2 ** idBits;
      for (let lo = 0; lo < keys.length;) {
        const bucket = Math.floor(keys[lo] / idMask);
        let hi = lo + 1;
        while (hi < keys.length && Math.floor(keys[hi] / idMask) === bucket) hi++;
        // A bucket links each text to its first member and to its predecessor when they are similar enough.
        for (let k = lo + 1; k < hi; k++) {
          const d = keys[k] % idMask;
          for (const other of k - 1 > lo ? [keys[lo] % idMask, keys[k - 1] % idMask] : [keys[lo] % idMask])
            if (jaccard(sets[d], sets[other]) >= minSimilarity) edges.push([`${d}`, `${other}`]);
        }
        lo = hi;
      }
    }
  }
  const components = componentsOf(edges);
  const groupOfDistinct = new Int32Array(distinct.length).fill(-1);
  components.forEach((c, g) => c.forEach((d) => (groupOfDistinct[Number(d)] = g)));
  let next = components.length;
  distinct.forEach((n, d) => {
    const members = byNormal.get(n)!;
    if (groupOfDistinct[d] < 0 && members.length > 1) groupOfDistinct[d] = next++;
    if (groupOfDistinct[d] >= 0) for (const i of members) group[i] = groupOfDistinct[d];
  });
  return group;
}
