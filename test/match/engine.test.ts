import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { explainArticle, matchArticle } from '../../src/match/match-article.ts';
import { readWatchlist } from '../../src/watchlist/read-watchlist.ts';

function compile(yaml: string) {
  const read = readWatchlist(yaml, 'test.yaml');
  expect(read.problems).toEqual([]);
  return compileWatchlists([read.watchlist!]);
}

const entriesOf = (c: ReturnType<typeof compile>, content: string, title?: string) =>
  matchArticle(c, { id: 'a', title, content }).map((h) => h.entry);

const BASE = `
sets:
  niger:
    terms: [Niger, Niamey, النيجر, Нигер]
    exclude: [Niger Delta, Niger State]
  benghazi:
    terms: [Benghazi, بنغازي, Бенгази]
entries:
  - id: haftar
    priority: high
    aliases: [Haftar, Hifter, حفتر, Хафтар]
  - id: wagner
    aliases: [Wagner Group, Africa Corps, الفيلق الأفريقي, Африканский корпус]
    ambiguous: [Wagner, Вагнер]
    context:
      terms: [mercenaries, Russian, { entry: haftar }]
      within: 10
    exclude: [Richard Wagner]
  - id: mody
    aliases: [Salifou Mody]
    ambiguous: [Mody, مودي]
    context:
      terms: [{ set: niger }, defence minister]
      within: 8
    exclude:
      terms: [Narendra Modi, India]
      within: 5
  - id: convoy
    ambiguous: [Convoy]
    context: [PMC]
    exclude: [aid convoy]
  - id: trip
    priority: critical
    rule:
      all:
        - entry: mody
        - near: [{ entry: mody }, { set: benghazi }]
          within: 5
  - id: niger-not-nigeria
    rule:
      all:
        - set: niger
        - none: [Lagos]
  - id: pipeline
    rule:
      near: [Agadem, pipeline, Benin]
      within: 4
  - id: same-sentence
    rule:
      near: [Zinder, Maradi]
      within: sentence
  - id: kaka
    ambiguous: [Kaka]
    context:
      terms: [Tahoua]
      within: paragraph
`;

describe('aliases', () => {
  const c = compile(BASE);
  const cases: Array<[text: string, expected: string[]]> = [
    ['Khalifa Haftar spoke.', ['haftar']],
    ['HIFTER spoke.', ['haftar']],
    ['لقاء بحفتر في المرج', ['haftar']],
    ['встреча с Хафтаром', ['haftar']],
    ['the Africa Corps arrived', ['wagner']],
    ['والفيلق الأفريقي', ['wagner']],
    ['бойцы Африканского корпуса', ['wagner']],
    ['a Wagnerian opera', []],
    ['the Haftars and the Wagnerites', ['haftar', 'wagner']],
    ['the Wagnerites of Bayreuth', []],
    ['Haftarian', []],
  ];
  it.each(cases)('%s → %j', (text, expected) => {
    expect(entriesOf(c, text)).toEqual(expected);
  });
});

describe('ambiguous aliases need context within N words', () => {
  const c = compile(BASE);
  it('counts Wagner beside mercenaries', () => expect(entriesOf(c, 'Wagner mercenaries were seen')).toEqual(['wagner']));
  it('does not count Wagner alone', () => expect(entriesOf(c, 'Wagner was seen')).toEqual([]));
  it('does not count Wagner with context too far away', () => {
    expect(entriesOf(c, `Wagner ${'word '.repeat(12)} mercenaries`)).toEqual([]);
  });
  it('accepts another entry as context', () => expect(entriesOf(c, 'Wagner met Haftar')).toEqual(['haftar', 'wagner']));
  it('says which context decided', () => {
    const [hit] = matchArticle(c, { id: 'x', content: 'Mody landed in Niamey' });
    expect(hit!.why.join('\n')).toMatch(/context set niger \("Niamey"\)/);
  });
  it('does not let a set exclusion serve as context (Niger Delta)', () => {
    expect(entriesOf(c, 'Mody toured the Niger Delta')).toEqual([]);
  });
});

describe('exclusions cancel the mention they touch, not the article', () => {
  const c = compile(BASE);
  it('Richard Wagner is not the group', () => expect(entriesOf(c, 'Richard Wagner and Russian opera')).toEqual([]));
  it('a second, real mention still counts', () => {
    expect(entriesOf(c, 'Richard Wagner is played while Wagner mercenaries patrol')).toEqual(['wagner']);
  });
  it('an exclusion within N words cancels', () => expect(entriesOf(c, 'Mody of India visited Niamey')).not.toContain('mody'));
  it('Narendra Modi is excluded even next to Niger', () => {
    const e = explainArticle(c, { id: 'x', content: 'Narendra Modi, or مودي, spoke about Niger' });
    expect(e.hits.map((h) => h.entry)).toEqual(['niger-not-nigeria']);
    expect(e.misses.find((m) => m.entry === 'mody')!.why.join('\n')).toMatch(/excluded by "Narendra Modi"/);
  });
  it('aid convoy is not the Convoy PMC, the Convoy PMC is', () => {
    expect(entriesOf(c, 'an aid convoy reached the PMC camp')).toEqual([]);
    expect(entriesOf(c, 'the Convoy PMC recruits')).toEqual(['convoy']);
  });
  it('explains the exclusion that decided', () => {
    const e = explainArticle(c, { id: 'x', content: 'Richard Wagner' });
    expect(e.misses[0]!.why[0]).toMatch(/excluded by "Richard Wagner"/);
  });
});

