// Retention: old articles that never led to a hit are removed, then the file is shrunk. Articles
// with hits stay (the digests and the ledger point at them), unmatched articles stay (removing one
// before it is matched would lose a hit), and the delivery ledger is never touched.
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

const PRUNABLE = `FROM articles a
  WHERE a.fetched_at < ? AND a.matched_at IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM hits h WHERE h.article_id = a.id)`;

/** Runs started before the cutoff, except the newest `keepRuns` (parameters: cutoff, keepRuns). */
const OLD_RUNS = 'FROM runs WHERE started_at < ? AND id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?)';

/**
 * Removes matched articles without hits fetched before `cutoff` (their sources go with them), and
 * run history older than the cutoff except the newest runs, then gives the space back.
 */
export async function pruneStore(store: Store, cutoff: Date, options: { dryRun?: boolean; keepRuns?: number } = {}): Promise<PruneResult> {
  const { sql } = store;
  const at = cutoff.toISOString();
  const keepRuns = options.keepRuns ?? 100;
  try {
    const bytesBefore = (await store.size()).bytes;
    const base = { cutoff: at, bytesBefore, dryRun: options.dryRun ?? false };
    const count = async (text: string, params: unknown[]) => (await sql.get<{ n: number }>(text, params))?.n ?? 0;
    if (options.dryRun) {
      return {
        ...base,
        articlesRemoved: await count(`SELECT COUNT(*) AS "n" ${PRUNABLE}`, [at]),
        sourcesRemoved: await count(`SELECT COUNT(*) AS "n" FROM article_sources WHERE article_id IN (SELECT a.id ${PRUNABLE})`, [at]),
        runsRemoved: await count(`SELECT COUNT(*) AS "n" ${OLD_RUNS}`, [at, keepRuns]),
        bytesAfter: bytesBefore,
      };
    }
    const removed = await sql.transaction(async () => {
      // Sources are deleted explicitly rather than by cascade, so the count is exact whatever foreign_keys says.
      const sources = await sql.run(`DELETE FROM article_sources WHERE article_id IN (SELECT a.id ${PRUNABLE})`, [at]);
      const articles = await sql.run(`DELETE FROM articles WHERE id IN (SELECT a.id ${PRUNABLE})`, [at]);
      // A run started before the cutoff and still `running` was killed long ago: it goes too.
      const runs = await sql.run(`DELETE ${OLD_RUNS}`, [at, keepRuns]);
      return { articles, sources, runs };
    });
    await store.compact();
    return {
      ...base,
      articlesRemoved: removed.articles,
      sourcesRemoved: removed.sources,
      runsRemoved: removed.runs,
      bytesAfter: (await store.size()).bytes,
    };
  } catch (err) {
    if (err instanceof StorageError) throw err;
    throw new StorageError(describeStorageError(err, store.location));
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
