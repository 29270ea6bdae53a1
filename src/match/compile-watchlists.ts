// Watchlists → one lookup structure, built once. Every alias, context term, exclusion and set term
// becomes a phrase of folded words; identical phrases are shared. Every form of every phrase word
// gets an id in a vocabulary the tokenizer reads directly, and phrases are indexed by the ids of
// their first word's forms, so matching an article costs one hash probe per word form of the text
// whatever the size of the watchlist, plus a check of the few phrases starting there.
import { aliasForms } from '../normalize/morphology.ts';
import { tokenize } from '../normalize/tokenize.ts';
import { buildVocabulary, type WordVocabulary } from '../normalize/word-vocabulary.ts';
import type { Priority } from '../types.ts';
import type { Nearness, RuleExpr, ScopedTerms, TermRef, Watchlist, Within } from '../watchlist/watchlist-types.ts';

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
  | { kind: 'near'; of: CompiledRule[]; within: Nearness };

export interface CompiledScope {
  operands: Operand[];
  within: Within;
}

export interface CompiledAlias {
  phrase: number;
  text: string;
  lang: string | null;
}

export interface CompiledEntry {
  id: string;
  name: string;
  priority: Priority;
  watchlist: string;
  aliases: CompiledAlias[];
  ambiguous: CompiledAlias[];
  context: CompiledScope | null;
  exclude: CompiledScope | null;
  rule: CompiledRule | null;
  /** Entries whose rule mentions this one: they are worth evaluating when this one matches. */
  dependents: number[];
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

  const phraseOf = (text: string, lang: string | null): number | null => {
    const tokens = tokenize(text);
    if (tokens.words.length === 0) return null;
    const key = tokens.words.join(' ');
    const known = phraseByKey.get(key);
    if (known !== undefined) return known;
    const id = phrases.length;
    const forms = tokens.words.map((w, i) => aliasForms(w, tokens.scripts[i]!));
    phrases.push({ text, lang, forms });
    phraseByKey.set(key, id);
    return id;
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
  const alias = (a: { text: string; lang: string | null }): CompiledAlias | null => {
    const p = phraseOf(a.text, a.lang);
    return p === null ? null : { phrase: p, text: a.text, lang: a.lang };
  };

  // The same phrase listed twice (under en and fr, or as alias and ambiguous) is kept once; an
  // alias that counts on its own wins over its ambiguous twin.
  const aliasesOf = (list: Array<{ text: string; lang: string | null }>, taken: Set<number>) =>
    list
      .map(alias)
      .filter((a): a is CompiledAlias => a !== null && !taken.has(a.phrase) && Boolean(taken.add(a.phrase)));
  const entries: CompiledEntry[] = order.map(({ w, e }) => {
    const taken = new Set<number>();
    return {
    id: e.id,
    name: e.name,
    priority: e.priority,
    watchlist: w.name,
    aliases: aliasesOf(e.aliases, taken),
    ambiguous: aliasesOf(e.ambiguous, taken),
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
    for (const a of [...entry.aliases, ...entry.ambiguous]) addTrigger(a.phrase, i);
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
  });
  const triggerStart = new Int32Array(phrases.length + 1);
  triggers.forEach((list, p) => (triggerStart[p + 1] = triggerStart[p]! + list.length));
  const triggerEntries = Int32Array.from(triggers.flat());
  return { phrases, ...phraseIndex(phrases), entries, sets, triggerStart, triggerEntries, phraseSets };
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
