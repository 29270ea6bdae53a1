import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../src/match/make-snippet.ts';

describe('makeSnippet', () => {
  const cases: Array<[name: string, text: string, expected: string]> = [
    ['keeps single spaces as they are', 'Gen. Mody met Haftar in Benghazi', 'Gen. Mody met Haftar in Benghazi'],
    ['collapses runs of any whitespace to one space', 'Gen.\t\tMody\n\nmet \u00a0Haftar\u3000in\u202fBenghazi', 'Gen. Mody met Haftar in Benghazi'],
    ['turns a lone line break or tab into a space', 'Mody\nmet\tHaftar', 'Mody met Haftar'],
    ['trims the ends', '  Mody met Haftar\n', 'Mody met Haftar'],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    const at = text.indexOf('Haftar');
    expect(makeSnippet(text, at, at + 6)).toBe(expected);
  });

  it('cuts long text at word boundaries and marks the cuts', () => {
    const text = `${'alpha '.repeat(40)}Haftar${' omega'.repeat(40)}`;
    const at = text.indexOf('Haftar');
    const snippet = makeSnippet(text, at, at + 6, 20);
    expect(snippet).toMatch(/^…(alpha ){3}Haftar( omega){3}…$/);
  });
});
