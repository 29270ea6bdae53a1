// The folded words a compiled watchlist can use, each with a small integer id, in a hash table
// keyed on char codes. The tokenizer looks every word up straight from its folding buffer, so a
// word that no alias, context or exclusion contains never becomes a string and is never hashed
// again by a Map; at 10,000 entries building those strings and probing a Map of strings cost more
// than the rest of matching (../shared/notes/matching-performance.md).

import type { FuzzyIndex } from './fuzzy-index.ts';

/**
 * The lookup table of the words of one script (Latin and others, Arabic, Cyrillic: by first
 * letter, as the tokenizer tells them apart). A text word is looked up in its own script's table
 * only, and an article is mostly in one script, so the tables an article reads are about a third
 * of the vocabulary: what stays in the CPU cache when the watchlist holds every name in three scripts.
 */
export interface VocabularyTable {
  /**
   * One bit per hash value (a Bloom filter with one hash, 16+ bits per word): small enough to stay
   * in the CPU cache, it turns away most absent words before the larger table is touched.
   */
  filter: Int32Array;
  /**
   * The same filter holding only the words that can begin a phrase: after a text word with no
   * form in the vocabulary no phrase can continue, so only these are worth a probe there.
   */
  starterFilter: Int32Array;
  /** Right shift that turns a mixed hash into a bit number of `filter`. */
  filterShift: number;
  /**
   * Open addressing with linear probing, one Int32 per slot: the word's id + 1 in the low `idBits`
   * bits (0 = empty) under the high bits of its hash, so that a probe rarely reads the letters of
   * a word that is not the one looked up, and the table is half the size of (hash, id) pairs.
   */
  slots: Int32Array;
  mask: number;
}

export interface WordVocabulary {
  /** By script code (LATIN_OR_OTHER 0, ARABIC 1, CYRILLIC 2 of fold-table.ts). */
  tables: VocabularyTable[];
  idBits: number;
  /** The words' char codes, one after another; word `id` is chars[starts[id] .. starts[id + 1]). */
  chars: Uint16Array;
  starts: Int32Array;
  size: number;
  /** 1 for the ids of words that can begin a phrase. */
  starter: Uint8Array;
  /** Near spellings of the words allowed to match fuzzily (set by the watchlist compiler), or null. */
  fuzzy: FuzzyIndex | null;
}

/** The script code of a word by its first (folded) code unit, as the tokenizer decides it. */
export function scriptOfCode(unit: number): number {
  if (unit >= 0x0600 && unit <= 0x06ff) return 1;
  if (unit >= 0x0400 && unit <= 0x04ff) return 2;
  return 0;
}

/** FNV-1a over UTF-16 units: cheap, and good enough with the full-word check on every hit. */
export const HASH_START = 0x811c9dc5 | 0;
export function hashStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}
export function hashCodes(codes: ArrayLike<number>, from: number, to: number): number {
  let h = HASH_START;
  for (let i = from; i < to; i++) h = hashStep(h, codes[i]!);
  return h;
}

/** A second, independent-looking hash for the filter, from the high bits of a multiplication. */
function filterBit(h: number, shift: number): number {
  return Math.imul(h, 0x9e3779b1) >>> shift;
}

/**
 * Builds the table for `words` (distinct strings); a word's id is its index in the list.
 * `starters[id]` says whether word `id` can begin a phrase (all can when it is left out).
 */
export function buildVocabulary(words: readonly string[], starters?: ArrayLike<boolean>): WordVocabulary {
  const starts = new Int32Array(words.length + 1);
  let total = 0;
  words.forEach((w, id) => {
    starts[id] = total;
    total += w.length;
  });
  starts[words.length] = total;
  const chars = new Uint16Array(total);
  words.forEach((w, id) => {
    for (let j = 0; j < w.length; j++) chars[starts[id]! + j] = w.charCodeAt(j);
  });
  let idBits = 1;
  while (1 << idBits <= words.length) idBits++;
  const idMask = idBits >= 32 ? -1 : (1 << idBits) - 1;
  const byScript: number[][] = [[], [], []];
  words.forEach((w, id) => byScript[w.length === 0 ? 0 : scriptOfCode(w.charCodeAt(0))]!.push(id));
  const tables = byScript.map((ids): VocabularyTable => {
    // Two thirds full at most: the filter already turns away most absent words (only its false
    // positives pay for a long unsuccessful probe), and a smaller table misses the cache less
    // often for the words that are present.
    let capacity = 64;
    while (capacity < ids.length * 1.5) capacity *= 2;
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    let filterBits = 1 << 10;
    while (filterBits < ids.length * 16) filterBits *= 2;
    const filter = new Int32Array(filterBits / 32);
    const starterFilter = starters === undefined ? filter : new Int32Array(filterBits / 32);
    const filterShift = 32 - Math.log2(filterBits);
    for (const id of ids) {
      const h = hashCodes(chars, starts[id]!, starts[id + 1]!);
      const bit = filterBit(h, filterShift);
      filter[bit >>> 5]! |= 1 << (bit & 31);
      if (starters !== undefined && starters[id]) starterFilter[bit >>> 5]! |= 1 << (bit & 31);
      let s = h & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = (h & ~idMask) | (id + 1);
    }
    return { filter, starterFilter, filterShift, slots, mask };
  });
  const starter = new Uint8Array(words.length);
  for (let id = 0; id < words.length; id++) starter[id] = starters === undefined || starters[id] ? 1 : 0;
  return { tables, idBits, chars, starts, size: words.length, starter, fuzzy: null };
}

/** The id of the word codes[from..to), or -1 when the vocabulary does not hold it. */
export function lookupCodes(v: WordVocabulary, codes: ArrayLike<number>, from: number, to: number): number {
  if (to <= from) return -1;
  const t = v.tables[scriptOfCode(codes[from]!)]!;
  return lookupFiltered(v, t, t.filter, hashCodes(codes, from, to), codes, from, to);
}

/**
 * lookupCodes for a caller that already has the hash `h` of codes[from..to) (the tokenizer builds it
 * letter by letter) and its script's table `t`, behind `filter` (t.filter or t.starterFilter): a
 * word the filter turns away is -1.
 */
export function lookupFiltered(v: WordVocabulary, t: VocabularyTable, filter: Int32Array, h: number, codes: ArrayLike<number>, from: number, to: number): number {
  const bit = filterBit(h, t.filterShift);
  if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1;
  const { slots, mask } = t;
  const { chars, starts } = v;
  const idMask = v.idBits >= 32 ? -1 : (1 << v.idBits) - 1;
  const len = to - from;
  for (let s = h & mask; ; s = (s + 1) & mask) {
    const slot = slots[s]!;
    if (slot === 0) return -1;
    if (((slot ^ h) & ~idMask) !== 0) continue;
    const id = (slot & idMask) - 1;
    const at = starts[id]!;
    if (starts[id + 1]! - at !== len) continue;
    let j = 0;
    while (j < len && chars[at + j] === codes[from + j]) j++;
    if (j === len) return id;
  }
}
