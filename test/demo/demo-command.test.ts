// `rasid demo` as a newcomer runs it: the summary it prints, the digest files it writes, and hits
// that agree with the sample feeds' own labels (expected-hits.json), item by item.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

interface Expected {
  items: Array<{ feed: string; link: string; expect: string[] }>;
}

describe('rasid demo', () => {
  it('fetches all six sample feeds, finds exactly the labelled hits and writes the digest to the outbox', async () => {
    const out = tempDir();
    const res = await runCli(['demo', '--out', out], { cwd: out });
    expect(res.stderr).not.toMatch(/failed|unexpected/i);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/feeds fetched\s+6 of 6/);
    expect(res.stdout).toMatch(/items new\s+50 \(51 seen/);

    const db = new Database(path.join(out, 'rasid-demo.db'), { readonly: true });
    const found = new Map<string, Set<string>>();
    const rows = db
      .prepare('SELECT s.url AS link, h.entry FROM article_sources s JOIN hits h ON h.article_id = s.article_id')
      .all() as Array<{ link: string; entry: string }>;
    db.close();
    for (const r of rows) found.set(r.link, (found.get(r.link) ?? new Set()).add(r.entry));

    const expected = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'src/demo/samples/expected-hits.json'), 'utf8')) as Expected;
    const wrong = expected.items
      .map((item) => ({ item: `${item.feed} ${item.link}`, want: [...item.expect].sort(), got: [...(found.get(item.link) ?? [])].sort() }))
      .filter((r) => r.want.join() !== r.got.join());
    expect(wrong).toEqual([]);

    const html = fs.readdirSync(path.join(out, 'outbox')).filter((f) => f.endsWith('.html'));
    expect(html.length).toBeGreaterThanOrEqual(1);
    for (const f of html) expect(res.stdout).toContain(f);
    // The samples are served with dates just before now: no sample feed is reported silent, whatever the day.
    for (const f of html) expect(fs.readFileSync(path.join(out, 'outbox', f), 'utf8')).not.toMatch(/silent: no new item/);
  });
});
