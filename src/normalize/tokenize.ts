// Text → folded words with their offsets in the original text, in one pass over the characters.
// Spelling stops mattering here: case, Latin diacritics, tashkeel, tatweel, alef/hamza forms,
// ى/ي, ة/ه, Arabic-Indic digits, ligatures (NFKC), soft hyphens and zero-width characters inside
// words; every dash, quote, NBSP and punctuation mark separates words. French elisions (l', d',
// qu'…) and English possessives ('s) are cut off the word they stick to.
import * as K from './fold-table.ts';
import { classify, foldChar, foldTable } from './fold-table.ts';
import * as M from './morphology.ts';
import * as V from './word-vocabulary.ts';
import { knownFar } from './fuzzy-index.ts';
import { fuzzyIds, mayBeName, type NearSink } from './near-ids.ts';
import type { WordVocabulary } from './word-vocabulary.ts';

// Local copies of the character kinds: the hot loop reads module constants, not import bindings
// (which some loaders turn into getter calls).
const LETTER: number = K.LETTER;
const SEPARATOR: number = K.SEPARATOR;
const IGNORABLE: number = K.IGNORABLE;
const MULTI: number = K.MULTI;
const SURROGATE: number = K.SURROGATE;
const UNKNOWN: number = K.UNKNOWN;
const hasOtherFormCodes = M.hasOtherFormCodes;
const otherFormRanges = M.otherFormRanges;
const lookupFiltered = V.lookupFiltered;
const hashCodes = V.hashCodes;
const hashStep = V.hashStep;
const scriptOfCode = V.scriptOfCode;
const HASH_START: number = V.HASH_START;

export { ARABIC, CYRILLIC, LATIN_OR_OTHER } from './fold-table.ts';
const ARABIC: number = K.ARABIC;
const CYRILLIC: number = K.CYRILLIC;
const LATIN_OR_OTHER: number = K.LATIN_OR_OTHER;

/** Where each word is: what the rules (distances, sentences) and the hit's terms and snippet need. */
export interface WordPositions {
  /** Offset of each word's first character in the original text (UTF-16 units). */
  starts: number[];
  /** Offset just after each word's last character in the original text. */
  ends: number[];
  /** Sentence number of each word (increasing; equal numbers mean the same sentence). */
  sentences: number[];
  /** Paragraph number of each word (a line break or an HTML block starts a new one). */
  paragraphs: number[];
}

export interface Tokens extends WordPositions {
  /** Folded words. */
  words: string[];
  /** LATIN_OR_OTHER, ARABIC or CYRILLIC per word. */
  scripts: number[];
}

/** The words of a text as ids in a vocabulary (see scanWords). */
export interface WordIds extends WordPositions {
  /**
   * Per word: -1 when none of its forms (itself, or without a clitic or case ending) is in the
   * vocabulary; the form's id when exactly one is; otherwise -2 - k, and formLists[k] lists the
   * ids in textForms order. A word first in the text or after a -1 can only begin a phrase: it
   * may be given -1, or fewer ids, when its forms cannot (see WordVocabulary.starterFilter).
   */
  ids: number[];
  formLists: number[][];
  /**
   * Words matched by a near spelling only (see fuzzy-index.ts), as triples: word index, the id of
   * the vocabulary word it is near, the cost (quarters of an edit). Empty for most texts.
   */
  fuzzy: number[];
}

/** Words after which a full stop does not end the sentence ("Gen. Mody", "M. Zeine"), folded. */
const ABBREVIATIONS = new Set(['gen', 'lt', 'col', 'maj', 'capt', 'cpt', 'sgt', 'adm', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'no', 'vs', 'mme', 'mm', 'mgr', 'ген', 'им', 'тов', 'св', 'ул', 'см', 'т', 'г']);
/** Characters that end a sentence when followed by a space: . ! ? … ؟ ۔ 。 */
const SENTENCE_END = new Set([0x2e, 0x21, 0x3f, 0x2026, 0x061f, 0x06d4, 0x3002]);
const PARAGRAPH_END = new Set([0x0a, 0x0d, 0x2029, 0x2028, 0x0b, 0x0c]);
const SPACE_AFTER = /[\s"'»”’)\]]/;

/** The longest abbreviation: a longer word before a full stop is never one, and is not built as a string to check. */
const ABBREVIATION_MAX = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

const ELISIONS = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);
/** Σ lower-cases to ς at the end of a word: the only letter whose toLowerCase depends on its neighbours. */
const CAPITAL_SIGMA = 0x3a3;
/** Longer runs are cut (the scratch buffer holds 256): no alias is that long, and fromCharCode stays cheap. */
const MAX_WORD = 128;

