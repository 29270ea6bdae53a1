// Store.checkIntegrity on both engines: a sound database passes both checks; damage is found and
// reported in words, never thrown. SQLite files are damaged for real (test/helpers/damage-sqlite.ts);
// on PostgreSQL, what a client can see: a missing index, a table gone.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { damageSqlite, fillArticles } from '../helpers/damage-sqlite.ts';
import { BACKENDS, useStore } from '../helpers/stores.ts';

describe.each(BACKENDS)('checkIntegrity on %s', (backend) => {
  const db = useStore(backend);

  it('finds no damage in a sound database, quick or full, and says what it checked', async () => {
    const store = await db.open();
    await fillArticles(store, 50);
    for (const mode of ['quick', 'full'] as const) {
      const report = await store.checkIntegrity(mode);
      expect(report).toMatchObject({ mode, ok: true, problems: [] });
      expect(report.checked.length).toBeGreaterThan(0);
    }
  });

  if (backend === 'postgres') {
    it('reports a missing index and a missing table as damage, with their names', async () => {
      const store = await db.open();
      await store.sql.run('DROP INDEX articles_content_hash');
      await store.sql.run('DROP TABLE leases');
      for (const mode of ['quick', 'full'] as const) {
        const report = await store.checkIntegrity(mode);
        expect(report.ok).toBe(false);
        expect(report.problems).toEqual(expect.arrayContaining(['index articles_content_hash is missing', 'table leases is missing']));
      }
    });

    it('verifies every B-tree index with amcheck when it is installed, and says when it is not', async () => {
      const store = await db.open();
      await fillArticles(store, 20);
      const installed = await store.sql.get(`SELECT 1 AS "x" FROM pg_extension WHERE extname = 'amcheck'`);
      const report = await store.checkIntegrity('full');
      expect(report.ok).toBe(true);
      if (installed) expect(report.checked.join('\n')).toMatch(/B-tree indexes against its table \(amcheck/);
      else expect(report.notes.join('\n')).toMatch(/amcheck extension is not installed .*CREATE EXTENSION amcheck/);
    });

    it('with amcheck installed, verifies each index against its table', async () => {
      const store = await db.open();
      await fillArticles(store, 20);
      // Installed once in the test database and left there: extensions are per database, and harmless.
      await store.sql.run('CREATE EXTENSION IF NOT EXISTS amcheck').catch(async () => {
        // Two test files installing at the same moment: one wins, the other finds it there.
        await store.sql.get(`SELECT 1 AS "x" FROM pg_extension WHERE extname = 'amcheck'`);
      });
      const report = await store.checkIntegrity('full');
      expect(report.ok, report.problems.join('\n')).toBe(true);
      expect(report.checked.join('\n')).toMatch(/each of the \d+ B-tree indexes against its table \(amcheck/);
      expect(report.notes).toEqual([]);
    });
  }

  if (backend === 'sqlite') {
    it.each(['flip-middle', 'zero-page'] as const)('finds a %s in a page of the articles table, in the quick check and the full one', async (damage) => {
      const first = await db.open();
      await fillArticles(first);
      await first.close();
      damageSqlite(db.database().location, 'articles', damage);
      const store = await openStore(db.database().location);
      try {
        for (const mode of ['quick', 'full'] as const) {
          const report = await store.checkIntegrity(mode);
          expect(report.ok, mode).toBe(false);
          expect(report.problems.length).toBeGreaterThan(0);
          expect(report.problems.length).toBeLessThanOrEqual(20);
        }
      } finally {
        await store.close();
      }
    });
  }
});
