// A per-UTF-16-unit lookup table that does, in one array read per character, what a chain of
// NFKC → lower case → diacritic strip → Arabic letter folding → separator regex would do in
// several passes. Normalisation is the bottleneck of matching (../shared/notes/matching-performance.md),
// so the tokeniser walks the text once and asks this table what each character becomes.

/** What a UTF-16 code unit is to the tokeniser. */
export const SEPARATOR = 0;
/** A letter or digit that folds to the single unit `fold[c]`. */
export const LETTER = 1;
/** Invisible inside a word: soft hyphen, zero-width characters, tatweel, tashkeel, combining marks. */
export const IGNORABLE = 2;
/** A letter that folds to several units (ligatures, ß): see `multi`. */
export const MULTI = 3;
/** An apostrophe: French elision (l', d'), English possessive ('s), or a separator. */
export const APOSTROPHE = 4;
/** A high surrogate: the code point is looked up on the slow path. */
export const SURROGATE = 5;
/** Script of a word, for the morphology that applies to it. */
export const LATIN_OR_OTHER = 0;
export const ARABIC = 1;
export const CYRILLIC = 2;

/** Not classified yet: the table is filled on first sight of a character, so start-up stays cheap. */
export const UNKNOWN = 255;

export interface FoldTable {
  kind: Uint8Array;
  fold: Uint16Array;
  /** 1 when a LETTER's fold is exactly its toLowerCase(), so a word of such letters folds by slice().toLowerCase(). */
  lowerOnly: Uint8Array;
  multi: Map<number, string>;
  /** Scratch space for the word being built; tokenize is synchronous, so one per table is enough. */
  scratch: Uint16Array;
  /** Folded forms of words that need more than lower-casing, by their original spelling (words repeat). */
  foldedWords: Map<string, string>;
}

/** The word cache is emptied when it reaches this size, so memory stays bounded on any input. */
export const FOLDED_WORDS_LIMIT = 50_000;

const APOSTROPHES = [0x27, 0x2019, 0x2018, 0x02bc, 0x60, 0xb4, 0x2032, 0xff07];
const IGNORABLES = [0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x180e, 0x034f, 0x061c, 0x200e, 0x200f, 0x0640];
const WORD = /^[\p{L}\p{N}]+$/u;
const MARK = /\p{M}/gu;

/** Arabic letters written several ways in the wild, folded to one form (after marks are stripped). */
const ARABIC_FOLDS: Record<string, string> = {
  '\u0671': '\u0627', // alef wasla → alef
  '\u0649': '\u064a', // alef maqsura → yeh
  '\u06cc': '\u064a', // Farsi yeh → yeh
  '\u0629': '\u0647', // teh marbuta → heh
  '\u06a9': '\u0643', // keheh → kaf
  '\u06c1': '\u0647', // heh goal → heh
};

/** Latin letters that case folding and NFD leave alone but spellings treat as plain letters. */
const LATIN_FOLDS: Record<string, string> = { ß: 'ss', œ: 'oe', æ: 'ae', ø: 'o', ł: 'l', đ: 'd', ı: 'i', ð: 'd', þ: 'th' };

/** The folded form of one character (or code point), or '' when it is invisible inside words. */
export function foldChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x0660 && cp <= 0x0669) return String.fromCharCode(0x30 + cp - 0x0660);
  if (cp >= 0x06f0 && cp <= 0x06f9) return String.fromCharCode(0x30 + cp - 0x06f0);
  let s = ch.normalize('NFKC').toLowerCase();
  // Strip every combining mark (Latin accents, tashkeel, hamza carriers أ إ آ ؤ ئ) except the
  // breve of Cyrillic й, which is a letter of its own.
  s = s.normalize('NFD');
  s = s.replace(/\u0438\u0306/g, '\u0439').replace(MARK, '');
  s = s.replace(/[\u0671\u0649\u06cc\u0629\u06a9\u06c1]/g, (c) => ARABIC_FOLDS[c]!);
  s = s.replace(/[ßœæøłđıðþ]/g, (c) => LATIN_FOLDS[c]!);
  // ё is written е in most Russian text; NFD already split it, this catches the precomposed
  // lower-case form kept by the breve rule above.
  return s.replace(/\u0451/g, '\u0435');
}

/** Classifies one UTF-16 unit into the table and returns its kind. */
export function classify(t: FoldTable, c: number): number {
  let k: number;
  if (c >= 0xd800 && c <= 0xdbff) k = SURROGATE;
  else if (c >= 0xdc00 && c <= 0xdfff) k = SEPARATOR;
  else if (APOSTROPHES.includes(c)) k = APOSTROPHE;
  else if (IGNORABLES.includes(c)) k = IGNORABLE;
  else {
    const ch = String.fromCharCode(c);
    if (/\p{M}/u.test(ch)) k = IGNORABLE;
    else {
      const s = foldChar(ch);
      if (s === '') k = /[\p{L}\p{N}]/u.test(ch) ? IGNORABLE : SEPARATOR;
      else if (!WORD.test(s)) k = SEPARATOR;
      else if (s.length === 1) {
        k = LETTER;
        t.fold[c] = s.charCodeAt(0);
        t.lowerOnly[c] = ch.toLowerCase() === s ? 1 : 0;
      } else {
        k = MULTI;
        t.multi.set(c, s);
      }
    }
  }
  t.kind[c] = k;
  return k;
}

function buildFoldTable(): FoldTable {
  const t: FoldTable = {
    kind: new Uint8Array(0x10000).fill(UNKNOWN),
    fold: new Uint16Array(0x10000),
    lowerOnly: new Uint8Array(0x10000),
    multi: new Map(),
    scratch: new Uint16Array(256),
    foldedWords: new Map(),
  };
  for (let c = 0; c < 0x80; c++) classify(t, c);
  return t;
}

let table: FoldTable | null = null;

/** The table is a pure function of the Unicode data; it is created once and filled as characters are met. */
export function foldTable(): FoldTable {
  table ??= buildFoldTable();
  return table;
}
