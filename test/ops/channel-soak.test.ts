// Exactly once per channel under a seeded soak on the real CLI: refusals, rate limits, dropped
// connections and kills across many runs. Each check reads the channel ledger and what each loopback
// service shows after its own deduplication (expectExactlyOnce in channel-ops.ts).
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES } from '../../src/channels/channel-types.ts';
import type { ChannelHarness } from '../channels/harnesses.ts';
import type { Fault } from '../helpers/receivers/receiver-base.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { channelInstallation, expectExactlyOnce, freshFeed, readChannelLedger, startHarnesses } from './channel-ops.ts';
import { runToEnd, startCli, useFeedHost, type CliProcess } from './ops-harness.ts';

const tempDir = useTempDir('rasid-channel-soak-');
const feedHost = useFeedHost();
let harnesses: ChannelHarness[] = [];

afterEach(async () => {
  for (const h of harnesses) await h.receiver.close();
  harnesses = [];
});

describe('a seeded soak: refusals, rate limits, dropped connections and kills across many runs', () => {
  it('delivers every alert once per channel; only services without a key show a copy, and only after a kill or a drop after acceptance', async () => {
    const random = seededRandom(20261128);
    harnesses = await startHarnesses(CHANNEL_TYPES);
    const feeds = feedHost();
    const inst = channelInstallation(tempDir(), feeds, harnesses);
    const faults: Fault[] = ['ok', 'ok', 'ok', 'drop-before', 'drop-after', 'rate-limit', 'unavailable'];
    /** Per channel: sends the service took whose answer the sender may never have recorded. */
    const ambiguous = new Map<string, number>(harnesses.map((h) => [h.config.name, 0]));
    const injected = new Map<Fault, number>();
    let proc: CliProcess | null = null;
    let kills = 0;
    for (const h of harnesses) {
      h.receiver.retryAfterSeconds = 1;
      h.receiver.fault = () => {
        const f = faults[Math.floor(random() * faults.length)]!;
        injected.set(f, (injected.get(f) ?? 0) + 1);
        if (f === 'drop-after') ambiguous.set(h.config.name, ambiguous.get(h.config.name)! + 1);
        return f;
      };
      h.receiver.afterAccepted = () => {
        if (proc && random() < 0.08) {
          ambiguous.set(h.config.name, ambiguous.get(h.config.name)! + 1);
          kills++;
          proc.child.kill('SIGKILL');
          proc = null;
        }
      };
    }
    for (let run = 0; run < 10; run++) {
      feeds.bodies.set('/soak.rss.xml', freshFeed(run, 1 + Math.floor(random() * 3)));
      if (run === 0) fs.appendFileSync(inst.env.RASID_FEEDS!, `  - url: ${feeds.baseUrl}/soak.rss.xml\n    id: soak\n    language: en\n`);
      const crashAt: Record<string, string> = random() < 0.2 ? { RASID_TEST_CRASH_AT: 'after-channel-send' } : {};
      proc = startCli(['run'], { ...inst.env, ...crashAt });
      const done = await proc.done;
      proc = null;
      if (done.signal === 'SIGKILL' && 'RASID_TEST_CRASH_AT' in crashAt) kills++;
      else if (done.signal !== 'SIGKILL') expect(done.code, done.stderr).toBe(0);
    }
    // Then calm: runs without faults until nothing is on its way.
    for (const h of harnesses) {
      h.receiver.fault = null;
      h.receiver.afterAccepted = null;
    }
    for (let run = 0; run < 3; run++) {
      const out = await runToEnd(['run'], inst.env);
      expect(out.code, out.stderr).toBe(0);
    }
    // A crash point kill is a crash window of whichever channel answered; count it for every channel.
    const end = readChannelLedger(inst.db);
    expect(end.hits.length).toBeGreaterThan(20);
    // The soak did what it says: every kind of fault, and kills of both kinds, happened.
    for (const f of faults) expect(injected.get(f) ?? 0, f).toBeGreaterThan(0);
    expect(kills).toBeGreaterThan(2);
    let copies = 0;
    for (const h of harnesses) copies += expectExactlyOnce(h, end, ambiguous.get(h.config.name)! + kills);
    expect(copies).toBeLessThanOrEqual([...ambiguous.values()].reduce((a, b) => a + b, 0) + kills);
  }, 300_000);
});
