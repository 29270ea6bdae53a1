// The forms a folded word can stand for, so that a watchlist lists the dictionary form only:
// Arabic proclitics (و ف ب ك ل ال and their combinations: والفيلق, بحفتر, للجيش) and Russian case
// endings (Евкурова, Евкуровым, Хафтаром), Latin plurals and members of groups (Wagners,
// Wagnerites). A word matches an alias word when their form sets
// share a member. Short stems are never produced, so "Моди" does not meet "мода" and "لامين" is
// not read as "امين" on the alias side.
import * as K from './fold-table.ts';

// Local copies: the hot paths read module constants, not import bindings (which some loaders turn into getter calls).
const ARABIC: number = K.ARABIC;
const CYRILLIC: number = K.CYRILLIC;
const LATIN: number = K.LATIN_OR_OTHER;

/**
 * Latin plurals and members of a group: "the Wagners", "Wagnerites", "Wagnerite" are forms of
 * "wagner"; an adjective such as "Wagnerian" is not. At least four letters of stem remain.
 */
const LATIN_MIN_STEM = 4;
const S = 0x73;
const I = 0x69;
const T = 0x74;
const E = 0x65;

/** 1 at the letters a Latin ending can end with (s, e), by code unit. */
const LATIN_LAST = new Uint8Array(0x10000);
LATIN_LAST[S] = 1;
LATIN_LAST[E] = 1;

function latinStems(codes: ArrayLike<number>, size: number, out: number[]): void {
  const last = codes[size - 1];
  if (last === S) {
    if (size - 4 >= LATIN_MIN_STEM && codes[size - 4] === I && codes[size - 3] === T && codes[size - 2] === E) out.push(0, size - 4);
    if (codes[size - 2] !== S && size - 1 >= LATIN_MIN_STEM) out.push(0, size - 1);
  } else if (last === E && size - 3 >= LATIN_MIN_STEM && codes[size - 3] === I && codes[size - 2] === T) out.push(0, size - 3);
}

/** The shortest Arabic stem left after removing clitics (three-letter roots). */
const ARABIC_MIN_STEM = 3;

/** Noun and adjective case endings, folded (ё → е). Stripping one of them leaves the stem. */
const RUSSIAN_ENDINGS = [
  'ами', 'ями', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими',
  'ом', 'ем', 'ой', 'ей', 'ою', 'ею', 'ам', 'ям', 'ах', 'ях', 'ов', 'ев', 'ий', 'ый', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ым', 'им', 'ую', 'юю', 'ых', 'их',
  'а', 'я', 'у', 'ю', 'о', 'е', 'ы', 'и', 'й', 'ь',
];

/** An ending as a number (base-33 over а…я), so a word's last letters are checked without slicing. */
function endingKey(codes: ArrayLike<number>, from: number, to: number): number {
  let key = 0;
  for (let j = from; j < to; j++) {
    const c = codes[j]! - 0x42f;
    if (c < 1 || c > 32) return -1;
    key = key * 33 + c;
  }
  return key;
}
const codesOf = (s: string): Uint16Array => Uint16Array.from(s, (ch) => ch.charCodeAt(0));
/** 1 at the key of every ending (keys of up to three letters are below 33^3): an array read, not a Set probe. */
const RUSSIAN_ENDING_KEYS = new Uint8Array(33 ** 3);
for (const e of RUSSIAN_ENDINGS) RUSSIAN_ENDING_KEYS[endingKey(codesOf(e), 0, e.length)] = 1;
/** 1 at the letters an ending can end with (by code unit): a word ending otherwise (Нигер, Агадем) has no other form. */
const ENDING_LAST = new Uint8Array(0x10000);
for (const e of RUSSIAN_ENDINGS) ENDING_LAST[e.charCodeAt(e.length - 1)] = 1;
const ALEF = 0x0627;
const LAM = 0x0644;
const WAW = 0x0648;
const FEH = 0x0641;
const BEH = 0x0628;
const KAF = 0x0643;

/** The shortest Russian stem kept: shorter ones collide with unrelated words (мод-а, мод-ы). */
const RUSSIAN_MIN_STEM = 4;

/** Russian stems as lengths of the word's beginning, longest ending first (endings are one to three letters). */
function russianStems(codes: ArrayLike<number>, size: number, out: number[]): void {
  for (let k = 3; k >= 1; k--) {
    if (size - k < RUSSIAN_MIN_STEM) continue;
    if (RUSSIAN_ENDING_KEYS[endingKey(codes, size - k, size)] === 1) out.push(0, size - k);
  }
}

