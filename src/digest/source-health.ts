// Which feeds deserve a line in the digest: failing now, or silent (no new item) for longer than
// usual, so a dead source is noticed the next morning rather than months later.
import type { FeedHealthRow } from '../store/ledger-repo.ts';
import type { FeedHealth } from './digest-types.ts';
import { cleanText, truncate } from './escape.ts';

export const DEFAULT_SILENT_AFTER_HOURS = 72;

export function sourceHealth(
  rows: FeedHealthRow[],
  options: { now: Date; lastDigestAt: string | null; silentAfterHours?: number },
): FeedHealth[] {
  const silentMs = (options.silentAfterHours ?? DEFAULT_SILENT_AFTER_HOURS) * 3600_000;
  const nowMs = options.now.getTime();
  const after = (iso: string | null) => options.lastDigestAt === null || (iso !== null && iso > options.lastDigestAt);
  const unhealthy: FeedHealth[] = [];
  // A feed nobody fetched lately was removed or disabled in the feeds file: not news.
  const recent = (iso: string | null) => iso !== null && nowMs - Date.parse(iso) <= silentMs;
  for (const row of rows) {
    const title = cleanText(row.title) || row.id;
    if (row.consecutiveFailures > 0) {
      if (!recent(row.lastErrorAt)) continue;
      // The failure began after the last success; if that success came after the last digest, this is news.
      const since = row.lastSuccessAt ?? row.createdAt;
      unhealthy.push({
        feedId: row.id,
        title,
        url: row.url,
        problem: 'failing',
        failures: row.consecutiveFailures,
        error: truncate(cleanText(row.lastError, { keepTags: true }) || 'unknown error', 160),
        since: row.lastSuccessAt,
        isNew: after(since),
      });
      continue;
    }
    if (!recent(row.lastSuccessAt)) continue;
    const newest = row.lastItemAt ?? row.createdAt;
    const newestMs = Date.parse(newest);
    if (Number.isNaN(newestMs) || nowMs - newestMs <= silentMs) continue;
    unhealthy.push({
      feedId: row.id,
      title,
      url: row.url,
      problem: 'silent',
      failures: 0,
      error: null,
      since: row.lastItemAt,
      isNew: after(new Date(newestMs + silentMs).toISOString()),
    });
  }
  return unhealthy.sort((a, b) => Number(b.isNew) - Number(a.isNew) || (a.problem === 'failing' ? -1 : 1) - (b.problem === 'failing' ? -1 : 1) || a.title.localeCompare(b.title));
}
