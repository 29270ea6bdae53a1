// The health of an installation, read from its database for `rasid status`: the facts come from
// SQL here, and `assessHealth` (pure) decides what needs an operator's attention.
import { leaseIsStale, listLeases, type Lease } from './leases-repo.ts';
import type { Store } from './open-store.ts';

export interface RunFacts {
  id: number;
  command: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  /** The stored JSON run report, parsed; null when absent or unreadable. */
  report: unknown;
}

export interface FailingFeed {
  id: string;
  url: string;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
}

export interface RecipientDelivery {
  recipient: string;
  /** Status of the newest message to this recipient: sent, failed, sending, superseded. */
  lastStatus: string;
  lastAt: string;
  lastError: string | null;
}

export interface HealthFacts {
  database: { location: string; kind: Store['kind']; bytes: number; walBytes: number };
  lastRun: RunFacts | null;
  /** When the newest run that did its job (ok or partial) finished. */
  lastGoodRunAt: string | null;
  feeds: { known: number; failing: FailingFeed[] };
  articles: number;
  pending: { hits: number; oldestAt: string | null };
  recipients: RecipientDelivery[];
  leases: Array<Lease & { stale: boolean }>;
}

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Feeds count as failing from `minFailures` consecutive failures on (one timeout is weather, not news). */
export async function readHealth(store: Store, now: Date, minFailures = 1): Promise<HealthFacts> {
  const { sql } = store;
  const last = await sql.get<Omit<RunFacts, 'report'> & { report: string | null }>(
    'SELECT id, command, status, started_at AS "startedAt", finished_at AS "finishedAt", report FROM runs ORDER BY id DESC LIMIT 1',
  );
  const good = await sql.get<{ at: string | null }>(`SELECT MAX(finished_at) AS "at" FROM runs WHERE status IN ('ok', 'partial')`);
  const failing = await sql.all<FailingFeed>(
    `SELECT id, url, consecutive_failures AS "consecutiveFailures", last_error AS "lastError",
            last_error_at AS "lastErrorAt", last_success_at AS "lastSuccessAt"
     FROM feeds WHERE consecutive_failures >= ? ORDER BY consecutive_failures DESC, id`,
    [Math.max(1, minFailures)],
  );
  const known = (await sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM feeds'))?.n ?? 0;
  const articles = (await sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM articles'))?.n ?? 0;
  // Pending: hits no recipient has received yet (per-recipient subscriptions are the digest's business).
  const pending = (await sql.get<{ hits: number; oldestAt: string | null }>(
    `SELECT COUNT(*) AS "hits", MIN(created_at) AS "oldestAt" FROM hits h
     WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.hit_id = h.id)`,
  )) ?? { hits: 0, oldestAt: null };
  const recipients = await sql.all<RecipientDelivery>(
    `SELECT g.recipient, g.status AS "lastStatus", COALESCE(g.sent_at, g.created_at) AS "lastAt", g.error AS "lastError"
     FROM digests g WHERE g.id = (SELECT MAX(id) FROM digests x WHERE x.recipient = g.recipient)
     ORDER BY g.recipient`,
  );
  const at = now.toISOString();
  const size = await store.size();
  return {
    database: { location: store.location, kind: store.kind, bytes: size.bytes, walBytes: size.walBytes },
    lastRun: last ? { ...last, report: parseJson(last.report) } : null,
    lastGoodRunAt: good?.at ?? null,
    feeds: { known, failing },
    articles,
    pending,
    recipients,
    leases: (await listLeases(store)).map((l) => ({ ...l, stale: leaseIsStale(l, at) })),
  };
}

export interface HealthThresholds {
  /** A feed needs attention from this many consecutive failures. */
  failingAfter: number;
  /** The installation needs attention when no run did its job for this long. */
  staleAfterMs: number;
  /** A message still `sending` after this long was interrupted and not retried. */
  stuckSendingMs: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  failingAfter: 3,
  staleAfterMs: 26 * 3600_000,
  stuckSendingMs: 3600_000,
};

/**
 * Everything an operator should act on, in words; empty when healthy. With `configuredFeeds`, a feed
 * removed from the feeds file no longer counts, however it failed before.
 */
export function assessHealth(
  facts: HealthFacts,
  now: Date,
  t: HealthThresholds = DEFAULT_THRESHOLDS,
  configuredFeeds: ReadonlySet<string> | null = null,
): string[] {
  const problems: string[] = [];
  const ago = (iso: string) => now.getTime() - Date.parse(iso);
  const run = facts.lastRun;
  if (!run) problems.push('no run has been recorded yet: run `rasid run` (or start `rasid daemon`)');
  else if (run.status === 'failed') problems.push(`the last run (#${run.id}, ${run.startedAt}) failed: see its log, or \`rasid status --json\` for its report`);
  else if (run.status === 'running') {
    const cycleHeld = facts.leases.some((l) => l.name === 'cycle' && !l.stale);
    if (!cycleHeld) problems.push(`the last run (#${run.id}, started ${run.startedAt}) did not finish: it was killed or crashed; the next run continues from where it stopped`);
  }
  if (run && (!facts.lastGoodRunAt || ago(facts.lastGoodRunAt) > t.staleAfterMs)) {
    const hours = Math.round(t.staleAfterMs / 3600_000);
    problems.push(
      facts.lastGoodRunAt
        ? `no run has completed since ${facts.lastGoodRunAt} (more than ${hours} h): check the scheduler or the daemon`
        : 'no run has completed yet: check the log of the last run',
    );
  }
  const failing = facts.feeds.failing.filter((x) => x.consecutiveFailures >= t.failingAfter && (!configuredFeeds || configuredFeeds.has(x.id)));
  for (const f of failing) {
    problems.push(
      `feed ${f.id} failed ${f.consecutiveFailures} times in a row${f.lastError ? ` (${f.lastError})` : ''}` +
        `${f.lastSuccessAt ? `, last success ${f.lastSuccessAt}` : ', never fetched successfully'}: check ${f.url}`,
    );
  }
  for (const r of facts.recipients) {
    if (r.lastStatus === 'failed')
      problems.push(`the last message to ${r.recipient} failed (${r.lastError ?? 'no reason recorded'}): its hits stay pending; check SMTP_URL and the mail server`);
    else if (r.lastStatus === 'sending' && r.lastError)
      problems.push(
        `the last message to ${r.recipient} could not be sent (${r.lastError}): its hits stay pending and the next run sends the same message again, with the same Message-ID; check SMTP_URL and the mail server`,
      );
    else if (r.lastStatus === 'sending' && ago(r.lastAt) > t.stuckSendingMs)
      problems.push(`a message to ${r.recipient} has been "sending" since ${r.lastAt}: the next \`rasid run\` resends it with the same Message-ID`);
  }
  return problems;
}
