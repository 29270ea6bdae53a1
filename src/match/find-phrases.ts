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
}

/** Fields are numbered far apart so that "near" never reaches from the title into the content. */
export const FIELD_GAP = 1_000_000;

/**
 * Occurrences kept per phrase and article. Contexts, exclusions and `near` compare occurrences
 * pairwise; the bound keeps a hostile article (one name repeated 100,000 times) linear, and no
 * real article needs more mentions to decide a hit.
 */
export const MAX_OCCURRENCES = 256;

/** Whether the text word with id entry `id` (see WordIds.ids) has a form among wordForms[from..to). */
function accepts(c: CompiledWatchlists, formLists: number[][], id: number, from: number, to: number): boolean {
  const wordForms = c.wordForms;
  if (id >= 0) {
    for (let k = from; k < to; k++) if (wordForms[k] === id) return true;
    return false;
  }
  if (id === -1) return false;
  for (const form of formLists[-2 - id]!) for (let k = from; k < to; k++) if (wordForms[k] === form) return true;
  return false;
}

/** Whether phrase p, whose first word matched text word i, continues with the following words. */
function continues(c: CompiledWatchlists, ids: number[], formLists: number[][], p: number, i: number): boolean {
  const length = c.phraseLength[p]!;
  if (length === 1) return true;
  if (i + length > ids.length) return false;
  const w = c.phraseWordStart[p]!;
  for (let j = 1; j < length; j++) {
    if (!accepts(c, formLists, ids[i + j]!, c.wordFormStart[w + j]!, c.wordFormStart[w + j + 1]!)) return false;
  }
  return true;
}

function record(found: Map<number, Occurrence[]>, p: number, f: number, pos: number, end: number): void {
  const occ: Occurrence = { phrase: p, field: f, pos, end };
  const list = found.get(p);
  if (list === undefined) found.set(p, [occ]);
  else if (list.length < MAX_OCCURRENCES) list.push(occ);
}

export function findPhrases(compiled: CompiledWatchlists, fields: Field[]): Map<number, Occurrence[]> {
  const found = new Map<number, Occurrence[]>();
  const { firstWordStart, firstWordPhrases, phraseLength } = compiled;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const { ids, formLists } = field.tokens;
    const n = ids.length;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (id === -1) continue;
      if (id >= 0) {
        for (let k = firstWordStart[id]!, end = firstWordStart[id + 1]!; k < end; k++) {
          const p = firstWordPhrases[k]!;
          if (continues(compiled, ids, formLists, p, i)) record(found, p, f, field.base + i, field.base + i + phraseLength[p]! - 1);
        }
        continue;
      }
      // Two forms of one word can reach the same phrase; check it once.
      const seen: number[] = [];
      for (const form of formLists[-2 - id]!) {
        for (let k = firstWordStart[form]!, end = firstWordStart[form + 1]!; k < end; k++) {
          const p = firstWordPhrases[k]!;
          if (seen.includes(p)) continue;
          seen.push(p);
          if (continues(compiled, ids, formLists, p, i)) record(found, p, f, field.base + i, field.base + i + phraseLength[p]! - 1);
        }
      }
    }
  }
  return found;
}
