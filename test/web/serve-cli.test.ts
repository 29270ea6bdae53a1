// The real executable: `rasid serve`, `rasid daemon --web` and `rasid search` as child processes
// on a temp database, against the loopback fixture feeds.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { csrfOf, DEFAULT_FEEDS, feedsFileText, FIXTURES, WebClient } from './web-harness.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function setup(): Promise<{ dir: string; env: Record<string, string>; feeds: FeedServer }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-web-cli-'));
  const feeds = await startFeedServer();
  for (const name of ['wire.rss.xml', 'hostile.rss.xml', 'late.rss.xml']) feeds.serveFile(`/${name}`, path.join(FIXTURES, name), 'application/rss+xml');
  fs.cpSync(path.join(FIXTURES, 'watchlists'), path.join(dir, 'watchlists'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'feeds.yaml'), feedsFileText(feeds.baseUrl, DEFAULT_FEEDS));
  cleanups.push(async () => {
    await feeds.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const env = { RASID_DB: path.join(dir, 'rasid.db'), RASID_FEEDS: path.join(dir, 'feeds.yaml'), RASID_WATCHLISTS: path.join(dir, 'watchlists'), RASID_OUTBOX: path.join(dir, 'outbox'), RASID_LOG_LEVEL: 'info' };
  return { dir, env, feeds };
}

/** Starts a long-running command and resolves once its log says `ready`; stopped with SIGTERM after the test. */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; log: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, SMTP_URL: '', RASID_DIGEST_TO: '', ...env } });
  let log = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exit;
  });
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      if (ready.test(log)) resolve({ child, log: () => log, exit });
    };
    child.stderr!.on('data', onData);
    child.stdout!.on('data', onData);
    void exit.then((code) => reject(new Error(`exited with ${code} before it was ready:\n${log}`)));
  });
}

async function waitFor<T>(probe: () => Promise<T | null>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('rasid serve', () => {
  it('refuses to listen beyond loopback without sign-in, saying what to set', async () => {
    const { env } = await setup();
    const res = await runCli(['serve', '--listen', `0.0.0.0:${await freePort()}`], { env });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('refusing to serve the web UI on 0.0.0.0');
    expect(res.stderr).toContain('RASID_WEB_PASSWORD');
  });

  it('serves the UI on loopback until SIGTERM, then exits 0', async () => {
    const { env } = await setup();
    expect((await runCli(['fetch'], { env })).code).toBe(0);
    const port = await freePort();
    const server = await start(['serve', '--listen', `127.0.0.1:${port}`], env, /web UI on http/);
    const hits = await new WebClient(`http://127.0.0.1:${port}`).get('/hits');
    expect(hits.status).toBe(200);
    expect(hits.text).toContain('Haftar receives Gen. Salifou Mody in Benghazi');
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });
});

describe('rasid daemon --web', () => {
  it('runs the cycles and the UI in one process; a watchlist saved in the UI is used by the next cycle', { timeout: 60_000 }, async () => {
    const { env, dir, feeds } = await setup();
    const port = await freePort();
    const daemon = await start(['daemon', '--schedule', '*/2 * * * * *', '--web', `127.0.0.1:${port}`, '--grace', '2s'], { ...env, RASID_WEB_PASSWORD: 'a long web password', RASID_DIGEST_TO: 'desk@example.org' }, /web UI on http/);
    expect(daemon.log()).not.toContain('a long web password');
    const client = new WebClient(`http://127.0.0.1:${port}`);
    const login = await client.get('/login');
    expect((await client.post('/login', { _csrf: csrfOf(login.text), password: 'a long web password' })).status).toBe(303);
    await waitFor(async () => ((await client.get('/hits')).text.includes('Haftar receives') ? true : null), 'the first cycle');
    const form = await client.get('/watchlists/entries/haftar');
    const version = /name="version" value="([^"]+)"/.exec(form.text)![1]!;
    const saved = await client.post('/watchlists/entries', {
      _csrf: csrfOf(form.text), version, original: 'haftar', file: 'desk.yaml', id: 'haftar', name: 'Khalifa Haftar', priority: 'high',
      'aliases:en': 'Haftar\nKhalifa Haftar', 'aliases:fr': 'Haftar\nHifter', 'aliases:ar': 'حفتر', 'aliases:ru': 'Хафтар', action: 'save',
    });
    expect(saved.status).toBe(303);
    expect(fs.readFileSync(path.join(dir, 'watchlists', 'desk.yaml'), 'utf8')).toContain('fr: [Haftar, Hifter]');
    // A new feed with the new spelling: the daemon reloads the edited files before its next cycle (every 2 s here).
    fs.appendFileSync(path.join(dir, 'feeds.yaml'), feedsFileText(feeds.baseUrl, [{ id: 'courier', file: 'late.rss.xml', title: 'Desert Courier' }]).split('feeds:\n')[1]!);
    const found = await waitFor(async () => {
      const res = await client.get('/api/hits?entry=haftar&feed=courier');
      const body = JSON.parse(res.text) as { hits: Array<{ article: { title: string } }> };
      return body.hits.length ? body.hits : null;
    }, 'the hit of the new spelling');
    expect(found[0]!.article.title).toBe('Le maréchal Hifter reçoit une délégation à Benghazi');
    expect(daemon.log()).toMatch(/configuration reloaded/);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exit).toBe(0);
  });
});

describe('rasid search', () => {
  it('finds inflected Arabic and Russian forms and prints JSON', async () => {
    const { env } = await setup();
    expect((await runCli(['fetch'], { env })).code).toBe(0);
    const arabic = await runCli(['search', 'حفتر', '--json'], { env });
    expect(arabic.code).toBe(0);
    const ar = JSON.parse(arabic.stdout) as Array<{ title: string; terms: string[]; entries: string[] }>;
    expect(ar.map((r) => r.title).sort()).toEqual(['المشير وحفتر يستقبل وزير الدفاع النيجري', 'وفد روسي في بنغازي لبحث التعاون العسكري']);
    expect(ar.flatMap((r) => r.terms)).toEqual(expect.arrayContaining(['وحفتر']));
    const russian = JSON.parse((await runCli(['search', 'Евкурова', '--json'], { env })).stdout) as Array<{ title: string; terms: string[] }>;
    expect(russian).toHaveLength(1);
    expect(russian[0]!.terms).toContain('Евкуровым');
    const none = await runCli(['search', '--', '-opera'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('not only words to leave out');
  });
});
