import { describe, expect, it } from 'vitest';
import { storeItems } from '../../src/store/articles-repo.ts';
import { markMatched, storeHits } from '../../src/store/hits-repo.ts';
import { acquireLease } from '../../src/store/leases-repo.ts';
import type { Store } from '../../src/store/open-store.ts';
import { parseDuration, pruneStore } from '../../src/store/prune.ts';
import { finishRun, startRun } from '../../src/store/runs-repo.ts';
import { assessHealth, readHealth } from '../../src/store/status-repo.ts';
import type { FeedItem, FeedSettings } from '../../src/types.ts';
import { BACKENDS, useStore } from '../helpers/stores.ts';
const NOW = new Date('2026-11-29T03:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

const feed: FeedSettings = { id: 'wire', url: 'http://127.0.0.1/wire.xml', kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false };

function item(n: number, title: string): FeedItem {
  return { guid: `g-${n}`, link: `http://127.0.0.1/a/${n}`, title, published: null, summary: `${title} — body text number ${n}.`, content: null };
}

async function seed(store: Store) {
  const old = await storeItems(store, feed, [item(1, 'Agadem pipeline exports resume'), item(2, 'Weather in Niamey'), item(3, 'Market prices')], daysAgo(120));
  const [withHit, plain, unmatched] = old.newArticles;
  await storeHits(store, withHit!.id, [{ entry: 'agadem', terms: ['Agadem'], snippet: 'Agadem pipeline', priority: 'normal', why: [] }], daysAgo(120));
  await markMatched(store, [withHit!.id, plain!.id], daysAgo(120));
  const recent = await storeItems(store, feed, [item(4, 'Recent item without hits')], daysAgo(5));
  await markMatched(store, [recent.newArticles[0]!.id], daysAgo(5));
  return { withHit: withHit!.id, plain: plain!.id, unmatched: unmatched!.id, recent: recent.newArticles[0]!.id };
}

const ids = async (store: Store) => (await store.sql.all<{ id: number }>('SELECT id FROM articles ORDER BY id')).map((r) => r.id);
const count = async (store: Store, table: string) => (await store.sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM ${table}`))!.n;

describe.each(BACKENDS)('on %s', (backend) => {
  const db = useStore(backend);

  describe('rasid prune (pruneStore)', () => {
    it('removes only old matched articles without hits, keeping hits, unmatched and recent articles', async () => {
      const store = await db.open();
      const a = await seed(store);
      const result = await pruneStore(store, daysAgo(90));
      expect(result).toMatchObject({ articlesRemoved: 1, sourcesRemoved: 1, dryRun: false });
      expect(await ids(store)).toEqual([a.withHit, a.unmatched, a.recent]);
      expect(await count(store, 'hits')).toBe(1);
      expect(await count(store, 'article_sources')).toBe(3);
    });

    it('dry run counts without changing anything', async () => {
      const store = await db.open();
      await seed(store);
      const before = await ids(store);
      expect(await pruneStore(store, daysAgo(90), { dryRun: true })).toMatchObject({ articlesRemoved: 1, dryRun: true });
      expect(await ids(store)).toEqual(before);
    });

    it('shrinks the database after removing many articles (VACUUM)', async () => {
      const store = await db.open();
      const filler = 'Un long article sans rapport avec la liste de veille. '.repeat(200);
      const items = Array.from({ length: 400 }, (_, n) => ({ ...item(100 + n, `Filler ${n}`), content: `${filler} ${n}` }));
      const stored = await storeItems(store, feed, items, daysAgo(200));
      await markMatched(store, stored.newArticles.map((x) => x.id), daysAgo(200));
      await store.compact();
      const vacuums = async () =>
        (await store.sql.get<{ n: number }>(`SELECT vacuum_count AS "n" FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'articles'`))?.n ?? 0;
      const before = backend === 'postgres' ? await vacuums() : 0;
      const result = await pruneStore(store, daysAgo(90));
      expect(result.articlesRemoved).toBe(400);
      expect((await store.size()).bytes).toBe(result.bytesAfter);
      if (backend === 'sqlite') {
        // SQLite's VACUUM rewrites the file without the free pages.
        expect(result.bytesAfter).toBeLessThan(result.bytesBefore / 4);
      } else {
        // PostgreSQL's VACUUM makes the space reusable and gives back only the empty pages at a
        // table's end, and only once no transaction anywhere in the database (another test, another
        // worker) still needs the deleted rows (VACUUM FULL would lock out every worker meanwhile).
        // So the file need not shrink at once; what must hold is that VACUUM ran and nothing grew.
        expect(await vacuums()).toBeGreaterThan(before);
        expect(result.bytesAfter).toBeLessThanOrEqual(result.bytesBefore);
      }
    });

    it.each([
      ['90d', 90 * 86_400_000],
      ['12h', 12 * 3600_000],
      ['30m', 1_800_000],
      ['2w', 14 * 86_400_000],
      ['1.5h', 5_400_000],
      ['90', null],
      ['0d', null],
      ['ninety days', null],
    ])('parses the duration %s', (text, ms) => {
      expect(parseDuration(text)).toBe(ms);
    });
  });

  describe('rasid status (readHealth + assessHealth)', () => {
    it('says a database with no run yet needs a first run', async () => {
      const store = await db.open();
      const facts = await readHealth(store, NOW);
      expect(facts.lastRun).toBeNull();
      expect(assessHealth(facts, NOW).join('\n')).toMatch(/no run has been recorded yet/);
    });

    it('is healthy after a recent good run, and reports sizes and pending hits', async () => {
      const store = await db.open();
      await seed(store);
      const id = await startRun(store, 'run', new Date(NOW.getTime() - 60_000));
      await finishRun(store, id, 'ok', { status: 'ok' }, NOW);
      const facts = await readHealth(store, NOW);
      expect(assessHealth(facts, NOW)).toEqual([]);
      expect(facts.pending.hits).toBe(1);
      expect(facts.articles).toBe(4);
      expect(facts.database.bytes).toBeGreaterThan(0);
      expect(facts.lastRun).toMatchObject({ id, status: 'ok', report: { status: 'ok' } });
    });

    it('flags a failed last run, a stale installation, a failing feed and a failed message', async () => {
      const store = await db.open();
      const good = await startRun(store, 'run', daysAgo(3));
      await finishRun(store, good, 'ok', {}, daysAgo(3));
      const bad = await startRun(store, 'run', daysAgo(1));
      await finishRun(store, bad, 'failed', {}, daysAgo(1));
      await store.sql.run(
        "INSERT INTO feeds (id, url, consecutive_failures, last_error) VALUES ('dead', 'http://127.0.0.1/dead', 4, 'HTTP 404'), ('flaky', 'http://127.0.0.1/f', 1, 'timeout')",
      );
      await store.sql.run(
        "INSERT INTO digests (recipient, status, message_id, hit_ids, error, created_at) VALUES ('desk@example.org', 'failed', '<m@x>', '[]', '451 try later', ?)",
        [daysAgo(1).toISOString()],
      );
      const problems = assessHealth(await readHealth(store, NOW), NOW).join('\n');
      expect(problems).toMatch(/last run \(#2.*failed/);
      expect(problems).toMatch(/no run has completed since/);
      expect(problems).toMatch(/feed dead failed 4 times in a row \(HTTP 404\)/);
      expect(problems).not.toMatch(/flaky/);
      expect(problems).toMatch(/desk@example.org failed \(451 try later\)/);
    });

    it('calls a run left "running" without a live cycle lease interrupted, but not one whose lease is held', async () => {
      const store = await db.open();
      await startRun(store, 'run', new Date(NOW.getTime() - 5000));
      expect(assessHealth(await readHealth(store, NOW), NOW).join('\n')).toMatch(/did not finish: it was killed or crashed/);
      await acquireLease(store, 'cycle', 'remote-host:77:abcd', 60_000, NOW);
      const facts = await readHealth(store, NOW);
      expect(facts.leases).toEqual([expect.objectContaining({ name: 'cycle', stale: false })]);
      expect(assessHealth(facts, NOW).join('\n')).not.toMatch(/did not finish/);
    });
  });
});
