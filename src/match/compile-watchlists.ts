// Watchlists → one lookup structure, built once. Every alias, context term, exclusion and set term
// becomes a phrase of folded words; identical phrases are shared. Every form of every phrase word
// gets an id in a vocabulary the tokenizer reads directly, and phrases are indexed by the ids of
// their first word's forms, so matching an article costs one hash probe per word form of the text
// whatever the size of the watchlist, plus a check of the few phrases starting there.
import { strongLength } from '../normalize/fuzzy-cost.ts';
import { buildFuzzyIndex } from '../normalize/fuzzy-index.ts';
import { aliasForms } from '../normalize/morphology.ts';
import { tokenize } from '../normalize/tokenize.ts';
import { buildVocabulary, type WordVocabulary } from '../normalize/word-vocabulary.ts';
import type { Priority } from '../types.ts';
import type { Alias, Description, Nearness, RuleExpr, ScopedTerms, TermRef, Watchlist, WatchlistEntry, Within } from '../watchlist/watchlist-types.ts';
import { aliasVariants, type VariantKind } from './alias-variants.ts';
import { scriptOfWord, type Script } from './transliterate.ts';

export interface Phrase {
  /** The text as written in the watchlist (first spelling seen). */
  text: string;
  lang: string | null;
  /** Per word of the phrase: the forms a text word may take to match it. */
  forms: string[][];
}

/** A compiled context/exclusion/rule operand. */
export type Operand =
  | { kind: 'phrase'; phrase: number }
  | { kind: 'entry'; entry: number }
  | { kind: 'set'; set: number };

export type CompiledRule =
  | Operand
  | { kind: 'any' | 'all' | 'none'; of: CompiledRule[] }
  /** `sentence`: the operands must also share a sentence (descriptions are noun phrases). */
  | { kind: 'near'; of: CompiledRule[]; within: Nearness; sentence?: boolean };

export interface CompiledScope {
  operands: Operand[];
  within: Within;
}

export interface CompiledAlias {
  phrase: number;
  /** The alias as the watchlist writes it (for a variant: the alias it was made from). */
  text: string;
  lang: string | null;
  /** How a generated spelling was made from `text`; null for the alias itself. */
  variant: VariantKind | null;
  /** Counts only with the entry's context or beside a counted mention (generated single words, partial names). */
  weak: boolean;
}

export interface CompiledEntry {
  id: string;
  name: string;
  priority: Priority;
  watchlist: string;
  aliases: CompiledAlias[];
  ambiguous: CompiledAlias[];
  /** Parts of names: count with the entry's context or beside a counted whole-name mention. */
  partial: CompiledAlias[];
  /** `describedAs`, each a `near` over `any` groups, with its own exclusions. */
  descriptions: CompiledDescription[];
  context: CompiledScope | null;
  exclude: CompiledScope | null;
  rule: CompiledRule | null;
  /** Entries whose rule mentions this one: they are worth evaluating when this one matches. */
  dependents: number[];
}

export interface CompiledDescription {
  rule: CompiledRule & { kind: 'near' };
  exclude: CompiledScope | null;
}

export interface CompiledSet {
  name: string;
  watchlist: string;
  phrases: number[];
  exclude: CompiledScope | null;
}

export interface CompiledWatchlists {
  phrases: Phrase[];
  /** Every form of every phrase word; the ids below are ids in it. */
  vocabulary: WordVocabulary;
  /**
   * Form id → phrases whose first word has that form, as flat arrays (no pointers to chase in the
   * hot loop): firstWordPhrases[firstWordStart[id] .. firstWordStart[id + 1]).
   */
  firstWordStart: Int32Array;
  firstWordPhrases: Int32Array;
  /** Words per phrase. */
  phraseLength: Uint8Array;
  /** 1 for the phrases a near spelling may match: the aliases and ambiguous aliases that are not generated single words. */
  fuzzyPhrase: Uint8Array;
  /**
   * Form ids that word j of phrase p accepts: wordForms[wordFormStart[w] .. wordFormStart[w + 1])
   * with w = phraseWordStart[p] + j.
   */
  phraseWordStart: Int32Array;
  wordFormStart: Int32Array;
  wordForms: Int32Array;
  /** Entries in dependency order: an entry comes after every entry it refers to. */
  entries: CompiledEntry[];
  sets: CompiledSet[];
  /**
   * Phrase p → entries an occurrence of it may make match (aliases, rule terms and rule sets):
   * triggerEntries[triggerStart[p] .. triggerStart[p + 1]). Flat typed arrays: an article's
   * dozens of found phrases read them without chasing a pointer to a small array each.
   */
  triggerStart: Int32Array;
  triggerEntries: Int32Array;
  /** Phrase → sets it belongs to. */
  phraseSets: number[][];
}

