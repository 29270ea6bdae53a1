// Every occurrence of every compiled phrase in an article's fields. A word of the text is looked up
// by each of its forms (itself, then without clitics or case ending); the phrases starting with
// that form are checked word by word. Phrases never span two fields.
import type { Tokens } from '../normalize/tokenize.ts';
import { hasOtherForms, textForms } from '../normalize/morphology.ts';
import { WORD_MEMO_LIMIT, type CompiledWatchlists } from './compile-watchlists.ts';

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
  else list.push(occ);
}

/** The forms of a word that may carry a clitic or an ending, and the phrases those forms start. */
function memoFor(compiled: CompiledWatchlists, word: string, script: number): { forms: string[]; starts: number[] } {
  let memo = compiled.wordMemo.get(word);
  if (memo === undefined) {
    const forms = textForms(word, script);
    const starts: number[] = [];
    for (const form of forms) for (const p of compiled.byFirstWord.get(form) ?? []) if (!starts.includes(p)) starts.push(p);
    memo = { forms, starts };
    if (compiled.wordMemo.size >= WORD_MEMO_LIMIT) compiled.wordMemo.clear();
    compiled.wordMemo.set(word, memo);
  }
  return memo;
}

export function findPhrases(compiled: CompiledWatchlists, fields: Field[]): Map<number, Occurrence[]> {
  const found = new Map<number, Occurrence[]>();
  const { byFirstWord, phrases } = compiled;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const { words, scripts } = field.tokens;
    const n = words.length;
    // Most words stand for themselves only (null); Arabic words that may carry a clitic and Russian
    // words that may carry an ending stand for several forms, looked up once per spelling.
    const formsOf: Array<string[] | null> = new Array(n);
    const startsOf: Array<number[] | undefined> = new Array(n);
    for (let i = 0; i < n; i++) {
      const word = words[i]!;
      if (hasOtherForms(word, scripts[i]!)) {
        const memo = memoFor(compiled, word, scripts[i]!);
        formsOf[i] = memo.forms;
        startsOf[i] = memo.starts;
      } else {
        formsOf[i] = null;
        startsOf[i] = byFirstWord.get(word);
      }
    }
    for (let i = 0; i < n; i++) {
      const ids = startsOf[i];
      if (ids === undefined) continue;
      for (let k = 0; k < ids.length; k++) {
        const p = ids[k]!;
        const forms = phrases[p]!.forms;
        if (i + forms.length <= n && (forms.length === 1 || continues(forms, words, formsOf, i)))
          record(found, p, f, field.base + i, field.base + i + forms.length - 1);
      }
    }
  }
  return found;
}
