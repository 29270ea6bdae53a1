import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/errors.ts';
import { MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, openStore } from '../../src/store/open-store.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { BACKENDS, newDatabase, type Backend } from '../helpers/stores.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';

const tempDir = useTempDir();

function journal(dir: string): { entries: Array<{ tag: string; when: number }> } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8'));
}

const migrationsOf = (backend: Backend) => (backend === 'sqlite' ? MIGRATIONS_DIR : POSTGRES_MIGRATIONS_DIR);
const TABLES = ['feeds', 'articles', 'article_sources', 'hits', 'digests', 'deliveries', 'runs', 'leases'];

describe('openStore on SQLite', () => {
  it('creates the folder, applies every migration and turns on WAL', async () => {
    const file = path.join(tempDir(), 'nested', 'rasid.db');
    const store = await openSqliteStore(file);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(TABLES));
    await store.close();
  });

  it('says in words when the file is not a database', async () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'this is not sqlite at all, just some text that is long enough to be read as a header');
    await expect(openStore(file)).rejects.toThrow(/not a Rasid database or is damaged/);
  });
});

describe.each(BACKENDS)('openStore on %s', (backend) => {
  it('applies every migration of its engine once', async () => {
    const db = newDatabase(backend);
    try {
      const store = await openStore(db.location);
      const rows = await store.sql.all<{ name: string }>(
        backend === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'table'"
          : 'SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = current_schema()',
      );
      expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(TABLES));
      const applied = await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM __drizzle_migrations');
      expect(applied?.n).toBe(journal(migrationsOf(backend)).entries.length);
      await store.close();
      const again = await openStore(db.location);
      expect((await again.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM __drizzle_migrations'))?.n).toBe(applied?.n);
      await again.close();
    } finally {
      await db.drop();
    }
  });

  it('upgrades a database written by an older version in place, keeping its rows', async () => {
    const full = migrationsOf(backend);
    const j = journal(full);
    if (j.entries.length < 2) {
      // One migration so far on this engine: an "older" database is an empty one, which the first test covers.
      expect(j.entries.length).toBe(1);
      return;
    }
    const old = path.join(tempDir(), 'old-migrations');
    fs.cpSync(full, old, { recursive: true });
    fs.writeFileSync(path.join(old, 'meta', '_journal.json'), JSON.stringify({ ...j, entries: j.entries.slice(0, 1) }));
    const db = newDatabase(backend);
    try {
      const before = await openStore(db.location, { migrationsDir: old });
      await before.sql.run("INSERT INTO feeds (id, url) VALUES ('kept', 'http://127.0.0.1/feed')");
      await before.close();
      const after = await openStore(db.location);
      expect((await after.sql.get<{ url: string }>('SELECT url FROM feeds WHERE id = ?', ['kept']))?.url).toBe('http://127.0.0.1/feed');
      expect((await after.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM __drizzle_migrations'))?.n).toBe(j.entries.length);
      await after.close();
    } finally {
      await db.drop();
    }
  });

  it('refuses a database written by a newer version and leaves it untouched', async () => {
    const db = newDatabase(backend);
    try {
      const store = await openStore(db.location);
      const future = Math.max(...journal(migrationsOf(backend)).entries.map((e) => e.when)) + 86_400_000;
      await store.sql.run('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)', ['from-the-future', future]);
      await store.close();
      const size = backend === 'sqlite' ? fs.statSync(db.location).size : null;
      await expect(openStore(db.location)).rejects.toThrow(StorageError);
      await expect(openStore(db.location)).rejects.toThrow(/newer version of Rasid/);
      if (size !== null) expect(fs.statSync(db.location).size).toBe(size);
    } finally {
      await db.drop();
    }
  });

  // Two container jobs on a new volume, or N workers on a new PostgreSQL, open the database at once.
  it('lets several processes open a new database at the same moment: one migrates, none fails', async () => {
    const db = newDatabase(backend);
    try {
      const script = `
        const { openStore } = await import(${JSON.stringify(path.join(REPO_ROOT, 'src/store/open-store.ts'))});
        const s = await openStore(process.argv[1]);
        await s.close();`;
      const runs = await Promise.all(
        Array.from({ length: 4 }, () =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, db.location], { cwd: REPO_ROOT });
            let stderr = '';
            child.stderr.on('data', (d) => (stderr += d));
            child.on('close', (code) => resolve({ code, stderr }));
          }),
        ),
      );
      for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
      const store = await openStore(db.location);
      expect((await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM __drizzle_migrations'))?.n).toBe(
        journal(migrationsOf(backend)).entries.length,
      );
      await store.close();
    } finally {
      await db.drop();
    }
  });
});

describe('openStore on PostgreSQL, when the server is not there', () => {
  it('says in words that the server cannot be reached', async () => {
    await expect(openStore('postgres://rasid@127.0.0.1:9/rasid')).rejects.toThrow(/Cannot reach the PostgreSQL server of postgres:\/\/rasid@127\.0\.0\.1:9\/rasid/);
  });

  it('never shows the password of the URL', async () => {
    const err = await openStore('postgres://rasid:s3cret-pw@127.0.0.1:9/rasid').catch((e: unknown) => e);
    expect(String((err as Error).message)).not.toContain('s3cret-pw');
    expect(String((err as Error).message)).toContain('***');
  });
});
