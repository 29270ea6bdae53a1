// Near spellings, generated spellings, partial names and descriptions (issue 10), through the real
// compiler and matcher on small watchlists written here.
import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { describeVariants } from '../../src/match/describe-variants.ts';
import { explainArticle, matchArticle } from '../../src/match/match-article.ts';
import { fuzzyCost } from '../../src/normalize/fuzzy-cost.ts';
import { foldWords } from '../../src/normalize/tokenize.ts';
import { readWatchlist } from '../../src/watchlist/read-watchlist.ts';

function compile(yaml: string) {
  const read = readWatchlist(yaml, 'test.yaml');
  expect(read.problems).toEqual([]);
  return compileWatchlists([read.watchlist!]);
}
const entriesOf = (c: ReturnType<typeof compile>, content: string) => matchArticle(c, { id: 'a', content }).map((h) => h.entry);
const cost = (a: string, b: string) => {
  const [x, y] = [foldWords(a).join(''), foldWords(b).join('')];
  return fuzzyCost(Array.from(x, (ch) => ch.charCodeAt(0)), x.length, Array.from(y, (ch) => ch.charCodeAt(0)), y.length, 99) / 4;
};

describe('the weighted distance', () => {
  const cases: Array<[a: string, b: string, edits: number]> = [
    ['Yevkourov', 'Yevkurov', 0.5],
    ['Evkourov', 'Yevkurov', 1],
    ['Yevkurow', 'Yevkurov', 0.5],
    ['Zein', 'Zeine', 0.5],
    ['Haftarr', 'Haftar', 0.5],
    ['after', 'Hafter', 1],
    ['Agadez', 'Agadem', 1],
    ['أقاديم', 'أغاديم', 0.5],
    ['يفكورف', 'يفكوروف', 0.5],
    ['Yevkurоv', 'Yevkurov', 0.25], // a Cyrillic о typed into a Latin name
    ['Hatfar', 'Haftar', 1],
  ];
  it.each(cases)('%s ~ %s is %d edit(s)', (a, b, edits) => expect(cost(a, b)).toBe(edits));
});

const WATCHLIST = `
sets:
  russia: { terms: [Russia, Russian, Moscow, Россия] }
  libya: { terms: [Libya, Benghazi, Tobruk, ليبيا] }
entries:
  - id: yevkurov
    aliases: [Yevkurov, Yunus-Bek Yevkurov]
    context: { terms: [{ set: russia }], within: 20 }
  - id: haftar
    aliases: [Haftar, Khalifa Haftar, حفتر]
    ambiguous: [the Marshal]
    context: { terms: [{ set: libya }], within: 20 }
  - id: zeine
    aliases: [Ali Lamine Zeine]
    ambiguous: [Zeine, Prime Minister Zeine]
    partial: auto
    context: { terms: [prime minister, Niger, Niamey], within: 20 }
    exclude: [Zein]
    describedAs:
      - near: [[prime minister, premier], [Niger, Nigerien]]
        within: 1
        exclude: [former]
  - id: mansour
    aliases: [Issa Abdelmajid Mansour, عيسى عبد المجيد منصور]
    partial: auto
    context: { terms: [African affairs], within: 30 }
  - id: base
    describedAs:
      - near: [[drone base, air base], [northern Niger, Agadez]]
        within: 3
  - id: convoy
    aliases: [convoy company]
  - id: wagner
    aliases: [Wagner Group]
    ambiguous: [Wagner]
    context: { terms: [mercenaries, { set: russia }], within: 10 }
`;

describe('near spellings of names', () => {
  const c = compile(WATCHLIST);
  const cases: Array<[text: string, expected: string[]]> = [
    ['Yevkourov arrived on Sunday.', ['yevkurov']], // long name, half an edit: counts alone
    ['Evkourov arrived on Sunday.', ['yevkurov']],
    ['Yunus-Bek Yevkurowv held talks.', ['yevkurov']], // whole name with one word off
    ['Haftarr spoke in Benghazi.', ['haftar']], // short name: with context
    ['Haftarr spoke at the club.', []], // short name without context
    ['After the war, Tobruk was rebuilt.', []], // an ordinary word is not a misspelt name
    ['Prime Minister Zein spoke in Niamey.', ['zeine']], // "Zein" inside a longer mention is not cancelled
    ['Zein, the singer, sang in Niamey.', []], // "Zein" alone is excluded
    ['The Lamine Zein cabinet met.', []],
    ['the convoi company left', []], // a lower-case alias is a common noun: exact only
  ];
  it.each(cases)('%s → %j', (text, expected) => expect(entriesOf(c, text)).toEqual(expected));

  it('says in why which spelling matched and how far it is', () => {
    const [hit] = matchArticle(c, { id: 'a', content: 'Yevkourov arrived.' });
    expect(hit!.terms).toEqual(['Yevkourov']);
    expect(hit!.why.join(' ')).toContain('fuzzy: "Yevkourov" ~ "Yevkurov" (distance 0.5)');
  });
});

