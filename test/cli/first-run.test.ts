// What a newcomer meets first, read right: commands that read the database say "no database yet"
// instead of creating an empty one; an entry id with a typo gets a suggestion; `--since` and
// `--lang` read the same in every command; `rasid hits | head` ends quietly.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeItems } from '../../src/store/articles-repo.ts';
import { markMatched, storeHits } from '../../src/store/hits-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { FeedItem } from '../../src/types.ts';
import { BIN, REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-first-run-');
const watchlists = path.join(REPO_ROOT, 'watchlists');

/** A database with `n` hits of `mody`, enough for more output than a pipe holds. */
async function withHits(n: number): Promise<Record<string, string>> {
  const dir = tempDir();
  const db = path.join(dir, 'rasid.db');
  const store = await openStore(db);
  const items: FeedItem[] = Array.from({ length: n }, (_, i) => ({
    guid: `m-${i}`,
    link: `http://127.0.0.1/mody/${i}`,
    title: `Gen. Salifou Mody visits Benghazi, dispatch ${i}`,
    published: null,
    summary: `Niger's defence minister Salifou Mody met Haftar in Benghazi (${i}). `.repeat(3),
    content: null,
  }));
  const feed = { id: 'wire', url: 'http://127.0.0.1/wire.xml', kind: 'rss' as const, intervalMinutes: 30, enabled: true, fetchArticles: false };
  const stored = await storeItems(store, feed, items, new Date());
  for (const a of stored.newArticles)
    await storeHits(store, a.id, [{ entry: 'mody', terms: ['Salifou Mody'], snippet: 'Salifou Mody met Haftar', priority: 'high', why: ['alias "Salifou Mody"'] }], new Date());
  await markMatched(store, stored.newArticles.map((a) => a.id), new Date());
  await store.close();
  return { RASID_DB: db, RASID_WATCHLISTS: watchlists };
}

describe('a first run that reads right', { timeout: 120_000 }, () => {
  it.each([
    [['hits']],
    [['hits', '--json']],
    [['watchlist', 'backtest']],
    [['feeds', 'status']],
    // Also every other command that only reads what is stored.
    [['search', 'mody']],
    [['search', '--json', 'mody']],
    [['export-feed', '--entry', 'mody']],
    [['watchlist', 'suggest', 'mody']],
    // Nothing to prune in a database that is not there.
    [['prune', '--older-than', '90d']],
  ])('`rasid %s` without a database says so and creates none', async (args) => {
    const dir = tempDir();
    const db = path.join(dir, 'data', 'rasid.db');
    const feeds = path.join(dir, 'feeds.yaml');
    fs.writeFileSync(feeds, 'feeds:\n  - url: https://example.org/rss\n');
    const res = await runCli(args, { env: { RASID_DB: db, RASID_FEEDS: feeds, RASID_WATCHLISTS: watchlists } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`no database at ${db} yet: run \`rasid run\` first, or point RASID_DB / --db at the right file`);
    expect(res.stdout).toBe('');
    expect(fs.existsSync(db)).toBe(false);
    expect(fs.existsSync(path.dirname(db))).toBe(false);
  });

  it('`rasid hits --entry modi` suggests `mody`, as `rasid watchlist show` does', async () => {
    const env = await withHits(3);
    const typo = await runCli(['hits', '--entry', 'modi'], { env });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/--entry modi: no entry "modi" — did you mean `mody`\?/);
    const known = await runCli(['hits', '--entry', 'haftar'], { env });
    expect(known.code).toBe(0);
    expect(known.stdout).toBe('No hits match.\n');
  });

  it('`--since` takes a span back from now in `watchlist backtest` too, as in `hits`', async () => {
    const env = await withHits(3);
    for (const args of [['hits', '--since', '7d', '--json'], ['watchlist', 'backtest', '--since', '7d', '--json']]) {
      const res = await runCli(args, { env });
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(0);
    }
    const backtest = JSON.parse((await runCli(['watchlist', 'backtest', '--since', '7d', '--json'], { env })).stdout) as { articles: number };
    expect(backtest.articles).toBe(3);
    const bad = await runCli(['watchlist', 'backtest', '--since', 'last week'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--since last week: not a date — use 2026-11-28, 2026-11-28T06:00:00Z, or a span such as 24h or 7d/);
  });

  it('`watchlist add` takes --language as well as --lang, like `feeds add`', async () => {
    const dir = tempDir();
    fs.cpSync(watchlists, path.join(dir, 'wl'), { recursive: true });
    const env = { RASID_WATCHLISTS: path.join(dir, 'wl') };
    const added = await runCli(['watchlist', 'add', 'haftar', '--alias', 'Haftarov', '--language', 'ru'], { env });
    expect(added.code, added.stderr).toBe(0);
    const shown = JSON.parse((await runCli(['watchlist', 'show', 'haftar', '--json'], { env })).stdout) as { aliases: Array<{ text: string; lang: string }> };
    expect(shown.aliases).toContainEqual({ text: 'Haftarov', lang: 'ru' });
  });

  it('`rasid hits | head` ends quietly, without an EPIPE stack trace', async () => {
    const env = await withHits(300);
    const child = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" hits --json | head -c 100`], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toHaveLength(100);
    expect(stderr).toBe('');
  });
});
