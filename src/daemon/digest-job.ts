// The daemon's digest job, for installations that send digests on their own schedule
// (`--digest-schedule`): pending hits go out now, under the same `digest` lease as a cycle's
// delivery, and the run is recorded like any other so `rasid status` sees it.
import { crashHookFromEnv } from '../pipeline/crash-point.ts';
import { deliverAlerts, type ChannelSettings } from '../pipeline/deliver-alerts.ts';
import { deliverDigests, type DeliveryDeps } from '../pipeline/deliver-digests.ts';
import type { CycleReport } from '../pipeline/run-cycle.ts';
import { cycleStatus } from '../pipeline/run-cycle.ts';
import { DIGEST_LEASE, holdLease } from '../store/leases-repo.ts';
import type { Store } from '../store/open-store.ts';
import { finishRun, startRun } from '../store/runs-repo.ts';

export interface DigestJobDeps extends Omit<DeliveryDeps, 'store' | 'mode'> {
  store: Store;
  leaseHolder: string;
  leaseTtlMs?: number;
  /** Chat and push channels, served after the mail under the same lease. */
  channels?: ChannelSettings;
}

export async function runDigestJob(deps: DigestJobDeps): Promise<CycleReport> {
  const started = deps.now();
  const { store, leaseHolder, leaseTtlMs, channels, ...delivery } = deps;
  const report: CycleReport = {
    status: 'ok',
    fetch: { feeds: [], newArticleIds: [], durationMs: 0 },
    match: { articlesMatched: 0, hitsNew: 0, hitsByEntry: {} },
    delivery: null,
    skipped: [],
    durationMs: 0,
  };
  const runId = startRun(store, 'digest', started);
  const lease = holdLease(store, DIGEST_LEASE, { holder: leaseHolder, ttlMs: leaseTtlMs, now: deps.now });
  if (!lease.acquired) {
    report.skipped.push({
      stage: 'delivery',
      because: 'busy',
      reason: `another Rasid process (${lease.heldBy.holder}) is doing it; its lease runs until ${lease.heldBy.expiresAt}`,
    });
  } else {
    try {
      report.delivery = await deliverDigests({ ...delivery, store, mode: 'now' });
      if (channels) report.delivery.channels = await deliverAlerts({ ...channels, catalog: delivery.catalog, store, logger: delivery.logger, now: delivery.now, checkpoint: crashHookFromEnv(process.env) });
    } catch (err) {
      finishRun(store, runId, 'failed', { error: err instanceof Error ? err.message : String(err) }, deps.now());
      throw err;
    } finally {
      lease.held.release();
    }
  }
  report.status = cycleStatus(report.fetch, report.delivery);
  report.durationMs = deps.now().getTime() - started.getTime();
  finishRun(store, runId, report.status, report, deps.now());
  return report;
}
