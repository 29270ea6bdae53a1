// The compiled form of the watchlists (compile-watchlists.ts builds it; find-phrases.ts and
// evaluate-entries.ts read it): phrases as folded words, a vocabulary of their forms, flat arrays
// for the hot loop, and entries whose aliases, contexts and rules point at phrases by number.
import type { WordVocabulary } from '../normalize/word-vocabulary.ts';
import type { Priority } from '../types.ts';
import type { Nearness, Within } from '../watchlist/watchlist-types.ts';
import type { VariantKind } from './alias-variants.ts';

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
  /**
   * The phrases of aliases, ambiguous and partial, in that order, in one flat array: evaluation
   * checks which of them occur without visiting each alias (generated spellings triple them).
   */
  aliasPhrases: Int32Array;
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
   * Form id → the phrases whose first word has that form, as check records one after another in
   * firstWordChecks[firstWordStart[id] .. firstWordStart[id + 1]) (no pointers to chase in the hot
   * loop). A record is: the phrase, the record's size, the phrase's length (phraseLength), then
   * for each word after the first the number of forms it accepts and their ids.
   */
  firstWordStart: Int32Array;
  firstWordChecks: Int32Array;
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
