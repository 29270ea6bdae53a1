import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import http from 'node:http';
import { Parser } from 'htmlparser2';
import { Writable } from 'node:stream';
import { ConfigError } from '../../src/errors.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/web/security-headers.ts';
import { webDeps } from '../../src/web/serve-web.ts';
import { startWebServer } from '../../src/web/start-web-server.ts';
import { csrfOf, startWebFixture, WebClient, type WebFixture } from './web-harness.ts';

const PASSWORD = 'correct horse battery';
let fixture: WebFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function open(env: Record<string, string> = {}): Promise<WebFixture> {
  fixture = await startWebFixture({ env });
  return fixture;
}

/**
 * Our own markup only, judged by parsing the page as a browser would: no script element but ours,
 * no element a feed could smuggle in (img, svg, iframe, style), no event-handler attribute, no
 * javascript: URL, no bidi override that could reorder the page.
 */
function expectNoActiveFeedMarkup(page: string): void {
  const scripts: string[] = [];
  const smuggled: string[] = [];
  const handlers: string[] = [];
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'script') scripts.push(attrs.src ?? '(inline)');
      if (['img', 'svg', 'iframe', 'style', 'object', 'embed', 'base', 'meta'].includes(name) && !(name === 'meta' && (attrs.charset || attrs.name === 'viewport'))) smuggled.push(name);
      for (const [key, value] of Object.entries(attrs)) {
        if (key.startsWith('on')) handlers.push(`${name} ${key}`);
        if (['href', 'src', 'action', 'formaction'].includes(key) && /^\s*javascript:/i.test(value)) handlers.push(`${name} ${key}=${value}`);
      }
    },
  });
  parser.write(page);
  parser.end();
  expect(scripts).toEqual(['/static/rasid.js']);
  expect(smuggled).toEqual([]);
  expect(handlers).toEqual([]);
  expect(page).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
}

/** What a feed could get into the database through a parser bug or an older version: markup in every field a page shows. */
const ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>"><svg onload=alert(2)>\u202e';

async function storeHostileRows(f: WebFixture): Promise<void> {
  const { sql } = f.store;
  await sql.run("UPDATE feeds SET title = ?, last_error = ?, consecutive_failures = 3, url = 'javascript:alert(3)' WHERE id = 'hostile'", [`Feed ${ATTACK}`, `error ${ATTACK}`]);
  await sql.run("UPDATE articles SET title = ?, summary = ?, url = 'javascript:alert(4)' WHERE feed_id = 'hostile'", [`Haftar ${ATTACK}`, `Wagner Haftar ${ATTACK}`]);
  await sql.run('UPDATE hits SET snippet = ?, terms = ?, why = ?', [`Haftar ${ATTACK}`, JSON.stringify([`Haftar ${ATTACK}`]), JSON.stringify([`alias ${ATTACK}`])]);
}