function scriptOf(unit: number): number {
  if (unit >= 0x0600 && unit <= 0x06ff) return ARABIC;
  if (unit >= 0x0400 && unit <= 0x04ff) return CYRILLIC;
  return LATIN_OR_OTHER;
}

/**
 * Where the words go: as strings (`words`, tokenize) or as vocabulary ids (`vocabulary`,
 * scanWords). One sink type for both keeps the splitting rules in one loop.
 */
interface WordSink extends WordPositions, NearSink {
  words: string[];
  scripts: number[];
  vocabulary: WordVocabulary | null;
  /** Scratch for otherFormRanges. */
  ranges: number[];
  charOffsets: number[][] | undefined;
  foldedWords: Map<string, string>;
  sentence: number;
  paragraph: number;
  /** Folded length of the last word emitted (its letters are still in the scratch buffer). */
  lastSize: number;
}

/** The folded word in `buf` as a string: a slice of the text when folding only changed nothing or the case. */
function wordString(out: WordSink, text: string, start: number, end: number, len: number, clean: boolean, lower: boolean, buf: Uint16Array, size: number): string {
  const exact = len === end - start;
  let word: string;
  if (clean && exact) word = text.slice(start, end);
  else if (lower && exact) word = text.slice(start, end).toLowerCase();
  else {
    // Building a string from char codes is the slow path; the same spelling recurs, so it is cached.
    const original = text.slice(start, end);
    const cache = out.foldedWords;
    let cached = cache.get(original);
    if (cached === undefined) {
      cached = String.fromCharCode.apply(null, buf.subarray(0, size) as unknown as number[]);
      if (cache.size >= K.FOLDED_WORDS_LIMIT) cache.clear();
      // A run longer than any word (a pasted blob) is not worth remembering.
      if (len <= MAX_WORD) cache.set(original, cached);
    }
    word = cached;
  }
  return word;
}

/**
 * The id entry (see WordIds.ids) of the folded word codes[0..size), whose hash is `hash`; `first`
 * is the word's first code unit as written (near spellings are looked for in names only).
 */
function idsOf(out: WordSink, v: WordVocabulary, codes: ArrayLike<number>, size: number, script: number, hash: number, first: number): number {
  // No phrase continues past a word without forms in the vocabulary, so after one (or first in
  // the field) only the words that can begin a phrase are looked up: fewer probes of a table
  // that misses the CPU cache.
  const ids = out.ids;
  const afterMiss = ids.length === 0 || ids[ids.length - 1] === -1;
  // Only the table of the word's own script is read (an article is mostly in one script).
  const table = v.tables[script]!;
  const filter = afterMiss ? table.starterFilter : table.filter;
  const id = lookupFiltered(v, table, filter, hash, codes, 0, size);
  const other = hasOtherFormCodes(codes, size, script);
  // A word the watchlist knows, but not as a name, may still be a near spelling of one: "Zein",
  // an exclusion, is also "Zeine" misspelt inside "Prime Minister Zein".
  if (!other) {
    const x = v.fuzzy;
    if (x === null || size < x.minText || (id >= 0 && x.indexed[id] === 1) || !mayBeName(first, size, x) || knownFar(x, hash, size, false)) return id;
    return fuzzyIds(out, v, codes, size, hash, afterMiss, false, id, null);
  }
  const ranges = out.ranges;
  ranges.length = 0;
  otherFormRanges(codes, size, script, ranges);
  let only = id;
  let list: number[] | null = null;
  for (let k = 0; k < ranges.length; k += 2) {
    // A form is a clitic or an ending shorter: nearly always the same script, so the same table.
    const t = scriptOfCode(codes[ranges[k]!]!) === script ? table : v.tables[scriptOfCode(codes[ranges[k]!]!)]!;
    const form = lookupFiltered(v, t, t === table ? filter : afterMiss ? t.starterFilter : t.filter, hashCodes(codes, ranges[k]!, ranges[k + 1]!), codes, ranges[k]!, ranges[k + 1]!);
    if (form < 0) continue;
    if (only < 0) only = form;
    else (list ??= [only]).push(form);
  }
  const x = v.fuzzy;
  if (x !== null && size >= x.minText && (only < 0 || (list === null && x.indexed[only] === 0)) && mayBeName(first, size, x) && !knownFar(x, hash, size, only < 0))
    return fuzzyIds(out, v, codes, size, hash, afterMiss, only < 0, only, list);
  if (list === null) return only;
  out.formLists.push(list);
  return -1 - out.formLists.length;
}

