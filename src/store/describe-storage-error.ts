// Database errors (SQLite's and PostgreSQL's codes, and the network's) turned into sentences an
// operator can act on.
import { damageAdvice } from './describe-damage.ts';

/** The driver's own error: drizzle-orm wraps PostgreSQL errors ("Failed query: …") with the original as `cause`. */
export function driverError(err: unknown): { code: string; message: string } {
  let e: unknown = err;
  for (let depth = 0; depth < 3 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return { code, message: (e as Error).message ?? String(e) };
    e = (e as { cause?: unknown }).cause;
  }
  return { code: '', message: err instanceof Error ? err.message : String(err) };
}

/** Whether an error came from the database (SQLite or PostgreSQL codes, or the connection to the server). */
export function isDatabaseError(err: unknown): boolean {
  const { code } = driverError(err);
  return code.startsWith('SQLITE_') || /^[0-9A-Z]{5}$/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code);
}

/** Whether an error says the data itself is damaged (not a lock, a full disk or a lost connection). */
export function isDamageError(err: unknown): boolean {
  const { code } = driverError(err);
  return code.startsWith('SQLITE_CORRUPT') || code === 'XX001' || code === 'XX002';
}

export function describeStorageError(err: unknown, location: string): string {
  const { code, message: detail } = driverError(err);
  if (code === 'SQLITE_FULL' || code === '53100') return `The disk holding ${location} is full; free some space and run again (${detail}).`;
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY'))
    return `The database ${location} is read-only; give the Rasid user write access to the file and its folder (${detail}).`;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return `The database ${location} is locked by another process and stayed locked for 5 s; try again when it is done (${detail}).`;
  if (['SQLITE_CANTOPEN', 'ENOENT', 'EACCES', 'EEXIST', 'ENOTDIR', 'EROFS'].includes(code))
    return `Cannot open the database ${location}: check that the folder exists and is writable (${detail}).`;
  if (code === 'SQLITE_NOTADB')
    return `${location} is not a Rasid database or is damaged beyond reading (its first page); point RASID_DB / --db at the right file, or restore it from a backup (${detail}).`;
  if (code.startsWith('SQLITE_CORRUPT')) return `The database ${location} is damaged (${detail}). ${damageAdvice('sqlite', location)}`;
  if (code === 'XX001' || code === 'XX002') return `The database ${location} is damaged (${detail}). ${damageAdvice('postgres', location)}`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || code === 'EAI_AGAIN')
    return `Cannot reach the PostgreSQL server of ${location}: check that it is running and that host and port are right (${detail}).`;
  if (code === '3D000') return `The database named in ${location} does not exist on the server: create it (createdb) or fix the URL (${detail}).`;
  if (code === '28P01' || code === '28000') return `PostgreSQL refused the login for ${location}: check the user and password in the URL (${detail}).`;
  if (code === '42501') return `The PostgreSQL user of ${location} lacks a privilege Rasid needs (create tables, write rows): grant it (${detail}).`;
  if (code === '25006') return `The PostgreSQL server of ${location} is read-only (a standby?): point Rasid at the primary (${detail}).`;
  if (code === '53300') return `The PostgreSQL server of ${location} has no free connections: raise max_connections or run fewer workers (${detail}).`;
  if (code === '57P01' || code === '57P03') return `The PostgreSQL server of ${location} is shutting down or starting; try again shortly (${detail}).`;
  return `Storage failed on ${location}: ${detail}`;
}