/** Dependency order of entries (references via context, exclude and rule), so each is evaluated after what it needs. */
function dependencyOrder(watchlists: Watchlist[]): Array<{ w: Watchlist; e: Watchlist['entries'][number] }> {
  const all = watchlists.flatMap((w) => w.entries.map((e) => ({ w, e })));
  const byId = new Map(all.map((x) => [x.e.id, x]));
  const refsOf = (x: (typeof all)[number]): string[] => {
    const out: string[] = [];
    const visitRef = (r: TermRef) => r.kind === 'entry' && out.push(r.id);
    const visitRule = (r: RuleExpr): void => {
      if ('of' in r) r.of.forEach(visitRule);
      else visitRef(r);
    };
    x.e.context?.terms.forEach(visitRef);
    x.e.exclude?.terms.forEach(visitRef);
    if (x.e.rule) visitRule(x.e.rule);
    for (const d of x.e.describedAs) {
      d.groups.forEach((g) => g.forEach(visitRef));
      d.exclude?.terms.forEach(visitRef);
    }
    return out;
  };
  const done = new Set<string>();
  const order: typeof all = [];
  const visit = (x: (typeof all)[number], path: Set<string>) => {
    if (done.has(x.e.id) || path.has(x.e.id)) return;
    path.add(x.e.id);
    for (const id of refsOf(x)) {
      const dep = byId.get(id);
      if (dep) visit(dep, path);
    }
    done.add(x.e.id);
    order.push(x);
  };
  for (const x of all) visit(x, new Set());
  return order;
}