/** Appends the word buffered in `buf` (module-level so the hot loop keeps its state in registers, not a closure). */
function emit(out: WordSink, text: string, start: number, end: number, len: number, clean: boolean, lower: boolean, buf: Uint16Array, src: number[], sigma: boolean, hash: number): void {
  const size = len < MAX_WORD ? len : MAX_WORD;
  out.starts.push(start);
  out.ends.push(end);
  out.sentences.push(out.sentence);
  out.paragraphs.push(out.paragraph);
  out.lastSize = size;
  const v = out.vocabulary;
  if (v !== null) {
    // The buffer holds the word exactly, except past the length cap (the string keeps the whole
    // slice) and for a final sigma (toLowerCase writes ς): those rare words take the string path.
    if (len > MAX_WORD || (sigma && lower && len === end - start)) {
      const word = wordString(out, text, start, end, len, clean, lower, buf, size);
      const codes = Uint16Array.from(word, (ch) => ch.charCodeAt(0));
      out.ids.push(idsOf(out, v, codes, codes.length, scriptOf(buf[0]!), hashCodes(codes, 0, codes.length), text.charCodeAt(start)));
    } else out.ids.push(idsOf(out, v, buf, size, scriptOf(buf[0]!), hash, text.charCodeAt(start)));
    return;
  }
  out.words.push(wordString(out, text, start, end, len, clean, lower, buf, size));
  out.scripts.push(scriptOf(buf[0]!));
  if (out.charOffsets) out.charOffsets.push(src.slice(0, size));
}

/** A full stop ends a sentence when a space follows and the word before is not an abbreviation or an initial. */
function endsSentence(text: string, i: number, out: WordSink, buf: Uint16Array): boolean {
  if (i + 1 < text.length && !SPACE_AFTER.test(text[i + 1]!)) return false;
  if (text.charCodeAt(i) !== 0x2e) return true;
  const last = out.ends.length - 1;
  // The word just before the stop was emitted at the stop, so its letters are still in `buf`.
  if (last < 0 || out.ends[last] !== i) return true;
  if (out.lastSize <= 1) return false;
  return out.lastSize > ABBREVIATION_MAX || !ABBREVIATIONS.has(String.fromCharCode.apply(null, buf.subarray(0, out.lastSize) as unknown as number[]));
}

/**
 * Splits and folds `text`. With `charOffsets`, also returns for every folded character of every
 * word the offset of the original character it came from (used by normalizeText).
 */
export function tokenize(text: string, charOffsets?: number[][]): Tokens {
  const out = scan(text, null, charOffsets);
  return { words: out.words, starts: out.starts, ends: out.ends, scripts: out.scripts, sentences: out.sentences, paragraphs: out.paragraphs };
}

/**
 * Splits and folds `text` as tokenize does, but gives each word as its id in `vocabulary` (with
 * the ids of its other forms): words are never built as strings, which is most of the cost of
 * matching against a large watchlist.
 */
export function scanWords(text: string, vocabulary: WordVocabulary): WordIds {
  const out = scan(text, vocabulary, undefined);
  return { ids: out.ids, formLists: out.formLists, fuzzy: out.fuzzy, starts: out.starts, ends: out.ends, sentences: out.sentences, paragraphs: out.paragraphs };
}

