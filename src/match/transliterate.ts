// Likely spellings of a name in the other scripts, generated from one written form, so that an
// entry written in English also finds the Russian and Arabic press. Each direction is a small
// table of how the press of that language renders sounds (Latin digraphs first: kh, sh, zh, ou…),
// branching where habits differ (v → ف or ڤ, g → غ, ج or ق, e → ي or nothing) and keeping the few
// most usual spellings. Latin and Cyrillic sources only (see transliterateWord). The output is folded like any text word. Precision is protected by the
// compiler: a generated single word counts only with the entry's context (see watchlists/README.md).
import { foldWords } from '../normalize/tokenize.ts';

/** At most this many spellings per word and script: the first choices of each table are the commonest. */
const MAX_PER_WORD = 4;

type Table = Array<[from: string, to: string[]]>;

// Longest patterns first; `^` marks the start of a word, `$` its end.
const LATIN_TO_CYRILLIC: Table = [
  ['shch', ['щ']], ['tch', ['ч']], ['kh', ['х']], ['zh', ['ж']], ['ch', ['ч', 'ш']], ['sh', ['ш']], ['ts', ['ц']], ['tz', ['ц']],
  ['^ye', ['е', 'е']], ['^ie', ['е']], ['^je', ['е']], ['ya', ['я']], ['ia', ['иа', 'ия']], ['yu', ['ю']], ['iu', ['ю']], ['ju', ['ю']],
  ['yo', ['ё', 'йо']], ['ye', ['е', 'ье']], ['ou', ['у']], ['oo', ['у']], ['ee', ['и']], ['ai', ['ай', 'е']], ['ei', ['ей']], ['ey', ['ей']],
  ['ay', ['ай']], ['oy', ['ой']], ['ph', ['ф']], ['th', ['т']], ['gh', ['г']], ['dj', ['дж']], ['ck', ['к']], ['qu', ['кв']],
  ['^e', ['э', 'е']], ['y$', ['и', 'й']], ['e$', ['', 'е']],
  ['a', ['а']], ['b', ['б']], ['c', ['к', 'с']], ['d', ['д']], ['e', ['е']], ['f', ['ф']], ['g', ['г']], ['h', ['х', '']], ['i', ['и']],
  ['j', ['дж', 'ж', 'й']], ['k', ['к']], ['l', ['л']], ['m', ['м']], ['n', ['н']], ['o', ['о']], ['p', ['п']], ['q', ['к']], ['r', ['р']],
  ['s', ['с']], ['t', ['т']], ['u', ['у']], ['v', ['в']], ['w', ['в', 'у']], ['x', ['кс']], ['y', ['и', 'й']], ['z', ['з']],
];

// Arabic renders foreign vowels as long letters (o/u → و, i/e → ي, a → ا inside a word) or drops short ones.
const LATIN_TO_ARABIC: Table = [
  ['kh', ['خ']], ['sh', ['ش']], ['ch', ['تش', 'ش']], ['zh', ['ج', 'ز']], ['th', ['ث', 'ت']], ['gh', ['غ']], ['dj', ['ج']], ['ph', ['ف']],
  ['ou', ['و']], ['oo', ['و']], ['ee', ['ي']], ['ai', ['اي', 'ي']], ['ei', ['ي']], ['ey', ['ي']], ['ay', ['اي']], ['ts', ['تس']], ['ck', ['ك']], ['qu', ['كو']],
  ['^ye', ['ي', 'اي']], ['^ie', ['اي', 'ي']], ['^je', ['ي']], ['^yu', ['يو']], ['^ya', ['يا']],
  ['^a', ['ا']], ['^e', ['ا', 'اي']], ['^i', ['ا', 'اي']], ['^o', ['او']], ['^u', ['او']],
  ['a$', ['ا', 'ه']], ['e$', ['', 'ي']], ['i$', ['ي']], ['y$', ['ي']], ['o$', ['و']], ['u$', ['و']],
  ['a', ['ا', '']], ['b', ['ب']], ['c', ['ك', 'س']], ['d', ['د']], ['e', ['ي', '']], ['f', ['ف']], ['g', ['غ', 'ج', 'ق']], ['h', ['ه', 'ح']],
  ['i', ['ي', '']], ['j', ['ج', 'ي']], ['k', ['ك']], ['l', ['ل']], ['m', ['م']], ['n', ['ن']], ['o', ['و']], ['p', ['ب']], ['q', ['ق']],
  ['r', ['ر']], ['s', ['س']], ['t', ['ت']], ['u', ['و']], ['v', ['ف', 'ڤ']], ['w', ['و', 'ف']], ['x', ['كس']], ['y', ['ي']], ['z', ['ز']],
];

// Cyrillic → Latin: English (BGN-like), French (ou, ch, ï) and German (w, j, sch) habits.
const CYRILLIC_TO_LATIN: Table = [
  ['^е', ['ye', 'e', 'ie', 'je']], ['ье', ['ye', 'ie']], ['ий$', ['iy', 'i', 'ii']], ['ый$', ['y', 'iy']],
  ['а', ['a']], ['б', ['b']], ['в', ['v', 'w']], ['г', ['g']], ['д', ['d']], ['е', ['e']], ['ё', ['yo', 'io']], ['ж', ['zh', 'j', 'sch']],
  ['з', ['z', 's']], ['и', ['i']], ['й', ['y', 'i', 'j']], ['к', ['k']], ['л', ['l']], ['м', ['m']], ['н', ['n']], ['о', ['o']], ['п', ['p']],
  ['р', ['r']], ['с', ['s']], ['т', ['t']], ['у', ['u', 'ou']], ['ф', ['f']], ['х', ['kh', 'h', 'ch']], ['ц', ['ts', 'tz', 'z']],
  ['ч', ['ch', 'tch', 'tsch']], ['ш', ['sh', 'ch', 'sch']], ['щ', ['shch', 'chtch']], ['ъ', ['']], ['ы', ['y', 'i']], ['ь', ['']], ['э', ['e']],
  ['ю', ['yu', 'iou', 'ju']], ['я', ['ya', 'ia', 'ja']],
];

