// The one line that ends every run, for people and for log searches alike.
import type { CycleReport } from './run-cycle.ts';

/** The summary line's numbers, for the JSON log line (a log collector counts without parsing the text). */
export interface RunCounts {
  status: CycleReport['status'];
  feeds: { ok: number; failed: number; notDue: number };
  itemsNew: number;
  hitsNew: number;
  mails: { sent: number; failed: number } | null;
  skipped: string[];
  durationMs: number;
}

export function runCounts(report: CycleReport): RunCounts {
  const feeds = report.fetch.feeds;
  const count = (s: string) => feeds.filter((f) => f.status === s).length;
  return {
    status: report.status,
    feeds: { ok: count('ok') + count('not-modified'), failed: count('failed'), notDue: count('skipped') },
    itemsNew: feeds.reduce((n, f) => n + f.itemsNew, 0),
    hitsNew: report.match.hitsNew,
    mails: report.delivery ? { sent: report.delivery.sent, failed: report.delivery.failed } : null,
    skipped: (report.skipped ?? []).map((s) => s.stage),
    durationMs: report.durationMs,
  };
}

export function formatRunSummary(report: CycleReport): string {
  const feeds = report.fetch.feeds;
  const count = (s: string) => feeds.filter((f) => f.status === s).length;
  const ok = count('ok') + count('not-modified');
  const itemsNew = feeds.reduce((n, f) => n + f.itemsNew, 0);
  const parts = [
    `feeds ${ok} ok, ${count('failed')} failed${count('skipped') ? `, ${count('skipped')} not due` : ''}`,
    `items ${itemsNew} new`,
    `hits ${report.match.hitsNew} new`,
  ];
  if (report.delivery) parts.push(`mails ${report.delivery.sent} sent${report.delivery.failed ? `, ${report.delivery.failed} failed` : ''}`);
  const channels = report.delivery?.channels;
  if (channels) {
    const rest = [channels.waiting ? `${channels.waiting} waiting` : '', channels.failed ? `${channels.failed} given up` : ''].filter(Boolean);
    parts.push(`channel messages ${channels.sent} sent${rest.length ? `, ${rest.join(', ')}` : ''}`);
  }
  // Reports stored before leases existed have no `skipped`.
  for (const skip of report.skipped ?? []) parts.push(`${skip.stage} skipped (${skip.because === 'busy' ? 'another process is on it' : 'stopping'})`);
  parts.push(`${(report.durationMs / 1000).toFixed(1)} s`);
  return `${report.status}: ${parts.join(' · ')}`;
}
