// `rasid daemon` as operators run it: a real child process on a cron schedule, reloading edited
// configuration, sharing the database with a manual `rasid run`, and stopping cleanly on SIGTERM.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import {
  makeInstallation,
  readLedger,
  runToEnd,
  startCli,
  startFeedHost,
  startMailHost,
  type CliProcess,
  type FeedHost,
  type MailHost,
} from './ops-harness.ts';

const tempDir = useTempDir('rasid-daemon-proc-');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
let feeds: FeedHost;
let mail: MailHost;
const running: CliProcess[] = [];

beforeEach(async () => {
  feeds = await startFeedHost();
  mail = await startMailHost();
});

afterEach(async () => {
  for (const p of running.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await feeds.close();
  await mail.close();
});

// Waits on what the daemon says or does, not on time; the bound only keeps a broken daemon from
// hanging the suite, and is generous because a loaded 2-core machine can take many seconds to
// start a Node process and open its database.
async function waitFor(what: string, check: () => boolean, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const summaries = (p: CliProcess) => p.stderr().match(/"msg":"(ok|partial|failed): feeds/g)?.length ?? 0;

/** An installation with its own copy of the watchlists, so a test can break one. */
function installation() {
  const inst = makeInstallation(tempDir(), feeds, mail.url);
  const lists = path.join(inst.dir, 'watchlists');
  fs.cpSync(path.join(REPO_ROOT, 'watchlists'), lists, { recursive: true });
  inst.env.RASID_WATCHLISTS = lists;
  return { ...inst, lists };
}

describe('rasid daemon', () => {
  it('runs cycles on its schedule, keeps the last valid watchlists on a mistake, reloads the fix, and exits 0 on SIGTERM', async () => {
    const inst = installation();
    const daemon = startCli(['daemon', '--every', '1s'], inst.env);
    running.push(daemon);
    await waitFor('two cycle summaries', () => summaries(daemon) >= 2);
    expect((await readLedger(inst.db)).delivered.length).toBeGreaterThan(0);

    const broken = path.join(inst.lists, 'zz-broken.yaml');
    fs.writeFileSync(broken, 'entries:\n  - id: nobody\n    names: [unclosed\n');
    await waitFor('the reload error', () => daemon.stderr().includes('keeping the last valid configuration'));
    expect(daemon.stderr()).toMatch(/zz-broken\.yaml:\d+/);
    const afterMistake = summaries(daemon);
    await waitFor('a cycle with the last valid configuration', () => summaries(daemon) > afterMistake);
    expect(daemon.stderr().slice(daemon.stderr().lastIndexOf('keeping the last valid'))).not.toMatch(/"level":50,.*"msg":"cycle failed/);

    fs.rmSync(broken);
    await waitFor('the reload of the fixed folder', () => (daemon.stderr().match(/configuration reloaded/g)?.length ?? 0) >= 1);

    daemon.child.kill('SIGTERM');
    const end = await daemon.done;
    expect(end.code).toBe(0);
    // Stopped within its grace period: it says so when the work in progress outlived it.
    expect(end.stderr).not.toMatch(/did not finish within/);
    expect(end.stderr).toMatch(/daemon stopped/);
    const state = await readLedger(inst.db);
    expect(state.leases).toEqual([]);
    expect(state.runs.filter((r) => r.status === 'running')).toEqual([]);
    const ids = mail.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 240_000);

  it('on SIGTERM during an SMTP send, lets the send finish and records it before exiting 0', async () => {
    const inst = installation();
    let releaseMail: () => void = () => {};
    let arrived = false;
    mail.beforeAccept = () =>
      new Promise<boolean>((resolve) => {
        arrived = true;
        releaseMail = () => resolve(true);
      });
    const daemon = startCli(['daemon', '--every', '1h', '--grace', '8s'], inst.env);
    running.push(daemon);
    await waitFor('the message to reach the server', () => arrived);
    daemon.child.kill('SIGTERM');
    await sleep(1000);
    expect(daemon.child.exitCode).toBeNull();
    releaseMail();
    const end = await daemon.done;
    expect(end.code).toBe(0);
    expect(mail.received).toHaveLength(1);
    const state = await readLedger(inst.db);
    expect(state.digestsByStatus).toEqual({ sent: 1 });
    expect(state.sentMessages.get(mail.received[0]!.messageId)).toBeDefined();
    expect(state.leases).toEqual([]);
  }, 240_000);

  it('shares the database with a manual `rasid run`: the run skips the fetch the daemon is doing', async () => {
    const inst = installation();
    // The feeds answer only once the manual run is over, so the daemon is mid-fetch throughout.
    let answer: () => void = () => {};
    const held = new Promise<void>((r) => (answer = r));
    feeds.onRequest = () => held;
    const daemon = startCli(['daemon', '--every', '1h'], inst.env);
    running.push(daemon);
    await waitFor('the daemon to start fetching', () => feeds.requests.length > 0);
    const manual = await runToEnd(['run'], inst.env);
    expect(manual.code).toBe(0);
    answer();
    expect(manual.stderr).toMatch(/fetch skipped: another Rasid process \([^)]+\) is doing it/);
    await waitFor('the daemon cycle', () => summaries(daemon) >= 1);
    expect(feeds.requests).toHaveLength(2);
    daemon.child.kill('SIGINT');
    expect((await daemon.done).code).toBe(0);
    const state = await readLedger(inst.db);
    expect(state.delivered).toHaveLength(state.hits.length);
    expect(new Set(mail.received.map((m) => m.messageId)).size).toBe(mail.received.length);
  }, 240_000);

  it('refuses a bad schedule and a broken configuration at start with exit status 1, before doing anything', async () => {
    const inst = installation();
    const badCron = await runToEnd(['daemon', '--schedule', 'every morning'], inst.env);
    expect(badCron.code).toBe(1);
    expect(badCron.stderr).toMatch(/--schedule "every morning" is not a cron expression/);
    const badEnv = await runToEnd(['daemon'], { ...inst.env, RASID_SCHEDULE: '99 * * * *' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/RASID_SCHEDULE "99 \* \* \* \*"/);
    fs.writeFileSync(inst.env.RASID_FEEDS!, 'feeds:\n  - url: ftp://example.org/feed\n');
    const badConfig = await runToEnd(['daemon'], inst.env);
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/feeds\.yaml:2/);
    expect(feeds.requests).toEqual([]);
    expect(fs.existsSync(inst.db)).toBe(false);
  }, 240_000);
});
