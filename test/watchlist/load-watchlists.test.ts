import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadWatchlists } from '../../src/watchlist/load-watchlists.ts';

let dir: string;
function folder(files: Record<string, string>): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-wl-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const problemsOf = (files: Record<string, string>) => loadWatchlists(folder(files)).problems.map(formatProblem);

describe('loadWatchlists', () => {
  it('loads the seeded watchlist with the twelve contract ids and no problems', () => {
    const read = loadWatchlists(path.resolve('watchlists'));
    expect(read.problems).toEqual([]);
    const ids = read.watchlists.flatMap((w) => w.entries.map((e) => e.id));
    for (const id of ['haftar', 'mody', 'yevkurov', 'zeine', 'mansour', 'agadem', 'wagner', 'redut', 'convoy', 'agadez-base', 'mody-benghazi-trip', 'russia-niger-military'])
      expect(ids).toContain(id);
  });

  it('reads language maps, plain lists, contexts, exclusions, sets and rules', () => {
    dir = folder({
      'a.yaml': `
sets:
  niger: { terms: [Niger, Niamey], exclude: [Niger Delta] }
entries:
  - id: mody
    priority: high
    aliases: { en: [Salifou Mody], ar: [ساليفو مودي] }
    ambiguous: [Mody]
    context: { terms: [{ set: niger }], within: 30 }
    exclude: [Narendra Modi]
  - id: trip
    rule: { near: [{ entry: mody }, Benghazi], within: 20 }
`,
    });
    const read = loadWatchlists(dir);
    expect(read.problems).toEqual([]);
    const [mody, trip] = read.watchlists[0]!.entries;
    expect(mody!.aliases).toEqual([
      { text: 'Salifou Mody', lang: 'en' },
      { text: 'ساليفو مودي', lang: 'ar' },
    ]);
    expect(mody!.context).toEqual({ terms: [{ kind: 'set', name: 'niger' }], within: 30 });
    expect(mody!.exclude).toEqual({ terms: [{ kind: 'term', text: 'Narendra Modi', lang: null }], within: 0 });
    expect(trip!.rule).toEqual({ kind: 'near', within: 20, of: [{ kind: 'entry', id: 'mody' }, { kind: 'term', text: 'Benghazi', lang: null }] });
    expect(trip!.priority).toBe('normal');
  });

  const cases: Array<[what: string, files: Record<string, string>, expected: RegExp]> = [
    ['a YAML syntax error, at its line', { 'a.yaml': 'entries:\n  - id: x\n    aliases: [Haftar\n' }, /^.*a\.yaml:\d+:\d+: not valid YAML/],
    ['an unknown key with a did-you-mean, on its own line', { 'a.yaml': 'entries:\n  - id: x\n    aliases: [A]\n    contxt: [B]\n' }, /a\.yaml:4:5: entries\.0\.contxt: unknown key "contxt" in an entry — did you mean `context`\?/],
    ['a bad priority', { 'a.yaml': 'entries:\n  - id: x\n    priority: urgent\n    aliases: [A]\n' }, /a\.yaml:3:15: .*priority "urgent" is not one of low, normal, high, critical/],
    ['a priority typo with a suggestion', { 'a.yaml': 'entries:\n  - id: x\n    priority: hihg\n    aliases: [A]\n' }, /did you mean `high`\?/],
    ['an empty alias', { 'a.yaml': 'entries:\n  - id: x\n    aliases: [A, "  "]\n' }, /a\.yaml:3:18: entries\.0\.aliases\.1: an item of aliases must be text with at least one letter or digit/],
    ['an alias of punctuation only', { 'a.yaml': 'entries:\n  - id: x\n    aliases: ["—"]\n' }, /a\.yaml:3:15: .*at least one letter or digit/],
    ['an unknown entry in a rule, with a suggestion', { 'a.yaml': 'entries:\n  - id: haftar\n    aliases: [Haftar]\n  - id: t\n    rule: { all: [{ entry: hafter }, Benghazi] }\n' }, /a\.yaml:5:19: unknown entry "hafter" — did you mean `haftar`\?/],
    ['an unknown set', { 'a.yaml': 'entries:\n  - id: x\n    ambiguous: [X]\n    context: [{ set: nigr }]\n' }, /a\.yaml:4:15: unknown set "nigr" — define it under `sets:`/],
    ['a duplicate id across files', { 'a.yaml': 'entries:\n  - id: x\n    aliases: [A]\n', 'b.yaml': 'entries:\n  - id: y\n    aliases: [B]\n  - id: x\n    aliases: [C]\n' }, /b\.yaml:4:\d*:? ?duplicate entry id "x" \(also in a\.yaml:2\)|b\.yaml:4: duplicate entry id "x" \(also in a\.yaml:2\)/],
    ['ambiguous aliases without context', { 'a.yaml': 'entries:\n  - id: x\n    ambiguous: [Mody]\n' }, /a\.yaml:3:\d+: .*has ambiguous aliases but no context/],
    ['near without within', { 'a.yaml': 'entries:\n  - id: x\n    rule: { near: [A, B] }\n' }, /a\.yaml:3:11: .*`near` needs `within: N`/],
    ['a rule of only none', { 'a.yaml': 'entries:\n  - id: x\n    rule: { none: [A] }\n' }, /can match an article that mentions nothing/],
    ['an entry that can never match', { 'a.yaml': 'entries:\n  - id: x\n    name: X\n' }, /a\.yaml:2:5: .*neither aliases nor a rule/],
    ['a bad id', { 'a.yaml': 'entries:\n  - id: Big Name\n    aliases: [A]\n' }, /a\.yaml:2:9: .*must be lower-case letters, digits and dashes/],
    ['entries referring to each other in a circle', { 'a.yaml': 'entries:\n  - id: a\n    rule: { all: [{ entry: b }, X] }\n  - id: b\n    rule: { all: [{ entry: a }, Y] }\n' }, /depend on each other in a circle: a → b → a/],
    ['a language key that is not one', { 'a.yaml': 'entries:\n  - id: x\n    aliases: { english: [A] }\n' }, /a\.yaml:3:16: .*"english" is not a language code/],
  ];
  it.each(cases)('reports %s with file:line and what to do', (_what, files, expected) => {
    const problems = problemsOf(files);
    expect(problems.join('\n')).toMatch(expected);
    for (const p of problems) expect(p).toMatch(/ — \S/);
  });

  it('reports every problem at once and returns no watchlists', () => {
    dir = folder({ 'a.yaml': 'entries:\n  - id: x\n    priority: urgent\n    aliases: [A]\n  - id: y\n    alias: [B]\n' });
    const read = loadWatchlists(dir);
    expect(read.watchlists).toEqual([]);
    expect(read.problems.length).toBeGreaterThanOrEqual(2);
  });

  it('says when the folder is missing or empty', () => {
    expect(loadWatchlists('/nonexistent/rasid-watchlists').problems[0]!.message).toMatch(/folder not found/);
    expect(problemsOf({ 'notes.txt': 'x' })[0]).toMatch(/no watchlist files/);
  });
});