export function compileWatchlists(watchlists: Watchlist[]): CompiledWatchlists {
  const phrases: Phrase[] = [];
  const phraseByKey = new Map<string, number>();

  const phraseOfWords = (words: string[], scripts: number[], text: string, lang: string | null): number | null => {
    if (words.length === 0) return null;
    const key = words.join(' ');
    const known = phraseByKey.get(key);
    if (known !== undefined) return known;
    const id = phrases.length;
    const forms = words.map((w, i) => aliasForms(w, scripts[i]!));
    phrases.push({ text, lang, forms });
    phraseByKey.set(key, id);
    return id;
  };
  const phraseOf = (text: string, lang: string | null): number | null => {
    const tokens = tokenize(text);
    return phraseOfWords(tokens.words, tokens.scripts, text, lang);
  };

  const order = dependencyOrder(watchlists);
  const entryIndex = new Map(order.map((x, i) => [x.e.id, i]));
  const sets: CompiledSet[] = [];
  const setIndex = new Map<string, number>();
  const setKey = (w: Watchlist, name: string) => `${w.file}\u0000${name}`;

  const operand = (w: Watchlist, r: TermRef): Operand | null => {
    if (r.kind === 'term') {
      const p = phraseOf(r.text, r.lang);
      return p === null ? null : { kind: 'phrase', phrase: p };
    }
    if (r.kind === 'entry') {
      const e = entryIndex.get(r.id);
      return e === undefined ? null : { kind: 'entry', entry: e };
    }
    const s = setIndex.get(setKey(w, r.name));
    return s === undefined ? null : { kind: 'set', set: s };
  };
  const scope = (w: Watchlist, s: ScopedTerms | null): CompiledScope | null =>
    s && { operands: s.terms.map((t) => operand(w, t)).filter((o): o is Operand => o !== null), within: s.within };

  for (const w of watchlists)
    for (const set of Object.values(w.sets)) {
      setIndex.set(setKey(w, set.name), sets.length);
      sets.push({ name: set.name, watchlist: w.name, phrases: [], exclude: null });
    }
  for (const w of watchlists)
    for (const set of Object.values(w.sets)) {
      const s = sets[setIndex.get(setKey(w, set.name))!]!;
      s.phrases = set.terms.map((t) => operand(w, t)).flatMap((o) => (o?.kind === 'phrase' ? [o.phrase] : []));
      s.exclude = scope(w, set.exclude);
    }

  const rule = (w: Watchlist, r: RuleExpr): CompiledRule | null => {
    if (r.kind === 'any' || r.kind === 'all' || r.kind === 'none') {
      return { kind: r.kind, of: r.of.map((x) => rule(w, x)).filter((x): x is CompiledRule => x !== null) };
    }
    if (r.kind === 'near') {
      return { kind: 'near', of: r.of.map((x) => rule(w, x)).filter((x): x is CompiledRule => x !== null), within: r.within };
    }
    return operand(w, r);
  };
  const alias = (a: Alias, weak: boolean): CompiledAlias | null => {
    const p = phraseOf(a.text, a.lang);
    return p === null ? null : { phrase: p, text: a.text, lang: a.lang, variant: null, weak };
  };

  // The same phrase listed twice (under en and fr, or as alias and ambiguous) is kept once; an
  // alias that counts on its own wins over its ambiguous twin, and a written alias over a variant.
  const aliasesOf = (list: Alias[], taken: Set<number>, weak: boolean) =>
    list
      .map((a) => alias(a, weak))
      .filter((a): a is CompiledAlias => a !== null && !taken.has(a.phrase) && Boolean(taken.add(a.phrase)));
  const variantsOf = (list: CompiledAlias[], taken: Set<number>, missing: Set<Script>, hasContext: boolean): CompiledAlias[] => {
    const out: CompiledAlias[] = [];
    for (const a of list)
      for (const v of aliasVariants(a.text, missing.size > 0 && writtenAsName(a.text), TRANSLITERATIONS_PER_SCRIPT)) {
        if (v.kind === 'transliterated' && !missing.has(v.script!)) continue;
        // A generated single word needs context: without any, it could never count.
        const weak = a.weak || (v.kind === 'transliterated' && v.words.length === 1);
        if (weak && !hasContext) continue;
        const p = phraseOfWords(v.words, v.words.map(scriptCode), v.words.join(' '), a.lang);
        if (p === null || taken.has(p)) continue;
        taken.add(p);
        out.push({ phrase: p, text: a.text, lang: a.lang, variant: v.kind, weak });
      }
    return out;
  };
  const describe = (w: Watchlist, d: Description): CompiledDescription | null => {
    const groups = d.groups.map((g) => ({ kind: 'any' as const, of: g.map((t) => operand(w, t)).filter((o): o is Operand => o !== null) }));
    return groups.some((g) => g.of.length === 0) ? null : { rule: { kind: 'near', of: groups, within: d.within, sentence: true }, exclude: scope(w, d.exclude) };
  };
  const entries: CompiledEntry[] = order.map(({ w, e }) => {
    const taken = new Set<number>();
    const aliases = aliasesOf(e.aliases, taken, false);
    const ambiguous = aliasesOf(e.ambiguous, taken, false);
    const partial = aliasesOf([...e.partial, ...(e.partialAuto ? partialNames(e) : [])], taken, true);
    const hasContext = e.context !== null && e.context.terms.length > 0;
    const missing = missingScripts(e);
    return {
      id: e.id,
      name: e.name,
      priority: e.priority,
      watchlist: w.name,
      aliases: [...aliases, ...variantsOf(aliases, taken, missing, hasContext)],
      ambiguous: [...ambiguous, ...variantsOf(ambiguous, taken, missing, hasContext)],
      partial: [...partial, ...variantsOf(partial, taken, new Set(), hasContext)],
      descriptions: e.describedAs.map((d) => describe(w, d)).filter((d): d is CompiledDescription => d !== null),
      context: scope(w, e.context),
      exclude: scope(w, e.exclude),
      rule: e.rule && rule(w, e.rule),
      dependents: [],
    };
  });

  const triggers: number[][] = phrases.map(() => []);
  const phraseSets: number[][] = phrases.map(() => []);
  sets.forEach((s, i) => {
    for (const p of s.phrases) phraseSets[p]!.push(i);
  });
  const addTrigger = (p: number, e: number) => {
    const list = triggers[p]!;
    if (list[list.length - 1] !== e) list.push(e);
  };
  entries.forEach((entry, i) => {
    for (const a of [...entry.aliases, ...entry.ambiguous, ...entry.partial]) addTrigger(a.phrase, i);
    const visit = (r: CompiledRule, positive: boolean): void => {
      if (r.kind === 'phrase') {
        if (positive) addTrigger(r.phrase, i);
      } else if (r.kind === 'set') {
        if (positive) for (const p of sets[r.set]!.phrases) addTrigger(p, i);
      } else if (r.kind === 'entry') {
        const deps = entries[r.entry]!.dependents;
        if (positive && !deps.includes(i)) deps.push(i);
      } else r.of.forEach((x) => visit(x, positive && r.kind !== 'none'));
    };
    if (entry.rule) visit(entry.rule, true);
    for (const d of entry.descriptions) visit(d.rule, true);
  });
  const triggerStart = new Int32Array(phrases.length + 1);
  triggers.forEach((list, p) => (triggerStart[p + 1] = triggerStart[p]! + list.length));
  const triggerEntries = Int32Array.from(triggers.flat());
  const index = phraseIndex(phrases);
  const fuzzyPhrase = new Uint8Array(phrases.length);
  // Generated spellings are guesses already: a near spelling of a guess is not matched. A single
  // short word of an entry without context could never count when near-spelled, so it stays exact.
  for (const e of entries)
    for (const a of [...e.aliases, ...e.ambiguous]) {
      if (a.weak || a.variant !== null) continue;
      const words = phrases[a.phrase]!.forms;
      if (words.length === 1 && !e.context && words[0]![0]!.length < strongLength(scriptOfWord(words[0]![0]!) === 'arabic')) continue;
      fuzzyPhrase[a.phrase] = 1;
    }
  index.vocabulary.fuzzy = buildFuzzyIndex(index.vocabulary, fuzzyWords(phrases, fuzzyPhrase, index));
  return { phrases, ...index, fuzzyPhrase, entries, sets, triggerStart, triggerEntries, phraseSets };
}