const CYRILLIC_TO_ARABIC: Table = [
  ['^е', ['ي', 'اي']], ['^а', ['ا']], ['^о', ['او']], ['^у', ['او']], ['^и', ['ا']], ['^э', ['ا']],
  ['а$', ['ا', 'ه']], ['ий$', ['ي']],
  ['а', ['ا', '']], ['б', ['ب']], ['в', ['ف', 'ڤ']], ['г', ['غ', 'ج', 'ق']], ['д', ['د']], ['е', ['ي', '']], ['ё', ['يو']], ['ж', ['ج']],
  ['з', ['ز']], ['и', ['ي']], ['й', ['ي']], ['к', ['ك']], ['л', ['ل']], ['м', ['م']], ['н', ['ن']], ['о', ['و']], ['п', ['ب']], ['р', ['ر']],
  ['с', ['س']], ['т', ['ت']], ['у', ['و']], ['ф', ['ف']], ['х', ['خ']], ['ц', ['تس']], ['ч', ['تش']], ['ш', ['ش']], ['щ', ['شت']],
  ['ъ', ['']], ['ы', ['ي']], ['ь', ['']], ['э', ['ي']], ['ю', ['يو']], ['я', ['يا']],
];

/**
 * The likeliest spellings of `word` by `table`: every branch point's choices are in order of
 * habit, and a spelling's rank is the sum of the choice numbers it took, so the few kept differ
 * where habits differ most rather than only in the last letters.
 */
function spell(word: string, table: Table, limit: number): string[] {
  const segments: Array<{ body: string; choices: string[] }> = [];
  for (let i = 0; i < word.length; ) {
    let found: { body: string; choices: string[] } | null = null;
    for (const [pattern, to] of table) {
      const initial = pattern.startsWith('^');
      const final = pattern.endsWith('$');
      const body = pattern.slice(initial ? 1 : 0, final ? -1 : undefined);
      if ((initial && i !== 0) || (final && i + body.length !== word.length)) continue;
      if (word.startsWith(body, i)) {
        found = { body, choices: to };
        break;
      }
    }
    found ??= { body: word[i]!, choices: [word[i]!] };
    segments.push(found);
    i += found.body.length;
  }
  let partial: Array<{ text: string; rank: number }> = [{ text: '', rank: 0 }];
  for (const seg of segments) {
    const grown = partial.flatMap((p) => seg.choices.map((c, k) => ({ text: p.text + c, rank: p.rank + k })));
    grown.sort((a, b) => a.rank - b.rank);
    partial = grown.slice(0, limit * 4);
  }
  return [...new Set(partial.map((p) => p.text))].slice(0, limit);
}

export type Script = 'latin' | 'cyrillic' | 'arabic';

export function scriptOfWord(word: string): Script {
  if (/[\u0600-\u06ff]/.test(word)) return 'arabic';
  if (/[\u0400-\u04ff]/.test(word)) return 'cyrillic';
  return 'latin';
}

/**
 * Folded spellings of one folded Latin or Cyrillic word in the other two scripts. Arabic writes no
 * short vowels, so spellings guessed from it would be wrong more often than right: none are made.
 * Digits and short words are left alone.
 */
export function transliterateWord(word: string): Partial<Record<Script, string[]>> {
  const script = scriptOfWord(word);
  if (/\d/.test(word) || word.length < 3) return {};
  const fold = (list: string[]) => [...new Set(list.map((w) => foldWords(w).join(' ')).filter((w) => w.length >= 2 && w !== word))];
  if (script === 'latin')
    return { cyrillic: fold(spell(word, LATIN_TO_CYRILLIC, MAX_PER_WORD)), arabic: fold(spell(word, LATIN_TO_ARABIC, MAX_PER_WORD)) };
  if (script === 'cyrillic')
    return { latin: fold(spell(word, CYRILLIC_TO_LATIN, MAX_PER_WORD)), arabic: fold(spell(word, CYRILLIC_TO_ARABIC, MAX_PER_WORD)) };
  return {};
}

/**
 * Spellings of a whole (folded) phrase in each other script: the words' spellings combined, first
 * choices first, at most `limit` per script.
 */
export function transliteratePhrase(words: string[], limit = MAX_PER_WORD): Array<{ script: Script; words: string[] }> {
  const per = words.map(transliterateWord);
  const out: Array<{ script: Script; words: string[] }> = [];
  for (const script of ['latin', 'cyrillic', 'arabic'] as const) {
    if (per.some((p) => !p[script]?.length && !/\d/.test(words[per.indexOf(p)]!))) continue;
    const options = per.map((p, i) => (p[script]?.length ? p[script]! : [words[i]!]));
    let combos: string[][] = [[]];
    for (const o of options) combos = combos.flatMap((c) => o.map((w) => [...c, w])).slice(0, limit * 4);
    // First choices of every word, then one word at a time on its second choice, and so on.
    combos.sort((a, b) => rank(a, options) - rank(b, options));
    for (const c of combos.slice(0, limit)) out.push({ script, words: c.join(' ').split(' ') });
  }
  return out;
}

function rank(combo: string[], options: string[][]): number {
  return combo.reduce((s, w, i) => s + options[i]!.indexOf(w), 0);
}
