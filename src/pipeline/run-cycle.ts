// The one orchestrator: fetch due feeds → match new articles → deliver due digests, in that order,
// with every dependency passed in. A feed or a message that fails is counted in the report; only a
// storage failure ends the cycle early (and is rethrown for the CLI to report).
import type { Logger } from 'pino';
import type { Recipient } from '../config/recipients.ts';
import type { MailTransport } from '../mail/create-transport.ts';
import type { CompiledWatchlists } from '../match/compile-watchlists.ts';
import type { Store } from '../store/open-store.ts';
import { finishRun, startRun, type RunStatus } from '../store/runs-repo.ts';
import type { FeedSettings } from '../types.ts';
import { deliverDigests, type DeliveryReport } from './deliver-digests.ts';
import { fetchFeeds, type FetchReport } from './fetch-feeds.ts';
import { matchNewArticles, type MatchReport } from './match-articles.ts';

export interface CycleDeps {
  store: Store;
  feeds: FeedSettings[];
  watchlists: CompiledWatchlists;
  logger: Logger;
  now: () => Date;
  /** Absent for `rasid fetch`, which fetches, matches and stores only. */
  delivery?: {
    transport: MailTransport;
    recipients: Recipient[];
    from: string;
    mode: 'scheduled' | 'now';
  };
  onProgress?: (stage: 'fetch' | 'match', done: number, total?: number) => void;
}

export interface CycleReport {
  status: RunStatus;
  fetch: FetchReport;
  match: MatchReport;
  delivery: DeliveryReport | null;
  durationMs: number;
}

/** `partial` when something failed but the cycle did its job for the rest; `failed` when nothing got through. */
export function cycleStatus(fetch: FetchReport, delivery: DeliveryReport | null): RunStatus {
  const attempted = fetch.feeds.filter((f) => f.status !== 'skipped');
  const failedFeeds = attempted.filter((f) => f.status === 'failed').length;
  if (attempted.length > 0 && failedFeeds === attempted.length) return 'failed';
  if ((delivery?.failed ?? 0) > 0) return 'failed';
  return failedFeeds > 0 ? 'partial' : 'ok';
}

export async function runCycle(deps: CycleDeps): Promise<CycleReport> {
  const started = deps.now();
  const runId = startRun(deps.store, deps.delivery ? 'run' : 'fetch', started);
  const fetch = await fetchFeeds({
    store: deps.store,
    feeds: deps.feeds,
    now: deps.now,
    logger: deps.logger,
    onProgress: deps.onProgress && ((done, total) => deps.onProgress!('fetch', done, total)),
  });
  const match = matchNewArticles({
    store: deps.store,
    watchlists: deps.watchlists,
    now: deps.now,
    onProgress: deps.onProgress && ((done) => deps.onProgress!('match', done)),
  });
  const delivery = deps.delivery
    ? await deliverDigests({ store: deps.store, logger: deps.logger, now: deps.now, ...deps.delivery })
    : null;
  const report: CycleReport = {
    status: cycleStatus(fetch, delivery),
    fetch,
    match,
    delivery,
    durationMs: deps.now().getTime() - started.getTime(),
  };
  finishRun(deps.store, runId, report.status, report, deps.now());
  return report;
}
