// End to end in a real browser: Debian's Chromium (driven by playwright-core) against the real
// `rasid serve` child process on loopback, a temp database filled by `rasid fetch` from a loopback
// feed server whose feeds attack the page (script, event handlers, javascript: links). An analyst
// signs in, searches, edits an entry with a typo, sees the error, fixes it, backtests, saves, sees
// the new hit after a fetch, adds a feed after a test fetch and previews a digest; a page on another
// origin tries a cross-site post. No dialog may open, no script from a feed may be in the page.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { BIN, REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.ts';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium } from './chromium.ts';
import { DEFAULT_FEEDS, feedsFileText, FIXTURES } from './web-harness.ts';

if (!hasChromium) process.stdout.write(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium; CI installs it)\n`);

const PASSWORD = 'a web password for the desk';
let dir = '';
let env: Record<string, string> = {};
let feeds: FeedServer;
let serve: ChildProcess;
let base = '';
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];
const consoleProblems: string[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A fresh item with the new spelling, so the next fetch stores a story the edited watchlist finds. */
function secondCourierItem(): string {
  return fs
    .readFileSync(path.join(FIXTURES, 'late.rss.xml'), 'utf8')
    .replace(/courier-1/g, 'courier-2')
    .replace('hifter-benghazi', 'hifter-niamey')
    .replace('reçoit une délégation à Benghazi', 'attendu à Niamey la semaine prochaine')
    .replace('a reçu jeudi une délégation venue de Niamey', 'se rendra à Niamey');
}

/** Everything our pages may contain: our own script only, and no element or attribute a feed could have smuggled in. */
async function expectInertPage(p: Page): Promise<void> {
  const found = await p.evaluate(() => ({
    scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? 'inline'),
    smuggled: [...document.querySelectorAll('main img, main svg, main iframe:not(.preview), main style, main object, main embed')].map((e) => e.tagName),
    handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`)),
    jsLinks: [...document.querySelectorAll('a[href], form[action]')].map((e) => e.getAttribute('href') ?? e.getAttribute('action') ?? '').filter((h) => /^\s*javascript:/i.test(h)),
  }));
  expect(found).toEqual({ scripts: ['/static/rasid.js'], smuggled: [], handlers: [], jsLinks: [] });
}

