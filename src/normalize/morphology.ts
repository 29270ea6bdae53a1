// The forms a folded word can stand for, so that a watchlist lists the dictionary form only:
// Arabic proclitics (و ف ب ك ل ال and their combinations: والفيلق, بحفتر, للجيش) and Russian case
// endings (Евкурова, Евкуровым, Хафтаром). A word matches an alias word when their form sets
// share a member. Short stems are never produced, so "Моди" does not meet "мода" and "لامين" is
// not read as "امين" on the alias side.
import { ARABIC, CYRILLIC } from './tokenize.ts';

/** Every proclitic chain starts with one of these letters (و ف ب ك ل, or ا of ال). */
const CLITIC_FIRST = new Set(['و', 'ف', 'ب', 'ك', 'ل', 'ا']);

/** The shortest Arabic stem left after removing clitics (three-letter roots). */
const ARABIC_MIN_STEM = 3;

/** Noun and adjective case endings, folded (ё → е). Stripping one of them leaves the stem. */
const RUSSIAN_ENDINGS = [
  'ами', 'ями', 'ого', 'его', 'ому', 'ему', 'ыми', 'ими',
  'ом', 'ем', 'ой', 'ей', 'ою', 'ею', 'ам', 'ям', 'ах', 'ях', 'ов', 'ев', 'ий', 'ый', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ым', 'им', 'ую', 'юю', 'ых', 'их',
  'а', 'я', 'у', 'ю', 'о', 'е', 'ы', 'и', 'й', 'ь',
];

/** An ending as a number (base-33 over а…я), so a word's last letters are checked without slicing. */
function endingKey(word: string, from: number): number {
  let key = 0;
  for (let j = from; j < word.length; j++) {
    const c = word.charCodeAt(j) - 0x42f;
    if (c < 1 || c > 32) return -1;
    key = key * 33 + c;
  }
  return key;
}
const RUSSIAN_ENDING_KEYS = new Set(RUSSIAN_ENDINGS.map((e) => endingKey(e, 0)));
/** The letters an ending can end with: a word ending otherwise (Нигер, Агадем) has no other form. */
const ENDING_LAST = new Set(RUSSIAN_ENDINGS.map((e) => e[e.length - 1]!));
const ALEF = 0x0627;
const LAM = 0x0644;

/** The shortest Russian stem kept: shorter ones collide with unrelated words (мод-а, мод-ы). */
const RUSSIAN_MIN_STEM = 4;

function russianStems(word: string, out: string[]): void {
  // Longest ending first; endings are one to three letters.
  for (let k = 3; k >= 1; k--) {
    if (word.length - k < RUSSIAN_MIN_STEM) continue;
    if (RUSSIAN_ENDING_KEYS.has(endingKey(word, word.length - k))) out.push(word.slice(0, word.length - k));
  }
}

const WAW = 0x0648;
const FEH = 0x0641;
const BEH = 0x0628;
const KAF = 0x0643;

/**
 * Lengths of the proclitic chains a word starts with, read from char codes: a conjunction (و ف),
 * then a preposition (ب ك ل), then the article ال, each optional; ل + ال is written لل.
 */
function cliticLengths(w: string, out: number[]): void {
  const first = w.charCodeAt(0);
  const i = first === WAW || first === FEH ? 1 : 0;
  if (i === 1) out.push(1);
  const p = w.charCodeAt(i);
  if (p === BEH || p === KAF || p === LAM) {
    out.push(i + 1);
    // ل + ال is written لل; ب/ك + ال is بال/كال.
    if (p === LAM && w.charCodeAt(i + 1) === LAM) out.push(i + 2);
    else if (p !== LAM && w.charCodeAt(i + 1) === ALEF && w.charCodeAt(i + 2) === LAM) out.push(i + 3);
  } else if (p === ALEF && w.charCodeAt(i + 1) === LAM) out.push(i + 2);
}

/** True when a text word may stand for more than itself (a clitic or an ending could be removed). */
export function hasOtherForms(word: string, script: number): boolean {
  if (script === ARABIC) {
    if (word.length <= ARABIC_MIN_STEM) return false;
    const first = word.charCodeAt(0);
    // ا starts a clitic chain only as the article ال.
    return first === ALEF ? word.charCodeAt(1) === LAM : CLITIC_FIRST.has(word[0]!);
  }
  return script === CYRILLIC && word.length > RUSSIAN_MIN_STEM && ENDING_LAST.has(word[word.length - 1]!);
}

/** Forms of a word found in text: the word itself first, then what it may be with clitics or an ending removed. */
export function textForms(word: string, script: number): string[] {
  const out = [word];
  if (script === ARABIC) {
    const lengths: number[] = [];
    cliticLengths(word, lengths);
    // Longest chain first.
    for (let k = lengths.length - 1; k >= 0; k--) {
      const len = lengths[k]!;
      if (word.length - len >= ARABIC_MIN_STEM) out.push(word.slice(len));
    }
  } else if (script === CYRILLIC) russianStems(word, out);
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
  } else if (script === CYRILLIC) russianStems(word, out);
  return out;
}
