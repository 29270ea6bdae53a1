// Spellings the archive uses for an entry that its aliases do not list: words and phrases near an
// alias (by the weighted distance of fuzzy-cost.ts, or near a generated spelling in another script)
// in articles where the entry matches or its context holds, ranked by how often they occur and how
// close they are, each with example snippets and the command that adds it. Pure over an iterable
// of articles (sync or async, so it works on the store as it is and as it becomes), for the CLI
// and the web UI alike.
import { CONFUSION, EDIT, FUZZY_MIN_LENGTH, fuzzyCost, maxCostFor } from '../normalize/fuzzy-cost.ts';
import { textForms } from '../normalize/morphology.ts';
import { tokenize } from '../normalize/tokenize.ts';
import { lookupCodes, type WordVocabulary } from '../normalize/word-vocabulary.ts';
import type { MatchInput } from '../types.ts';
import type { CompiledWatchlists } from './compile-watchlists.ts';
import { makeSnippet } from './make-snippet.ts';
import { entriesInContext } from './match-article.ts';
import { scriptOfWord } from './transliterate.ts';

export interface SuggestArticle {
  id: number;
  title: string | null;
  input: MatchInput;
}

export interface VariantSuggestion {
  entry: string;
  /** The spelling found, as most often written. */
  text: string;
  /** The alias (or generated spelling) it is nearest to, and how far (in edits). */
  nearest: string;
  distance: number;
  /** Articles it occurs in. */
  articles: number;
  score: number;
  lang: string;
  examples: Array<{ id: number; title: string | null; snippet: string }>;
  /** The command that adds it to the entry. */
  command: string;
}

export interface SuggestOptions {
  /** Only this entry (its id); every entry with aliases otherwise. */
  entry?: string;
  limit?: number;
}

/**
 * How far a word may be from an alias word of `length` letters to be suggested: what the matcher
 * tolerates plus half an edit (what it does not find yet), two edits at most.
 */
function suggestBound(length: number, arabic: boolean): number {
  const matcher = maxCostFor(length, arabic);
  return matcher < 0 ? -1 : Math.min(2 * EDIT, matcher + CONFUSION);
}
const EXAMPLES = 2;

interface Target {
  words: string[];
  text: string;
}

interface Tally {
  entry: number;
  key: string;
  spellings: Map<string, number>;
  nearest: string;
  cost: number;
  articles: Set<number>;
  examples: VariantSuggestion['examples'];
  lang: string;
}

/** Whether a text word looks like a name: capitalised in Latin or Cyrillic, any Arabic word. */
function nameLike(surface: string): boolean {
  const first = surface[0]!;
  return scriptOfWord(surface) === 'arabic' || first !== first.toLowerCase();
}

function langOf(surface: string, articleLang: string | null | undefined): string {
  const script = scriptOfWord(surface);
  if (script === 'arabic') return 'ar';
  if (script === 'cyrillic') return 'ru';
  return articleLang === 'fr' || articleLang === 'en' ? articleLang : 'en';
}

const codes = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** Whether the watchlist knows a text word as written or in another form (Хафтаром, Agadez, Russia's). */
function knownWord(v: WordVocabulary, word: string, script: number): boolean {
  return textForms(word, script).some((f) => lookupCodes(v, codes(f), 0, f.length) >= 0);
}

/** The cost of text words[i..i+n) against the target phrase, or Infinity; 0 means it is the alias itself. */
function phraseCost(words: string[], i: number, target: string[]): number {
  let total = 0;
  for (let j = 0; j < target.length; j++) {
    const a = words[i + j]!;
    const b = target[j]!;
    if (a === b) continue;
    const bound = suggestBound(b.length, /[\u0600-\u06ff]/.test(b));
    if (bound < 0 || a.length < FUZZY_MIN_LENGTH - 1) return Infinity;
    const c = fuzzyCost(codes(a), a.length, codes(b), b.length, bound);
    if (c > bound) return Infinity;
    total += c;
  }
  return total;
}

export async function suggestVariants(
  compiled: CompiledWatchlists,
  articles: AsyncIterable<SuggestArticle> | Iterable<SuggestArticle>,
  options: SuggestOptions = {},
): Promise<VariantSuggestion[]> {
  const wanted = options.entry === undefined ? null : compiled.entries.findIndex((e) => e.id === options.entry);
  // The spellings each entry already has, written or generated, as folded word lists.
  const targets = compiled.entries.map((e) =>
    [...e.aliases, ...e.ambiguous, ...e.partial].map((a): Target => {
      const phrase = compiled.phrases[a.phrase]!;
      return { words: phrase.forms.map((f) => f[0]!), text: a.variant === null ? a.text : phrase.forms.map((f) => f[0]).join(' ') };
    }),
  );
  const aliasKeys = targets.map((list) => new Set(list.map((t) => t.words.join(' '))));
  const tallies = new Map<string, Tally>();
  for await (const article of articles) {
    const { fields, entries } = entriesInContext(compiled, article.input);
    for (const e of entries) {
      if (wanted !== null && e !== wanted) continue;
      for (const field of fields) {
        const t = tokenize(field.text);
        const known = t.words.map((w, i) => knownWord(compiled.vocabulary, w, t.scripts[i]!));
        for (const target of targets[e]!) {
          const n = target.words.length;
          for (let i = 0; i + n <= t.words.length; i++) {
            const key = t.words.slice(i, i + n).join(' ');
            // A spelling is new only if the watchlist misses one of its words: an inflected alias
            // is matched already, and a word it knows is another term (Agadez is not Agadem).
            if (aliasKeys[e]!.has(key) || known.slice(i, i + n).every(Boolean)) continue;
            const surface = field.text.slice(t.starts[i], t.ends[i + n - 1]);
            if (!nameLike(surface)) continue;
            const cost = phraseCost(t.words, i, target.words);
            if (!Number.isFinite(cost) || cost === 0) continue;
            const id = `${e}\u0000${key}`;
            let tally = tallies.get(id);
            if (!tally) tallies.set(id, (tally = { entry: e, key, spellings: new Map(), nearest: target.text, cost, articles: new Set(), examples: [], lang: langOf(surface, article.input.lang) }));
            if (cost < tally.cost) {
              tally.cost = cost;
              tally.nearest = target.text;
            }
            tally.spellings.set(surface, (tally.spellings.get(surface) ?? 0) + 1);
            if (!tally.articles.has(article.id)) {
              tally.articles.add(article.id);
              if (tally.examples.length < EXAMPLES) tally.examples.push({ id: article.id, title: article.title, snippet: makeSnippet(field.text, t.starts[i]!, t.ends[i + n - 1]!) });
            }
          }
        }
      }
    }
  }
  const out = [...tallies.values()].map((t): VariantSuggestion => {
    const text = [...t.spellings].sort((a, b) => b[1] - a[1])[0]![0];
    const entry = compiled.entries[t.entry]!.id;
    const distance = t.cost / EDIT;
    return {
      entry,
      text,
      nearest: t.nearest,
      distance,
      articles: t.articles.size,
      score: Math.round((t.articles.size / (1 + distance)) * 100) / 100,
      lang: t.lang,
      examples: t.examples,
      command: `rasid watchlist add ${entry} --alias ${JSON.stringify(text)} --lang ${t.lang}`,
    };
  });
  out.sort((a, b) => b.score - a.score || a.distance - b.distance || a.text.localeCompare(b.text));
  return out.slice(0, options.limit ?? 20);
}
