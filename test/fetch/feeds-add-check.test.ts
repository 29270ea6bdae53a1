// `rasid feeds add URL` fetches the address once, through the cycle's own fetch and parse code,
// before it writes the feeds file: a feed is written, a page that names its feed is refused with
// that feed's absolute address, the private-network guard applies, and --no-check skips it all.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loopbackFetchDefaults } from '../helpers/loopback-opt-in.ts';
import { runCli } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.ts';

const tempDir = useTempDir('rasid-feeds-add-');
let server: LoopbackServer;

const RSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Desk wire</title>
<item><guid>a</guid><title>Haftar receives a delegation</title><link>http://127.0.0.1/a</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>
<item><guid>b</guid><title>Niamey market prices</title><link>http://127.0.0.1/b</link><pubDate>Wed, 25 Nov 2026 09:30:00 GMT</pubDate></item>
</channel></rss>`;
const PAGE = `<!DOCTYPE html><html><head><title>Sahel Desk</title>
<link rel="alternate" type="application/rss+xml" title="Sahel Desk" href="/news/rss.xml"></head><body><h1>Sahel Desk</h1></body></html>`;

beforeEach(async () => {
  server = await startLoopbackServer({
    '/feed.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS),
    '/news/': (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE),
  });
});
afterEach(async () => {
  await server.close();
});

function setup(allowLoopback: boolean) {
  const dir = tempDir();
  const file = path.join(dir, 'feeds.yaml');
  const text = [...(allowLoopback ? ['defaults:', ...loopbackFetchDefaults] : []), 'feeds: []', ''].join('\n');
  fs.writeFileSync(file, text);
  return { file, env: { RASID_FEEDS: file, RASID_DB: path.join(dir, 'rasid.db') }, text: () => fs.readFileSync(file, 'utf8'), original: text };
}

describe('rasid feeds add checks the address first', { timeout: 60_000 }, () => {
  it('writes a feed that answers with items, after saying what it found', async () => {
    const { env, text } = setup(true);
    const added = await runCli(['feeds', 'add', server.url('/feed.xml'), '--lang', 'en'], { env });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`checked ${server.url('/feed.xml')}: 2 item(s), the newest from 2026-11-25`);
    expect(text()).toContain(server.url('/feed.xml'));
    expect(text()).toMatch(/language: en/);
    expect(server.requests.map((r) => r.path)).toEqual(['/feed.xml']);
  });

  it('refuses an HTML page that names its feed, and offers the feed\'s absolute address', async () => {
    const { env, text, original } = setup(true);
    const page = await runCli(['feeds', 'add', server.url('/news/')], { env });
    expect(page.code).toBe(2);
    expect(page.stderr).toContain('this is an HTML page ("Sahel Desk"), not a feed');
    expect(page.stderr).toContain(`the page names its feed: rasid feeds add ${server.url('/news/rss.xml')}`);
    expect(text()).toBe(original);
  });

  it('refuses an address that answers 404, saying why, and leaves the file as it was', async () => {
    const { env, text, original } = setup(true);
    const missing = await runCli(['feeds', 'add', server.url('/gone.xml')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/not added: .*gone\.xml: the server answered 404/);
    expect(missing.stderr).toContain('rasid feeds add --no-check URL');
    expect(text()).toBe(original);
  });

  it('applies the private-network guard like a cycle; --no-check writes without any request', async () => {
    const { env, text, original } = setup(false);
    const refused = await runCli(['feeds', 'add', server.url('/feed.xml')], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused to fetch http:\/\/127\.0\.0\.1:\d+\/feed\.xml: it leads to 127\.0\.0\.1, a loopback address/);
    expect(text()).toBe(original);
    expect(server.requests).toEqual([]);

    const unchecked = await runCli(['feeds', 'add', '--no-check', server.url('/feed.xml'), '--language', 'ar'], { env });
    expect(unchecked.code).toBe(0);
    expect(text()).toContain(server.url('/feed.xml'));
    expect(text()).toMatch(/language: ar/);
    expect(server.requests).toEqual([]);
  });
});
