// The daemon's digest job (`--digest-schedule`): pending hits go out under the digest lease, and
// the run is recorded for `rasid status`.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { runDigestJob } from '../../src/daemon/digest-job.ts';
import { silentLogger } from '../../src/log/create-logger.ts';
import { createTransport } from '../../src/mail/create-transport.ts';
import { runCycle } from '../../src/pipeline/run-cycle.ts';
import { acquireLease, newLeaseHolder } from '../../src/store/leases-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { lastRuns } from '../../src/store/runs-repo.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { cycleInProcess, makeInstallation, readLedger, useFeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-digest-job-');
const feeds = useFeedHost();

describe('runDigestJob', () => {
  it('sends the hits a fetch-only cycle left pending, once, and records a digest run; skips while another process holds the digest lease', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const config = loadConfig({}, inst.env, { feeds: true, watchlists: true, mail: true });
    const store = await openStore(inst.db);
    const now = () => new Date();
    await runCycle({ store, feeds: config.feeds, fetchLimits: config.fetchLimits, watchlists: config.watchlists, logger: silentLogger(), now });
    const pending = await readLedger(inst.db);
    expect(pending.hits.length).toBeGreaterThan(0);
    expect(pending.delivered).toEqual([]);

    const job = () =>
      runDigestJob({
        store,
        logger: silentLogger(),
        now,
        leaseHolder: newLeaseHolder(),
        transport: createTransport({ smtpUrl: null, outboxDir: path.join(inst.dir, 'outbox') }),
        recipients: config.recipients,
        from: config.mailFrom,
      });

    await acquireLease(store, 'digest', 'other-host:9:cafe', 60_000, new Date());
    const busy = await job();
    expect(busy.skipped).toEqual([expect.objectContaining({ stage: 'delivery', because: 'busy' })]);
    expect((await readLedger(inst.db)).delivered).toEqual([]);
    await store.sql.run('DELETE FROM leases');

    const sent = await job();
    expect(sent.delivery?.sent).toBeGreaterThan(0);
    expect((await readLedger(inst.db)).delivered).toHaveLength(pending.hits.length);
    const again = await job();
    expect(again.delivery?.sent).toBe(0);
    expect((await lastRuns(store, 1))[0]).toMatchObject({ command: 'digest', status: 'ok' });
    expect((await readLedger(inst.db)).leases).toEqual([]);
    await store.close();
  }, 30_000);
  it('a cycle that matched new hits waits for a digest lease another process holds, then delivers them in the same run', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    const store = await openStore(inst.db);
    // Another process is delivering (it planned its messages before these hits existed) and finishes a moment later.
    await acquireLease(store, 'digest', 'other-host:9:cafe', 60_000, new Date());
    // It lets go only after this cycle has matched its hits, so the cycle finds the lease taken.
    const released = (async () => {
      while (((await store.sql.get<{ n: number }>('SELECT COUNT(*) AS "n" FROM hits'))?.n ?? 0) === 0) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 500));
      await store.sql.run("DELETE FROM leases WHERE holder = 'other-host:9:cafe'");
    })();
    const report = await cycleInProcess(store, inst);
    await released;
    expect(report.match.hitsNew).toBeGreaterThan(0);
    expect(report.skipped).toEqual([]);
    expect(report.delivery?.sent).toBeGreaterThan(0);
    const ledger = await readLedger(inst.db);
    expect(ledger.delivered).toHaveLength(ledger.hits.length);
    await store.close();
  }, 30_000);
});
