// What to do about a damaged database, in one place: `rasid status`, `rasid db check`, the daemon
// and any command that meets SQLITE_CORRUPT or PostgreSQL's data_corrupted say the same thing.
import path from 'node:path';
import type { Dialect } from './sql-client.ts';
import type { IntegrityReport } from './store.ts';

/** A file name beside the damaged one for what can be saved: rasid.db → rasid-recovered.db. */
export function recoveredName(file: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-recovered${ext || '.db'}`;
}

/** The sentence that says what to do, after the sentence that says what is wrong. */
export function damageAdvice(kind: Dialect, location: string): string {
  if (kind === 'sqlite') {
    return (
      `Stop Rasid and restore ${location} from a backup; without one, copy what can still be read into a new file with ` +
      `\`rasid db copy --salvage --from ${location} --to ${recoveredName(location)}\` (unreadable rows are left out and counted), ` +
      'then point RASID_DB at the new file. `rasid db check` lists what is damaged.'
    );
  }
  return (
    `Restore ${location} from a backup (pg_dump / pg_restore), or have its administrator check the server ` +
    '(its log, pg_amcheck); `rasid db check` lists what Rasid found.'
  );
}

/** One sentence for an integrity report that found damage. */
export function describeDamage(report: IntegrityReport, kind: Dialect, location: string): string {
  const n = report.problems.length;
  const first = report.problems[0] ?? 'unknown damage';
  const found = `${n === 1 ? 'a problem' : `${n}${n >= 20 ? ' or more' : ''} problems`}, first "${first}"`;
  return `the database ${location} is damaged (the ${report.mode} integrity check found ${found}). ${damageAdvice(kind, location)}`;
}