/**
 * The proclitic chains a word may start with: a conjunction (و ف), then a preposition (ب ك ل),
 * then the article ال, each optional; ل + ال is written لل. Each chain that leaves a stem of
 * three letters or more becomes a range [chain length, size) in `out`, longest chain first.
 */
function pushCliticRanges(w: ArrayLike<number>, size: number, out: number[]): void {
  const first = charAt(w, size, 0);
  const conjunction = first === WAW || first === FEH ? 1 : 0;
  const p = charAt(w, size, conjunction);
  let preposition = 0;
  let article = 0;
  if (p === BEH || p === KAF || p === LAM) {
    preposition = conjunction + 1;
    // ل + ال is written لل; ب/ك + ال is بال/كال.
    if (p === LAM && charAt(w, size, conjunction + 1) === LAM) article = conjunction + 2;
    else if (p !== LAM && charAt(w, size, conjunction + 1) === ALEF && charAt(w, size, conjunction + 2) === LAM) article = conjunction + 3;
  } else if (p === ALEF && charAt(w, size, conjunction + 1) === LAM) article = conjunction + 2;
  pushStem(out, article, size);
  pushStem(out, preposition, size);
  pushStem(out, conjunction, size);
}

function pushStem(out: number[], chain: number, size: number): void {
  if (chain > 0 && size - chain >= ARABIC_MIN_STEM) out.push(chain, size);
}

/** Reads past the word give 0, which is no letter. */
function charAt(w: ArrayLike<number>, size: number, i: number): number {
  return i < size ? w[i]! : 0;
}

/**
 * True when a text word (its folded char codes `codes[0..size)`) may stand for more than itself:
 * a clitic or an ending could be removed.
 */
export function hasOtherFormCodes(codes: ArrayLike<number>, size: number, script: number): boolean {
  if (script === ARABIC) {
    if (size <= ARABIC_MIN_STEM) return false;
    const first = codes[0]!;
    // ا starts a clitic chain only as the article ال.
    return first === ALEF ? codes[1] === LAM : first === WAW || first === FEH || first === BEH || first === KAF || first === LAM;
  }
  if (script === CYRILLIC) return size > RUSSIAN_MIN_STEM && ENDING_LAST[codes[size - 1]!] === 1;
  // Latin (and other scripts): only a final s or e can start a plural or -ite ending.
  if (size <= LATIN_MIN_STEM || LATIN_LAST[codes[size - 1]!] === 0 || script !== LATIN) return false;
  return codes[size - 1] === S ? codes[size - 2] !== S : codes[size - 2] === T && codes[size - 3] === I;
}

/**
 * The other forms of a text word as [from, to) ranges of its char codes, pushed to `out` in the
 * order textForms lists them (Arabic: longest clitic chain first; Russian: longest ending first).
 * Working on char codes lets the tokenizer look forms up without building strings.
 */
export function otherFormRanges(codes: ArrayLike<number>, size: number, script: number, out: number[]): void {
  if (script === ARABIC) pushCliticRanges(codes, size, out);
  else if (script === CYRILLIC) russianStems(codes, size, out);
  else latinStems(codes, size, out);
}

/** Forms of a word found in text: the word itself first, then what it may be with clitics or an ending removed. */
export function textForms(word: string, script: number): string[] {
  const ranges: number[] = [];
  otherFormRanges(codesOf(word), word.length, script, ranges);
  const out = [word];
  for (let k = 0; k < ranges.length; k += 2) out.push(word.slice(ranges[k], ranges[k + 1]));
  return out;
}

/**
 * Forms of a word written in a watchlist. Only the article ال is removed on this side: a name that
 * starts with ب or ل (بنغازي, لامين) keeps its letters, while "الفيلق" also matches "فيلق".
 */
export function aliasForms(word: string, script: number): string[] {
  const out = [word];
  if (script === ARABIC) {
    if (word.startsWith('ال') && word.length - 2 >= ARABIC_MIN_STEM) out.push(word.slice(2));
  } else if (script === CYRILLIC) {
    const ranges: number[] = [];
    russianStems(codesOf(word), word.length, ranges);
    for (let k = 0; k < ranges.length; k += 2) out.push(word.slice(ranges[k], ranges[k + 1]));
  }
  return out;
}
