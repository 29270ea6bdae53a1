// A process killed at any point of a cycle leaves a database the next run continues from: no
// article or hit lost, no digest sent twice. The real CLI runs in a child process against a
// loopback feed server and a real SMTP server, and is killed with SIGKILL (no cleanup runs).
// Everything holds on both engines; on PostgreSQL there are no cycle and digest leases to take
// over (work is claimed row by row and per recipient), which the lease checks below account for.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/stores.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import {
  makeInstallation,
  readLedger,
  runToEnd,
  startCli,
  startFeedHost,
  startMailHost,
  type FeedHost,
  type LedgerState,
  type MailHost,
} from './ops-harness.ts';

const tempDir = useTempDir('rasid-crash-');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.each(BACKENDS)('on %s', (backend) => {
  const drops: Array<() => Promise<void>> = [];
  const install = (host: FeedHost, smtpUrl: string | null, options: { interval?: number } = {}) => {
    const inst = makeInstallation(tempDir(), host, smtpUrl, backend, options);
    drops.push(inst.drop);
    return inst;
  };
  let feeds: FeedHost;
  let mail: MailHost;
  /** What one uninterrupted run stores, from the same feeds and watchlists. */
  let reference: LedgerState;

  beforeAll(async () => {
    const host = await startFeedHost();
    const sink = await startMailHost();
    const inst = install(host, sink.url);
    const clean = await runToEnd(['run'], inst.env);
    expect(clean.code, clean.stderr).toBe(0);
    reference = await readLedger(inst.db);
    await host.close();
    await sink.close();
  }, 180_000);

  beforeEach(async () => {
    feeds = await startFeedHost();
    mail = await startMailHost();
  });

  afterEach(async () => {
    await feeds.close();
    await mail.close();
    for (const drop of drops.splice(0)) await drop();
  });

  /** The promises after recovery: everything stored, matched, delivered once, each hit in one message. */
  function expectComplete(state: LedgerState) {
    expect(state.articles).toEqual(reference.articles);
    expect(state.unmatched).toBe(0);
    expect(state.hits).toEqual(reference.hits);
    expect(state.delivered).toEqual(reference.hits.map((h) => `${h} desk@example.org`));
    const carried = [...state.sentMessages.values()].flat().sort();
    expect(carried).toEqual(reference.hits);
    expect(state.digestsByStatus.sending ?? 0).toBe(0);
  }

  describe('the reference run', () => {
    it('stores the seven fixture items and finds hits in them (so the checks below are not vacuous)', async () => {
      expect(reference.articles).toHaveLength(7);
      expect(reference.hits.length).toBeGreaterThanOrEqual(5);
      expect(reference.delivered).toHaveLength(reference.hits.length);
    });
  });

  describe('killed at a checkpoint of the cycle (RASID_TEST_CRASH_AT)', () => {
    it.each([
      ['after-fetch', (s: LedgerState) => expect([s.articles.length, s.unmatched, s.hits.length]).toEqual([7, 7, 0])],
      ['after-match', (s: LedgerState) => expect([s.unmatched, s.hits.length, s.delivered.length]).toEqual([0, reference.hits.length, 0])],
      ['after-delivery', (s: LedgerState) => expect(s.delivered).toHaveLength(reference.hits.length)],
    ])('%s: the next run continues from the database, nothing lost, nothing sent twice', async (point, midway) => {
      const inst = install(feeds, mail.url);
      const crashed = await runToEnd(['run'], { ...inst.env, RASID_TEST_CRASH_AT: point });
      expect(crashed.signal).toBe('SIGKILL');
      const mid = await readLedger(inst.db);
      midway(mid);
      expect(mid.runs.at(-1)?.status).toBe('running');
      if (backend === 'sqlite') expect(mid.leases.length).toBeGreaterThan(0);
      const receivedBefore = mail.received.length;

      const next = await runToEnd(['run'], inst.env);
      expect(next.code, next.stderr).toBe(0);
      if (backend === 'sqlite') expect(next.stderr).toContain(`took over the ${point === 'after-delivery' ? 'digest' : 'cycle'} lease`);
      const end = await readLedger(inst.db);
      expectComplete(end);
      expect(end.leases).toEqual([]);
      const ids = mail.received.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      if (point === 'after-delivery') expect(mail.received.length).toBe(receivedBefore);

      const status = await runToEnd(['status', '--json'], inst.env);
      expect(status.code, status.stdout).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ healthy: true, pending: { hits: 0 } });
    }, 180_000);
  });

  describe('killed from outside at a moment of its own', () => {
    it('during the fetch (the second feed is being requested): the next run fetches and delivers everything once', async () => {
      const inst = install(feeds, mail.url);
      const proc = startCli(['run'], inst.env);
      feeds.onRequest = async (urlPath) => {
        if (urlPath.includes('maghreb')) {
          proc.child.kill('SIGKILL');
          await sleep(100);
        }
      };
      const crashed = await proc.done;
      expect(crashed.signal).toBe('SIGKILL');
      expect(mail.received).toHaveLength(0);
      feeds.onRequest = null;
      const next = await runToEnd(['run'], inst.env);
      expect(next.code, next.stderr).toBe(0);
      expectComplete(await readLedger(inst.db));
    }, 180_000);

    it('after the SMTP server took the message but before Rasid recorded it: resent once with the same Message-ID, ledger exact', async () => {
      const inst = install(feeds, mail.url);
      const proc = startCli(['run'], inst.env);
      mail.beforeAccept = async () => {
        proc.child.kill('SIGKILL');
        await sleep(200);
        return true;
      };
      const crashed = await proc.done;
      expect(crashed.signal).toBe('SIGKILL');
      // The server finishes taking the message after the client died.
      while (mail.received.length === 0) await sleep(50);
      expect(mail.received).toHaveLength(1);
      const mid = await readLedger(inst.db);
      expect(mid.digestsByStatus.sending).toBe(1);
      expect(mid.delivered).toEqual([]);

      mail.beforeAccept = null;
      const next = await runToEnd(['run'], inst.env);
      expect(next.code, next.stderr).toBe(0);
      expectComplete(await readLedger(inst.db));
      // The one unavoidable duplicate (the server had it, Rasid could not know) carries the same
      // Message-ID, so mail systems show it once; every other message arrived once.
      const ids = mail.received.map((m) => m.messageId);
      expect(ids[0]).toBe(ids[1]);
      expect(new Set(ids).size).toBe(ids.length - 1);

      const again = await runToEnd(['run'], inst.env);
      expect(again.code).toBe(0);
      expect(mail.received.map((m) => m.messageId)).toEqual(ids);
    }, 180_000);
  });

  describe('two processes on one database', () => {
    it('two runs started together fetch each feed once and deliver each hit once', async () => {
      // An hour's interval: however the two runs overlap on a busy machine (the second may start
      // after the first is done), a feed fetched by one is not due for the other.
      const inst = install(feeds, mail.url, { interval: 60 });
      // The feeds answer only once one run has ended (or after 20 s, so a broken lease fails the
      // assertions below instead of hanging): the run holding the lease is mid-fetch all along.
      let answer: () => void = () => {};
      const held = new Promise<void>((r) => {
        answer = r;
        setTimeout(r, 20_000);
      });
      if (backend === 'sqlite') feeds.onRequest = () => held;
      const a = startCli(['run'], inst.env);
      const b = startCli(['run'], inst.env);
      void Promise.race([a.done, b.done]).then(() => answer());
      const [ra, rb] = await Promise.all([a.done, b.done]);
      expect([ra.code, rb.code]).toEqual([0, 0]);
      // These feeds are due at every run (interval 0): on PostgreSQL the second run may fetch a feed
      // again once the first has finished with it (never at the same time: workers-postgres.test.ts).
      const most = backend === 'sqlite' ? 1 : 2;
      expect(feeds.requests.filter((p) => p.includes('sahel')).length).toBeLessThanOrEqual(most);
      expect(feeds.requests.filter((p) => p.includes('maghreb')).length).toBeLessThanOrEqual(most);
      expect(feeds.requests.filter((p) => p.includes('sahel')).length).toBeGreaterThanOrEqual(1);
      // SQLite: one run holds the cycle lease and the other skips the fetch; PostgreSQL: the two share it.
      if (backend === 'sqlite') expect(`${ra.stderr}\n${rb.stderr}`).toMatch(/fetch skipped: another Rasid process/);
      expectComplete(await readLedger(inst.db));
      const ids = mail.received.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    }, 180_000);
  });
});