describe('compound topics', () => {
  const c = compile(BASE);
  it('near within N words', () => {
    expect(entriesOf(c, 'Salifou Mody arrived in Benghazi')).toEqual(['mody', 'trip']);
    expect(entriesOf(c, `Salifou Mody arrived. ${'word '.repeat(10)} Benghazi`)).toEqual(['mody']);
  });
  it('none vetoes', () => {
    expect(entriesOf(c, 'Niamey and Lagos')).toEqual([]);
    expect(entriesOf(c, 'Niamey')).toEqual(['niger-not-nigeria']);
  });
  it('says why a rule failed once, without stacking "missing"', () => {
    const far = explainArticle(c, { id: 'x', content: `Salifou Mody arrived. ${'word '.repeat(10)} Benghazi` });
    const why = far.misses.find((m) => m.entry === 'trip')!.why.join('\n');
    expect(why).toMatch(/no mentions within \d+ words? of each other/);
    expect(why).not.toMatch(/missing (missing|no |vetoed)/);
  });
  it('near with three operands', () => {
    expect(entriesOf(c, 'the Agadem crude pipeline to Benin')).toEqual(['pipeline']);
    expect(entriesOf(c, `Agadem pipeline ${'word '.repeat(6)} Benin`)).toEqual([]);
  });
  it('a rule hit lists the words that made it true and has the entry priority', () => {
    const trip = matchArticle(c, { id: 'x', content: 'Salifou Mody arrived in Benghazi' }).find((h) => h.entry === 'trip')!;
    expect(trip.terms).toEqual(['Salifou Mody', 'Benghazi']);
    expect(trip.priority).toBe('critical');
    expect(trip.why[0]).toMatch(/^rule: /);
  });
  it('near within the same sentence', () => {
    expect(entriesOf(c, `Zinder ${'word '.repeat(30)} and Maradi.`)).toEqual(['same-sentence']);
    expect(entriesOf(c, 'Zinder is far. Maradi is too.')).toEqual([]);
  });
  it('context within the same paragraph', () => {
    expect(entriesOf(c, 'Kaka came. He went to Tahoua.')).toEqual(['kaka']);
    expect(entriesOf(c, 'Kaka came.\n\nTahoua is a city.')).toEqual([]);
    expect(entriesOf(c, '', 'Kaka')).toEqual([]);
  });
  it('near does not reach from the title into the content', () => {
    expect(entriesOf(c, 'Benghazi', 'Salifou Mody')).toEqual(['mody']);
  });
});

describe('hits', () => {
  const c = compile(BASE);
  it('terms are surface forms as written, one per distinct spelling', () => {
    const [hit] = matchArticle(c, { id: 'x', content: 'HAFTAR, then Haftar’s son, then Haftar again' });
    expect(hit!.terms).toEqual(['HAFTAR', 'Haftar']);
  });
  it('the snippet shows the match in context, from HTML content as text', () => {
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(20)}<p>Gen. <b>Haftar</b> &amp; allies</p>${' Tail words here.'.repeat(20)}`;
    const [hit] = matchArticle(c, { id: 'x', content: long });
    expect(hit!.snippet).toContain('Haftar & allies');
    expect(hit!.snippet.startsWith('…')).toBe(true);
    expect(hit!.snippet.length).toBeLessThan(260);
    expect(hit!.snippet).not.toContain('<b>');
  });
  it('prefers a content match for the snippet and searches the title too', () => {
    const hits = matchArticle(c, { id: 'x', title: 'Haftar in the news', content: 'Nothing here.' });
    expect(hits.map((h) => [h.entry, h.snippet])).toEqual([['haftar', 'Haftar in the news']]);
  });
  it('an article with no fields has no hits', () => expect(matchArticle(c, { id: 'x' })).toEqual([]));
});

describe('scale', () => {
  it('compiles thousands of entries and still finds the one mentioned', () => {
    const entries = Array.from({ length: 3000 }, (_, i) => `  - id: e${i}\n    aliases: [Name${i} Surname${i}, Имя${i}]`).join('\n');
    const c = compile(`entries:\n${entries}\n`);
    expect(entriesOf(c, 'today Name2999 Surname2999 spoke and Имя17 too')).toEqual(['e17', 'e2999']);
  });
});

describe('hostile input', () => {
  const c = compile(BASE);
  it('still decides hits on an article repeating names, contexts and exclusions ten thousand times', () => {
    const text = 'Wagner mercenaries patrol here today. Salifou Mody flew to Benghazi. Richard Wagner opera tonight in town. Narendra Modi spoke at length. '.repeat(10_000);
    const entries = matchArticle(c, { id: 'x', content: text }).map((h) => h.entry);
    expect(entries).toEqual(expect.arrayContaining(['wagner', 'mody', 'trip']));
  });
  it('handles a single enormous word', () => {
    expect(matchArticle(c, { id: 'x', content: `${'A'.repeat(1_000_000)} Haftar` }).map((h) => h.entry)).toEqual(['haftar']);
  });
});
