// Text → folded words with their offsets in the original text, in one pass over the characters.
// Spelling stops mattering here: case, Latin diacritics, tashkeel, tatweel, alef/hamza forms,
// ى/ي, ة/ه, Arabic-Indic digits, ligatures (NFKC), soft hyphens and zero-width characters inside
// words; every dash, quote, NBSP and punctuation mark separates words. French elisions (l', d',
// qu'…) and English possessives ('s) are cut off the word they stick to.
import { APOSTROPHE, IGNORABLE, LETTER, MULTI, SEPARATOR, SURROGATE, UNKNOWN, classify, foldChar, foldTable } from './fold-table.ts';

/** Script of a word, for the morphology that applies to it. */
export const LATIN_OR_OTHER = 0;
export const ARABIC = 1;
export const CYRILLIC = 2;

export interface Tokens {
  /** Folded words. */
  words: string[];
  /** Offset of each word's first character in the original text (UTF-16 units). */
  starts: number[];
  /** Offset just after each word's last character in the original text. */
  ends: number[];
  /** LATIN_OR_OTHER, ARABIC or CYRILLIC per word. */
  scripts: number[];
}

const ELISIONS = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);
/** Longer runs are cut (the scratch buffer holds 256): no alias is that long, and fromCharCode stays cheap. */
const MAX_WORD = 128;

function scriptOf(unit: number): number {
  if (unit >= 0x0600 && unit <= 0x06ff) return ARABIC;
  if (unit >= 0x0400 && unit <= 0x04ff) return CYRILLIC;
  return LATIN_OR_OTHER;
}

/**
 * Splits and folds `text`. With `charOffsets`, also returns for every folded character of every
 * word the offset of the original character it came from (used by normalizeText).
 */
export function tokenize(text: string, charOffsets?: number[][]): Tokens {
  const table = foldTable();
  const { kind, fold, multi, lowerOnly } = table;
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const scripts: number[] = [];
  const buf = table.scratch;
  const src: number[] = [];
  let len = 0;
  let start = 0;
  let end = 0;
  // A word whose folded form equals its original slice is taken with slice(), the cheap path;
  // one that only needs lower-casing with slice().toLowerCase(), the next cheapest.
  let clean = true;
  let lower = true;
  const n = text.length;

  const flush = () => {
    if (len === 0) return;
    const size = Math.min(len, MAX_WORD);
    const exact = len === end - start;
    const word =
      clean && exact
        ? text.slice(start, end)
        : lower && exact
          ? text.slice(start, end).toLowerCase()
          : String.fromCharCode.apply(null, buf.subarray(0, size) as unknown as number[]);
    words.push(word);
    starts.push(start);
    ends.push(end);
    scripts.push(scriptOf(buf[0]!));
    if (charOffsets) charOffsets.push(src.slice(0, size));
    len = 0;
  };
  const append = (unit: number, at: number) => {
    if (len < MAX_WORD) {
      buf[len] = unit;
      if (charOffsets) src[len] = at;
    } else clean = lower = false;
    len++;
  };

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let k = kind[c]!;
    if (k === UNKNOWN) k = classify(table, c);
    if (k === LETTER) {
      if (len === 0) {
        start = i;
        clean = lower = true;
      }
      const f = fold[c]!;
      if (f !== c) {
        clean = false;
        if (lowerOnly[c] === 0) lower = false;
      }
      append(f, i);
      end = i + 1;
    } else if (k === SEPARATOR) {
      flush();
    } else if (k === IGNORABLE) {
      if (len === 0) continue;
      clean = lower = false;
      // A decomposed й (и + combining breve) stays й; other marks fold away.
      if (c === 0x306 && len <= MAX_WORD && buf[len - 1] === 0x438) buf[len - 1] = 0x439;
    } else if (k === MULTI) {
      if (len === 0) start = i;
      clean = lower = false;
      for (const ch of multi.get(c)!) append(ch.charCodeAt(0), i);
      end = i + 1;
    } else if (k === APOSTROPHE) {
      if (len === 0) continue;
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0x20;
      const nextKind = kind[next] === UNKNOWN ? classify(table, next) : kind[next]!;
      if (nextKind === LETTER || nextKind === MULTI) {
        const afterUnit = i + 2 < n ? text.charCodeAt(i + 2) : 0x20;
        const after = kind[afterUnit] === UNKNOWN ? classify(table, afterUnit) : kind[afterUnit]!;
        if (fold[next] === 0x73 && after !== LETTER && after !== MULTI && after !== IGNORABLE) {
          // English possessive: "Haftar's" is the word "haftar".
          flush();
          i++;
          continue;
        }
        if (len <= 6 && ELISIONS.has(String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[]))) {
          // French elision: "d'Agadem" is the word "agadem"; the next letter starts it.
          len = 0;
          continue;
        }
      }
      flush();
    } else if (k === SURROGATE) {
      const cp = text.codePointAt(i)!;
      const folded = foldChar(String.fromCodePoint(cp));
      if (folded !== '' && /^[\p{L}\p{N}]+$/u.test(folded)) {
        if (len === 0) start = i;
        clean = lower = false;
        for (const ch of folded) append(ch.charCodeAt(0), i);
        end = i + 2;
      } else flush();
      i++;
    }
  }
  flush();
  return { words, starts, ends, scripts };
}

/** The folded words of a short text (an alias, a context term), for compiling and display. */
export function foldWords(text: string): string[] {
  return tokenize(text).words;
}
