import { describe, expect, it } from 'vitest';
import { addAlias, addEntry, removeAlias, removeEntry } from '../../src/watchlist/edit-watchlist.ts';

const FILE = `# Sahel watchlist — hand-written comments must survive edits.
entries:
  # The field marshal.
  - id: haftar
    priority: high   # aligned comment
    aliases:
      en: [Haftar, Hifter]
      ar: [حفتر]
    context:
      terms: [{ set: libya }]
  - id: wagner
    aliases: [Wagner Group]
`;

const changedLines = (before: string, after: string) => {
  const old = new Set(before.split('\n'));
  return after.split('\n').filter((l) => !old.has(l));
};

describe('watchlist edits keep the file as written', () => {
  it('adds an alias under its language and touches only that line', () => {
    const r = addAlias(FILE, 'haftar', 'Haftar clan', { lang: 'en' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(changedLines(FILE, r.text)).toEqual(['      en: [Haftar, Hifter, Haftar clan]']);
    expect(r.text).toContain('# The field marshal.');
    expect(r.text).toContain('priority: high   # aligned comment');
    expect(r.text).toContain('terms: [{ set: libya }]');
  });

  it('adds a language that was not there yet', () => {
    const r = addAlias(FILE, 'haftar', 'Хафтар', { lang: 'ru' });
    expect(r.ok && changedLines(FILE, r.text)).toEqual(['      ru: [Хафтар]']);
  });

  it('adds an ambiguous alias as a new key', () => {
    const r = addAlias(FILE, 'wagner', 'Wagner', { ambiguous: true });
    expect(r.ok && changedLines(FILE, r.text)).toEqual(['    ambiguous: [Wagner]']);
  });

  it('refuses an alias that is already there in another spelling', () => {
    const r = addAlias(FILE, 'haftar', 'HIFTER', { lang: 'en' });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/already listed for haftar \(as "Hifter" under aliases\.en\)/) });
  });

  it('asks for a language when aliases are grouped by language', () => {
    const r = addAlias(FILE, 'haftar', 'Hafter', {});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/--lang/);
  });

  it('adds a new entry at the end', () => {
    const r = addEntry(FILE, { id: 'niger-uranium', name: 'Niger uranium', priority: 'high', aliases: ['Arlit', 'أرليت'], ambiguous: [] });
    expect(r.ok && r.text.endsWith('  - id: niger-uranium\n    name: Niger uranium\n    priority: high\n    aliases: [Arlit, أرليت]\n')).toBe(true);
  });

  it('removes an alias by any spelling, and the entry', () => {
    const r = removeAlias(FILE, 'haftar', 'hifter');
    expect(r.ok && r.text).toContain('en: [Haftar]');
    const gone = removeEntry(FILE, 'wagner');
    expect(gone.ok && gone.text).not.toContain('wagner');
    expect(gone.ok && gone.text).toContain('# The field marshal.');
  });

  it('says what the aliases are when asked to remove one that is not', () => {
    const r = removeAlias(FILE, 'haftar', 'Heftar');
    expect(!r.ok && r.error).toMatch(/not an alias of haftar \(its aliases: "Haftar", "Hifter", "حفتر"\)/);
  });
});
