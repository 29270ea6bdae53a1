// The embedded default: one SQLite file in WAL mode. NORMAL synchronous is durable across crashes
// of Rasid; the delivery ledger's commits ask for FULL (durable across a power cut) themselves.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StorageError } from '../errors.ts';
import { describeStorageError } from './describe-storage-error.ts';
import { migrateDatabase } from './migrate.ts';
import { MIGRATIONS_DIR, type OpenStoreOptions, type Store } from './store.ts';
import { SqliteClient } from './sqlite-client.ts';
import { checkSqliteIntegrity } from './sqlite-integrity.ts';

/** A WAL past this size is checkpointed between cycles (long-lived daemons never close the file). */
const WAL_LIMIT_BYTES = 64 * 1024 * 1024;

export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  readonly sql: SqliteClient;
  /** The file itself: for SQLite-only work (integrity checks, tests that inspect the file). */
  readonly sqlite: Database.Database;
  readonly file: string;
}

/** Size of a file in bytes; 0 when it does not exist (no WAL file is normal after a clean close). */
export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

export async function openSqliteStore(file: string, options: OpenStoreOptions = {}): Promise<SqliteStore> {
  let sqlite: Database.Database | undefined;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    // Writers wait up to 5 s for each other (the busy timeout), and every write transaction takes
    // the lock up front (BEGIN IMMEDIATE in SqliteClient), so two processes queue instead of failing.
    sqlite = new Database(file, { timeout: 5000 });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    const sql = new SqliteClient(sqlite);
    await migrateDatabase(sql, options.migrationsDir ?? MIGRATIONS_DIR, file);
    const db = sqlite;
    return {
      kind: 'sqlite',
      sql,
      sqlite: db,
      file,
      location: file,
      parallelWorkers: false,
      async size() {
        return { bytes: fileSize(file) + fileSize(`${file}-wal`), walBytes: fileSize(`${file}-wal`) };
      },
      async tidy() {
        if (fileSize(`${file}-wal`) > WAL_LIMIT_BYTES) db.pragma('wal_checkpoint(TRUNCATE)');
      },
      async compact() {
        // VACUUM rewrites the file without the free pages; the checkpoint then empties the WAL it went through.
        db.exec('VACUUM');
        db.pragma('wal_checkpoint(TRUNCATE)');
      },
      async checkIntegrity(mode) {
        return sql.exclusive(() => checkSqliteIntegrity(db, mode));
      },
      close: () => sql.close(),
    };
  } catch (err) {
    sqlite?.close();
    if (err instanceof StorageError) throw err;
    throw new StorageError(describeStorageError(err, file));
  }
}
