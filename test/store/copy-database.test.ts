// `rasid db copy` between every pair of engines this run can reach (SQLite → PostgreSQL is the
// migration the issue names; the others use the same code): nothing lost, nothing doubled, a rerun
// changes nothing, a rerun after the source moved on brings the target up to date, and the ledger
// still stops anything from being sent twice after the move.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeItems } from '../../src/store/articles-repo.ts';
import { copyDatabase, CopyConflictError } from '../../src/store/copy-database.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { runCli } from '../helpers/run-cli.ts';
import { BACKENDS, newDatabase, type Backend, type TestDatabase } from '../helpers/stores.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { cycleInProcess, makeInstallation, readLedger, startFeedHost, type FeedHost, type Installation } from '../ops/ops-harness.ts';

const tempDir = useTempDir('rasid-copy-');
const pairs: Array<[Backend, Backend]> = BACKENDS.flatMap((a) => BACKENDS.map((b) => [a, b] as [Backend, Backend]));

let feeds: FeedHost;
const dropped: TestDatabase[] = [];
beforeEach(async () => {
  feeds = await startFeedHost();
});
afterEach(async () => {
  await feeds.close();
  for (const db of dropped.splice(0)) await db.drop();
});

const cycle = (store: Store, inst: Installation) => cycleInProcess(store, inst);

const comparable = async (location: string) => {
  const s = await readLedger(location);
  return { articles: s.articles, hits: s.hits, delivered: s.delivered, sent: [...s.sentMessages.entries()].sort(), digests: s.digestsByStatus, runs: s.runs.length };
};

describe.each(pairs)('rasid db copy from %s to %s', (fromKind, toKind) => {
  it('copies everything once; a rerun changes nothing; a rerun after more work brings the target up to date', async () => {
    const inst = makeInstallation(tempDir(), feeds, null, fromKind);
    dropped.push({ location: inst.db, drop: inst.drop });
    const target = newDatabase(toKind);
    dropped.push(target);
    const source = await openStore(inst.db);
    try {
      expect((await cycle(source, inst)).status).toBe('ok');
      const into = await openStore(target.location);
      try {
        const first = await copyDatabase(source, into);
        for (const t of first.tables) expect(t, t.table).toMatchObject({ inserted: t.source, target: t.source, updated: 0 });
        expect(first.tables.find((t) => t.table === 'hits')!.source).toBeGreaterThan(0);
        expect(first.tables.find((t) => t.table === 'deliveries')!.source).toBeGreaterThan(0);
        expect(await comparable(target.location)).toEqual(await comparable(inst.db));

        const again = await copyDatabase(source, into);
        for (const t of again.tables) expect(t, t.table).toMatchObject({ inserted: 0, updated: 0, unchanged: t.source, target: t.source });

        // The source moves on: one more item, matched and delivered; the copy follows.
        feeds.bodies.set(
          '/sahel-desk.rss.xml',
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Sahel desk</title><item><guid>late-1</guid><title>Salifou Mody lands in Benghazi for talks with Haftar</title><link>http://sahel-desk.example/late-1</link><description>Niger's defence minister Gen. Salifou Mody arrived in Benghazi.</description></item></channel></rss>`,
        );
        expect((await cycle(source, inst)).match.hitsNew).toBeGreaterThan(0);
        const third = await copyDatabase(source, into);
        expect(third.tables.find((t) => t.table === 'hits')!.inserted).toBeGreaterThan(0);
        expect(third.tables.find((t) => t.table === 'runs')).toMatchObject({ inserted: 1 });
        expect(await comparable(target.location)).toEqual(await comparable(inst.db));

        // Moved: a cycle on the new database sends nothing already delivered, and new ids follow the old ones.
        const moved = await cycle(into, { ...inst, db: target.location });
        expect(moved.delivery?.sent).toBe(0);
        const { newArticles } = await storeItems(into, { id: 'extra', url: 'http://127.0.0.1/x', kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false }, [
          { guid: 'x-1', link: 'http://127.0.0.1/x/1', title: 'Weather in Agadez', summary: 'Hot.', content: null, published: null },
        ], new Date());
        const maxCopied = (await source.sql.get<{ m: number }>('SELECT MAX(id) AS "m" FROM articles'))!.m;
        expect(newArticles[0]!.id).toBeGreaterThan(maxCopied);
      } finally {
        await into.close();
      }
    } finally {
      await source.close();
    }
  }, 60_000);

  it('refuses a target that holds data of its own instead of mixing two installations', async () => {
    const inst = makeInstallation(tempDir(), feeds, null, fromKind);
    dropped.push({ location: inst.db, drop: inst.drop });
    const target = newDatabase(toKind);
    dropped.push(target);
    const source = await openStore(inst.db);
    const into = await openStore(target.location);
    try {
      await cycle(source, inst);
      await storeItems(into, { id: 'other', url: 'http://127.0.0.1/o', kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false }, [
        { guid: 'o-1', link: 'http://127.0.0.1/o/1', title: 'Another installation', summary: 'Its own story.', content: null, published: null },
      ], new Date());
      await expect(copyDatabase(source, into)).rejects.toBeInstanceOf(CopyConflictError);
      await expect(copyDatabase(source, into)).rejects.toThrow(/holds data of its own/);
    } finally {
      await source.close();
      await into.close();
    }
  }, 60_000);
});

describe('rasid db copy (the command)', () => {
  it('prints the counts per table and exits 0; says what is missing with exit 1', async () => {
    const inst = makeInstallation(tempDir(), feeds, null, 'sqlite');
    const run = await runCli(['run'], { env: inst.env });
    expect(run.code, run.stderr).toBe(0);
    const to = newDatabase(BACKENDS.at(-1)!);
    dropped.push(to);
    const copied = await runCli(['db', 'copy', '--from', inst.db, '--to', to.location]);
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/^ {2}articles\s+7\s+7\s+0\s+0\s+7$/m);
    expect(copied.stdout).not.toMatch(/:[^@/:]+@/);
    const missing = await runCli(['db', 'copy', '--from', inst.db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--to is missing/);
  }, 60_000);
});
