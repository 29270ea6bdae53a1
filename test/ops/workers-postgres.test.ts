// Several Rasid processes on one PostgreSQL database split the work: every due feed is fetched by
// one of them (never by two at once), every article matched once, and every hit delivered to every
// recipient once, also when workers are killed with SIGKILL at random moments.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PG_URL } from '../helpers/stores.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { makeInstallation, readLedger, runToEnd, startCli, startMailHost, type FeedHost, type MailHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-workers-');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const FEEDS = 24;

/** Feeds that answer slowly enough for workers to overlap, counting requests in flight per feed. */
interface CountingHost extends FeedHost {
  /** The largest number of requests one feed had in flight at once. */
  maxInFlight(): number;
  perFeed: Map<string, number>;
}

function feedBody(n: number): string {
  const items = [
    `<item><guid>w${n}-a</guid><title>Haftar receives Niger's defence minister Salifou Mody in Benghazi (${n})</title><link>http://wire-${n}.example/a</link><description>Gen. Salifou Mody arrived in Benghazi, dispatch ${n}.</description></item>`,
    `<item><guid>w${n}-b</guid><title>Market prices in Niamey, report ${n}</title><link>http://wire-${n}.example/b</link><description>Onions and millet, report ${n}.</description></item>`,
    `<item><guid>w${n}-c</guid><title>Agadem crude pipeline exports resume (${n})</title><link>http://wire-${n}.example/c</link><description>The Agadem export pipeline to Benin pumped again, note ${n}.</description></item>`,
  ];
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire ${n}</title><link>http://wire-${n}.example/</link>${items.join('')}</channel></rss>`;
}

