// The words of a text as the full-text index stores them: folded as matching folds them (case,
// diacritics, hamza, ta marbuta, elisions…) and reduced to one stem per word by removing Arabic
// proclitic chains and Russian case endings (textForms) until none is left. The query is reduced
// the same way, so `حفتر` finds `وحفتر`, `Евкуров` finds `Евкуровым` and `Евкурова` finds both.
// Stripping to the end, not once, is what makes inflections meet: `Евкуров` itself ends in -ов,
// so one step gives `евкур` for it but `евкуров` for `Евкуровым`. One token per word keeps
// positions, so quoted phrases work.
import { fieldText } from './html-to-text.ts';
import { textForms } from './morphology.ts';
import { LATIN_OR_OTHER, tokenize } from './tokenize.ts';

/** Stems already worked out: news text repeats its words, and stemming was most of the cost of indexing. */
const stems = new Map<string, string>();
const STEMS_LIMIT = 50_000;

/** The stem the index keeps for a folded word of the given script (see tokenize's `scripts`). */
export function searchStem(word: string, script: number): string {
  // Only Arabic clitics and Russian endings are removed.
  if (script === LATIN_OR_OTHER) return word;
  const known = stems.get(word);
  if (known !== undefined) return known;
  let stem = word;
  // Each step is shorter and morphology never goes below a three- (Arabic) or four-letter (Russian) stem.
  for (let next = textForms(stem, script)[1]; next !== undefined; next = textForms(stem, script)[1]) stem = next;
  if (stems.size >= STEMS_LIMIT) stems.clear();
  stems.set(word, stem);
  return stem;
}

/** Every word of a text as its search stem, in order. */
export function searchStems(text: string): string[] {
  const { words, scripts } = tokenize(text);
  return words.map((w, i) => searchStem(w, scripts[i]!));
}

/** The words of a text folded but not stemmed (prefix queries keep the letters typed). */
export function searchWords(text: string): string[] {
  return tokenize(text).words;
}

/** Each word of `text` with its offsets and stem: what a snippet needs to mark the words a query found. */
export function stemmedWords(text: string): Array<{ start: number; end: number; word: string; stem: string }> {
  const t = tokenize(text);
  return t.words.map((word, i) => ({ start: t.starts[i]!, end: t.ends[i]!, word, stem: searchStem(word, t.scripts[i]!) }));
}

/** What the index holds for an article: the stems of its title and of its summary and content, as space-separated tokens. */
export function searchDocument(article: { title: string | null; summary: string | null; content: string | null }): { title: string; body: string } {
  const title = fieldText(article.title);
  const summary = fieldText(article.summary);
  const content = fieldText(article.content);
  // A summary that is the start of the content (or equal to it) adds nothing the content lacks.
  const body = summary && content && (content.startsWith(summary) || content === summary) ? content : [summary, content].filter(Boolean).join('\n');
  return { title: searchStems(title).join(' '), body: searchStems(body).join(' ') };
}
