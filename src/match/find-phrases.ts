// Every occurrence of every compiled phrase in an article's fields. A word of the text is looked up
// by each of its forms (itself, then without clitics or case ending); the phrases starting with
// that form are checked word by word. Phrases never span two fields.
import type { Tokens } from '../normalize/tokenize.ts';
import { hasOtherForms, textForms } from '../normalize/morphology.ts';
import type { CompiledWatchlists } from './compile-watchlists.ts';

export interface Field {
  name: 'title' | 'content';
  /** The plain text (HTML already stripped): terms and snippets are cut from it. */
  text: string;
  tokens: Tokens;
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

/** Whether the words after position `i` continue phrase `forms` (its first word already matched). */
function continues(forms: string[][], words: string[], formsOf: Array<string[] | null>, i: number): boolean {
  for (let j = 1; j < forms.length; j++) {
    const wanted = forms[j]!;
    const own = formsOf[i + j];
    if (own === null || own === undefined) {
      if (!wanted.includes(words[i + j]!)) return false;
    } else {
      let any = false;
      for (let k = 0; k < own.length && !any; k++) any = wanted.includes(own[k]!);
      if (!any) return false;
    }
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
  const { byFirstWord, phrases, phraseLength, secondLengths } = compiled;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const { words, scripts } = field.tokens;
    const n = words.length;
    // Most words stand for themselves only; the others (Arabic with a possible clitic, Russian with
    // a possible ending) get their forms computed once. null means "just the word".
    const formsOf: Array<string[] | null> = new Array(n);
    for (let i = 0; i < n; i++) formsOf[i] = hasOtherForms(words[i]!, scripts[i]!) ? textForms(words[i]!, scripts[i]!) : null;
    /** Whether phrase p, whose first word matched word i, continues with the following words. */
    const mayStart = (p: number, i: number): boolean => {
      const length = phraseLength[p]!;
      if (length === 1) return true;
      if (i + length > n) return false;
      // A word standing for several forms may have another length; check those in full.
      if (formsOf[i + 1] === null && (secondLengths[p]! & (1 << Math.min(words[i + 1]!.length, 31))) === 0) return false;
      return continues(phrases[p]!.forms, words, formsOf, i);
    };
    for (let i = 0; i < n; i++) {
      const own = formsOf[i];
      if (own === null || own === undefined) {
        const ids = byFirstWord.get(words[i]!);
        if (ids === undefined) continue;
        for (let k = 0; k < ids.length; k++) {
          const p = ids[k]!;
          if (mayStart(p, i)) record(found, p, f, field.base + i, field.base + i + phraseLength[p]! - 1);
        }
        continue;
      }
      // Two forms of one word can reach the same phrase; check it once.
      const seen: number[] = [];
      for (const form of own) {
        const ids = byFirstWord.get(form);
        if (ids === undefined) continue;
        for (const p of ids) {
          if (seen.includes(p)) continue;
          seen.push(p);
          if (mayStart(p, i)) record(found, p, f, field.base + i, field.base + i + phraseLength[p]! - 1);
        }
      }
    }
  }
  return found;
}
