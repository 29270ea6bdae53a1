// `rasid watchlist suggest`'s core on a real SQLite archive filled through the store's functions,
// and the generation of spellings in other scripts measured against what the press writes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { suggestVariants, type SuggestArticle } from '../../src/match/suggest-variants.ts';
import { transliterateWord } from '../../src/match/transliterate.ts';
import { foldWords } from '../../src/normalize/tokenize.ts';
import { articleToMatchInput } from '../../src/pipeline/match-articles.ts';
import { iterateArticles, storeItems } from '../../src/store/articles-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { FeedItem, FeedSettings } from '../../src/types.ts';
import { readWatchlist } from '../../src/watchlist/read-watchlist.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-suggest-');
const feed: FeedSettings = { id: 'wire', url: 'http://127.0.0.1/wire.xml', kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false };
const item = (n: number, title: string, summary: string): FeedItem => ({ guid: `g-${n}`, link: `http://127.0.0.1/a/${n}`, title, published: null, summary, content: null });

const WATCHLIST = `
entries:
  - id: yevkurov
    aliases: [Yevkurov]
    context: { terms: [Russia, Russian, deputy defence minister], within: 30 }
  - id: haftar
    aliases: [Haftar]
    context: { terms: [Libya, Benghazi], within: 30 }
`;

describe('suggestVariants over a stored archive', () => {
  it('ranks unseen spellings found where the entry context holds, with snippets and the add command', async () => {
    const store = await openStore(path.join(tempDir(), 'archive.db'));
    try {
      await storeItems(store, feed, [
        item(1, 'Talks in Niamey', 'Russian deputy defence minister Yevkurrov arrived in Niamey.'),
        item(2, 'Moscow and the Sahel', 'Russia sent Yevkurrov again, officials said.'),
        item(3, 'Sahel diplomacy', 'Russian envoy Yewkurov met the junta.'),
        item(4, 'Sports', 'Hafttar scored twice in the cup final.'), // no context: not counted
        item(5, 'Benghazi', 'Hafttar received a delegation in Benghazi, Libya.'),
        item(6, 'Other', 'Yevkurov said Russia would help.'), // the alias itself: nothing to suggest
      ], new Date('2026-11-20T00:00:00Z'));
      const compiled = compileWatchlists([readWatchlist(WATCHLIST, 'w.yaml').watchlist!]);
      const articles = async function* (): AsyncGenerator<SuggestArticle> {
        for await (const a of iterateArticles(store)) yield { id: a.id, title: a.title, input: articleToMatchInput(a) };
      };
      const all = await suggestVariants(compiled, articles());
      expect(all.map((s) => [s.entry, s.text, s.articles])).toEqual([
        ['yevkurov', 'Yevkurrov', 2],
        ['haftar', 'Hafttar', 1],
        ['yevkurov', 'Yewkurov', 1],
      ]);
      const top = all[0]!;
      expect(top).toMatchObject({ nearest: 'Yevkurov', distance: 0.5, lang: 'en', command: 'rasid watchlist add yevkurov --alias "Yevkurrov" --lang en' });
      expect(top.examples).toHaveLength(2);
      expect(top.examples[0]!.snippet).toContain('Yevkurrov arrived in Niamey');
      const one = await suggestVariants(compiled, articles(), { entry: 'haftar', limit: 5 });
      expect(one.map((s) => s.text)).toEqual(['Hafttar']);
    } finally {
      await store.close();
    }
  });
});

// What the press writes for our entities in Cyrillic and Arabic (folded), next to the Latin
// spelling an analyst would type. Generation is scored by whether one of its first spellings
// (the compiler keeps one per script; `show --variants` lists them) is one the press uses.
const PRESS: Array<[latin: string, cyrillic: string[], arabic: string[]]> = [
  ['Yevkurov', ['евкуров'], ['يفكوروف', 'ايفكوروف']],
  ['Agadem', ['агадем'], ['اغاديم', 'اقاديم']],
  ['Agadez', ['агадес', 'агадез'], ['اغاديز', 'اغاديس', 'اجاديز']],
  ['Niamey', ['ниамей'], ['نيامي']],
  ['Benghazi', ['бенгази'], ['بنغازي']],
  ['Mansour', ['мансур'], ['منصور']],
  ['Salifou', ['салифу'], ['ساليفو']],
  ['Lamine', ['ламин'], ['لامين']],
  ['Wagner', ['вагнер'], ['فاغنر', 'فاجنر']],
  ['Redut', ['редут'], ['ريدوت']],
  ['Konvoy', ['конвой'], ['كونفوي']],
  ['Tiani', ['тиани'], ['تياني']],
  ['Haftar', ['хафтар'], ['حفتر']],
  ['Zeine', ['зейн'], ['زين']],
  ['Mody', ['моди'], ['مودي']],
  ['Tobruk', ['тобрук'], ['طبرق']],
];

describe('spellings generated in other scripts', () => {
  const hitRate = (script: 'cyrillic' | 'arabic', keep: number) => {
    const hits = PRESS.filter(([latin, cyr, ar]) => {
      const generated = (transliterateWord(foldWords(latin).join(''))[script] ?? []).slice(0, keep);
      return generated.some((g) => (script === 'cyrillic' ? cyr : ar).includes(g));
    });
    return hits.length / PRESS.length;
  };
  it('reproduces most Cyrillic spellings of our names from the Latin one (first choice)', () => {
    expect(hitRate('cyrillic', 1)).toBeGreaterThanOrEqual(0.9);
  });
  it('reproduces most Arabic spellings from the Latin one, more within four choices', () => {
    expect(hitRate('arabic', 1)).toBeGreaterThanOrEqual(0.6);
    expect(hitRate('arabic', 4)).toBeGreaterThanOrEqual(0.7);
  });
});
