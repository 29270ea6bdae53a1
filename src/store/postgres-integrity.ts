// What Rasid can check of a PostgreSQL database, said honestly: PostgreSQL keeps its files to
// itself, so the checks are the ones a client can make. Quick: every table and index the
// migrations created exists, and each table answers a read. Full: every row of every table is read
// (a damaged heap or TOAST page fails the read), and with the amcheck extension installed every
// B-tree index is verified against its table. Page checksums (initdb --data-checksums) and
// pg_amcheck on the server see more; `rasid db check` says which of these ran.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { driverError } from './describe-storage-error.ts';
import type { SqlClient } from './sql-client.ts';
import { POSTGRES_MIGRATIONS_DIR, type IntegrityMode, type IntegrityReport } from './store.ts';

const MAX_PROBLEMS = 20;
/** Errors that mean the server is gone, not that the data is damaged: those end the check. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08006', '08001', '08003']);

/** The tables and indexes the committed migrations create and do not drop, by name. */
export function expectedRelations(folder = POSTGRES_MIGRATIONS_DIR): { tables: string[]; indexes: string[] } {
  const tables = new Set<string>();
  const indexes = new Set<string>();
  for (const migration of readMigrationFiles({ migrationsFolder: folder })) {
    for (const statement of migration.sql) {
      const name = (re: RegExp) => re.exec(statement)?.[1];
      const created = name(/CREATE TABLE (?:IF NOT EXISTS )?(?:"\w+"\.)?"(\w+)"/i);
      if (created) tables.add(created);
      const index = name(/CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?"(\w+)"/i);
      if (index) indexes.add(index);
      const droppedTable = name(/DROP TABLE (?:IF EXISTS )?(?:"\w+"\.)?"(\w+)"/i);
      if (droppedTable) tables.delete(droppedTable);
      const droppedIndex = name(/DROP INDEX (?:IF EXISTS )?(?:"\w+"\.)?"(\w+)"/i);
      if (droppedIndex) indexes.delete(droppedIndex);
    }
  }
  return { tables: [...tables], indexes: [...indexes] };
}

export async function checkPostgresIntegrity(sql: SqlClient, schema: string, mode: IntegrityMode): Promise<IntegrityReport> {
  const started = Date.now();
  const problems: string[] = [];
  const checked: string[] = [];
  const notes: string[] = [];
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (err) {
      const { code, message } = driverError(err);
      if (CONNECTION_CODES.has(code)) throw err;
      problems.push(`${what}: ${message}${code ? ` (${code})` : ''}`);
    }
  };
  const expected = expectedRelations();
  const tables = new Set((await sql.all<{ name: string }>('SELECT table_name AS "name" FROM information_schema.tables WHERE table_schema = ?', [schema])).map((r) => r.name));
  const indexes = new Set((await sql.all<{ name: string }>('SELECT indexname AS "name" FROM pg_indexes WHERE schemaname = ?', [schema])).map((r) => r.name));
  checked.push(`the ${expected.tables.length} tables and ${expected.indexes.length} indexes Rasid's migrations create exist in schema "${schema}"`);
  for (const t of expected.tables.filter((x) => !tables.has(x))) problems.push(`table ${t} is missing`);
  for (const i of expected.indexes.filter((x) => !indexes.has(x))) problems.push(`index ${i} is missing`);
  const present = expected.tables.filter((t) => tables.has(t));
  const quoted = (t: string) => `"${schema}"."${t}"`;
  if (mode === 'quick') {
    checked.push('each table answers a read');
    for (const t of present) await attempt(`reading ${t}`, async () => void (await sql.get(`SELECT 1 AS "x" FROM ${quoted(t)} LIMIT 1`)));
  } else {
    checked.push('every row of every table is read in full, long values included (a sequential read of each table)');
    for (const t of present) {
      await attempt(`reading every row of ${t}`, async () => void (await sql.get(`SELECT COUNT(*) AS "n", COALESCE(SUM(LENGTH(x::text)), 0) AS "bytes" FROM ${quoted(t)} x`)));
    }
    const amcheck = await sql.get<{ ns: string }>(`SELECT n.nspname AS "ns" FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'`);
    if (!amcheck) {
      notes.push(
        'the amcheck extension is not installed in this database, so indexes were checked for presence only; ' +
          'a superuser can run `CREATE EXTENSION amcheck;` and `rasid db check` then verifies every index against its table',
      );
    } else {
      const btrees = await sql.all<{ name: string; oid: number }>(
        `SELECT c.relname AS "name", c.oid::int AS "oid" FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
         WHERE n.nspname = ? AND a.amname = 'btree' ORDER BY c.relname`,
        [schema],
      );
      checked.push(`each of the ${btrees.length} B-tree indexes against its table (amcheck's bt_index_check, heapallindexed)`);
      for (const index of btrees) {
        await attempt(`index ${index.name}`, async () => void (await sql.get(`SELECT "${amcheck.ns}".bt_index_check(CAST(? AS oid), true) AS "ok"`, [index.oid])));
      }
    }
  }
  return { mode, ok: problems.length === 0, checked, problems: problems.slice(0, MAX_PROBLEMS), notes, durationMs: Date.now() - started };
}
