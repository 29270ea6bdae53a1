// Watchlists → one lookup structure, built once. Every alias, context term, exclusion and set term
// becomes a phrase of folded words; identical phrases are shared. Every form of every phrase word
// gets an id in a vocabulary the tokenizer reads directly, and phrases are indexed by the ids of
// their first word's forms, so matching an article costs one hash probe per word form of the text
// whatever the size of the watchlist, plus a check of the few phrases starting there.
import { strongLength } from '../normalize/fuzzy-cost.ts';
import { buildFuzzyIndex } from '../normalize/fuzzy-index.ts';
import { aliasForms } from '../normalize/morphology.ts';
import { tokenize } from '../normalize/tokenize.ts';
import { buildVocabulary, scriptOfCode } from '../normalize/word-vocabulary.ts';
import type { Alias, Description, RuleExpr, ScopedTerms, TermRef, Watchlist } from '../watchlist/watchlist-types.ts';
import { aliasVariants } from './alias-variants.ts';
import type { CompiledAlias, CompiledDescription, CompiledEntry, CompiledRule, CompiledScope, CompiledSet, CompiledWatchlists, Operand, Phrase } from './compiled-types.ts';
import { capitalised, missingScripts, partialNames, scriptCode, writtenAsName } from './name-rules.ts';
import { scriptOfWord, type Script } from './transliterate.ts';

export type { CompiledAlias, CompiledDescription, CompiledEntry, CompiledRule, CompiledScope, CompiledSet, CompiledWatchlists, Operand, Phrase } from './compiled-types.ts';

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
    const allAliases = [...aliases, ...variantsOf(aliases, taken, missing, hasContext)];
    const allAmbiguous = [...ambiguous, ...variantsOf(ambiguous, taken, missing, hasContext)];
    const allPartial = [...partial, ...variantsOf(partial, taken, new Set(), hasContext)];
    return {
      id: e.id,
      name: e.name,
      priority: e.priority,
      watchlist: w.name,
      aliases: allAliases,
      ambiguous: allAmbiguous,
      partial: allPartial,
      aliasPhrases: Int32Array.from([...allAliases, ...allAmbiguous, ...allPartial], (a) => a.phrase),
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
  // Ids are given script by script (Latin, Arabic, Cyrillic), so that what an article in one
  // script reads of the per-id arrays lies together.
  const all = new Set<string>();
  for (const p of phrases) for (const forms of p.forms) for (const form of forms) all.add(form);
  const idOf = new Map<string, number>();
  for (let script = 0; script < 3; script++) for (const form of all) if ((form.length === 0 ? 0 : scriptOfCode(form.charCodeAt(0))) === script) idOf.set(form, idOf.size);
  const formId = (form: string) => idOf.get(form)!;
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
  // Each phrase's check record is copied under every form of its first word: the phrases a text
  // word may begin are then checked by reading one run of memory, not four arrays per phrase.
  const firstWordStart = new Int32Array(idOf.size + 1);
  const firstWordChecks: number[] = [];
  for (let id = 0; id < idOf.size; id++) {
    firstWordStart[id] = firstWordChecks.length;
    for (const p of firstWord[id] ?? []) {
      const at = firstWordChecks.length;
      firstWordChecks.push(p, 0, phraseLength[p]!);
      const w = phraseWordStart[p]!;
      for (let j = 1; j < phraseLength[p]!; j++) {
        firstWordChecks.push(wordFormStart[w + j + 1]! - wordFormStart[w + j]!);
        for (let k = wordFormStart[w + j]!; k < wordFormStart[w + j + 1]!; k++) firstWordChecks.push(wordForms[k]!);
      }
      firstWordChecks[at + 1] = firstWordChecks.length - at;
    }
  }
  firstWordStart[idOf.size] = firstWordChecks.length;
  const starters = Array.from({ length: idOf.size }, (_, id) => firstWordStart[id + 1]! > firstWordStart[id]!);
  return {
    vocabulary: buildVocabulary([...idOf.keys()], starters),
    firstWordStart,
    firstWordChecks: Int32Array.from(firstWordChecks),
    phraseLength,
    phraseWordStart,
    wordFormStart: Int32Array.from(wordFormStart),
    wordForms: Int32Array.from(wordForms),
  };
}
