// SQLite's own checks of a database file. quick_check walks every page of every table and index
// and decodes every record (torn or zeroed pages, broken cell pointers, malformed records);
// integrity_check also compares each index with its table, and the foreign keys are checked on top.
// Neither can see a byte changed inside a text value: SQLite pages carry no checksum.
import type Database from 'better-sqlite3';
import { driverError } from './describe-storage-error.ts';
import type { IntegrityMode, IntegrityReport } from './store.ts';

/** Problems listed at most; a badly damaged file reports thousands, and the first ones say enough. */
export const MAX_PROBLEMS = 20;

function pragmaRows(db: Database.Database, pragma: string): string[] {
  return (db.pragma(pragma) as Array<Record<string, unknown>>).map((row) => String(Object.values(row)[0]));
}

export function checkSqliteIntegrity(db: Database.Database, mode: IntegrityMode): IntegrityReport {
  const started = Date.now();
  const problems: string[] = [];
  const checked: string[] = [];
  const run = (what: string, work: () => string[]) => {
    checked.push(what);
    try {
      problems.push(...work());
    } catch (err) {
      // A page too damaged to walk stops the check itself with SQLITE_CORRUPT: that is its answer.
      const { code, message } = driverError(err);
      problems.push(code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' ? message : `${what} could not run: ${message}`);
    }
  };
  if (mode === 'quick') {
    run('every page and record (PRAGMA quick_check)', () => pragmaRows(db, `quick_check(${MAX_PROBLEMS})`).filter((r) => r !== 'ok'));
  } else {
    run('every page and record, and every index against its table (PRAGMA integrity_check)', () =>
      pragmaRows(db, `integrity_check(${MAX_PROBLEMS})`).filter((r) => r !== 'ok'),
    );
    run('every reference between tables (PRAGMA foreign_key_check)', () =>
      (db.pragma('foreign_key_check') as Array<{ table: string; rowid: number; parent: string }>)
        .slice(0, MAX_PROBLEMS)
        .map((r) => `${r.table} row ${r.rowid} refers to a missing row of ${r.parent}`),
    );
  }
  // Some damage makes SQLite repeat a multi-line report per row: one line each, in order, no repeats.
  const lines = [...new Set(problems.flatMap((p) => p.split('\n')).map((l) => l.trim()).filter((l) => l && !l.startsWith('*** in database')))];
  return { mode, ok: lines.length === 0, checked, problems: lines.slice(0, MAX_PROBLEMS), notes: [], durationMs: Date.now() - started };
}
