// Applies the committed drizzle-kit migrations when a database is opened: an older database is
// upgraded in place, and one written by a newer Rasid (it has migrations this version does not know)
// is refused untouched. drizzle-orm reads the migration files and the ledger table has drizzle's
// layout, but the loop is ours: drizzle's migrators take no lock, and processes that start together
// (two container jobs on a new volume, N workers on one PostgreSQL) would each try to create the
// tables. Here the check and the migrations run in one transaction that holds the write lock
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so one process migrates and the others
// find the work done.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { StorageError } from '../errors.ts';
import type { SqlClient } from './sql-client.ts';

const LEDGER = '__drizzle_migrations';
/** Any constant: the advisory lock all Rasid processes take around migrations of one database. */
const PG_MIGRATION_LOCK = 0x52415349;

async function ensureLedger(sql: SqlClient): Promise<void> {
  await sql.run(
    sql.dialect === 'postgres'
      ? `CREATE TABLE IF NOT EXISTS ${LEDGER} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`
      : `CREATE TABLE IF NOT EXISTS ${LEDGER} (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
  );
}

async function newestApplied(sql: SqlClient): Promise<number | null> {
  const row = await sql.get<{ newest: number | string | null }>(`SELECT MAX(created_at) AS "newest" FROM ${LEDGER}`);
  return row?.newest === null || row?.newest === undefined ? null : Number(row.newest);
}

async function ledgerExists(sql: SqlClient): Promise<boolean> {
  const row =
    sql.dialect === 'postgres'
      ? await sql.get(`SELECT 1 AS "x" FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`, [LEDGER])
      : await sql.get(`SELECT 1 AS "x" FROM sqlite_master WHERE type = 'table' AND name = ?`, [LEDGER]);
  return row !== undefined;
}

/**
 * drizzle-kit writes PostgreSQL references as "public"."table"; unqualified, they resolve in the
 * schema the store was opened on (the URL's `schema` parameter), so one database can hold several.
 */
function forSchema(sql: SqlClient, statement: string): string {
  return sql.dialect === 'postgres' ? statement.replaceAll('"public".', '') : statement;
}

export interface MigrationResult {
  applied: number;
}

/**
 * Brings the database to the migrations in `folder`. `location` names the database in messages.
 * Throws a StorageError for a database written by a newer Rasid.
 */
export async function migrateDatabase(sql: SqlClient, folder: string, location: string): Promise<MigrationResult> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const newestKnown = Math.max(...migrations.map((m) => m.folderMillis));
  const refuseNewer = (newest: number | null) => {
    if (newest !== null && newest > newestKnown) {
      throw new StorageError(
        `The database ${location} was written by a newer version of Rasid (its schema is ahead of this one). ` +
          'Upgrade Rasid, or point RASID_DB / --db at another database; the database was left untouched.',
      );
    }
  };
  // Without a lock first: a database that is up to date (every open but the first) is only read.
  if (await ledgerExists(sql)) {
    const newest = await newestApplied(sql);
    refuseNewer(newest);
    if (newest !== null && newest >= newestKnown) return { applied: 0 };
  }
  return sql.transaction(async () => {
    if (sql.dialect === 'postgres') await sql.get('SELECT pg_advisory_xact_lock(?) AS "locked"', [PG_MIGRATION_LOCK]);
    await ensureLedger(sql);
    const newest = await newestApplied(sql);
    refuseNewer(newest);
    let applied = 0;
    for (const migration of migrations) {
      if (newest !== null && migration.folderMillis <= newest) continue;
      for (const statement of migration.sql) if (statement.trim()) await sql.run(forSchema(sql, statement));
      await sql.run(`INSERT INTO ${LEDGER} (hash, created_at) VALUES (?, ?)`, [migration.hash, migration.folderMillis]);
      applied++;
    }
    return { applied };
  });
}