async function startCountingHost(delayMs: number): Promise<CountingHost> {
  const inFlight = new Map<string, number>();
  let max = 0;
  const host = { requests: [] as string[], onRequest: null as FeedHost['onRequest'], bodies: new Map<string, string>(), perFeed: new Map<string, number>() };
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    host.requests.push(urlPath);
    host.perFeed.set(urlPath, (host.perFeed.get(urlPath) ?? 0) + 1);
    const now = (inFlight.get(urlPath) ?? 0) + 1;
    inFlight.set(urlPath, now);
    max = Math.max(max, now);
    const n = Number(/wire-(\d+)/.exec(urlPath)?.[1] ?? -1);
    setTimeout(() => {
      inFlight.set(urlPath, (inFlight.get(urlPath) ?? 1) - 1);
      if (n < 0) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feedBody(n));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(host, {
    baseUrl: `http://127.0.0.1:${port}`,
    maxInFlight: () => max,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

describe.skipIf(!PG_URL)('several workers on one PostgreSQL', () => {
  let feeds: CountingHost;
  let mail: MailHost;
  const drops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    feeds = await startCountingHost(150);
    mail = await startMailHost();
  });
  afterEach(async () => {
    await feeds.close();
    await mail.close();
    for (const drop of drops.splice(0)) await drop();
  });

  function installation() {
    const inst = makeInstallation(tempDir(), feeds, mail.url, 'postgres');
    drops.push(inst.drop);
    // Many feeds fetched once a day, so each is due exactly once in these runs.
    const lines = ['defaults:', '  interval: 1440', '  fetch: { concurrency: 4, allowNetworks: [127.0.0.1/32] }', 'feeds:'];
    for (let n = 0; n < FEEDS; n++) lines.push(`  - url: ${feeds.baseUrl}/wire-${n}.xml`, `    id: wire-${n}`, '    language: en');
    fs.writeFileSync(inst.env.RASID_FEEDS!, `${lines.join('\n')}\n`);
    const recipients = path.join(inst.dir, 'recipients.yaml');
    fs.writeFileSync(recipients, 'recipients:\n  - address: desk@example.org\n  - address: energy@example.org\n    entries: [agadem]\n');
    const env = { ...inst.env, RASID_RECIPIENTS: recipients };
    delete (env as Record<string, string | undefined>).RASID_DIGEST_TO;
    return { ...inst, env };
  }

  /** Each hit to each subscribed recipient exactly once, in the ledger and in the mail that arrived. */
  async function expectExactlyOnce(db: string) {
    const state = await readLedger(db);
    expect(state.articles).toHaveLength(FEEDS * 3);
    expect(state.unmatched).toBe(0);
    const agadem = state.hits.filter((h) => h.endsWith(' agadem'));
    expect(agadem.length).toBe(FEEDS);
    expect(state.delivered).toEqual([...state.hits.map((h) => `${h} desk@example.org`), ...agadem.map((h) => `${h} energy@example.org`)].sort());
    expect(state.digestsByStatus.sending ?? 0).toBe(0);
    // A message that arrived twice (the one unavoidable crash window) arrived with one Message-ID;
    // distinct messages to one recipient never carry the same hit.
    const byRecipient = new Map<string, Map<string, string[]>>();
    for (const [messageId, hits] of state.sentMessages) {
      const to = mail.received.find((m) => m.messageId === messageId)?.to[0];
      expect(to, `message ${messageId} was recorded as sent but never arrived`).toBeDefined();
      const mine = byRecipient.get(to!) ?? new Map<string, string[]>();
      mine.set(messageId, hits);
      byRecipient.set(to!, mine);
    }
    for (const [to, messages] of byRecipient) {
      const carried = [...messages.values()].flat();
      expect(new Set(carried).size, `a hit went to ${to} in two messages`).toBe(carried.length);
    }
    return state;
  }

  it('four `rasid run` jobs started together split the feeds: each fetched once, none twice at once, every hit delivered once', async () => {
    const inst = installation();
    const runs = await Promise.all([0, 1, 2, 3].map(() => runToEnd(['run'], inst.env)));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(feeds.maxInFlight()).toBe(1);
    expect([...feeds.perFeed.values()].every((n) => n === 1)).toBe(true);
    expect(feeds.perFeed.size).toBe(FEEDS);
    // The work was shared: more than one worker fetched something.
    const fetchedBy = runs.map((r) => Number(/feeds (\d+) ok/.exec(r.stderr)?.[1] ?? 0));
    expect(fetchedBy.reduce((a, b) => a + b, 0)).toBe(FEEDS);
    expect(fetchedBy.filter((n) => n > 0).length).toBeGreaterThan(1);
    await expectExactlyOnce(inst.db);
  }, 120_000);

  it('workers killed with SIGKILL at random moments lose nothing and send nothing twice; the survivors and the next run finish the work', async () => {
    const inst = installation();
    // A seeded sequence of kill delays, so a failure can be replayed.
    let seed = 20261204;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 3; round++) {
      const workers = [0, 1, 2].map(() => startCli(['run'], inst.env));
      const victims = workers.slice(0, 2);
      await Promise.all(
        victims.map(async (w) => {
          await sleep(200 + random() * 1500);
          w.child.kill('SIGKILL');
        }),
      );
      const ends = await Promise.all(workers.map((w) => w.done));
      expect(ends[2]!.code, ends[2]!.stderr).toBe(0);
    }
    // Claims and leases of the killed workers (same host, pid gone) are freed at once by the next run.
    const last = await runToEnd(['run'], inst.env);
    expect(last.code, last.stderr).toBe(0);
    expect(feeds.maxInFlight()).toBe(1);
    await expectExactlyOnce(inst.db);
    const again = await runToEnd(['run'], inst.env);
    expect(again.code).toBe(0);
    const ids = mail.received.map((m) => m.messageId);
    const finalState = await readLedger(inst.db);
    expect(finalState.sentMessages.size).toBe(new Set(ids).size);
  }, 240_000);

  it('two daemons share the work, and `rasid status` on the shared database is healthy afterwards', async () => {
    const inst = installation();
    const daemons = [0, 1].map(() => startCli(['daemon', '--every', '1h'], inst.env));
    for (let i = 0; i < 400; i++) {
      if (daemons.every((d) => /"msg":"(ok|partial): feeds/.test(d.stderr()))) break;
      await sleep(100);
    }
    for (const d of daemons) d.child.kill('SIGTERM');
    const ends = await Promise.all(daemons.map((d) => d.done));
    for (const e of ends) expect(e.code, e.stderr).toBe(0);
    expect(feeds.maxInFlight()).toBe(1);
    await expectExactlyOnce(inst.db);
    const status = await runToEnd(['status', '--json'], inst.env);
    expect(status.code, status.stdout).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ healthy: true, database: { kind: 'postgres' } });
  }, 120_000);
});
