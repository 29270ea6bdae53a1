// Hits that would reach nobody are a configuration problem, not "0 sent, exit 0": nobody configured
// at all, a recipients file that lists no one, or a subscription to an entry or watchlist that does
// not exist. `run`, `digest` and the daemon stop with exit 1 and the located message; `status`
// says the same as needing attention; `fetch`, which sends nothing, does not need recipients.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nobodyToReceive } from '../../src/config/subscriptions.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { makeInstallation, runToEnd, startCli, useFeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-nobody-');
const feeds = useFeedHost();

/** An installation without RASID_DIGEST_TO and without a recipients file, whose hits are already stored. */
async function withPendingHits() {
  const inst = makeInstallation(tempDir(), feeds(), null);
  delete inst.env.RASID_DIGEST_TO;
  const fetched = await runToEnd(['fetch'], inst.env);
  expect(fetched.code, fetched.stderr).toBe(0);
  const status = await runToEnd(['status', '--json'], inst.env);
  const pending = (JSON.parse(status.stdout) as { pending: { hits: number } }).pending.hits;
  expect(pending).toBeGreaterThan(0);
  feeds().requests.length = 0;
  return { inst, pending };
}

describe('nobody to receive', { timeout: 120_000 }, () => {
  it('`rasid fetch` needs no recipients; `run` and `digest` refuse with exit 1 and say how to configure one, before fetching', async () => {
    const { inst } = await withPendingHits();
    const nobody = /nobody is configured to receive hits: RASID_DIGEST_TO is unset and there is no recipients file at .*recipients\.yaml — set RASID_DIGEST_TO=/;

    const run = await runToEnd(['run'], inst.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(nobody);
    expect(run.stderr).toMatch(/`rasid fetch` fetches and matches without sending/);
    expect(feeds().requests).toEqual([]);

    const digest = await runToEnd(['digest'], inst.env);
    expect(digest.code).toBe(1);
    expect(digest.stderr).toMatch(nobody);
    expect(digest.stdout).not.toMatch(/Nothing to send/);

    const empty = await runToEnd(['digest'], { ...inst.env, RASID_DIGEST_TO: ' , ' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/RASID_DIGEST_TO names no address/);
  });

  it('`rasid status` says nobody is configured to receive the pending hits (exit 3)', async () => {
    const { inst, pending } = await withPendingHits();
    const status = await runToEnd(['status'], inst.env);
    expect(status.code).toBe(3);
    expect(status.stdout).toContain(`nobody is configured to receive the ${pending} pending hits: RASID_DIGEST_TO is unset`);
    const json = JSON.parse((await runToEnd(['status', '--json'], inst.env)).stdout) as { healthy: boolean; attention: string[] };
    expect(json.healthy).toBe(false);
    expect(json.attention.some((a) => a.includes('nobody is configured to receive'))).toBe(true);
  });

  it('a recipients file that lists no one is located (file:line) in `run`, `digest` and `status`', async () => {
    const { inst, pending } = await withPendingHits();
    const file = path.join(inst.dir, 'recipients.yaml');
    fs.writeFileSync(file, 'defaults:\n  hour: 7\nrecipients: []\n');
    const env = { ...inst.env, RASID_RECIPIENTS: file };
    const where = /recipients\.yaml:3:\d+: nobody is configured to receive/;
    for (const args of [['run'], ['digest']]) {
      const res = await runToEnd(args, env);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stderr).toMatch(where);
    }
    const status = await runToEnd(['status'], env);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(new RegExp(`recipients\\.yaml:3:\\d+: nobody is configured to receive the ${pending} pending hits`));
  });

  it('a subscription to an entry that does not exist stops `run` and `digest` (exit 1) with its line and a suggestion; `status` agrees', async () => {
    const { inst } = await withPendingHits();
    const file = path.join(inst.dir, 'recipients.yaml');
    fs.writeFileSync(file, 'recipients:\n  - address: oil@example.org\n    entries: [agadme]\n  - address: desk@example.org\n    watchlists: [libya-niger]\n');
    const env = { ...inst.env, RASID_RECIPIENTS: file };
    for (const args of [['digest'], ['run'], ['digest', '--dry-run']]) {
      const res = await runToEnd(args, env);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stderr).toMatch(/recipients\.yaml:3:15: oil@example\.org subscribes to entry "agadme", which no watchlist defines — did you mean `agadem`\?/);
      expect(res.stderr).toMatch(/recipients\.yaml:5:18: desk@example\.org subscribes to watchlist "libya-niger", which does not exist — did you mean `libya-niger-russia`\?/);
      expect(res.stdout).not.toMatch(/Nothing to send/);
    }
    expect(feeds().requests).toEqual([]);
    const status = await runToEnd(['status'], env);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/configuration: .*recipients\.yaml:3:15: oil@example\.org subscribes to entry "agadme"/);
  });

  it('a daemon with nobody to receive refuses to start (exit 1), before it opens the database', async () => {
    const inst = makeInstallation(tempDir(), feeds(), null);
    delete inst.env.RASID_DIGEST_TO;
    const proc = startCli(['daemon', '--every', '1h'], inst.env);
    // A daemon that did start would run until stopped: end it rather than hang the suite.
    const stop = setTimeout(() => proc.child.kill('SIGKILL'), 60_000);
    const daemon = await proc.done.finally(() => clearTimeout(stop));
    expect(daemon.code).toBe(1);
    expect(daemon.stderr).toMatch(/nobody is configured to receive hits/);
    expect(feeds().requests).toEqual([]);
    expect(fs.existsSync(inst.db)).toBe(false);
  });
});

describe('the sentence for nobody to receive', () => {
  const base = { file: null, defaultFile: '/srv/rasid/recipients.yaml', digestTo: undefined };
  it('counts the pending hits when there are some, and never says "the 0 pending hits"', () => {
    expect(nobodyToReceive({ ...base, pending: 3 })).toContain('nobody is configured to receive the 3 pending hits:');
    expect(nobodyToReceive({ ...base, pending: 1 })).toContain('nobody is configured to receive the 1 pending hit:');
    const none = nobodyToReceive({ ...base, pending: 0 });
    expect(none).toContain('nobody is configured to receive hits:');
    expect(none).not.toMatch(/\b0 pending/);
  });
});
