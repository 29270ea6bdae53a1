// Near spellings of watchlist words, found without comparing a text word with every alias: each
// alias word of five letters or more is stored under itself and each of its one-letter deletions
// (a SymSpell-style index), and a text word the exact lookup missed is probed with itself and its
// own one-letter deletions. Two words meet when one deletion on each side makes them equal, which
// covers a substitution, a swap, an inserted or dropped letter, and one of each (Yevkurov/Evkourov).
// Candidates are then confirmed by the weighted distance of fuzzy-cost.ts. The cost per text word
// depends on its length, not on the number of entries; a cache of words known to have no near
// alias makes a repeated word cost one array read.
import { FUZZY_MIN_LENGTH, fuzzyCost, maxCostFor } from './fuzzy-cost.ts';
import { HASH_START, hashStep, type WordVocabulary } from './word-vocabulary.ts';

export interface FuzzyIndex {
  /** Bloom-style filter over the deletion keys (one bit per key hash). */
  filter: Int32Array;
  filterShift: number;
  /**
   * Deletion-key hash → vocabulary ids of the alias words that have it, as flat typed arrays (a
   * Map of small arrays is work for every garbage collection): open addressing over `keyHash`,
   * ids at keyIds[keyStart[s] .. keyStart[s] + keyCount[s]).
   */
  keyHash: Int32Array;
  keyStart: Int32Array;
  keyCount: Int32Array;
  keyMask: number;
  keyIds: Int32Array;
  /** Text words shorter than this are never probed (an alias word of 5 letters minus one). */
  minText: number;
  /** 1 for the vocabulary ids in the index: a text word that is one of them is a name as written. */
  indexed: Uint8Array;
  /**
   * Direct-mapped cache of what probing a text word found, by its hash and length (0 in
   * `cacheLength`: empty): words repeat, so most probes are one array read. A result is
   * cacheCount (id, cost) pairs at pool[cacheStart ..]; 0 pairs: no near alias.
   */
  cacheHash: Int32Array;
  cacheLength: Uint8Array;
  cacheStart: Int32Array;
  cacheCount: Uint8Array;
  pool: Int32Array;
  poolUsed: number;
  /** Scratch: prefix hashes of the word being probed, the candidates seen for it, what was confirmed. */
  prefix: Int32Array;
  seen: number[];
  confirmed: number[];
}

const CACHE_BITS = 18;
const POOL_SIZE = 1 << 18;

function filterBit(h: number, shift: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
}

/** The index over the vocabulary words `eligible` allows (by id); words under five letters are left out. */
export function buildFuzzyIndex(v: WordVocabulary, eligible: (id: number) => boolean): FuzzyIndex | null {
  const keys = new Map<number, number[]>();
  const indexed = new Uint8Array(v.size);
  const add = (h: number, id: number) => {
    const list = keys.get(h);
    if (list === undefined) keys.set(h, [id]);
    else if (list[list.length - 1] !== id) list.push(id);
  };
  for (let id = 0; id < v.size; id++) {
    const from = v.starts[id]!;
    const n = v.starts[id + 1]! - from;
    if (n < FUZZY_MIN_LENGTH || !eligible(id)) continue;
    indexed[id] = 1;
    let whole = HASH_START;
    for (let j = 0; j < n; j++) whole = hashStep(whole, v.chars[from + j]!);
    add(whole, id);
    for (let skip = 0; skip < n; skip++) {
      let h = HASH_START;
      for (let j = 0; j < n; j++) if (j !== skip) h = hashStep(h, v.chars[from + j]!);
      add(h, id);
    }
  }
  if (keys.size === 0) return null;
  let bits = 1 << 10;
  while (bits < keys.size * 16) bits *= 2;
  const filter = new Int32Array(bits / 32);
  const filterShift = 32 - Math.log2(bits);
  let capacity = 64;
  while (capacity < keys.size * 1.5) capacity *= 2;
  const keyHash = new Int32Array(capacity);
  const keyStart = new Int32Array(capacity);
  const keyCount = new Int32Array(capacity);
  const ids: number[] = [];
  for (const [h, list] of keys) {
    const bit = filterBit(h, filterShift);
    filter[bit >>> 5]! |= 1 << (bit & 31);
    let slot = h & (capacity - 1);
    while (keyCount[slot] !== 0) slot = (slot + 1) & (capacity - 1);
    keyHash[slot] = h;
    keyStart[slot] = ids.length;
    keyCount[slot] = list.length;
    ids.push(...list);
  }
  return {
    filter,
    filterShift,
    keyHash,
    keyStart,
    keyCount,
    keyMask: capacity - 1,
    keyIds: Int32Array.from(ids),
    minText: FUZZY_MIN_LENGTH - 1,
    indexed,
    cacheHash: new Int32Array(1 << CACHE_BITS),
    cacheLength: new Uint8Array(1 << CACHE_BITS),
    cacheStart: new Int32Array(1 << CACHE_BITS),
    cacheCount: new Uint8Array(1 << CACHE_BITS),
    pool: new Int32Array(POOL_SIZE),
    poolUsed: 0,
    prefix: new Int32Array(130),
    seen: [],
    confirmed: [],
  };
}

