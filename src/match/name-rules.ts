// What the compiler decides about names: which aliases are proper names (their spellings in other
// scripts are generated, their words match near spellings), which scripts an entry lacks, and the
// partial names `partial: auto` derives.
import { tokenize } from '../normalize/tokenize.ts';
import type { Alias, WatchlistEntry } from '../watchlist/watchlist-types.ts';
import { scriptOfWord, type Script } from './transliterate.ts';

export const scriptCode = (word: string) => ({ latin: 0, arabic: 1, cyrillic: 2 })[scriptOfWord(word)];

/**
 * Whether an alias is a proper name whose spellings in other scripts are worth generating: every
 * word capitalised, in Latin or Cyrillic. Arabic writes no short vowels, so Latin and Cyrillic
 * spellings guessed from an Arabic alias are wrong more often than right; common nouns
 * ("pipeline") are translated, not transliterated, by the press.
 */
export function writtenAsName(text: string): boolean {
  const t = tokenize(text);
  return t.words.length > 0 && t.starts.every((s, i) => capitalised(text, s) || /^\d+$/.test(t.words[i]!)) && !/[\u0600-\u06ff]/.test(text);
}

/** The word of `text` at `start` begins with a capital (Latin, Cyrillic, Greek…) or is Arabic, which has no case. */
export function capitalised(text: string, start: number): boolean {
  const c = text[start]!;
  return /[\u0600-\u06ff]/.test(c) || c !== c.toLowerCase();
}

/** The scripts none of an entry's aliases is written in: generated spellings fill those only. */
export function missingScripts(e: WatchlistEntry): Set<Script> {
  const present = new Set([...e.aliases, ...e.ambiguous, ...e.partial].map((a) => scriptOfWord(a.text)));
  return new Set((['latin', 'cyrillic', 'arabic'] as const).filter((s) => !present.has(s)));
}

/**
 * `partial: auto`: from every alias of two words or more, the last word (a surname of four
 * letters or more) and, with three words or more, the words before it (a first-name pair).
 */
export function partialNames(e: WatchlistEntry): Alias[] {
  const out: Alias[] = [];
  for (const a of e.aliases) {
    const t = tokenize(a.text);
    const n = t.words.length;
    if (n < 2 || /\d/.test(a.text)) continue;
    if (t.words[n - 1]!.length >= 4) out.push({ text: a.text.slice(t.starts[n - 1], t.ends[n - 1]), lang: a.lang });
    if (n >= 3) out.push({ text: a.text.slice(t.starts[0], t.ends[n - 2]), lang: a.lang });
  }
  return out;
}
