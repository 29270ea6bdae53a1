import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeItems } from '../../src/store/articles-repo.ts';
import {
  openFeedsRepo,
  feedHealth,
  failureBackoffMinutes,
  getFeedState,
  isDue,
  recordFetchFailure,
  recordFetchSuccess,
  syncFeeds,
} from '../../src/store/feeds-repo.ts';
import { BACKENDS } from '../helpers/stores.ts';
import { rssFeed, tempStore } from './store-helpers.ts';

describe.each(BACKENDS)('feeds repository on %s', (backend) => {
  let db: Awaited<ReturnType<typeof tempStore>>;
  beforeEach(async () => {
    db = await tempStore(backend);
  });
  afterEach(async () => db.cleanup());

  const t0 = new Date('2026-03-01T10:00:00.000Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const feed = rssFeed('barqa', 'https://barqa-today.example/rss');

  describe('failure backoff', () => {
    it.each([
      [30, 1, 30],
      [30, 2, 60],
      [30, 3, 120],
      [30, 6, 960],
      [30, 7, 1440],
      [30, 40, 1440],
      [0, 5, 0],
    ])('with a %i-minute interval, failure %i waits %i minutes', (interval, failures, expected) => {
      expect(failureBackoffMinutes(interval, failures)).toBe(expected);
    });

    it('schedules each next attempt later and keeps the error in words', async () => {
      await syncFeeds(db.store, [feed], t0);
      expect(isDue(await getFeedState(db.store, 'barqa'), t0)).toBe(true);
      await recordFetchFailure(db.store, 'barqa', t0, { intervalMinutes: 30, error: 'the server answered 503 Service Unavailable' });
      await recordFetchFailure(db.store, 'barqa', at(30), { intervalMinutes: 30, error: 'the server answered 503 Service Unavailable' });
      const state = (await getFeedState(db.store, 'barqa'))!;
      expect(state.consecutiveFailures).toBe(2);
      expect(state.nextFetchAt).toBe(at(90).toISOString());
      expect(state.lastError).toBe('the server answered 503 Service Unavailable');
      expect(isDue(state, at(89))).toBe(false);
      expect(isDue(state, at(90))).toBe(true);
    });

    it('waits at least as long as a Retry-After asked, up to a day', async () => {
      await syncFeeds(db.store, [feed], t0);
      await recordFetchFailure(db.store, 'barqa', t0, { intervalMinutes: 30, error: '429', retryAfterSeconds: 7200 });
      expect((await getFeedState(db.store, 'barqa'))!.nextFetchAt).toBe(at(120).toISOString());
    });

    it('resets the failure count on success but keeps the last error for the record', async () => {
      await syncFeeds(db.store, [feed], t0);
      await recordFetchFailure(db.store, 'barqa', t0, { intervalMinutes: 30, error: 'timed out' });
      await recordFetchSuccess(db.store, 'barqa', at(30), { intervalMinutes: 30, etag: '"e1"', lastModified: null });
      const state = (await getFeedState(db.store, 'barqa'))!;
      expect(state).toMatchObject({ consecutiveFailures: 0, etag: '"e1"', lastError: 'timed out', lastSuccessAt: at(30).toISOString() });
      expect(state.nextFetchAt).toBe(at(60).toISOString());
    });
  });

  describe('syncing with the feeds file', () => {
    it('keeps the address a permanent redirect led to while the configured one is unchanged', async () => {
      await syncFeeds(db.store, [feed], t0);
      await recordFetchSuccess(db.store, 'barqa', t0, { intervalMinutes: 30, etag: '"e1"', movedTo: 'https://barqa.example/rss' });
      await syncFeeds(db.store, [feed], at(30));
      expect(await getFeedState(db.store, 'barqa')).toMatchObject({ url: 'https://barqa.example/rss', etag: '"e1"' });
    });

    it('starts over from a new configured address, dropping the old validators', async () => {
      await syncFeeds(db.store, [feed], t0);
      await recordFetchSuccess(db.store, 'barqa', t0, { intervalMinutes: 30, etag: '"e1"', lastModified: 'x', movedTo: 'https://barqa.example/rss' });
      await syncFeeds(db.store, [{ ...feed, url: 'https://barqa-today.example/feed.xml' }], at(5));
      expect(await getFeedState(db.store, 'barqa')).toMatchObject({
        url: 'https://barqa-today.example/feed.xml',
        etag: null,
        lastModified: null,
        nextFetchAt: null,
      });
    });
  });

  describe('feed health', () => {
    const item = (n: number, published: string) => ({
      guid: `g${n}`,
      link: `https://barqa-today.example/news/${n}`,
      title: `خبر ${n}`,
      published,
      summary: null,
      content: null,
    });

    it('counts items of the last 7 days and flags failing and never-fetched feeds', async () => {
      const quiet = rssFeed('quiet', 'https://quiet.example/rss');
      await syncFeeds(db.store, [feed, quiet], t0);
      await storeItems(db.store, feed, [item(1, '2026-02-28T08:00:00.000Z'), item(2, '2026-03-01T08:00:00.000Z')], t0);
      await recordFetchSuccess(db.store, 'barqa', t0, { intervalMinutes: 30, newestItemAt: '2026-03-01T08:00:00.000Z' });
      const [barqa, q] = await feedHealth(db.store, [feed, quiet], at(60));
      expect(barqa).toMatchObject({ feedId: 'barqa', itemsLast7Days: 2, flags: [], lastItemAt: '2026-03-01T08:00:00.000Z' });
      expect(q).toMatchObject({ feedId: 'quiet', itemsLast7Days: 0, flags: ['never-fetched'] });

      for (let i = 0; i < 3; i++) await recordFetchFailure(db.store, 'quiet', at(i * 60), { intervalMinutes: 30, error: 'the server answered 404 Not Found' });
      expect((await feedHealth(db.store, [feed, quiet], at(200)))[1]).toMatchObject({
        consecutiveFailures: 3,
        lastError: 'the server answered 404 Not Found',
        flags: ['failing'],
      });
    });

    it('flags a feed that answers but has published nothing new for 7 days', async () => {
      await syncFeeds(db.store, [feed], t0);
      await storeItems(db.store, feed, [item(1, '2026-02-28T08:00:00.000Z')], t0);
      await recordFetchSuccess(db.store, 'barqa', t0, { intervalMinutes: 30, newestItemAt: '2026-02-28T08:00:00.000Z' });
      const nineDaysLater = at(9 * 24 * 60);
      await recordFetchSuccess(db.store, 'barqa', nineDaysLater, { intervalMinutes: 30 });
      expect((await feedHealth(db.store, [feed], nineDaysLater))[0]).toMatchObject({ itemsLast7Days: 0, flags: ['stopped-publishing'] });
    });

    it('lists stored feeds that left the feeds file, and disabled ones', async () => {
      await syncFeeds(db.store, [feed, rssFeed('old', 'https://old.example/rss')], t0);
      const health = await feedHealth(db.store, [{ ...feed, enabled: false }], t0);
      expect(health.map((h) => [h.feedId, h.flags])).toEqual([
        ['barqa', ['disabled', 'never-fetched']],
        ['old', ['not-in-feeds-file', 'never-fetched']],
      ]);
    });
  });
  describe('a first run and the states read with a claim', () => {
    it('adds a thousand new feeds in batches and reads the claimed ones with their last body fingerprint', async () => {
      const many = Array.from({ length: 1203 }, (_, i) => rssFeed(`f${i}`, `https://outlet${i}.example/rss`));
      await syncFeeds(db.store, many, t0);
      await syncFeeds(db.store, many, t0); // again: nothing doubled, nothing lost
      expect((await db.store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM feeds'))!.n).toBe(1203);
      await recordFetchSuccess(db.store, 'f7', t0, { intervalMinutes: 30, etag: '"v7"', bodyHash: 'hash-of-f7' });
      const states = await openFeedsRepo(db.store).claimedStates(['f7', 'f8', 'not-a-feed']);
      expect([...states.keys()].sort()).toEqual(['f7', 'f8']);
      expect(states.get('f7')).toMatchObject({ bodyHash: 'hash-of-f7', state: { feedId: 'f7', etag: '"v7"', url: 'https://outlet7.example/rss' } });
      expect(states.get('f8')).toMatchObject({ bodyHash: null, state: { etag: null, lastSuccessAt: null } });
      expect(await openFeedsRepo(db.store).claimedStates([])).toEqual(new Map());
    });
  });
});