describe.skipIf(!hasChromium)('the web UI in Chromium', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-e2e-'));
    feeds = await startFeedServer();
    for (const name of ['wire.rss.xml', 'hostile.rss.xml', 'late.rss.xml']) feeds.serveFile(`/${name}`, path.join(FIXTURES, name), 'application/rss+xml; charset=utf-8');
    fs.writeFileSync(path.join(dir, 'late2.rss.xml'), secondCourierItem());
    feeds.serveFile('/late2.rss.xml', path.join(dir, 'late2.rss.xml'), 'application/rss+xml; charset=utf-8');
    fs.cpSync(path.join(FIXTURES, 'watchlists'), path.join(dir, 'watchlists'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'feeds.yaml'), feedsFileText(feeds.baseUrl, [...DEFAULT_FEEDS, { id: 'courier', file: 'late.rss.xml', title: 'Desert Courier', language: 'fr' }]));
    env = { RASID_DB: path.join(dir, 'rasid.db'), RASID_FEEDS: path.join(dir, 'feeds.yaml'), RASID_WATCHLISTS: path.join(dir, 'watchlists'), RASID_OUTBOX: path.join(dir, 'outbox'), RASID_DIGEST_TO: 'desk@example.org' };
    expect((await runCli(['fetch'], { env })).code).toBe(0);
    // What a parser bug could let through: markup straight in the stored text, past the sanitiser.
    const db = new Database(env.RASID_DB!);
    const attack = ' <img src=x onerror="alert(1)"><script>alert(2)</script><svg onload=alert(3)>';
    db.prepare("UPDATE articles SET title = title || ?, summary = summary || ? WHERE feed_id = 'hostile'").run(attack, attack);
    db.prepare("UPDATE hits SET snippet = snippet || ?, why = ? WHERE article_id IN (SELECT id FROM articles WHERE feed_id = 'hostile')").run(attack, JSON.stringify([`alias${attack}`]));
    db.prepare("UPDATE feeds SET title = ? WHERE id = 'hostile'").run(`Hostile${attack}`);
    db.close();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    serve = spawn(process.execPath, [BIN, 'serve', '--listen', `127.0.0.1:${port}`], { cwd: REPO_ROOT, env: { ...process.env, SMTP_URL: '', ...env, RASID_WEB_PASSWORD: PASSWORD } });
    let log = '';
    await new Promise<void>((resolve, reject) => {
      serve.stderr!.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('web UI on')) resolve();
      });
      serve.on('exit', (code) => reject(new Error(`rasid serve exited with ${code}:\n${log}`)));
    });
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'rasid-chromium-')), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      timezoneId: 'Africa/Tripoli',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleProblems.push(m.text());
    });
    page.on('pageerror', (e) => consoleProblems.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    serve?.kill('SIGTERM');
    await feeds?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, shows the hits with hostile feed text inert, and searches inflected forms', async () => {
    await page.goto(`${base}/hits`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#password', 'not the password');
    await page.click('button[type=submit]');
    expect(await page.locator('.error').textContent()).toBe('That password is not right.');
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/hits`), page.click('button[type=submit]')]);
    expect(await page.locator('article.hit').count()).toBeGreaterThan(3);
    expect(await page.textContent('main')).toContain('Haftar receives Gen. Salifou Mody in Benghazi');
    expect(await page.textContent('main')).toContain('alert(2)');
    await expectInertPage(page);
    await page.goto(`${base}/hits?feed=hostile`);
    await expectInertPage(page);

    await page.fill('#quick-q', 'حفتر');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.press('#quick-q', 'Enter')]);
    const marks = await page.locator('article.result mark').allTextContents();
    expect(marks).toEqual(expect.arrayContaining(['وحفتر']));
    expect(await page.locator('article.result h2[dir=rtl]').count()).toBeGreaterThan(0);
    await page.goto(`${base}/search?q=${encodeURIComponent('Евкурова')}`);
    expect(await page.locator('article.result mark').allTextContents()).toContain('Евкуровым');
    await page.goto(`${base}/search?q=Wagner`);
    await expectInertPage(page);
  });

  it('edits an entry: a typo is shown with file:line, fixed, backtested, saved; the next fetch finds the new spelling', async () => {
    await page.goto(`${base}/watchlists`);
    await Promise.all([page.waitForURL(/entries\/haftar/), page.click('a[href="/watchlists/entries/haftar"]')]);
    await page.fill('#f-aliases-fr', 'Haftar\nHifter');
    await page.fill('#f-context', 'set: nigr');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=save]')]);
    const problem = await page.locator('.problems li').first().textContent();
    expect(problem).toMatch(/desk\.yaml:\d+:\d+: unknown set "nigr" — did you mean `niger`\?/);
    expect(fs.readFileSync(path.join(dir, 'watchlists', 'desk.yaml'), 'utf8')).not.toContain('Hifter');
    await page.fill('#f-context', '');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=backtest]')]);
    const backtest = await page.locator('#backtest-results').locator('..').textContent();
    expect(backtest).toContain('Le maréchal Hifter reçoit une délégation à Benghazi');
    await Promise.all([page.waitForURL(/entries\/haftar/), page.click('button[value=save]')]);
    expect(await page.locator('.notice').textContent()).toContain('Saved haftar in desk.yaml');
    expect(fs.readFileSync(path.join(dir, 'watchlists', 'desk.yaml'), 'utf8')).toContain('fr: [Haftar, Hifter]');

    feeds.serveFile('/late.rss.xml', path.join(dir, 'late2.rss.xml'), 'application/rss+xml; charset=utf-8');
    expect((await runCli(['fetch'], { env })).code).toBe(0);
    await page.goto(`${base}/hits?entry=haftar&feed=courier`);
    expect(await page.textContent('main')).toContain('Le maréchal Hifter attendu à Niamey la semaine prochaine');
  });

  it('adds a feed after a test fetch that shows what would be read', async () => {
    await page.goto(`${base}/feeds`);
    await page.fill('#nf-url', `${feeds.baseUrl}/late2.rss.xml`);
    await page.fill('#nf-title', 'Desert Courier, second edition');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=test]')]);
    expect(await page.locator('#test-h').textContent()).toBe('Test fetch: 1 item would be read');
    expect(await page.locator('.test-items').textContent()).toContain('Le maréchal Hifter attendu à Niamey');
    await Promise.all([page.waitForURL(/\/feeds/), page.click('button[value=add]')]);
    expect(await page.locator('.notice').textContent()).toMatch(/^Added .+\. It is fetched in the next cycle\.$/);
    expect(fs.readFileSync(path.join(dir, 'feeds.yaml'), 'utf8')).toContain('title: Desert Courier, second edition');
    await expectInertPage(page);
  });

  it('previews the next digest in a sandboxed frame', async () => {
    await page.goto(`${base}/recipients`);
    await Promise.all([page.waitForURL(/preview/), page.click('a[href^="/recipients/preview?address=desk"]')]);
    expect(await page.locator('main h2').first().textContent()).toMatch(/^(Alert|Digest): \d+ hits?$/);
    const frame = page.frameLocator('iframe.preview').first();
    expect(await frame.locator('body').textContent()).toContain('Benghazi');
    expect(await page.locator('iframe.preview').first().getAttribute('sandbox')).toBe('');
  });

  it('refuses a form posted from another origin, and nothing in the session ran a dialog or broke the policy', async () => {
    const before = fs.readFileSync(path.join(dir, 'feeds.yaml'), 'utf8');
    const attacker = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><form id="f" method="post" action="${base}/feeds/add">
        <input name="url" value="https://attacker.example/rss"><input name="action" value="add"></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    try {
      const evil = `http://127.0.0.1:${(attacker.address() as net.AddressInfo).port}/`;
      const response = page.waitForResponse((r) => r.url().startsWith(`${base}/feeds/add`));
      await page.goto(evil);
      const answer = await response;
      expect([303, 403]).toContain(answer.status());
    } finally {
      attacker.close();
    }
    expect(fs.readFileSync(path.join(dir, 'feeds.yaml'), 'utf8')).toBe(before);
    expect(dialogs).toEqual([]);
    expect(consoleProblems.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
  });
});
