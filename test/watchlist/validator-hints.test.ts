// Two mistakes the validator let through or answered without help: a singular `alias:` (which the
// README promises a "did you mean `aliases`" for) and an alias list left empty, which passed
// although the entry can never match anything.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/watchlist/did-you-mean.ts';
import { formatProblem, loadWatchlists } from '../../src/watchlist/load-watchlists.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-wl-hints-');

function problemsOf(text: string): string[] {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.yaml'), text);
  return loadWatchlists(dir).problems.map(formatProblem);
}

describe('watchlist validator hints', () => {
  it('suggests `aliases` for `alias:`, on the line of the key', () => {
    const problems = problemsOf('entries:\n  - id: x\n    alias: [Haftar]\n');
    expect(problems.join('\n')).toMatch(/a\.yaml:3:5: entries\.0\.alias: unknown key "alias" in an entry — did you mean `aliases`\?/);
  });

  it.each([
    ['an empty list', 'aliases: []'],
    ['a language map of empty lists', 'aliases: { en: [], fr: [] }'],
    ['an empty map', 'aliases: {}'],
    ['empty ambiguous aliases alone', 'ambiguous: []\n    context: [Niger]'],
  ])('refuses %s of aliases: the entry could never match', (_what, line) => {
    const problems = problemsOf(`entries:\n  - id: x\n    ${line}\n`);
    expect(problems).toEqual([expect.stringMatching(/a\.yaml:3:\d+: entries\.0\.(aliases|ambiguous): entry "x" has no aliases and no rule, so it can never match — list at least one word or phrase/)]);
  });

  it('accepts an empty alias list beside ambiguous aliases or a rule', () => {
    expect(problemsOf('entries:\n  - id: x\n    aliases: []\n    ambiguous: [Mody]\n    context: [Niger]\n')).toEqual([]);
    expect(problemsOf('entries:\n  - id: x\n    aliases: []\n    rule: { all: [Niger, Benghazi] }\n')).toEqual([]);
  });

  it.each([
    ['alias', ['id', 'aliases', 'ambiguous'], 'aliases'],
    ['libya-niger', ['libya-niger-russia', 'sahel'], 'libya-niger-russia'],
    ['contxt', ['context', 'exclude'], 'context'],
    ['ali', ['aliases'], null],
    ['zzz', ['aliases'], null],
  ])('didYouMean(%j) among %j is %j', (word, known, expected) => {
    expect(didYouMean(word, known)).toBe(expected);
  });
});
