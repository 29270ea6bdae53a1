// Every occurrence of every compiled phrase in an article's fields. A word of the text is looked up
// by each of its forms (itself, then without clitics or case ending); the phrases starting with
// that form are checked word by word. Phrases never span two fields.
import { LATIN_OR_OTHER, type Tokens } from '../normalize/tokenize.ts';
import { textForms } from '../normalize/morphology.ts';
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

export function findPhrases(compiled: CompiledWatchlists, fields: Field[]): Map<number, Occurrence[]> {
  const found = new Map<number, Occurrence[]>();
  const { byFirstWord, phrases } = compiled;
  fields.forEach((field, f) => {
    const { words, scripts } = field.tokens;
    const n = words.length;
    // Arabic and Cyrillic words may stand for several forms (clitics, endings); Latin words for one.
    const formsOf: Array<string[] | null> = new Array(n);
    for (let i = 0; i < n; i++) formsOf[i] = scripts[i] === LATIN_OR_OTHER ? null : textForms(words[i]!, scripts[i]!);
    const formsAt = (i: number) => formsOf[i]!;
    const wordMatches = (i: number, wanted: string[]) =>
      scripts[i] === LATIN_OR_OTHER ? wanted.includes(words[i]!) : formsAt(i).some((x) => wanted.includes(x));
    const check = (p: number, i: number) => {
      const forms = phrases[p]!.forms;
      const last = i + forms.length - 1;
      if (last >= n) return;
      for (let j = 1; j < forms.length; j++) if (!wordMatches(i + j, forms[j]!)) return;
      const occ: Occurrence = { phrase: p, field: f, pos: field.base + i, end: field.base + last };
      const list = found.get(p);
      if (list) list.push(occ);
      else found.set(p, [occ]);
    };
    for (let i = 0; i < n; i++) {
      if (scripts[i] === LATIN_OR_OTHER) {
        const ids = byFirstWord.get(words[i]!);
        if (ids) for (const p of ids) check(p, i);
        continue;
      }
      const forms = formsAt(i);
      if (forms.length === 1) {
        const ids = byFirstWord.get(forms[0]!);
        if (ids) for (const p of ids) check(p, i);
        continue;
      }
      // Two forms of one word can reach the same phrase; check it once.
      const seen: number[] = [];
      for (const form of forms) {
        const ids = byFirstWord.get(form);
        if (!ids) continue;
        for (const p of ids)
          if (!seen.includes(p)) {
            seen.push(p);
            check(p, i);
          }
      }
    }
  });
  return found;
}
