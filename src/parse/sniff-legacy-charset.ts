// Guesses the single-byte charset of bytes that are not UTF-8 when no trustworthy label says it.
// Our region's feeds mislabel in predictable ways (windows-1256 Arabic or windows-1251 Russian
// served as ISO-8859-1), so we decode with each candidate and keep the one whose words look like
// words of one script: Arabic read as cp1252 gives "ÇáÑÆíÓ" (words made only of accented
// letters), Russian read as cp1256 mixes Arabic letters and accented Latin inside one word, and
// KOI8-R read as cp1251 comes out in inverted case.
import iconv from 'iconv-lite';

export const LEGACY_CANDIDATES: readonly string[] = ['windows-1252', 'windows-1256', 'iso-8859-6', 'windows-1251', 'koi8-r'];

type Script = 'latin' | 'arabic' | 'cyrillic' | 'other' | 'undefined';

function scriptOf(ch: string): Script {
  const c = ch.codePointAt(0) ?? 0;
  // A byte the charset leaves undefined (decoded as U+FFFD) or a C1 control: wrong charset.
  if (c === 0xfffd || (c >= 0x80 && c <= 0x9f)) return 'undefined';
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7))
    return 'latin';
  if (c >= 0x600 && c <= 0x6ff && !(c >= 0x660 && c <= 0x669) && c !== 0x60c && c !== 0x61b && c !== 0x61f)
    return 'arabic';
  if (c >= 0x400 && c <= 0x4ff) return 'cyrillic';
  return 'other';
}

const isUpper = (ch: string) => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

const ARABIC_MARKS = /[\u064b-\u0652\u0640]/g;
const CYRILLIC_VOWELS = /[аеёиоуыэюяАЕЁИОУЫЭЮЯ]/g;

/**
 * How natural a decoded text looks: `score` in −1…1 (share of non-ASCII letters in plausible
 * words minus the share in implausible ones) and `letters`, how many non-ASCII letters it rests on.
 * Beyond word shapes, two cheap language checks catch a wrong charset of the same script: real
 * Arabic has the article "ال" in many words and few vowel marks; real Russian has 35–50% vowels.
 */
export function naturalness(text: string): { score: number; letters: number } {
  const good = { latin: 0, arabic: 0, cyrillic: 0 };
  let bad = 0;
  let arabicWords = 0;
  let arabicWithArticle = 0;
  let cyrillicLetters = 0;
  let cyrillicVowels = 0;
  for (const word of text.split(/[\s\p{P}\p{S}\d]+/u)) {
    if (!word || /^[\x00-\x7f]*$/.test(word)) continue;
    const chars = [...word];
    // One-letter "words" are no evidence: CJK bytes read as KOI8-R give Cyrillic letters between symbols.
    if (chars.length < 2) continue;
    const scripts = new Set(chars.map(scriptOf));
    const high = chars.filter((ch) => ch.charCodeAt(0) > 0x7f).length;
    scripts.delete('other');
    const [script] = scripts;
    let wordGood = scripts.size === 1 && script !== undefined && script !== 'undefined';
    if (wordGood && script === 'latin') {
      // Accented letters are the minority in a real Latin-script word.
      wordGood = high * 2 <= chars.length;
    }
    if (wordGood && (script === 'cyrillic' || script === 'latin')) {
      // After the first letter, capitals are rare inside a real word (KOI8-R read as cp1251 inverts case).
      const innerUpper = chars.slice(1).filter(isUpper).length;
      wordGood = innerUpper * 2 <= chars.length - 1;
    }
    if (wordGood && script === 'arabic') {
      wordGood = (word.match(ARABIC_MARKS)?.length ?? 0) <= 1 && !ARABIC_MARKS.test(chars[0] ?? '');
      ARABIC_MARKS.lastIndex = 0;
      arabicWords++;
      if (word.includes('\u0627\u0644')) arabicWithArticle++;
    }
    if (wordGood && script === 'cyrillic') {
      cyrillicLetters += chars.length;
      cyrillicVowels += word.match(CYRILLIC_VOWELS)?.length ?? 0;
    }
    if (wordGood && script && script !== 'other' && script !== 'undefined') good[script] += high;
    else bad += high;
  }
  if (arabicWords >= 3 && arabicWithArticle / arabicWords < 0.12) {
    bad += good.arabic;
    good.arabic = 0;
  }
  if (cyrillicLetters >= 20 && (cyrillicVowels / cyrillicLetters < 0.28 || cyrillicVowels / cyrillicLetters > 0.6)) {
    bad += good.cyrillic;
    good.cyrillic = 0;
  }
  const total = good.latin + good.arabic + good.cyrillic;
  return { score: total + bad === 0 ? 0 : (total - bad) / (total + bad), letters: total + bad };
}

export interface LegacyGuess {
  encoding: string;
  score: number;
  letters: number;
  /** The score of windows-1252, the usual (wrong) label, for comparison. */
  westernScore: number;
}

export function sniffLegacyCharset(bytes: Buffer, candidates: readonly string[] = LEGACY_CANDIDATES): LegacyGuess {
  // A sample is enough and keeps this linear and cheap on big bodies.
  const sample = bytes.subarray(0, 64 * 1024);
  const western = naturalness(iconv.decode(sample, 'windows-1252'));
  let best: LegacyGuess = { encoding: 'windows-1252', ...western, westernScore: western.score };
  for (const encoding of candidates) {
    if (encoding === 'windows-1252') continue;
    const result = naturalness(iconv.decode(sample, encoding));
    if (result.score > best.score + 0.05) best = { encoding, ...result, westernScore: western.score };
  }
  return best;
}

/** True when the guess is strong enough to overrule a Western label: many letters, clearly better. */
export function overrulesWestern(guess: LegacyGuess): boolean {
  return guess.encoding !== 'windows-1252' && guess.letters >= 20 && guess.score >= 0.6 && guess.westernScore < 0.2;
}

/** True when the guess reads clearly as words while a specific label's reading (`labelled`) does not. */
export function overrulesLabel(guess: LegacyGuess, labelled: { score: number; letters: number }): boolean {
  return guess.encoding !== 'windows-1252' && guess.letters >= 20 && guess.score >= 0.6 && labelled.score < 0.2;
}
