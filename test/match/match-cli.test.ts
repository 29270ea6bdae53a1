import path from 'node:path';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { describe, expect, it } from 'vitest';


function rasid(args: string[], input: string, env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { input, env });
}

const lines = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('rasid match (child process, seeded watchlists)', () => {
  it('answers every line in order with the contract shape, terms as written and a snippet', async () => {
    const input = [
      { id: 'ar1', title: 'وزير الدفاع النيجري ساليفو مودي يصل إلى بنغازي', content: '<p>التقى الجنرال ساليفو مودي بالمشير خليفة حفتر في الرجمة.</p>', lang: 'ar' },
      { id: 'en1', title: 'Richard Wagner festival opens in Bayreuth', content: 'The Wagnerian season begins.' },
      { id: 'ru1', content: 'Замминистра обороны Юнус-Бек Евкуров провёл переговоры с Хафтаром.' },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const { code, stdout, stderr } = await rasid(['match', '--watchlists', 'watchlists'], `${input}\n`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out.map((o) => o.id)).toEqual(['ar1', 'en1', 'ru1']);
    const ar = out[0]!.hits as Array<{ entry: string; terms: string[]; snippet: string }>;
    expect(ar.map((h) => h.entry)).toEqual(expect.arrayContaining(['mody', 'haftar', 'mody-benghazi-trip']));
    expect(ar.find((h) => h.entry === 'mody')!.terms).toContain('ساليفو مودي');
    expect(ar.find((h) => h.entry === 'haftar')!.snippet).toContain('حفتر');
    expect(ar.find((h) => h.entry === 'haftar')!.snippet).not.toContain('<p>');
    expect(out[1]!.hits).toEqual([]);
    const ru = out[2]!.hits as Array<{ entry: string; terms: string[] }>;
    expect(ru.find((h) => h.entry === 'yevkurov')!.terms).toEqual(['Юнус-Бек Евкуров']);
    expect(ru.find((h) => h.entry === 'haftar')!.terms).toEqual(['Хафтаром']);
  });

  it('reports a bad line with its number on stderr, still answers the others, and exits 1', async () => {
    const input = ['{"id":"a","title":"Haftar"}', '{not json', '{"title":"no id"}', '{"id":"d","content":"nothing"}'].join('\n');
    const { code, stdout, stderr } = await rasid(['match', '--watchlists', 'watchlists'], input);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ id: 'a' });
    expect(out[1]).toMatchObject({ line: 2, error: expect.stringMatching(/not valid JSON/) });
    expect(out[2]).toMatchObject({ line: 3, error: 'missing "id"' });
    expect(out[3]).toEqual({ id: 'd', hits: [] });
    expect(stderr).toMatch(/line 2: not valid JSON/);
    expect(stderr).toMatch(/line 3: missing "id"/);
  });

  it('streams many lines and keeps their order', async () => {
    const n = 3000;
    const input = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `n${i}`, content: i % 3 === 0 ? `Haftar ${i}` : `nothing ${i}` })).join('\n');
    const { code, stdout } = await rasid(['match'], input, { RASID_WATCHLISTS: 'watchlists' });
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(n);
    expect(out.every((o, i) => o.id === `n${i}`)).toBe(true);
    expect(out.filter((o) => (o.hits as unknown[]).length > 0)).toHaveLength(n / 3);
  });

  it('refuses an invalid watchlist folder with file:line and exit 1', async () => {
    const { code, stderr } = await rasid(['match', '--watchlists', 'test/fixtures/watchlists/broken'], '{"id":"x"}\n');
    expect(code).toBe(1);
    expect(stderr).toMatch(/broken\.yaml:\d+:\d+: .*unknown key "aliasses".*did you mean `aliases`/);
  });
});
