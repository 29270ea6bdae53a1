// What the stages above see of the database: one Store, whichever engine holds it (sqlite-store.ts,
// postgres-store.ts; open-store.ts picks one from RASID_DB).
import { packagePath } from '../package-root.ts';
import type { Dialect, SqlClient } from './sql-client.ts';

export const MIGRATIONS_DIR = packagePath('schema', 'migrations');
export const POSTGRES_MIGRATIONS_DIR = packagePath('schema', 'migrations-postgres');

export interface DatabaseSize {
  /** Bytes the database takes: the file plus its WAL on SQLite, pg_database_size or the schema's tables on PostgreSQL. */
  bytes: number;
  /** SQLite's write-ahead log, which a checkpoint empties; 0 on PostgreSQL. */
  walBytes: number;
}

/** `quick`: cheap enough for every `rasid status` and a daemon's daily check; `full`: `rasid db check`. */
export type IntegrityMode = 'quick' | 'full';

export interface IntegrityReport {
  mode: IntegrityMode;
  ok: boolean;
  /** What was checked, in words: the engines can check different things. */
  checked: string[];
  /** Each problem found, as the database words it (capped: a badly damaged file has thousands). */
  problems: string[];
  /** Checks that could not run and what would enable them (PostgreSQL without amcheck). */
  notes: string[];
  durationMs: number;
}

export interface Store {
  readonly kind: Dialect;
  readonly sql: SqlClient;
  /** The database in messages: the file path, or the URL without its password. */
  readonly location: string;
  /**
   * Several processes can fetch, match and send at once, each taking its share (PostgreSQL: rows
   * claimed with FOR UPDATE SKIP LOCKED); otherwise one process at a time does each stage (leases).
   */
  readonly parallelWorkers: boolean;
  size(): Promise<DatabaseSize>;
  /** Keeps the database from growing between cycles (SQLite: a WAL checkpoint once the log is large). */
  tidy(): Promise<void>;
  /** Gives freed space back (SQLite VACUUM; PostgreSQL VACUUM of Rasid's tables). */
  compact(): Promise<void>;
  /**
   * Reads the database looking for damage (SQLite: quick_check / integrity_check and the foreign
   * keys; PostgreSQL: Rasid's tables and indexes exist and read back, amcheck when installed).
   * Damage is reported, never thrown; only a lost connection throws.
   */
  checkIntegrity(mode: IntegrityMode): Promise<IntegrityReport>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Migrations to apply; tests point this at a partial copy to build an "old" database. */
  migrationsDir?: string;
}
