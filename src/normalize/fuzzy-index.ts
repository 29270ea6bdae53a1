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
  /** Deletion-key hash → vocabulary ids of the alias words that have it. */
  keys: Map<number, number[]>;
  /** Text words shorter than this are never probed (an alias word of 5 letters minus one). */
  minText: number;
  /** Direct-mapped cache of text word hashes known to have no near alias (0 in `cachedLength`: empty). */
  missHash: Int32Array;
  missLength: Uint8Array;
  /** Scratch: prefix hashes of the word being probed, and the candidates seen for it. */
  prefix: Int32Array;
  seen: number[];
}

const CACHE_BITS = 16;

function filterBit(h: number, shift: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
}

/** The index over the vocabulary words `eligible` allows (by id); words under five letters are left out. */
export function buildFuzzyIndex(v: WordVocabulary, eligible: (id: number) => boolean): FuzzyIndex | null {
  const keys = new Map<number, number[]>();
  const add = (h: number, id: number) => {
    const list = keys.get(h);
    if (list === undefined) keys.set(h, [id]);
    else if (list[list.length - 1] !== id) list.push(id);
  };
  for (let id = 0; id < v.size; id++) {
    const from = v.starts[id]!;
    const n = v.starts[id + 1]! - from;
    if (n < FUZZY_MIN_LENGTH || !eligible(id)) continue;
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
  for (const h of keys.keys()) {
    const bit = filterBit(h, filterShift);
    filter[bit >>> 5]! |= 1 << (bit & 31);
  }
  return {
    filter,
    filterShift,
    keys,
    minText: FUZZY_MIN_LENGTH - 1,
    missHash: new Int32Array(1 << CACHE_BITS),
    missLength: new Uint8Array(1 << CACHE_BITS),
    prefix: new Int32Array(130),
    seen: [],
  };
}

function cacheSlot(h: number, n: number): number {
  return Math.imul(h + n, 0x9e3779b1) >>> (32 - CACHE_BITS);
}

function collect(x: FuzzyIndex, h: number): void {
  const bit = filterBit(h, x.filterShift);
  if ((x.filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return;
  const list = x.keys.get(h);
  if (list === undefined) return;
  for (const id of list) if (!x.seen.includes(id)) x.seen.push(id);
}

/**
 * The alias words near the text word codes[from..to) (whose hash is `hash`), pushed to `out` as
 * (vocabulary id, cost) pairs; `accept` filters candidates (e.g. only words that begin a phrase).
 * Returns whether any was found.
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
): boolean {
  const n = to - from;
  if (n < x.minText || n > 120) return false;
  const slot = cacheSlot(hash, n);
  if (x.missLength[slot] === n && x.missHash[slot] === hash) return false;
  const seen = x.seen;
  seen.length = 0;
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
  let found = false;
  for (const id of seen) {
    if (accept !== null && !accept(id)) continue;
    const at = v.starts[id]!;
    const m = v.starts[id + 1]! - at;
    const max = maxCostFor(m);
    if (max < 0) continue;
    const cost = fuzzyCost(v.chars.subarray(at, at + m), m, codes instanceof Uint16Array ? codes.subarray(from, to) : Array.prototype.slice.call(codes, from, to), n, max);
    if (cost > 0 && cost <= max) {
      out.push(id, cost);
      found = true;
    }
  }
  if (!found && accept === null) {
    x.missHash[slot] = hash;
    x.missLength[slot] = n;
  }
  return found;
}
