import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageError } from '../../src/errors.ts';
import { MIGRATIONS_DIR, openStore } from '../../src/store/open-store.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir();

function journal(dir: string): { entries: Array<{ tag: string; when: number }> } {
  return JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8'));
}

describe('openStore', () => {
  it('creates the folder, applies every migration and turns on WAL', () => {
    const file = path.join(tempDir(), 'nested', 'rasid.db');
    const store = openStore(file);
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['feeds', 'articles', 'article_sources', 'hits', 'digests', 'deliveries', 'runs', 'leases']));
    const applied = store.sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
    expect(applied).toBe(journal(MIGRATIONS_DIR).entries.length);
    store.close();
  });

  it('upgrades a database written by an older version in place, keeping its rows', () => {
    const dir = tempDir();
    const old = path.join(dir, 'old-migrations');
    fs.cpSync(MIGRATIONS_DIR, old, { recursive: true });
    const j = journal(MIGRATIONS_DIR);
    fs.writeFileSync(path.join(old, 'meta', '_journal.json'), JSON.stringify({ ...j, entries: j.entries.slice(0, 1) }));
    const file = path.join(dir, 'rasid.db');
    const before = openStore(file, { migrationsDir: old });
    before.sqlite.prepare("INSERT INTO feeds (id, url) VALUES ('kept', 'http://127.0.0.1/feed')").run();
    before.close();

    const after = openStore(file);
    expect(after.sqlite.prepare('SELECT url FROM feeds WHERE id = ?').pluck().get('kept')).toBe('http://127.0.0.1/feed');
    expect(after.sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get()).toBe(j.entries.length);
    after.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const file = path.join(tempDir(), 'rasid.db');
    const store = openStore(file);
    const future = Math.max(...journal(MIGRATIONS_DIR).entries.map((e) => e.when)) + 86_400_000;
    store.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', future);
    store.close();
    const size = fs.statSync(file).size;
    expect(() => openStore(file)).toThrow(StorageError);
    expect(() => openStore(file)).toThrow(/newer version of Rasid/);
    expect(fs.statSync(file).size).toBe(size);
  });

  it('says in words when the file is not a database', () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'this is not sqlite at all, just some text that is long enough to be read as a header');
    expect(() => openStore(file)).toThrow(/not a Rasid database or is damaged/);
  });
});