describe('hostile feed text', () => {
  it.each(['/hits', '/search?q=Haftar', '/search?q=Wagner', '/search?q=%D8%AD%D9%81%D8%AA%D8%B1', '/feeds'])('is inert on %s, as parsed', async (path) => {
    const f = await open();
    const res = await new WebClient(f.url).get(path);
    expect(res.status).toBe(200);
    expectNoActiveFeedMarkup(res.text);
  });

  it.each(['/hits', '/hits?feed=hostile', '/search?q=Haftar', '/feeds', '/api/hits'])('is inert on %s even when stored raw', async (path) => {
    const f = await open();
    await storeHostileRows(f);
    const res = await new WebClient(f.url).get(path);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/alert\((&quot;|\\")x(&quot;|\\")\)|alert\(1\)/);
    if (path.startsWith('/api/')) expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    else expectNoActiveFeedMarkup(res.text);
  });

  it('keeps javascript: article links as plain text and other links as links', async () => {
    const f = await open();
    const res = await new WebClient(f.url).get('/hits?feed=hostile');
    expect(res.text).toContain('Haftar receives Gen. Salifou Mody in Benghazi');
    expect(res.text).toContain('href="https://hostile.example/ar/3"');
    expect(res.text).toContain('rel="noopener noreferrer nofollow"');
  });

  it('is sent with a strict Content-Security-Policy and no caching', async () => {
    const f = await open();
    const res = await new WebClient(f.url).get('/hits');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    for (const directive of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"])
      expect(CONTENT_SECURITY_POLICY).toContain(directive);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('CSRF protection', () => {
  it('refuses a form post without the token, with a wrong one, and from another origin', async () => {
    const f = await open();
    const client = new WebClient(f.url);
    const page = await client.get('/hits');
    const token = csrfOf(page.text);
    expect((await client.post('/logout', {})).status).toBe(403);
    expect((await client.post('/logout', { _csrf: 'x'.repeat(token.length) })).status).toBe(403);
    const crossSite = await client.post('/logout', { _csrf: token }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain('another site');
    expect((await client.post('/logout', { _csrf: token }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await client.post('/logout', { _csrf: token }, { origin: f.url })).status).toBe(303);
  });

  it('does not accept the token of another session', async () => {
    const f = await open();
    const alice = new WebClient(f.url);
    const bob = new WebClient(f.url);
    const aliceToken = csrfOf((await alice.get('/hits')).text);
    await bob.get('/hits');
    expect((await bob.post('/logout', { _csrf: aliceToken })).status).toBe(403);
  });
});

describe('open (no sign-in) mode', () => {
  it('answers only to a loopback Host, so DNS rebinding cannot reach it', async () => {
    const f = await open();
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(`${f.url}/hits`, { headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
      });
    expect(await status('rebind.evil.example')).toBe(421);
    expect(await status(`localhost:${new URL(f.url).port}`)).toBe(200);
  });

  it('refuses to listen beyond loopback without authentication, and says what to set', async () => {
    const f = await open();
    const attempt = startWebServer({ host: '0.0.0.0', port: 0 }, f.deps);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/RASID_WEB_PASSWORD/);
  });
});

describe('password sign-in', () => {
  it('sends pages to the sign-in form, refuses a wrong password, and starts a new session on success', async () => {
    const f = await open({ RASID_WEB_PASSWORD: PASSWORD });
    const client = new WebClient(f.url);
    const first = await client.get('/hits?entry=mody');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/login?next=%2Fhits%3Fentry%3Dmody');
    const login = await client.get(first.headers.get('location')!);
    const before = client.cookies.get('rasid_session');
    const wrong = await client.post('/login?next=%2Fhits', { _csrf: csrfOf(login.text), password: 'not it' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That password is not right');
    expect(wrong.text).not.toContain('not it');
    const right = await client.post('/login?next=%2Fhits%3Fentry%3Dmody', { _csrf: csrfOf(wrong.text), password: PASSWORD });
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/hits?entry=mody');
    const cookie = right.headers.getSetCookie().find((c) => c.startsWith('rasid_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(client.cookies.get('rasid_session')).not.toBe(before);
    expect((await client.get('/hits')).status).toBe(200);
  });

  it('limits failed attempts per address (429 with Retry-After)', async () => {
    const f = await open({ RASID_WEB_PASSWORD: PASSWORD });
    const client = new WebClient(f.url);
    let page = await client.get('/login');
    for (let i = 0; i < 5; i++) {
      const res = await client.post('/login', { _csrf: csrfOf(page.text), password: `guess ${i}` });
      expect(res.status).toBe(401);
      page = res;
    }
    const limited = await client.post('/login', { _csrf: csrfOf(page.text), password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('only redirects to paths of this site after sign-in', async () => {
    const f = await open({ RASID_WEB_PASSWORD: PASSWORD });
    const client = new WebClient(f.url);
    const page = await client.get('/login');
    const res = await client.post('/login?next=%2F%2Fevil.example%2Fx', { _csrf: csrfOf(page.text), password: PASSWORD });
    expect(res.headers.get('location')).toBe('/hits');
  });

  it('marks the cookie Secure behind a trusted proxy that says https', async () => {
    const f = await open({ RASID_WEB_PASSWORD: PASSWORD });
    const res = await new WebClient(f.url).get('/login', { 'x-forwarded-proto': 'https' });
    expect(res.headers.getSetCookie().find((c) => c.startsWith('rasid_session='))).toMatch(/Secure/);
  });

  it('takes the password as a Bearer token or HTTP Basic on the API, and refuses it wrong', async () => {
    const f = await open({ RASID_WEB_PASSWORD: PASSWORD });
    const client = new WebClient(f.url);
    const none = await client.get('/api/hits');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await client.get('/api/hits', { authorization: 'Bearer wrong password' })).status).toBe(401);
    const bearer = await client.get('/api/hits', { authorization: `Bearer ${PASSWORD}` });
    expect(bearer.status).toBe(200);
    expect(JSON.parse(bearer.text).hits.length).toBeGreaterThan(0);
    const basic = await client.get('/api/feeds', { authorization: `Basic ${Buffer.from(`me:${PASSWORD}`).toString('base64')}` });
    expect(basic.status).toBe(200);
  });

  it('serves the hits of an entry or a watchlist as Atom and JSON Feed, behind the same sign-in', async () => {
    const f = await open({ RASID_WEB_PASSWORD: PASSWORD });
    const client = new WebClient(f.url);
    const basic = { authorization: `Basic ${Buffer.from(`reader:${PASSWORD}`).toString('base64')}` };
    expect((await client.get('/api/hits/feed.atom?entry=haftar')).status).toBe(401);
    const atom = await client.get('/api/hits/feed.atom?entry=haftar', basic);
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(atom.text).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/);
    expect((atom.text.match(/<entry>/g) ?? []).length).toBeGreaterThan(0);
    const byWatchlist = await client.get(`/api/hits/feed.json?watchlist=${encodeURIComponent(f.deps.config.current().watchlists[0]!.name)}`, basic);
    expect(byWatchlist.status).toBe(200);
    const json = JSON.parse(byWatchlist.text) as { version: string; items: Array<{ id: string }> };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.length).toBeGreaterThan(0);
    expect(json.items.every((i) => /^urn:rasid:hit:\d+$/.test(i.id))).toBe(true);
    const unknown = await client.get('/api/hits/feed.atom?entry=no-such-entry', basic);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text).error).toMatch(/entry no-such-entry: no such entry/);
  });

  it('never writes the password to the log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }));
    const f = await open();
    const deps = webDeps({ store: f.store, paths: f.paths, env: { RASID_WEB_PASSWORD: PASSWORD }, logger });
    const server = await startWebServer({ host: '127.0.0.1', port: 0 }, deps);
    try {
      const client = new WebClient(server.url);
      const page = await client.get('/login');
      await client.post('/login', { _csrf: csrfOf(page.text), password: 'a wrong one' });
      await client.post('/login', { _csrf: csrfOf(page.text), password: PASSWORD });
      await client.get('/api/hits', { authorization: `Bearer ${PASSWORD}` });
    } finally {
      await server.close();
    }
    expect(lines.join('')).toContain('web sign-in');
    expect(lines.join('')).not.toContain(PASSWORD);
    expect(lines.join('')).not.toContain('a wrong one');
  });

  it('refuses a short password at start, with the variable named', () => {
    expect(() => webDeps({ store: {} as never, paths: {} as never, env: { RASID_WEB_PASSWORD: 'short' }, logger: pino({ level: 'silent' }) })).toThrow(/at least 8 characters/);
  });
});

describe('trusted proxy header', () => {
  it('signs in the user the proxy names, from a trusted address only', async () => {
    const f = await open({ RASID_WEB_TRUSTED_HEADER: 'X-Forwarded-User' });
    const viaProxy = await new WebClient(f.url).get('/hits', { 'x-forwarded-user': 'amina' });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.text).toContain('<span>amina</span>');
    await f.close();
    fixture = await startWebFixture({ env: { RASID_WEB_TRUSTED_HEADER: 'X-Forwarded-User', RASID_WEB_TRUSTED_PROXIES: '10.9.9.9' } });
    const direct = await new WebClient(fixture.url).get('/hits', { 'x-forwarded-user': 'amina' });
    expect(direct.status).toBe(303);
  });
});
