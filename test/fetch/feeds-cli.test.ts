// `rasid feeds …` through the real executable, on a feeds file and database in a temp folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { recordFetchFailure, recordFetchSuccess, syncFeeds } from '../../src/store/feeds-repo.ts';
import { runCli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { rssFeed } from './store-helpers.ts';

const tempDir = useTempDir('rasid-feeds-cli-');

function setup(feedsYaml: string) {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'feeds.yaml'), feedsYaml);
  const env = { RASID_FEEDS: path.join(dir, 'feeds.yaml'), RASID_DB: path.join(dir, 'rasid.db') };
  return { dir, env, feedsText: () => fs.readFileSync(env.RASID_FEEDS, 'utf8') };
}

const startingFile = `# Desk feeds
feeds:
  # eastern Libya
  - url: https://barqa-today.example/rss
    id: barqa
    title: Barqa Today
`;

describe('rasid feeds', () => {
  it('adds, lists and removes feeds, keeping the comments of the file', async () => {
    const { env, feedsText } = setup(startingFile);
    // --no-check: nothing beyond loopback is reachable here (the check itself: feeds-add-check.test.ts).
    const added = await runCli(['feeds', 'add', '--no-check', 'https://www.rfi.fr/fr/afrique/rss', '--title', 'RFI Afrique', '--language', 'fr'], { env });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added rfi.fr-fr-afrique-rss');

    const listed = await runCli(['feeds', 'list', '--json'], { env });
    expect(listed.code).toBe(0);
    const { feeds } = JSON.parse(listed.stdout) as { feeds: Array<{ id: string; language?: string; intervalMinutes: number }> };
    expect(feeds.map((f) => f.id)).toEqual(['barqa', 'rfi.fr-fr-afrique-rss']);
    expect(feeds[1]).toMatchObject({ language: 'fr', intervalMinutes: 30 });

    const removed = await runCli(['feeds', 'remove', 'barqa'], { env });
    expect(removed.code).toBe(0);
    expect(feedsText()).toContain('# Desk feeds');
    expect(feedsText()).not.toContain('barqa-today');
    expect(feedsText()).toContain('https://www.rfi.fr/fr/afrique/rss');
  });

  it('refuses to add a feed twice and to remove one that is not there, with exit status 1', async () => {
    const { env, feedsText } = setup(startingFile);
    const again = await runCli(['feeds', 'add', 'https://barqa-today.example/rss'], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already in the feeds file');
    const missing = await runCli(['feeds', 'remove', 'nope'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no feed with the id or address "nope"');
    expect(feedsText()).toBe(startingFile);
  });

  it('refuses an address that is not http or https', async () => {
    const { env, feedsText } = setup(startingFile);
    const result = await runCli(['feeds', 'add', 'ftp://files.example/feed.xml'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not an http:// or https:// address');
    expect(feedsText()).toBe(startingFile);
  });

  it('needs selectors for an html feed', async () => {
    const { env } = setup(startingFile);
    const result = await runCli(['feeds', 'add', 'https://www.anp.ne/', '--kind', 'html'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--item, --item-title and --item-link');
  });

  it('imports the feeds of an OPML file, skipping those already present', async () => {
    const { dir, env } = setup(startingFile);
    const opml = path.join(dir, 'export.opml');
    fs.writeFileSync(
      opml,
      `<?xml version="1.0"?><opml version="1.0"><body><outline text="Libye">
        <outline text="Barqa" xmlUrl="https://barqa-today.example/rss"/>
        <outline text="Sahelien" xmlUrl="https://sahelien.com/feed/"/>
      </outline></body></opml>`,
    );
    const result = await runCli(['feeds', 'import-opml', opml], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('added 1 feed(s)');
    expect(result.stdout).toContain('https://barqa-today.example/rss: already in the feeds file');
    const listed = JSON.parse((await runCli(['feeds', 'list', '--json'], { env })).stdout) as { feeds: Array<{ id: string; title?: string }> };
    expect(listed.feeds.at(-1)).toMatchObject({ id: 'sahelien.com-feed', title: 'Sahelien' });
  });

  it('shows per feed the last success, the last error in words, failures, items in 7 days and flags', async () => {
    const { env } = setup(`${startingFile}  - url: https://gone.example/rss\n    id: gone\n`);
    const store = await openStore(env.RASID_DB);
    const now = new Date();
    const barqa = rssFeed('barqa', 'https://barqa-today.example/rss');
    const gone = rssFeed('gone', 'https://gone.example/rss');
    await syncFeeds(store, [barqa, gone], now);
    await recordFetchSuccess(store, 'barqa', now, { intervalMinutes: 30 });
    for (let i = 0; i < 3; i++)
      await recordFetchFailure(store, 'gone', now, { intervalMinutes: 30, error: 'the server answered 404 Not Found: the address is wrong or the feed moved' });
    await store.close();

    const json = await runCli(['feeds', 'status', '--json'], { env });
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout) as { feeds: Array<{ feedId: string; consecutiveFailures: number; flags: string[]; lastSuccessAt: string | null }> };
    expect(status.feeds.map((f) => [f.feedId, f.consecutiveFailures, f.flags])).toEqual([
      ['barqa', 0, []],
      ['gone', 3, ['failing']],
    ]);
    expect(status.feeds[0]!.lastSuccessAt).toBe(now.toISOString());

    const text = await runCli(['feeds', 'status'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/gone\s+-\s+never\s+3\s+0\s+failing/);
    expect(text.stdout).toMatch(/^barqa\s+Barqa Today\s+\d{4}-/m);
    expect(text.stdout).toContain('gone (');
    expect(text.stdout).toMatch(/3 in a row, next try \d{4}-\d\d-\d\d \d\d:\d\d UTC\): the server answered 404 Not Found/);
  });

  it('reports a broken feeds file with its line, exit status 1', async () => {
    const { env } = setup('feeds:\n  - urll: https://x.example/rss\n');
    const result = await runCli(['feeds', 'list'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/feeds\.yaml:2/);
  });
});
