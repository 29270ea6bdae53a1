// What a person types in the search box → a query over the search stems of
// src/normalize/search-forms.ts, written for each engine's index: an FTS5 MATCH expression (SQLite)
// and a tsquery (PostgreSQL). The syntax is the one search boxes share: words (all of them),
// "quoted phrases", OR between alternatives, -word to exclude, word* for a prefix. Every token is
// folded and stemmed here and written as a quoted string of the engine's syntax, so nothing typed
// can reach FTS5 or tsquery as syntax (a stray quote or a column name is just text).
import { searchStems, searchWords } from '../normalize/search-forms.ts';

export interface SearchQuery {
  /** The FTS5 MATCH expression. */
  expression: string;
  /** The same query as PostgreSQL tsquery text (phrases as `<->`, prefixes as `:*`). */
  tsquery: string;
  /** Stems of the words searched for (not the excluded ones), to mark them in snippets. */
  stems: string[];
  /** Folded beginnings of words searched with `*`. */
  prefixes: string[];
}

export type SearchQueryResult = { ok: true; query: SearchQuery } | { ok: false; error: string };

const MAX_TERMS = 24;
/** Shorter prefixes expand to most of the vocabulary: slow, and never what was meant. */
export const MIN_PREFIX = 3;

interface Term {
  negated: boolean;
  /** The FTS5 form: a quoted string of stems, with `*` for a prefix. */
  fts: string;
  /** The tsquery form: quoted lexemes joined by `<->` (followed by), `:*` on a prefix. */
  ts: string;
  stems: string[];
  prefix: string | null;
}

const quote = (tokens: string[]) => `"${tokens.join(' ').replace(/"/g, '""')}"`;
const lexeme = (token: string) => `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const tsPhrase = (tokens: string[], prefix: string | null) => {
  const parts = [...tokens.map(lexeme), ...(prefix ? [`${lexeme(prefix)}:*`] : [])];
  return parts.length === 1 ? parts[0]! : `(${parts.join(' <-> ')})`;
};

/** Splits the text into chunks: quoted phrases (", «», “”) and whitespace-separated words. */
function chunks(text: string): Array<{ raw: string; phrase: boolean; negated: boolean }> {
  const out: Array<{ raw: string; phrase: boolean; negated: boolean }> = [];
  const pattern = /(-?)(?:"([^"]*)"?|«([^»]*)»?|“([^”]*)”?|(\S+))/gu;
  for (const m of text.matchAll(pattern)) {
    const phrase = m[2] ?? m[3] ?? m[4];
    if (phrase !== undefined) out.push({ raw: phrase, phrase: true, negated: m[1] === '-' });
    else out.push({ raw: m[5]!, phrase: false, negated: m[1] === '-' && m[5] !== undefined });
  }
  return out;
}

function toTerm(raw: string, negated: boolean): Term | { error: string } | null {
  const isPrefix = raw.endsWith('*');
  const body = isPrefix ? raw.replace(/\*+$/, '') : raw;
  if (!isPrefix) {
    const stems = searchStems(body);
    return stems.length ? { negated, fts: quote(stems), ts: tsPhrase(stems, null), stems, prefix: null } : null;
  }
  const words = searchWords(body);
  const last = words[words.length - 1];
  if (last === undefined) return null;
  if (last.length < MIN_PREFIX) return { error: `"${raw}": a prefix search needs at least ${MIN_PREFIX} letters before the *` };
  // The words before the last are whole words of a phrase; only the last is a prefix, and it is not stemmed.
  const stems = searchStems(words.slice(0, -1).join(' '));
  return { negated, fts: `${quote([...stems, last])}*`, ts: tsPhrase(stems, last), stems, prefix: last };
}

export function parseSearchQuery(text: string): SearchQueryResult {
  const alternatives: Term[][] = [[]];
  const excluded: Term[] = [];
  let count = 0;
  for (const c of chunks(text)) {
    if (!c.phrase && (c.raw === 'OR' || c.raw === '|')) {
      alternatives.push([]);
      continue;
    }
    const term = toTerm(c.raw, c.negated);
    if (term === null) continue;
    if ('error' in term) return { ok: false, error: term.error };
    if (++count > MAX_TERMS) return { ok: false, error: `a search takes at most ${MAX_TERMS} words and phrases; leave some out` };
    (term.negated ? excluded : alternatives[alternatives.length - 1]!).push(term);
  }
  const groups = alternatives.filter((a) => a.length > 0);
  if (groups.length === 0) {
    return {
      ok: false,
      error: excluded.length
        ? 'a search needs at least one word to look for, not only words to leave out (-word)'
        : 'type a word or a "quoted phrase" to search for',
    };
  }
  const positive = groups.map((g) => (g.length === 1 ? g[0]!.fts : `(${g.map((t) => t.fts).join(' AND ')})`)).join(' OR ');
  const expression = excluded.length ? `(${positive}) NOT (${excluded.map((t) => t.fts).join(' OR ')})` : positive;
  const tsPositive = groups.map((g) => (g.length === 1 ? g[0]!.ts : `(${g.map((t) => t.ts).join(' & ')})`)).join(' | ');
  const tsquery = excluded.length ? `(${tsPositive}) & !(${excluded.map((t) => t.ts).join(' | ')})` : tsPositive;
  const found = groups.flat();
  return {
    ok: true,
    query: {
      expression,
      tsquery,
      stems: [...new Set(found.flatMap((t) => t.stems))],
      prefixes: [...new Set(found.map((t) => t.prefix).filter((p): p is string => p !== null))],
    },
  };
}
