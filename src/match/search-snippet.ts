// Where a search found an article: an excerpt around the first word the query names, and the
// words as written in the text (`وحفتر`, `Евкуровым`) so the page can mark them. The words are
// compared by their search stems, as the index compares them.
import { fieldText } from '../normalize/html-to-text.ts';
import { stemmedWords } from '../normalize/search-forms.ts';
import { makeSnippet } from './make-snippet.ts';

export interface SearchTerms {
  stems: readonly string[];
  prefixes: readonly string[];
}

export interface SearchExcerpt {
  snippet: string;
  /** The matched words as they appear in the text, each once. */
  terms: string[];
}

/** Surface forms in `text` of the words the query looks for. */
export function foundWords(text: string, query: SearchTerms): Array<{ start: number; end: number }> {
  const stems = new Set(query.stems);
  return stemmedWords(text).filter((w) => stems.has(w.stem) || query.prefixes.some((p) => w.word.startsWith(p)));
}

/** The excerpt of the first field (in order) that holds a searched word; null when none does. */
export function searchExcerpt(fields: Array<string | null | undefined>, query: SearchTerms): SearchExcerpt | null {
  for (const field of fields) {
    const text = fieldText(field);
    if (!text) continue;
    const found = foundWords(text, query);
    const first = found[0];
    if (!first) continue;
    const snippet = makeSnippet(text, first.start, first.end);
    const terms = [...new Set(found.map((w) => text.slice(w.start, w.end)))];
    return { snippet, terms };
  }
  return null;
}
