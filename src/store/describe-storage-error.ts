// SQLite's error codes turned into sentences an operator can act on.

export function describeStorageError(err: unknown, file: string): string {
  const code = (err as { code?: string }).code ?? '';
  const detail = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_FULL') return `The disk holding ${file} is full; free some space and run again (${detail}).`;
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY'))
    return `The database ${file} is read-only; give the Rasid user write access to the file and its folder (${detail}).`;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return `The database ${file} is locked by another process and stayed locked for 5 s; try again when it is done (${detail}).`;
  if (['SQLITE_CANTOPEN', 'ENOENT', 'EACCES', 'EEXIST', 'ENOTDIR', 'EROFS'].includes(code))
    return `Cannot open the database ${file}: check that the folder exists and is writable (${detail}).`;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return `${file} is not a Rasid database or is damaged; point RASID_DB / --db at the right file (${detail}).`;
  return `Storage failed on ${file}: ${detail}`;
}
