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
  /** The scripts the indexed words are in: 1 Latin and others, 2 Arabic, 4 Cyrillic. */
  scripts: number;
  /**
   * Two-way set of the text words probed before and found to have no near alias: one Int32 per
   * slot, the word's key (its hash mixed with its length; 0: empty), two slots per key. Nearly every probed word
   * is one of these, and words repeat, so most probes read one Int32 of a table a quarter the size
   * of (key, result) pairs. A word's stems found to have none either are recorded under a second key.
   */
  far: Int32Array;
  /**
   * Direct-mapped cache of the words that do have near aliases (rare): two Int32 per slot, the
   * word's key and (start << 8 | count), count (id, cost) pairs at pool[start ..].
   */
  cache: Int32Array;
  pool: Int32Array;
  poolUsed: number;
  /** Scratch: prefix hashes of the word being probed, the candidates seen for it, what was confirmed. */
  prefix: Int32Array;
  seen: number[];
  confirmed: number[];
}

const FAR_BITS = 18;
const CACHE_BITS = 14;
const POOL_SIZE = 1 << 16;

function filterBit(h: number, shift: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
}

/** The index over the vocabulary words `eligible` allows (by id); words under five letters are left out. */
export function buildFuzzyIndex(v: WordVocabulary, eligible: (id: number) => boolean): FuzzyIndex | null {
  const keys = new Map<number, number[]>();
  const indexed = new Uint8Array(v.size);
  let scripts = 0;
  const add = (h: number, id: number) => {
    const list = keys.get(h);
    if (list === undefined) keys.set(h, [id]);
    else if (list[list.length - 1] !== id) list.push(id);
  };
  for (let id = 0; id < v.size; id++) {
    const from = v.starts[id]!;
    const n = v.starts[id + 1]! - from;
    if (maxCostFor(n, v.chars[from]! >= 0x0600 && v.chars[from]! <= 0x06ff) < 0 || !eligible(id)) continue;
    indexed[id] = 1;
    const c = v.chars[from]!;
    scripts |= c >= 0x0600 && c <= 0x06ff ? 2 : c >= 0x0400 && c <= 0x04ff ? 4 : 1;
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
    scripts,
    far: new Int32Array(1 << FAR_BITS),
    cache: new Int32Array(2 << CACHE_BITS),
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

function cacheKey(h: number, n: number): number {
  return Math.imul(h ^ (n << 24), 0x2c1b3c6d) | 1;
}

/** The key under which a word whose stems have no near alias either is recorded in `far`. */
function stemsKey(key: number): number {
  return Math.imul(key ^ 0x5bd1e995, 0x9e3779b1) | 1;
}

/** The first of the two slots (one cache line) where `key` may be in `far`. */
function farSlot(key: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> (32 - FAR_BITS)) & ~1;
}

function isFar(far: Int32Array, slot: number, key: number): boolean {
  return far[slot] === key || far[slot + 1] === key;
}

/**
 * Two-way: a key goes to the first slot and the one there moves to the second, so two words
 * that map to the same pair are both remembered (direct-mapped, about one probed word in eight
 * pushed out another and was probed again on every article).
 */
function setFar(far: Int32Array, slot: number, key: number): void {
  if (far[slot] === key || far[slot + 1] === key) return;
  far[slot + 1] = far[slot]!;
  far[slot] = key;
}

function cacheSlot(key: number): number {
  return (Math.imul(key, 0x85ebca6b) >>> (32 - CACHE_BITS)) << 1;
}

/**
 * True when the word of `n` letters with hash `h` was probed before and has no near alias (with
 * `stems`: nor have its other forms): the common case, one Int32 read.
 */
export function knownFar(x: FuzzyIndex, h: number, n: number, stems: boolean): boolean {
  let key = cacheKey(h, n);
  if (stems) key = stemsKey(key);
  return isFar(x.far, farSlot(key), key);
}

/** Records that the word's other forms have no near alias either (see knownFar). */
export function markStemsFar(x: FuzzyIndex, h: number, n: number): void {
  const key = stemsKey(cacheKey(h, n));
  setFar(x.far, farSlot(key), key);
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
 * Returns how many there are before `accept`.
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
): number {
  const n = to - from;
  if (n < x.minText || n > 120) return 0;
  const key = cacheKey(hash, n);
  const far = farSlot(key);
  if (isFar(x.far, far, key)) return 0;
  const slot = cacheSlot(key);
  const cache = x.cache;
  if (cache[slot] !== key) {
    const found = nearWords(x, v, codes, from, to, hash);
    if (found.length === 0) {
      setFar(x.far, far, key);
      return 0;
    }
    if (x.poolUsed + found.length > POOL_SIZE) {
      // The pool is full: start over, forgetting every cached near result (not the far words).
      cache.fill(0);
      x.poolUsed = 0;
    }
    const count = Math.min(found.length / 2, 255);
    cache[slot] = key;
    cache[slot + 1] = (x.poolUsed << 8) | count;
    for (let k = 0; k < 2 * count; k++) x.pool[x.poolUsed++] = found[k]!;
  }
  const info = cache[slot + 1]!;
  const count = info & 0xff;
  const pool = x.pool;
  for (let k = info >>> 8, end = k + 2 * count; k < end; k += 2) if (accept === null || accept(pool[k]!)) out.push(pool[k]!, pool[k + 1]!);
  return count;
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
