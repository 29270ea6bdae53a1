import { describe, expect, it } from 'vitest';
import { textForms } from '../../src/normalize/morphology.ts';
import { scanWords, tokenize } from '../../src/normalize/tokenize.ts';
import { buildVocabulary, lookupCodes } from '../../src/normalize/word-vocabulary.ts';

const TEXT =
  "Gen. Mody met Haftar's men in Benghazi. L'Africa Corps d'Agadem — وبحفتر والفيلق للجيش الأفريقي حفـتر; " +
  'Евкуровым Хафтаром ЧВК «Редут» Конвои\u0306 конвоем. ΟΔΟΣ Οδος ﬁnal straße Ａｇａｄｅｍ 201 ٢٠١ ' +
  'x'.repeat(300);

/** What scanWords must give: tokenize's words, each with the ids of its textForms that the vocabulary holds. */
function expectedIds(text: string, vocabulary: string[]): number[][] {
  const ids = new Map(vocabulary.map((w, i) => [w, i]));
  const t = tokenize(text);
  return t.words.map((w, i) => textForms(w, t.scripts[i]!).flatMap((f) => (ids.has(f) ? [ids.get(f)!] : [])));
}

describe('scanWords: words as vocabulary ids, without building strings', () => {
  const vocabularies: Array<[name: string, words: string[]]> = [
    ['empty', []],
    ['names and stems', ['mody', 'haftar', 'africa', 'agadem', 'حفتر', 'فيلق', 'الفيلق', 'جيش', 'евкуров', 'хафтар', 'редут', 'конвой', 'конво', 'οδος', 'final', 'strasse', '201']],
    ['stopwords', ['gen', 'met', 'in', 'men', 'corps', 'чвк', 'الافريقي', 'x'.repeat(128), 'x'.repeat(300)]],
  ];
  it.each(vocabularies)('gives the same forms as tokenize + textForms (%s vocabulary)', (_name, words) => {
    const scanned = scanWords(TEXT, buildVocabulary(words));
    const got = scanned.ids.map((id) => (id === -1 ? [] : id >= 0 ? [id] : scanned.formLists[-2 - id]!));
    expect(got).toEqual(expectedIds(TEXT, words));
    const t = tokenize(TEXT);
    expect([scanned.starts, scanned.ends, scanned.sentences, scanned.paragraphs]).toEqual([t.starts, t.ends, t.sentences, t.paragraphs]);
  });

  it('looks a word up only among phrase starters when the word before it has no form in the vocabulary', () => {
    // "agadem" begins no phrase: after "crude" (absent) it is not worth a probe, after "mody" (present) it is.
    const v = buildVocabulary(['mody', 'agadem'], [true, false]);
    expect(scanWords('agadem crude agadem mody agadem', v).ids).toEqual([-1, -1, -1, 0, 1]);
    expect(scanWords('Агадем', buildVocabulary(['агадем'], [false])).ids).toEqual([-1]);
  });

  it('finds every word of a large vocabulary and nothing else', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    const v = buildVocabulary(words);
    const codes = (s: string) => Uint16Array.from(s, (c) => c.charCodeAt(0));
    words.forEach((w, i) => expect(lookupCodes(v, codes(w), 0, w.length)).toBe(i));
    for (const absent of ['w', 'wzzzz', 'x1', '', 'w10000']) expect(lookupCodes(v, codes(absent), 0, absent.length)).toBe(-1);
  });
});
