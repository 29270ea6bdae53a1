// Guesses the single-byte charset of bytes that are not UTF-8 when no trustworthy label says it.
// Our region's feeds mislabel in predictable ways (windows-1256 Arabic or windows-1251 Russian
// served as ISO-8859-1), so we decode with each candidate and keep the one whose words look like
// words of one script: Arabic read as cp1252 gives "ÇáÑÆíÓ" (words made only of accented
// letters), Russian read as cp1256 mixes Arabic letters and accented Latin inside one word, and
// KOI8-R read as cp1251 comes out in inverted case.
import iconv from 'iconv-lite';

export const LEGACY_CANDIDATES = ['windows-1252', 'windows-1256', 'iso-8859-6', 'windows-1251', 'koi8-r'] as const;

type Script = 'latin' | 'arabic' | 'cyrillic' | 'other';

function scriptOf(ch: string): Script {
  const c = ch.codePointAt(0) ?? 0;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7))
    return 'latin';
  if (c >= 0x600 && c <= 0x6ff && !(c >= 0x660 && c <= 0x669) && c !== 0x60c && c !== 0x61b && c !== 0x61f)
    return 'arabic';
  if (c >= 0x400 && c <= 0x4ff) return 'cyrillic';
  return 'other';
}

const isUpper = (ch: string) => ch !== ch.toLowerCase() && ch === ch.toUpperCase();

/** How natural a decoded text looks, per non-ASCII letter: higher is better, at most 1. */
export function naturalness(text: string): number {
  let good = 0;
  let bad = 0;
  for (const word of text.split(/[\s\p{P}\p{S}\d]+/u)) {
    if (!word || /^[\x00-\x7f]*$/.test(word)) continue;
    const chars = [...word];
    const scripts = new Set(chars.map(scriptOf));
    const high = chars.filter((ch) => ch.charCodeAt(0) > 0x7f).length;
    scripts.delete('other');
    let wordGood = scripts.size === 1;
    if (wordGood && scripts.has('latin')) {
      // Accented letters are the minority in a real Latin-script word.
      wordGood = high * 2 <= chars.length;
    }
    if (wordGood && (scripts.has('cyrillic') || scripts.has('latin'))) {
      // After the first letter, capitals are rare inside a real word (KOI8-R read as cp1251 inverts case).
      const innerUpper = chars.slice(1).filter(isUpper).length;
      const innerLower = chars.slice(1).length - innerUpper;
      wordGood = innerUpper <= innerLower;
    }
    if (wordGood) good += high;
    else bad += high;
  }
  return good + bad === 0 ? 0 : (good - bad) / (good + bad);
}

/** The best legacy decoder for these bytes among the candidates, with its naturalness score. */
export function sniffLegacyCharset(bytes: Buffer, candidates: readonly string[] = LEGACY_CANDIDATES): { encoding: string; score: number } {
  // A sample is enough and keeps this linear and cheap on big bodies.
  const sample = bytes.subarray(0, 64 * 1024);
  let best = { encoding: candidates[0] ?? 'windows-1252', score: -Infinity };
  for (const encoding of candidates) {
    const score = naturalness(iconv.decode(sample, encoding));
    if (score > best.score + 0.05) best = { encoding, score };
  }
  return best;
}
