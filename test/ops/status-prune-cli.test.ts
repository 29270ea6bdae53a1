// `rasid status` and `rasid prune` through the real CLI: the exit statuses a scheduler relies on.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/temp-dir.ts';
import { makeInstallation, runToEnd, useFeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-status-cli-');
const feeds = useFeedHost();

describe('rasid status', () => {
  it('exits 3 and says so when there is no database yet, without creating one', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const res = await runToEnd(['status'], inst.env);
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/needs attention/);
    expect(res.stdout).toMatch(/no database at .*rasid\.db yet: run `rasid run` first/);
    expect(fs.existsSync(inst.db)).toBe(false);
  }, 30_000);

  it('exits 0 after a good run, and 3 with the feed named once a feed keeps failing', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    expect((await runToEnd(['run'], inst.env)).code).toBe(0);
    const ok = await runToEnd(['status', '--json'], inst.env);
    expect(ok.code).toBe(0);
    const healthy = JSON.parse(ok.stdout);
    expect(healthy).toMatchObject({ healthy: true, attention: [], feeds: { known: 2, failing: [] }, articles: 7 });
    expect(healthy.database.bytes).toBeGreaterThan(0);

    fs.writeFileSync(path.join(inst.dir, 'feeds.yaml'), fs.readFileSync(path.join(inst.dir, 'feeds.yaml'), 'utf8').replace('maghreb-fr.rss.xml', 'gone.xml'));
    for (let i = 0; i < 2; i++) expect((await runToEnd(['run'], inst.env)).code).toBe(0);
    const text = await runToEnd(['status', '--failing-after', '2'], inst.env);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/feed maghreb-fr failed 2 times in a row/);
  }, 60_000);

  it('lists configuration mistakes with file:line as needing attention', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    expect((await runToEnd(['run'], inst.env)).code).toBe(0);
    fs.appendFileSync(path.join(inst.dir, 'feeds.yaml'), '  - url: not a url\n');
    const res = await runToEnd(['status', '--json'], inst.env);
    expect(res.code).toBe(3);
    expect(JSON.parse(res.stdout).configProblems.join('\n')).toMatch(/feeds\.yaml:\d+/);
  }, 60_000);

  it('rejects a bad --stale-after with exit status 1', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const res = await runToEnd(['status', '--stale-after', 'soon'], inst.env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/--stale-after a duration such as 90m/);
  }, 30_000);
});

describe('rasid prune', () => {
  it('removes old articles without hits, keeps those with hits, and reports sizes before and after', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    expect((await runToEnd(['run'], inst.env)).code).toBe(0);
    const db = new Database(inst.db);
    db.prepare("UPDATE articles SET fetched_at = '2026-01-01T00:00:00.000Z'").run();
    const withHits = (db.prepare('SELECT COUNT(DISTINCT article_id) AS n FROM hits').get() as { n: number }).n;
    db.close();

    const dry = await runToEnd(['prune', '--older-than', '90d', '--dry-run'], inst.env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`would remove ${7 - withHits} article`));

    const res = await runToEnd(['prune', '--json'], { ...inst.env, RASID_RETENTION: '30d' });
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ articlesRemoved: 7 - withHits, dryRun: false });
    expect(out.bytesAfter).toBeGreaterThan(0);
    const after = new Database(inst.db, { readonly: true });
    expect((after.prepare('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n).toBe(withHits);
    expect((after.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n).toBeGreaterThan(0);
    after.close();
  }, 60_000);

  it('refuses a duration it cannot read, and waits for no one: a held cycle lease makes it exit 2', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const bad = await runToEnd(['prune', '--older-than', 'three months'], inst.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a duration; write it like 90d/);
    expect((await runToEnd(['run'], inst.env)).code).toBe(0);
    const db = new Database(inst.db);
    db.prepare("INSERT INTO leases VALUES ('cycle', 'other-host:42:beef', ?, ?)").run(new Date().toISOString(), new Date(Date.now() + 60_000).toISOString());
    db.close();
    const busy = await runToEnd(['prune'], inst.env);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/a cycle is running \(other-host:42:beef/);
  }, 60_000);
});
