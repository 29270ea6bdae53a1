import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliResult } from '../helpers/run-cli.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeItems } from '../../src/store/articles-repo.ts';
import { storeHits } from '../../src/store/hits-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { FeedSettings } from '../../src/types.ts';

let tmp: string;

function rasid(args: string[]): Promise<CliResult> {
  return runCli(args);
}

const WATCHLIST = `# Test watchlist: comments must survive CLI edits.
entries:
  - id: haftar
    aliases: [Haftar, Hifter]
  - id: wagner
    aliases: [Wagner Group]
    ambiguous: [Wagner]
    context:
      terms: [mercenaries]
      within: 10
    exclude: [Richard Wagner]
`;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-wlcli-'));
  fs.mkdirSync(path.join(tmp, 'wl'));
  fs.writeFileSync(path.join(tmp, 'wl', 'main.yaml'), WATCHLIST);
});
afterAll(async () => fs.rmSync(tmp, { recursive: true, force: true }));

describe('rasid watchlist', () => {
  it('validate: 0 for valid files, 1 with file:line for a broken one', async () => {
    const ok = await rasid(['watchlist', 'validate', '--watchlists', path.join(tmp, 'wl')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/2 entries, all valid/);
    const bad = await rasid(['watchlist', 'validate', '--watchlists', 'test/fixtures/watchlists/broken']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/broken\.yaml:4:5: .*unknown key "aliasses"/);
  });

  it('test --text shows hits and near misses with the context or exclusion that decided', async () => {
    const r = await rasid(['watchlist', 'test', '--watchlists', path.join(tmp, 'wl'), '--text', 'Richard Wagner met Hifter; Wagner mercenaries left']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/HIT haftar .*"Hifter"/);
    expect(r.stdout).toMatch(/HIT wagner/);
    expect(r.stdout).toMatch(/confirmed by context "mercenaries"/);
    expect(r.stdout).toMatch(/excluded by "Richard Wagner"/);
  });

  it('add and remove edit the file in place, keep comments, and refuse an edit that breaks a reference', async () => {
    const dir = path.join(tmp, 'wl');
    expect((await rasid(['watchlist', 'add', 'haftar', '--alias', 'Hafter', '--watchlists', dir])).code).toBe(0);
    expect((await rasid(['watchlist', 'add', 'trip', '--alias', 'Benghazi visit', '--priority', 'critical', '--watchlists', dir])).code).toBe(0);
    expect((await rasid(['watchlist', 'remove', 'haftar', '--alias', 'HIFTER', '--watchlists', dir])).code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'main.yaml'), 'utf8');
    expect(text).toContain('# Test watchlist: comments must survive CLI edits.');
    expect(text).toContain('aliases: [Haftar, Hafter]');
    expect(text).toMatch(/- id: trip\n {4}priority: critical\n {4}aliases: \[Benghazi visit\]/);
    const show = await rasid(['watchlist', 'show', 'trip', '--watchlists', dir]);
    expect(show.stdout).toMatch(/priority: +critical/);

    fs.appendFileSync(path.join(dir, 'main.yaml'), '  - id: topic\n    rule: { all: [{ entry: haftar }, Benghazi] }\n');
    const refused = await rasid(['watchlist', 'remove', 'haftar', '--watchlists', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not written.*\n.*unknown entry "haftar"/);
    expect(fs.readFileSync(path.join(dir, 'main.yaml'), 'utf8')).toContain('- id: haftar');
  });

  it('backtest shows hits gained and lost against the stored archive, with an edited copy', async () => {
    const db = path.join(tmp, 'rasid.db');
    const store = await openStore(db);
    const feed: FeedSettings = { id: 'f', url: 'http://127.0.0.1/f', kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false };
    const now = new Date('2026-11-29T00:00:00Z');
    const { newArticles } = await storeItems(
      store,
      feed,
      [
        { guid: '1', link: 'http://127.0.0.1/1', title: 'Hifter speaks', published: null, summary: null, content: 'Hifter in Benghazi' },
        { guid: '2', link: 'http://127.0.0.1/2', title: 'Wagner Group moves', published: null, summary: null, content: 'The Wagner Group left.' },
      ],
      now,
    );
    const hit = (entry: string) => ({ entry, terms: [entry], snippet: '', priority: 'normal' as const, why: [] });
    await storeHits(store, newArticles[0]!.id, [hit('haftar')], now);
    await store.close();
    fs.mkdirSync(path.join(tmp, 'edited'));
    fs.writeFileSync(path.join(tmp, 'edited', 'main.yaml'), 'entries:\n  - id: haftar\n    aliases: [Haftar]\n  - id: wagner\n    aliases: [Wagner Group]\n');
    const r = await rasid(['watchlist', 'backtest', '--db', db, '--watchlists', path.join(tmp, 'edited'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { articles: number; entries: Array<{ entry: string; kept: number; gained: number; lost: number }> };
    expect(report.articles).toBe(2);
    expect(report.entries).toEqual([
      expect.objectContaining({ entry: 'haftar', kept: 0, gained: 0, lost: 1 }),
      expect.objectContaining({ entry: 'wagner', kept: 0, gained: 1, lost: 0 }),
    ]);
  });

  it('show --variants lists the generated spellings and the names matched near-spelled', async () => {
    const dir = path.join(tmp, 'variants');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'v.yaml'), 'entries:\n  - id: yevkurov\n    aliases: [Yunus-Bek Yevkurov, Yevkurov]\n    context: [Russia]\n');
    const r = await rasid(['watchlist', 'show', 'yevkurov', '--variants', '--watchlists', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/transliterated +юнус бек евкуров +from "Yunus-Bek Yevkurov"/);
    expect(r.stdout).toMatch(/transliterated +евкуров +from "Yevkurov" +\(counts only with context\)/);
    expect(r.stdout).toMatch(/joined +yunusbek yevkurov/);
    expect(r.stdout).toMatch(/near spellings: .*yevkurov \(up to 1 edit\)/);
    const json = JSON.parse((await rasid(['watchlist', 'show', 'yevkurov', '--variants', '--json', '--watchlists', dir])).stdout) as { variants: { generated: unknown[] } };
    expect(json.variants.generated.length).toBeGreaterThanOrEqual(4);
  });

  it('suggest lists unseen spellings from the archive with the command that adds them', async () => {
    const db = path.join(tmp, 'suggest.db');
    const store = await openStore(db);
    const feed: FeedSettings = { id: 'f', url: 'http://127.0.0.1/f', kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false };
    await storeItems(store, feed, [{ guid: '1', link: 'http://127.0.0.1/1', title: 'Hifterr in Benghazi', published: null, summary: null, content: 'Hifterr met mercenaries.' }], new Date('2026-11-29T00:00:00Z'));
    await store.close();
    fs.mkdirSync(path.join(tmp, 'sg'));
    fs.writeFileSync(path.join(tmp, 'sg', 'main.yaml'), 'entries:\n  - id: haftar\n    aliases: [Hifter]\n    context: [Benghazi]\n');
    const r = await rasid(['watchlist', 'suggest', 'haftar', '--db', db, '--watchlists', path.join(tmp, 'sg')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/haftar: "Hifterr" ~ "Hifter" \(distance 0\.5\) in 1 article/);
    expect(r.stdout).toContain('add it: rasid watchlist add haftar --alias "Hifterr" --lang en');
    const bad = await rasid(['watchlist', 'suggest', 'hafter', '--db', db, '--watchlists', path.join(tmp, 'sg')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/did you mean `haftar`/);
  });
});
