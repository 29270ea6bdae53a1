// The validated shape of watchlist files (watchlists/README.md describes the YAML). The loader
// turns YAML into these plain records once; the compiler in src/match/ trusts them.
import type { Priority } from '../types.ts';

/** Something a context, exclusion, set or rule can point at. */
export type TermRef =
  /** A word or phrase, matched after normalisation. `lang` is the key it was listed under, if any. */
  | { kind: 'term'; text: string; lang: string | null }
  /** Another entry of any watchlist, matched with its own aliases, context and exclusions. */
  | { kind: 'entry'; id: string }
  /** A named term set of the same file. */
  | { kind: 'set'; name: string };

/** A boolean rule over terms, sets and entries (compound topics). */
export type RuleExpr =
  | TermRef
  | { kind: 'any'; of: RuleExpr[] }
  | { kind: 'all'; of: RuleExpr[] }
  | { kind: 'none'; of: RuleExpr[] }
  /** Every operand occurs within `within` (words, or the same sentence/paragraph) of an occurrence of the first one. */
  | { kind: 'near'; of: RuleExpr[]; within: Nearness };

/** How close two mentions must be: at most N words between them, or in the same sentence or paragraph. */
export type Nearness = number | 'sentence' | 'paragraph';

/** How far a context or exclusion term may be from an alias: a nearness, or anywhere in the article. */
export type Within = Nearness | 'article';

export interface ScopedTerms {
  terms: TermRef[];
  within: Within;
}

export interface Alias {
  text: string;
  lang: string | null;
}

/** One `describedAs` item: a term of every group, each within `within` of the first group's. */
export interface Description {
  groups: TermRef[][];
  within: Nearness;
  /** Terms that cancel this description where they overlap it or are `within` of it. */
  exclude: ScopedTerms | null;
}

export interface TermSet {
  name: string;
  terms: TermRef[];
  /** Occurrences of these cancel an overlapping (or `within`-near) occurrence of the set's terms. */
  exclude: ScopedTerms | null;
}

export interface WatchlistEntry {
  id: string;
  name: string;
  priority: Priority;
  /** Count on their own. */
  aliases: Alias[];
  /** Count only with a `context` term nearby. */
  ambiguous: Alias[];
  /**
   * Parts of a name (a surname, a first-name pair): count when the entry's context holds or a
   * whole alias of the entry counts in the same article.
   */
  partial: Alias[];
  /** `partial: auto`: the parts are also derived from every alias of two words or more. */
  partialAuto: boolean;
  /** The entity described instead of named: each description's groups of terms occur near each other. */
  describedAs: Description[];
  context: ScopedTerms | null;
  exclude: ScopedTerms | null;
  /** A compound topic's rule; an entry with both aliases and a rule matches when either holds. */
  rule: RuleExpr | null;
  /** Where the entry starts in its file, for messages. */
  line: number | null;
}

export interface Watchlist {
  /** The `watchlist:` name, or the file name without extension. */
  name: string;
  file: string;
  description: string | null;
  sets: Record<string, TermSet>;
  entries: WatchlistEntry[];
}

export interface WatchlistProblem {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
  hint: string;
}
