// A full disk cannot be made here (no tmpfs), but SQLite's max_page_count makes the database file
// unable to grow, which SQLite reports exactly as a full disk (SQLITE_FULL). The cycle must end
// with a StorageError in words, record nothing half-way, and a later run with room must complete.
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/errors.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { cycleInProcess, makeInstallation, readLedger, useFeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-full-');
const feeds = useFeedHost();

describe('a full disk during a cycle', () => {
  it('ends the cycle with a StorageError saying the disk is full, and the next cycle with room completes', async () => {
    // Forty long dispatches on the first feed: more than the pages the fresh database has free.
    const paragraph = 'The convoy crossed the Salvador pass at dawn, escorted by Haftar units, a regional official said. ';
    const items = Array.from(
      { length: 40 },
      (_, i) => `<item><guid>long-${i}</guid><title>Long dispatch ${i} on Haftar</title><link>http://sahel-desk.example/long/${i}</link><description>${paragraph.repeat(30)} (${i})</description></item>`,
    );
    feeds().bodies.set('/sahel-desk.rss.xml', `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Long wire</title><link>http://sahel-desk.example/</link>${items.join('')}</channel></rss>`);
    const inst = makeInstallation(tempDir(), feeds(), null);
    const cycle = (store: Store) => cycleInProcess(store, inst);

    const store = await openSqliteStore(inst.db);
    const pages = store.sqlite.pragma('page_count', { simple: true }) as number;
    // Room for the run record and little else: storing the fetched articles hits the ceiling.
    store.sqlite.pragma(`max_page_count = ${pages + 1}`);
    const failure = await cycle(store).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as Error).message).toMatch(/The disk holding .*rasid\.db is full; free some space and run again/);
    await store.close();
    const mid = await readLedger(inst.db);
    expect(mid.hits).toEqual([]);
    expect(mid.delivered).toEqual([]);

    const roomy = await openStore(inst.db);
    const report = await cycle(roomy);
    await roomy.close();
    expect(report.status).toBe('ok');
    const end = await readLedger(inst.db);
    expect(end.articles).toHaveLength(43);
    expect(end.unmatched).toBe(0);
    expect(end.delivered).toHaveLength(end.hits.length);
    expect(end.hits.length).toBeGreaterThan(0);
  }, 30_000);
});
