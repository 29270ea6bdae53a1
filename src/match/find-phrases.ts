// Every occurrence of every compiled phrase in an article's fields. The tokenizer has already
// given each word of the text the vocabulary ids of its forms (itself, then without clitics or
// case ending); the phrases starting with one of those forms are checked word by word, on ids.
// Phrases never span two fields.
import type { WordIds } from '../normalize/tokenize.ts';
import type { CompiledWatchlists } from './compile-watchlists.ts';

export interface Field {
  name: 'title' | 'content';
  /** The plain text (HTML already stripped): terms and snippets are cut from it. */
  text: string;
  /** The field's words as vocabulary ids, with their positions. */
  tokens: WordIds;
  /** Position of the field's first word in the article's word numbering. */
  base: number;
}

/** A run of words of one field; `pos`/`end` are article word positions (inclusive), for distances. */
export interface Span {
  field: number;
  pos: number;
  end: number;
}

export interface Occurrence extends Span {
  phrase: number;
  /** 0 for the phrase as compiled; otherwise the summed cost of its near-spelled words (fuzzy-cost.ts). */
  cost: number;
  /** Words of the occurrence matched by a near spelling only. */
  fuzzyWords: number;
}

/** Fields are numbered far apart so that "near" never reaches from the title into the content. */
export const FIELD_GAP = 1_000_000;

/**
 * Occurrences kept per phrase and article. Contexts, exclusions and `near` compare occurrences
 * pairwise; the bound keeps a hostile article (one name repeated 100,000 times) linear, and no
 * real article needs more mentions to decide a hit.
 */
export const MAX_OCCURRENCES = 256;

/** Whether the text word with id entry `id` (see WordIds.ids) has a form among checks[from..to). */
function accepts(checks: Int32Array, formLists: number[][], id: number, from: number, to: number): boolean {
  if (id >= 0) {
    for (let k = from; k < to; k++) if (checks[k] === id) return true;
    return false;
  }
  if (id === -1) return false;
  for (const form of formLists[-2 - id]!) for (let k = from; k < to; k++) if (checks[k] === form) return true;
  return false;
}

/**
 * Whether the phrase of the check record at checks[at] (see CompiledWatchlists.firstWordChecks),
 * whose first word matched text word i, continues with the following words.
 */
function continues(checks: Int32Array, ids: number[], formLists: number[][], at: number, i: number): boolean {
  const length = checks[at + 2]!;
  if (length === 1) return true;
  if (i + length > ids.length) return false;
  let k = at + 3;
  for (let j = 1; j < length; j++) {
    const n = checks[k]!;
    if (!accepts(checks, formLists, ids[i + j]!, k + 1, k + 1 + n)) return false;
    k += 1 + n;
  }
  return true;
}

function record(found: Map<number, Occurrence[]>, p: number, f: number, pos: number, end: number, cost: number, fuzzyWords: number): void {
  const occ: Occurrence = { phrase: p, field: f, pos, end, cost, fuzzyWords };
  const list = found.get(p);
  if (list === undefined) found.set(p, [occ]);
  else if (list.length < MAX_OCCURRENCES) list.push(occ);
}

/**
 * Records an occurrence of phrase p at text word i, with the cost of its near-spelled words: a
 * phrase with at least one word as written is a whole-name match and goes to `found`; a single
 * near-spelled word goes to `near`, which only an alias with the entry's context (or a long,
 * distinctive alias word) can count; a phrase of near spellings only is not recorded.
 */
function recordAt(c: CompiledWatchlists, field: Field, f: number, p: number, i: number, found: Map<number, Occurrence[]>, near: Map<number, Occurrence[]>): void {
  const length = c.phraseLength[p]!;
  const pos = field.base + i;
  const fuzzy = field.tokens.fuzzy;
  if (fuzzy.length === 0) {
    record(found, p, f, pos, pos + length - 1, 0, 0);
    return;
  }
  const allowed = c.fuzzyPhrase[p] === 1;
  let cost = 0;
  let words = 0;
  const w = c.phraseWordStart[p]!;
  // Triples are in word order: start at the first one at or after word i.
  let lo = 0;
  let hi = fuzzy.length / 3;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fuzzy[mid * 3]! < i) lo = mid + 1;
    else hi = mid;
  }
  for (let j = 0; j < length; j++) {
    for (let k = lo * 3; k < fuzzy.length && fuzzy[k]! <= i + j; k += 3) {
      if (fuzzy[k] !== i + j) continue;
      let accepted = false;
      for (let m = c.wordFormStart[w + j]!; m < c.wordFormStart[w + j + 1]!; m++) if (c.wordForms[m] === fuzzy[k + 1]) accepted = true;
      if (!accepted) continue;
      // A phrase that may not match near spellings (a context term, a partial name) does not occur here.
      if (!allowed) return;
      cost += fuzzy[k + 2]!;
      words++;
      break;
    }
  }
  // A name of several words needs one of them as written (a whole-name match); every word
  // near-spelled is another name (Afrika Korps is not the Africa Corps).
  if (words === length && length > 1) return;
  record(words > 0 ? near : found, p, f, pos, pos + length - 1, cost, words);
}

/**
 * Every occurrence of every phrase; occurrences made only of near spellings go to `near` (see
 * recordAt), the others are returned.
 */
/** Scratch for findPhrases (matching is synchronous). */
const SEEN: number[] = [];

export function findPhrases(compiled: CompiledWatchlists, fields: Field[], near: Map<number, Occurrence[]> = new Map()): Map<number, Occurrence[]> {
  const found = new Map<number, Occurrence[]>();
  const { firstWordStart, firstWordChecks: checks } = compiled;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const { ids, formLists } = field.tokens;
    const n = ids.length;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id === -1) continue;
      if (id >= 0) {
        for (let k = firstWordStart[id]!, end = firstWordStart[id + 1]!; k < end; k += checks[k + 1]!) {
          if (continues(checks, ids, formLists, k, i)) recordAt(compiled, field, f, checks[k]!, i, found, near);
        }
        continue;
      }
      // Two forms of one word can reach the same phrase; check it once.
      const seen = SEEN;
      seen.length = 0;
      for (const form of formLists[-2 - id]!) {
        for (let k = firstWordStart[form]!, end = firstWordStart[form + 1]!; k < end; k += checks[k + 1]!) {
          const p = checks[k]!;
          if (seen.includes(p)) continue;
          seen.push(p);
          if (continues(checks, ids, formLists, k, i)) recordAt(compiled, field, f, p, i, found, near);
        }
      }
    }
  }
  return found;
}
