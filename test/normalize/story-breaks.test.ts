import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { matchArticle } from '../../src/match/match-article.ts';
import { storyNumbers } from '../../src/normalize/story-breaks.ts';
import { tokenize } from '../../src/normalize/tokenize.ts';
import { readWatchlist } from '../../src/watchlist/read-watchlist.ts';

const storiesOf = (text: string) => {
  const t = tokenize(text);
  const s = storyNumbers(text, t.starts);
  return s === null ? null : t.words.map((w, i) => `${w}:${s[i]}`);
};

describe('live-blog entries (storyNumbers)', () => {
  it('numbers the words of each timestamped line, the intro being 0', () => {
    expect(storiesOf('Live\n10:05 — Mody in Niamey\n11h20 : Benghazi fair')).toEqual(['live:0', '10:1', '05:1', 'mody:1', 'in:1', 'niamey:1', '11h20:2', 'benghazi:2', 'fair:2']);
  });

  it('knows Arabic-Indic clock times and bullets', () => {
    expect(storiesOf('٠٩:٣٠ — بنغازي\n١٠:٤٥ — موسكو')).toEqual(['09:1', '30:1', 'بنغازي:1', '10:2', '45:2', 'موسكو:2']);
    expect(storiesOf('• Mody in Niamey\n• Benghazi fair')).toEqual(['mody:1', 'in:1', 'niamey:1', 'benghazi:2', 'fair:2']);
  });

  it('leaves ordinary articles alone: one time line, times inside a sentence, figures', () => {
    expect(storyNumbers('At 10:05 Mody left.\nHe met Haftar at 14:00 in Benghazi.', [0, 3, 9])).toBeNull();
    expect(storyNumbers('10:05 — Mody landed in Benghazi.\nHe met Haftar.', [0])).toBeNull();
    expect(storyNumbers('12.50% of the budget\n10.25% more', [0])).toBeNull();
  });
});

describe('near, context and live blogs', () => {
  const read = readWatchlist(
    `
entries:
  - id: mody
    aliases: [Salifou Mody]
  - id: trip
    rule:
      all:
        - entry: mody
        - near: [{ entry: mody }, Benghazi]
          within: 20
  - id: wagner
    ambiguous: [Wagner]
    context:
      terms: [mercenaries]
      within: 10
`,
    'test.yaml',
  );
  expect(read.problems).toEqual([]);
  const compiled = compileWatchlists([read.watchlist!]);
  const entries = (content: string) => matchArticle(compiled, { id: 'a', content }).map((h) => h.entry).sort();

  it('does not join two entries of a live blog however close they are', () => {
    expect(entries('10:05 — Salifou Mody receives the Turkish envoy in Niamey.\n11:20 — Benghazi: the book fair opens.')).toEqual(['mody']);
    expect(entries('09:00 — Opera: Wagner night at the festival.\n09:30 — Sahel: mercenaries seen near Gao.')).toEqual([]);
  });

  it('still joins words inside one entry, and in an ordinary article across lines', () => {
    expect(entries('10:05 — Salifou Mody lands in Benghazi.\n11:20 — Sport results.')).toEqual(['mody', 'trip']);
    expect(entries('Salifou Mody left Niamey on Monday.\nHe landed in Benghazi at noon.')).toEqual(['mody', 'trip']);
    expect(entries('09:30 — Sahel: Wagner mercenaries seen near Gao.\n10:00 — Weather.')).toEqual(['wagner']);
  });
});