/** Whether `h` is the hash of a key of the index (e.g. of an alias word itself). */
export function hasKey(x: FuzzyIndex, h: number): boolean {
  for (let slot = h & x.keyMask; x.keyCount[slot] !== 0; slot = (slot + 1) & x.keyMask) if (x.keyHash[slot] === h) return true;
  return false;
}

function cacheSlot(h: number, n: number): number {
  return Math.imul(h + n, 0x9e3779b1) >>> (32 - CACHE_BITS);
}

/** True when the word of `n` letters with hash `h` was probed before and has no near alias: the common case, one array read. */
export function knownFar(x: FuzzyIndex, h: number, n: number): boolean {
  const slot = cacheSlot(h, n);
  return x.cacheCount[slot] === 0 && x.cacheLength[slot] === n && x.cacheHash[slot] === h;
}

function collect(x: FuzzyIndex, h: number): void {
  const bit = filterBit(h, x.filterShift);
  if ((x.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return;
  for (let slot = h & x.keyMask; x.keyCount[slot] !== 0; slot = (slot + 1) & x.keyMask) {
    if (x.keyHash[slot] !== h) continue;
    for (let k = x.keyStart[slot]!, end = k + x.keyCount[slot]!; k < end; k++) {
      const id = x.keyIds[k]!;
      if (!x.seen.includes(id)) x.seen.push(id);
    }
  }
}

/**
 * The alias words near the text word codes[from..to) (whose hash is `hash`), pushed to `out` as
 * (vocabulary id, cost) pairs; `accept` filters candidates (e.g. only words that begin a phrase).
 */
export function probeFuzzy(
  x: FuzzyIndex,
  v: WordVocabulary,
  codes: ArrayLike<number>,
  from: number,
  to: number,
  hash: number,
  out: number[],
  accept: ((id: number) => boolean) | null,
): void {
  const n = to - from;
  if (n < x.minText || n > 120) return;
  const slot = cacheSlot(hash, n);
  if (x.cacheLength[slot] !== n || x.cacheHash[slot] !== hash) {
    const found = nearWords(x, v, codes, from, to, hash);
    if (x.poolUsed + found.length > POOL_SIZE) {
      // The pool is full: start over, forgetting every cached result.
      x.cacheLength.fill(0);
      x.poolUsed = 0;
    }
    x.cacheHash[slot] = hash;
    x.cacheLength[slot] = n;
    x.cacheStart[slot] = x.poolUsed;
    x.cacheCount[slot] = Math.min(found.length / 2, 255);
    for (let k = 0; k < found.length && k < 510; k++) x.pool[x.poolUsed++] = found[k]!;
  }
  const count = x.cacheCount[slot]!;
  if (count === 0) return;
  const pool = x.pool;
  for (let k = x.cacheStart[slot]!, end = k + 2 * count; k < end; k += 2) if (accept === null || accept(pool[k]!)) out.push(pool[k]!, pool[k + 1]!);
}

/** Every alias word near codes[from..to) with its cost, as (id, cost) pairs in x.confirmed. */
function nearWords(x: FuzzyIndex, v: WordVocabulary, codes: ArrayLike<number>, from: number, to: number, hash: number): number[] {
  const n = to - from;
  const seen = x.seen;
  const found = x.confirmed;
  seen.length = 0;
  found.length = 0;
  collect(x, hash);
  const prefix = x.prefix;
  let h = HASH_START;
  for (let j = 0; j < n; j++) {
    prefix[j] = h;
    h = hashStep(h, codes[from + j]!);
  }
  for (let skip = 0; skip < n; skip++) {
    let k = prefix[skip]!;
    for (let j = skip + 1; j < n; j++) k = hashStep(k, codes[from + j]!);
    collect(x, k);
  }
  if (seen.length === 0) return found;
  const word = Array.prototype.slice.call(codes, from, to) as number[];
  for (const id of seen) {
    const at = v.starts[id]!;
    const m = v.starts[id + 1]! - at;
    const max = maxCostFor(m, v.chars[at]! >= 0x0600 && v.chars[at]! <= 0x06ff);
    if (max < 0) continue;
    const cost = fuzzyCost(v.chars.subarray(at, at + m), m, word, n, max);
    if (cost > 0 && cost <= max) found.push(id, cost);
  }
  return found;
}