function scan(text: string, vocabulary: WordVocabulary | null, charOffsets: number[][] | undefined): WordSink {
  const table = foldTable();
  const { kind, fold, multi, lowerOnly } = table;
  const out: WordSink = {
    words: [], scripts: [], vocabulary, ids: [], formLists: [], fuzzy: [], ranges: [], candidates: [], starterOnly: null,
    starts: [], ends: [], sentences: [], paragraphs: [], charOffsets, sentence: 0, paragraph: 0, lastSize: 0, foldedWords: table.foldedWords,
  };
  const track = charOffsets !== undefined;
  const buf = table.scratch;
  const src: number[] = [];
  let len = 0;
  let start = 0;
  let end = 0;
  // A word whose folded form equals its original slice is taken with slice(), the cheap path;
  // one that only needs lower-casing with slice().toLowerCase(), the next cheapest.
  let clean = true;
  let lower = true;
  let sigma = false;
  // FNV hash of the folded letters so far, for the vocabulary lookup without a second pass.
  let hash = HASH_START;
  // After "#", a capital following a small letter starts a new word: #WagnerGroup is "wagner group".
  let hashtag = false;
  const n = text.length;

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let k = kind[c]!;
    if (k === UNKNOWN) k = classify(table, c);
    if (k === LETTER) {
      if (len === 0) {
        start = i;
        clean = lower = true;
        sigma = false;
        hash = HASH_START;
      }
      const f = fold[c]!;
      if (hashtag && len > 0 && f !== c && lowerOnly[c] === 1 && fold[text.charCodeAt(i - 1)] === text.charCodeAt(i - 1)) {
        emit(out, text, start, end, len, clean, lower, buf, src, sigma, hash);
        len = 0;
        start = i;
        clean = lower = true;
        sigma = false;
        hash = HASH_START;
      }
      if (f !== c) {
        clean = false;
        if (lowerOnly[c] === 0) lower = false;
        if (c === CAPITAL_SIGMA) sigma = true;
      }
      if (len < MAX_WORD) {
        buf[len] = f;
        hash = hashStep(hash, f);
        if (track) src[len] = i;
      }
      len++;
      end = i + 1;
      continue;
    }
    if (k === SEPARATOR) {
      if (len > 0) {
        emit(out, text, start, end, len, clean, lower, buf, src, sigma, hash);
        len = 0;
      }
      if (c === 0x20) {
        hashtag = false;
        continue;
      }
      hashtag = c === 0x23;
      if (PARAGRAPH_END.has(c)) {
        out.paragraph++;
        out.sentence++;
      } else if (SENTENCE_END.has(c) && endsSentence(text, i, out, buf)) out.sentence++;
      continue;
    }
    if (k === IGNORABLE) {
      if (len === 0) continue;
      clean = lower = false;
      // A decomposed й (и + combining breve) stays й; other marks fold away.
      if (c === 0x306 && len <= MAX_WORD && buf[len - 1] === 0x438) {
        buf[len - 1] = 0x439;
        hash = hashCodes(buf, 0, len);
      }
      continue;
    }
    if (k === MULTI || k === SURROGATE) {
      const folded = k === MULTI ? multi.get(c)! : foldChar(String.fromCodePoint(text.codePointAt(i)!));
      const width = k === MULTI ? 1 : 2;
      if (k === SURROGATE && (folded === '' || !/^[\p{L}\p{N}]+$/u.test(folded))) {
        if (len > 0) emit(out, text, start, end, len, clean, lower, buf, src, sigma, hash);
        len = 0;
      } else {
        if (len === 0) {
          start = i;
          sigma = false;
          hash = HASH_START;
        }
        clean = lower = false;
        for (let j = 0; j < folded.length; j++, len++)
          if (len < MAX_WORD) {
            buf[len] = folded.charCodeAt(j);
            hash = hashStep(hash, buf[len]!);
            if (track) src[len] = i;
          }
        end = i + width;
      }
      i += width - 1;
      continue;
    }
    // An apostrophe.
    if (len === 0) continue;
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 0x20;
    const nextKind = kind[next] === UNKNOWN ? classify(table, next) : kind[next]!;
    if (nextKind === LETTER || nextKind === MULTI) {
      const afterUnit = i + 2 < n ? text.charCodeAt(i + 2) : 0x20;
      const after = kind[afterUnit] === UNKNOWN ? classify(table, afterUnit) : kind[afterUnit]!;
      if (fold[next] === 0x73 && after !== LETTER && after !== MULTI && after !== IGNORABLE) {
        // English possessive: "Haftar's" is the word "haftar".
        emit(out, text, start, end, len, clean, lower, buf, src, sigma, hash);
        len = 0;
        i++;
        continue;
      }
      if (len <= 6 && ELISIONS.has(String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[]))) {
        // French elision: "d'Agadem" is the word "agadem"; the next letter starts it.
        len = 0;
        continue;
      }
    }
    emit(out, text, start, end, len, clean, lower, buf, src, sigma, hash);
    len = 0;
  }
  if (len > 0) emit(out, text, start, end, len, clean, lower, buf, src, sigma, hash);
  return out;
}

/** The folded words of a short text (an alias, a context term), for compiling and display. */
export function foldWords(text: string): string[] {
  return tokenize(text).words;
}
