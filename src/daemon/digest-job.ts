// The daemon's digest job, for installations that send digests on their own schedule
// (`--digest-schedule`), and `rasid digest`: pending hits go out now, under the same `digest` lease
// as a cycle's delivery, and the run is recorded like any other so `rasid status` sees it.
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
  /** `now` (default): every recipient's pending hits; `scheduled`: only digests whose hour has come. */
  mode?: DeliveryDeps['mode'];
  /** Chat and push channels, served after the mail under the same lease. */
  channels?: ChannelSettings;
}

export async function runDigestJob(deps: DigestJobDeps): Promise<CycleReport> {
  const started = deps.now();
  const { store, leaseHolder, leaseTtlMs, mode = 'now', channels, ...delivery } = deps;
  const report: CycleReport = {
    status: 'ok',
    fetch: { feeds: [], newArticleIds: [], durationMs: 0 },
    match: { articlesMatched: 0, hitsNew: 0, hitsByEntry: {} },
    delivery: null,
    skipped: [],
    durationMs: 0,
  };
  const runId = await startRun(store, 'digest', started);
  const hold = (name: string) => holdLease(store, name, { holder: leaseHolder, ttlMs: leaseTtlMs, now: deps.now });
  // Workers sharing a PostgreSQL database split the recipients (one lease each), as in a cycle.
  const lease = store.parallelWorkers ? null : await hold(DIGEST_LEASE);
  if (lease && !lease.acquired) {
    report.skipped.push({
      stage: 'delivery',
      because: 'busy',
      reason: `another Rasid process (${lease.heldBy.holder}) is doing it; its lease runs until ${lease.heldBy.expiresAt}`,
    });
  } else {
    try {
      report.delivery = await deliverDigests({
        ...delivery,
        store,
        mode,
        recipientLease: lease ? undefined : (address) => hold(`${DIGEST_LEASE}:${address.toLowerCase()}`),
      });
      if (channels) {
        report.delivery.channels = await deliverAlerts({
          ...channels,
          catalog: delivery.catalog,
          store,
          logger: delivery.logger,
          now: delivery.now,
          checkpoint: crashHookFromEnv(process.env),
          channelLease: lease ? undefined : (name) => hold(`${DIGEST_LEASE}:channel:${name}`),
        });
      }
    } catch (err) {
      await finishRun(store, runId, 'failed', { error: err instanceof Error ? err.message : String(err) }, deps.now());
      throw err;
    } finally {
      if (lease?.acquired) await lease.held.release();
    }
  }
  report.status = cycleStatus(report.fetch, report.delivery);
  report.durationMs = deps.now().getTime() - started.getTime();
  await finishRun(store, runId, report.status, report, deps.now());
  return report;
}
