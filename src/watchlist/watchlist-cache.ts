// The validated watchlists of a folder, kept between runs. Reading YAML with positions (for
// file:line messages) and checking every entry is most of what `rasid match` spends before its
// first answer; a folder whose files are byte for byte what they were last time gives the same
// valid result, so that result is kept in a cache file keyed by the files' names and bytes and by
// this build of Rasid. Only a valid result is kept: a folder with problems is read again, so every
// message is as fresh as the file. The cache is an optimisation: any failure to read or write it
// (a read-only home, a full disk) is ignored and the folder is read as always.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWatchlists, watchlistFiles, type Watchlist, type WatchlistProblem } from './load-watchlists.ts';

/** This code's identity: the compiled chunk's name carries a content hash; from the sources, the file's time. */
function buildIdentity(): string {
  const here = import.meta.url;
  try {
    return `${here}:${fs.statSync(fileURLToPath(here)).mtimeMs}`;
  } catch {
    return here;
  }
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'rasid');
}

function keyOf(dir: string): string | null {
  try {
    const hash = createHash('sha256').update(buildIdentity());
    for (const file of watchlistFiles(dir)) hash.update(`\0${file}\0`).update(fs.readFileSync(file));
    return hash.digest('hex').slice(0, 32);
  } catch {
    return null;
  }
}

/** Results for files as they were a month ago are not worth keeping. */
function forgetOld(where: string): void {
  const monthAgo = Date.now() - 30 * 86_400_000;
  for (const name of fs.readdirSync(where)) {
    const full = path.join(where, name);
    if (name.startsWith('watchlists-') && fs.statSync(full).mtimeMs < monthAgo) fs.rmSync(full, { force: true });
  }
}

export function loadWatchlistsCached(
  dir: string,
  options: { cache?: string | null } = {},
): { watchlists: Watchlist[]; problems: WatchlistProblem[] } {
  const where = options.cache === undefined ? cacheDir() : options.cache;
  const key = where ? keyOf(dir) : null;
  const file = where && key ? path.join(where, `watchlists-${key}.json`) : null;
  if (file) {
    try {
      return { watchlists: JSON.parse(fs.readFileSync(file, 'utf8')) as Watchlist[], problems: [] };
    } catch {
      // Not cached yet (or unreadable): read the folder.
    }
  }
  const read = loadWatchlists(dir);
  if (file && read.problems.length === 0) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(read.watchlists));
      fs.renameSync(tmp, file);
      forgetOld(path.dirname(file));
    } catch {
      // No cache this time.
    }
  }
  return read;
}