/** Generated spellings per alias and script: the likeliest one (see the README for what it finds). */
const TRANSLITERATIONS_PER_SCRIPT = 1;

const scriptCode = (word: string) => ({ latin: 0, arabic: 1, cyrillic: 2 })[scriptOfWord(word)];

/**
 * Whether an alias is a proper name whose spellings in other scripts are worth generating: every
 * word capitalised, in Latin or Cyrillic. Arabic writes no short vowels, so Latin and Cyrillic
 * spellings guessed from an Arabic alias are wrong more often than right; common nouns
 * ("pipeline") are translated, not transliterated, by the press.
 */
function writtenAsName(text: string): boolean {
  const t = tokenize(text);
  return t.words.length > 0 && t.starts.every((s, i) => capitalised(text, s) || /^\d+$/.test(t.words[i]!)) && !/[\u0600-\u06ff]/.test(text);
}

/** The word of `text` at `start` begins with a capital (Latin, Cyrillic, Greek…) or is Arabic, which has no case. */
function capitalised(text: string, start: number): boolean {
  const c = text[start]!;
  return /[\u0600-\u06ff]/.test(c) || c !== c.toLowerCase();
}

/** The scripts none of an entry's aliases is written in: generated spellings fill those only. */
function missingScripts(e: WatchlistEntry): Set<Script> {
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

/**
 * The vocabulary ids that may match a near spelling: every form of the words of the phrases
 * `fuzzyPhrase` marks. Contexts, sets, exclusions and partial names stay exact: "Nigerian" is one
 * letter from "Nigerien", "ministère" from "ministre", "على الأمن" (on security) from "علي الأمين".
 */
function fuzzyWords(phrases: Phrase[], fuzzyPhrase: Uint8Array, index: ReturnType<typeof phraseIndex>): (id: number) => boolean {
  const allowed = new Uint8Array(index.vocabulary.size);
  fuzzyPhrase.forEach((yes, p) => {
    if (yes === 0) return;
    // Names only: a word the watchlist writes in lower case ("groupe", "convoy") is a common noun,
    // and a common noun one letter from another word is another word.
    const t = tokenize(phrases[p]!.text);
    for (let j = 0, w = index.phraseWordStart[p]!; w < index.phraseWordStart[p + 1]!; j++, w++) {
      if (t.starts[j] === undefined || !capitalised(phrases[p]!.text, t.starts[j]!)) continue;
      for (let k = index.wordFormStart[w]!; k < index.wordFormStart[w + 1]!; k++) allowed[index.wordForms[k]!] = 1;
    }
  });
  return (id) => allowed[id] === 1;
}

/** The vocabulary of phrase word forms and the flat arrays find-phrases reads. */
function phraseIndex(phrases: Phrase[]) {
  const idOf = new Map<string, number>();
  const formId = (form: string) => {
    let id = idOf.get(form);
    if (id === undefined) idOf.set(form, (id = idOf.size));
    return id;
  };
  const phraseLength = new Uint8Array(phrases.length);
  const phraseWordStart = new Int32Array(phrases.length + 1);
  const wordFormStart: number[] = [0];
  const wordForms: number[] = [];
  const firstWord: number[][] = [];
  phrases.forEach((p, i) => {
    phraseLength[i] = Math.min(p.forms.length, 255);
    phraseWordStart[i] = wordFormStart.length - 1;
    p.forms.forEach((forms, j) => {
      for (const form of forms) {
        const id = formId(form);
        wordForms.push(id);
        if (j === 0) (firstWord[id] ??= []).push(i);
      }
      wordFormStart.push(wordForms.length);
    });
  });
  phraseWordStart[phrases.length] = wordFormStart.length - 1;
  const firstWordStart = new Int32Array(idOf.size + 1);
  const firstWordPhrases: number[] = [];
  for (let id = 0; id < idOf.size; id++) {
    firstWordStart[id] = firstWordPhrases.length;
    for (const p of firstWord[id] ?? []) firstWordPhrases.push(p);
  }
  firstWordStart[idOf.size] = firstWordPhrases.length;
  const starters = Array.from({ length: idOf.size }, (_, id) => firstWordStart[id + 1]! > firstWordStart[id]!);
  return {
    vocabulary: buildVocabulary([...idOf.keys()], starters),
    firstWordStart,
    firstWordPhrases: Int32Array.from(firstWordPhrases),
    phraseLength,
    phraseWordStart,
    wordFormStart: Int32Array.from(wordFormStart),
    wordForms: Int32Array.from(wordForms),
  };
}
