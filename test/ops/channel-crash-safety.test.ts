// Exactly once per channel, on the real CLI: killed between a service's 2xx and the ledger write,
// a service down for several runs, and a seeded soak of refusals, rate limits, dropped connections
// and kills across many runs. Each check reads the channel ledger and what each loopback service
// shows after its own deduplication (expectExactlyOnce in channel-ops.ts).
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_TYPES } from '../../src/channels/channel-types.ts';
import type { ChannelHarness } from '../channels/harnesses.ts';
import type { Fault } from '../helpers/receivers/receiver-base.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { channelInstallation, expectExactlyOnce, readChannelLedger, startHarnesses } from './channel-ops.ts';
import { runToEnd, startCli, useFeedHost, type CliProcess } from './ops-harness.ts';

const tempDir = useTempDir('rasid-channel-crash-');
const feedHost = useFeedHost();
let harnesses: ChannelHarness[] = [];

afterEach(async () => {
  for (const h of harnesses) await h.receiver.close();
  harnesses = [];
});

/** A seeded PRNG (mulberry32): the soak is random, and the same every time. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** New items for the feed host: each mentions Haftar and Agadem, so each gives hits. */
function freshFeed(run: number, count: number): string {
  const items = Array.from({ length: count }, (_, i) => {
    const n = run * 100 + i;
    return `<item><guid>soak-${n}</guid><title>Khalifa Haftar's forces move towards the Agadem field, dispatch ${n}</title><link>http://soak.example/${n}</link><description>Dispatch ${n}: units loyal to Khalifa Haftar were seen near the Agadem oil field.</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Soak wire (fictional)</title><link>http://soak.example/</link>${items.join('')}</channel></rss>`;
}

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

describe('a seeded soak: refusals, rate limits, dropped connections and kills across many runs', () => {
  it('delivers every alert once per channel; only services without a key show a copy, and only after a kill or a drop after acceptance', async () => {
    const random = prng(20261128);
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
