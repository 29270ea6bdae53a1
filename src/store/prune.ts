// Retention: old articles that never led to a hit are removed, then the file is shrunk. Articles
// with hits stay (the digests and the ledger point at them), unmatched articles stay (removing one
// before it is matched would lose a hit), and the delivery ledger is never touched.
import fs from 'node:fs';
import { StorageError } from '../errors.ts';
import { describeStorageError } from './describe-storage-error.ts';
import type { Store } from './open-store.ts';

export interface PruneResult {
  cutoff: string;
  articlesRemoved: number;
  sourcesRemoved: number;
  runsRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
  dryRun: boolean;
}

/** Size of a file in bytes; 0 when it does not exist (no WAL file is normal after a clean close). */
export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Main file plus write-ahead log: what the database really takes on disk. */
export function databaseBytes(file: string): number {
  return fileSize(file) + fileSize(`${file}-wal`);
}

const PRUNABLE = `FROM articles a
  WHERE a.fetched_at < ? AND a.matched_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM hits h WHERE h.article_id = a.id)`;

/** Runs started before the cutoff, except the newest `keepRuns` (parameters: cutoff, keepRuns). */
const OLD_RUNS = 'FROM runs WHERE started_at < ? AND id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?)';

/**
 * Removes matched articles without hits fetched before `cutoff` (their sources go with them), and
 * run history older than the cutoff except the newest runs, then VACUUMs.
 */
export function pruneStore(store: Pick<Store, 'sqlite' | 'file'>, cutoff: Date, options: { dryRun?: boolean; keepRuns?: number } = {}): PruneResult {
  const { sqlite, file } = store;
  const at = cutoff.toISOString();
  const keepRuns = options.keepRuns ?? 100;
  const bytesBefore = databaseBytes(file);
  const base = { cutoff: at, bytesBefore, dryRun: options.dryRun ?? false };
  try {
    if (options.dryRun) {
      const count = (sqlite.prepare(`SELECT COUNT(*) AS n ${PRUNABLE}`).get(at) as { n: number }).n;
      const sources = (
        sqlite.prepare(`SELECT COUNT(*) AS n FROM article_sources WHERE article_id IN (SELECT a.id ${PRUNABLE})`).get(at) as { n: number }
      ).n;
      const runs = (
        sqlite
          .prepare(`SELECT COUNT(*) AS n ${OLD_RUNS}`)
          .get(at, keepRuns) as { n: number }
      ).n;
      return { ...base, articlesRemoved: count, sourcesRemoved: sources, runsRemoved: runs, bytesAfter: bytesBefore };
    }
    const removed = sqlite
      .transaction(() => {
        // Sources are deleted explicitly rather than by cascade, so the count is exact whatever foreign_keys says.
        const sources = sqlite.prepare(`DELETE FROM article_sources WHERE article_id IN (SELECT a.id ${PRUNABLE})`).run(at).changes;
        const articles = sqlite.prepare(`DELETE FROM articles WHERE id IN (SELECT a.id ${PRUNABLE})`).run(at).changes;
        const runs = sqlite
          // A run started before the cutoff and still `running` was killed long ago: it goes too.
          .prepare(`DELETE ${OLD_RUNS}`)
          .run(at, keepRuns).changes;
        return { articles, sources, runs };
      })
      .immediate();
    // VACUUM rewrites the file without the free pages; the checkpoint then empties the WAL it went through.
    sqlite.exec('VACUUM');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return {
      ...base,
      articlesRemoved: removed.articles,
      sourcesRemoved: removed.sources,
      runsRemoved: removed.runs,
      bytesAfter: databaseBytes(file),
    };
  } catch (err) {
    throw new StorageError(describeStorageError(err, file));
  }
}

/** `90d`, `12h`, `30m`, `2w` → milliseconds; null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$/i.exec(text);
  if (!m) return null;
  const unit = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000, w: 604_800_000 }[m[2]!.toLowerCase() as 's' | 'm' | 'h' | 'd' | 'w'];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : null;
}
