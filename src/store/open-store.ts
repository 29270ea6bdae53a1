// The only door to SQLite. Opening a database applies the committed drizzle-kit migrations, so an
// old file is upgraded in place, and refuses a file written by a newer Rasid instead of damaging it.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../../schema/index.ts';
import { StorageError } from '../errors.ts';
import { packagePath } from '../package-root.ts';
import { describeStorageError } from './describe-storage-error.ts';

export const MIGRATIONS_DIR = packagePath('schema', 'migrations');

export interface Store {
  db: BetterSQLite3Database<typeof schema>;
  sqlite: Database.Database;
  file: string;
  close(): void;
}

interface Journal {
  entries: Array<{ tag: string; when: number }>;
}

function knownMigrations(dir: string): Journal['entries'] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries;
}

/** Refuses a database that has migrations this version of Rasid does not know (written by a newer one). */
function refuseNewerDatabase(sqlite: Database.Database, file: string, migrationsDir: string): void {
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return;
  const row = sqlite.prepare('SELECT MAX(created_at) AS newest FROM __drizzle_migrations').get() as { newest: number | null };
  const newestKnown = Math.max(...knownMigrations(migrationsDir).map((m) => m.when));
  if (row.newest !== null && Number(row.newest) > newestKnown) {
    throw new StorageError(
      `The database ${file} was written by a newer version of Rasid (its schema is ahead of this one). ` +
        'Upgrade Rasid, or point RASID_DB / --db at another file; the database was left untouched.',
    );
  }
}

export interface OpenStoreOptions {
  /** Migrations to apply; tests point this at a partial copy to build an "old" database. */
  migrationsDir?: string;
}

export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  let sqlite: Database.Database | undefined;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    sqlite = new Database(file, { timeout: 5000 });
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes; the delivery ledger raises it to FULL around its commits.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    refuseNewerDatabase(sqlite, file, migrationsDir);
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: migrationsDir });
    const handle = sqlite;
    return { db, sqlite: handle, file, close: () => handle.close() };
  } catch (err) {
    sqlite?.close();
    if (err instanceof StorageError) throw err;
    throw new StorageError(describeStorageError(err, file));
  }
}
