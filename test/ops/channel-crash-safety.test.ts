// Exactly once per channel, on the real CLI: killed between a service's 2xx and the ledger write,
// and a service down for several runs (the seeded soak is its own file, channel-soak.test.ts, so the
// two run side by side). Each check reads the channel ledger and what each loopback service shows
// after its own deduplication (expectExactlyOnce in channel-ops.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES } from '../../src/channels/channel-types.ts';
import type { ChannelHarness } from '../channels/harnesses.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { channelInstallation, expectExactlyOnce, readChannelLedger, startHarnesses } from './channel-ops.ts';
import { runToEnd, useFeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-channel-crash-');
const feedHost = useFeedHost();
let harnesses: ChannelHarness[] = [];

afterEach(async () => {
  for (const h of harnesses) await h.receiver.close();
  harnesses = [];
});

describe('killed after a service answered 2xx, before the ledger write (RASID_TEST_CRASH_AT=after-channel-send)', () => {
  it.each(CHANNEL_TYPES)('%s: the next run resends the frozen request once; every hit arrives once', async (type) => {
    harnesses = await startHarnesses([type]);
    const inst = channelInstallation(tempDir(), feedHost(), harnesses);
    const crashed = await runToEnd(['run'], { ...inst.env, RASID_TEST_CRASH_AT: 'after-channel-send' });
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    const mid = readChannelLedger(inst.db);
    expect(mid.byStatus).toEqual({ sending: 1 });
    expect(harnesses[0]!.receiver.requests).toHaveLength(1);

    const next = await runToEnd(['run'], inst.env);
    expect(next.code, next.stderr).toBe(0);
    const end = readChannelLedger(inst.db);
    expect(end.hits.length).toBeGreaterThanOrEqual(5);
    const duplicates = expectExactlyOnce(harnesses[0]!, end, 1);
    // The resend carried the same bytes (and, where the service has one, the same key).
    const [first, second] = harnesses[0]!.receiver.requests;
    expect(second!.body).toBe(first!.body);
    expect(second!.url).toBe(first!.url);
    expect(duplicates).toBe(harnesses[0]!.idempotent ? 0 : 1);

    const again = await runToEnd(['run'], inst.env);
    expect(again.code).toBe(0);
    expect(harnesses[0]!.receiver.requests).toHaveLength(end.sent.length + 1);
  }, 90_000);
});

describe('a service down for several runs', () => {
  it('gets everything once it is back, each hit once per channel, nothing lost', async () => {
    harnesses = await startHarnesses(CHANNEL_TYPES);
    const inst = channelInstallation(tempDir(), feedHost(), harnesses);
    // Half refuse connections (nothing listening), half answer 503 / their own 5xx.
    for (const [i, h] of harnesses.entries()) {
      if (i % 2 === 0) await h.receiver.down();
      else h.receiver.fault = () => 'unavailable';
    }
    const said: string[] = [];
    for (let run = 0; run < 3; run++) {
      const out = await runToEnd(['run'], inst.env);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stderr).toMatch(/could not send alert to channel desk-/);
      said.push(out.stdout, out.stderr);
    }
    const waiting = readChannelLedger(inst.db);
    expect(waiting.byStatus.retry).toBe(harnesses.length);
    expect(waiting.sent).toEqual([]);
    const status = await runToEnd(['status', '--json'], inst.env);
    expect(JSON.parse(status.stdout).channels.standings).toHaveLength(harnesses.length);
    // Logs and status name the services' failures, never a secret.
    said.push(status.stdout, status.stderr);
    for (const h of harnesses) for (const secret of h.secretValues) expect(said.join('\n')).not.toContain(secret);

    for (const h of harnesses) {
      await h.receiver.up();
      h.receiver.fault = null;
    }
    const back = await runToEnd(['run'], inst.env);
    expect(back.code, back.stderr).toBe(0);
    const end = readChannelLedger(inst.db);
    for (const h of harnesses) expectExactlyOnce(h, end, 0);
  }, 180_000);
});