describe('inflections, hashtags and particles', () => {
  const c = compile(WATCHLIST);
  const cases: Array<[text: string, expected: string[]]> = [
    ['Posts tagged #WagnerGroup spread.', ['wagner']],
    ['The Wagners, Russian mercenaries, left.', ['wagner']],
    ['Wagnerites were seen near Moscow.', ['wagner']],
    ['A Wagnerian opera opened.', []],
    ['Issa Abdel-Majid Mansour visited.', ['mansour']], // split particle
    ['عيسى عبدالمجيد منصور في نيامي', ['mansour']], // joined particle
  ];
  it.each(cases)('%s → %j', (text, expected) => expect(entriesOf(c, text)).toEqual(expected));
});

describe('partial names', () => {
  const c = compile(WATCHLIST);
  it('counts a surname with the entry context, and not without it', () => {
    expect(entriesOf(c, 'Mansour, the minister of African affairs, flew out.')).toEqual(['mansour']);
    expect(entriesOf(c, 'Mansour scored twice on Sunday.')).toEqual([]);
  });
  it('counts the first-name pair of a three-word name', () => {
    expect(entriesOf(c, 'عيسى عبد المجيد وزير الشؤون African affairs')).toEqual(['mansour']);
  });
  it('explains a partial name in why', () => {
    const hit = matchArticle(c, { id: 'a', content: 'Mansour, in charge of African affairs, spoke.' })[0]!;
    expect(hit.why[0]).toMatch(/^partial name "Mansour" .*confirmed by context "African affairs"/);
  });
});

describe('descriptions', () => {
  const c = compile(WATCHLIST);
  const cases: Array<[text: string, expected: string[]]> = [
    ['The US closed its drone base in northern Niger.', ['base']],
    ['The drone base. Northern Niger is quiet.', []], // not in one sentence
    ["Niger's prime minister flew to Algiers.", ['zeine']],
    ["Niger's former prime minister died.", []], // the description's own exclusion
    ['The prime minister of Mali visited Niger later that week.', []],
  ];
  it.each(cases)('%s → %j', (text, expected) => expect(entriesOf(c, text)).toEqual(expected));
  it('says which terms described the entity', () => {
    const hit = matchArticle(c, { id: 'a', content: 'The air base near Agadez was handed over.' })[0]!;
    expect(hit.why[0]).toBe('described as: "air base" near "Agadez" (1 word away, limit 3)');
  });
});

describe('spellings generated in other scripts', () => {
  const c = compile(`
sets:
  russia: { terms: [Russia, России, روسيا] }
entries:
  - id: yevkurov
    aliases: [Yunus-Bek Yevkurov, Yevkurov]
    context: { terms: [{ set: russia }], within: 20 }
  - id: agadem
    aliases: [Agadem]
`);
  it('finds the Russian and Arabic press from a Latin alias', () => {
    expect(entriesOf(c, 'Юнус-Бек Евкуров прибыл в Ниамей.')).toEqual(['yevkurov']);
    expect(entriesOf(c, 'замминистра обороны России Евкурова')).toEqual(['yevkurov']); // single word: with context
    expect(entriesOf(c, 'Евкуров прибыл.')).toEqual([]);
    expect(entriesOf(c, 'وصل يفكوروف إلى روسيا')).toEqual(['yevkurov']);
  });
  it('does not let an entry without context count a generated single word', () => {
    expect(entriesOf(c, 'месторождение Агадем')).toEqual([]);
  });
  it('lists the generated spellings and the near-spelling names', () => {
    const v = describeVariants(c, 'yevkurov')!;
    expect(v.generated).toContainEqual({ kind: 'transliterated', spelling: 'евкуров', from: 'Yevkurov', needsContext: true });
    expect(v.generated.map((g) => g.spelling)).toContain('юнус бек евкуров');
    expect(v.fuzzy.map((f) => f.word)).toContain('yevkurov');
  });
  it('explains a generated spelling in why', () => {
    const hit = explainArticle(c, { id: 'a', content: 'Юнус-Бек Евкуров прибыл.' }).hits[0]!;
    expect(hit.why[0]).toContain('transliterated spelling "юнус бек евкуров"');
  });
});

describe('validation of partial and describedAs', () => {
  const problems = (yaml: string) => readWatchlist(yaml, 'w.yaml').problems.map((p) => `${p.line}:${p.column}: ${p.message} — ${p.hint}`);
  it('refuses partial names without context', () => {
    expect(problems('entries:\n  - id: x\n    aliases: [Ali Lamine Zeine]\n    partial: auto\n')).toEqual([
      expect.stringMatching(/^4:\d+: entries\.0\.partial: entry "x" has partial names but no context/),
    ]);
  });
  it('refuses a description with one group, and suggests keys', () => {
    const got = problems('entries:\n  - id: x\n    describedAs:\n      - near: [[drone base]]\n      - nera: [[a], [b]]\n');
    expect(got[0]).toMatch(/^4:\d+: .*needs at least two groups/);
    expect(got.join('\n')).toMatch(/a description is `\{ near:/);
  });
  it('suggests describedAs for a misspelt key', () => {
    expect(problems('entries:\n  - id: x\n    aliases: [X]\n    describedAS: []\n')[0]).toMatch(/did you mean `describedAs`/);
  });
});
