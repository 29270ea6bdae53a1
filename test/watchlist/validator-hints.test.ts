// A mistake the validator answered without help: a singular `alias:`, which the README promises a
// "did you mean `aliases`" for.
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
    ['alias', ['id', 'aliases', 'ambiguous'], 'aliases'],
    ['libya-niger', ['libya-niger-russia', 'sahel'], 'libya-niger-russia'],
    ['contxt', ['context', 'exclude'], 'context'],
    ['ali', ['aliases'], null],
    ['zzz', ['aliases'], null],
  ])('didYouMean(%j) among %j is %j', (word, known, expected) => {
    expect(didYouMean(word, known)).toBe(expected);
  });
});
