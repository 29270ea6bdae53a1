import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyEntryFields, EMPTY_ENTRY, readEntryFields } from '../../src/watchlist/edit-entry.ts';
import { readWatchlistTexts } from '../../src/watchlist/load-watchlists.ts';

const SEEDED = path.join(import.meta.dirname, '../../watchlists/libya-niger-russia.yaml');
const text = fs.readFileSync(SEEDED, 'utf8');
const ids = [...text.matchAll(/^ {2}- id: ([a-z0-9-]+)$/gm)].map((m) => m[1]!);

function changedLines(before: string, after: string): Array<[string | undefined, string | undefined]> {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: Array<[string | undefined, string | undefined]> = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([a[i], b[i]]);
  return out;
}

describe('readEntryFields', () => {
  it('gives a rule as the file writes it, comments included', () => {
    const rule = readEntryFields(text, 'mody-benghazi-trip')!.rule;
    expect(rule.split('\n')[0]).toBe('all:');
    expect(rule).toContain('  - entry: mody');
    expect(rule).toContain('# "Mody in Benghazi", "Haftar and Mody": side by side needs no travel word.');
    expect(rule).toContain('- near: [{ set: mody-names }, { set: benghazi }]');
  });
});

describe('applyEntryFields', () => {
  it.each(ids)('writes %s back byte for byte when nothing changed', (id) => {
    const fields = readEntryFields(text, id)!;
    const result = applyEntryFields(text, id, fields);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.text).toBe(text);
  });

  it('changes only the line of the changed aliases, and the file stays valid', () => {
    const fields = readEntryFields(text, 'mody')!;
    const result = applyEntryFields(text, 'mody', { ...fields, aliases: { ...fields.aliases, fr: [...fields.aliases.fr!, 'Salifou Moudy'] } });
    if (!result.ok) throw new Error(result.error);
    expect(changedLines(text, result.text)).toEqual([['      fr: [Salifou Mody, Salifou Moudi]', '      fr: [Salifou Mody, Salifou Moudi, Salifou Moudy]']]);
    expect(readWatchlistTexts([{ file: SEEDED, text: result.text }]).problems).toEqual([]);
  });

  it('writes references, within, priority and a rule, and removes what the form empties', () => {
    const fields = readEntryFields(text, 'agadem')!;
    const result = applyEntryFields(text, 'agadem', {
      ...fields,
      priority: 'critical',
      ambiguous: { en: ['pipeline'] },
      context: { terms: ['set: niger', 'entry: haftar', 'crude'], within: '15' },
      exclude: { terms: ['Keystone'], within: '' },
      rule: 'near: [{ entry: haftar }, { set: niger }]\nwithin: sentence',
    });
    if (!result.ok) throw new Error(result.error);
    const after = readEntryFields(result.text, 'agadem')!;
    expect(after).toMatchObject({ priority: 'critical', ambiguous: { en: ['pipeline'] }, context: { terms: ['set: niger', 'entry: haftar', 'crude'], within: '15' }, exclude: { terms: ['Keystone'], within: '' } });
    expect(parse(after.rule)).toEqual({ near: [{ entry: 'haftar' }, { set: 'niger' }], within: 'sentence' });
    const cleared = applyEntryFields(result.text, 'agadem', { ...after, ambiguous: {}, context: { terms: [], within: '' }, rule: '' });
    if (!cleared.ok) throw new Error(cleared.error);
    expect(readEntryFields(cleared.text, 'agadem')).toMatchObject({ ambiguous: {}, context: { terms: [] }, rule: '' });
  });

  it.each([
    [{ ...EMPTY_ENTRY, id: 'x', aliases: { '': ['One'], en: ['Two'] } }, 'list every term under a language'],
    [{ ...EMPTY_ENTRY, id: '' }, 'needs an id'],
    [{ ...EMPTY_ENTRY, id: 'haftar', aliases: { en: ['Haftar'] } }, 'already exists'],
    [{ ...EMPTY_ENTRY, id: 'x', rule: 'near: [unclosed' }, 'not valid YAML'],
  ])('refuses %j with a sentence', (fields, message) => {
    const result = applyEntryFields(text, null, fields);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('adds a new entry at the end of the list', () => {
    const result = applyEntryFields('entries: []\n', null, { ...EMPTY_ENTRY, id: 'zeine', name: 'PM Zeine', aliases: { en: ['Lamine Zeine'] } });
    if (!result.ok) throw new Error(result.error);
    expect(result.text).toBe('entries:\n  - id: zeine\n    name: PM Zeine\n    aliases:\n      en: [Lamine Zeine]\n');
  });
});
