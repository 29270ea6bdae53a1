// JSON Lines saved by Windows tools start with a UTF-8 byte-order mark; the first line still counts.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const BOM = '\uFEFF';

describe('JSON Lines on stdin with a byte-order mark', () => {
  it('rasid match answers the first line like any other', async () => {
    const res = await runCli(['match'], { input: `${BOM}{"id":"a","title":"Khalifa Haftar in Benghazi"}\n{"id":"b","title":"Weather"}\n` });
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 'b']);
    expect(lines[0].hits.map((h: { entry: string }) => h.entry)).toContain('haftar');
  });

  it('rasid parse --batch answers the first file, not a JSON error', async () => {
    const res = await runCli(['parse', '--batch'], {
      input: `${BOM}{"file":"src/demo/samples/ru.rss.xml","contentType":null,"url":null}\n`,
    });
    expect(res.code).toBe(0);
    const answer = JSON.parse(res.stdout.trim());
    expect(answer.error).toBeUndefined();
    expect(answer.file).toBe('src/demo/samples/ru.rss.xml');
    expect(answer.items.length).toBeGreaterThan(0);
  });
});
