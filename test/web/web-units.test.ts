import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/web/auth/login-routes.ts';
import { createLoginLimiter } from '../../src/web/auth/login-limiter.ts';
import { cachedVerifier, hashPassword, verifyPassword } from '../../src/web/auth/password.ts';
import { SessionStore, sameToken } from '../../src/web/auth/sessions.ts';
import { isLoopbackHost, readWebAuthSettings } from '../../src/web/auth/web-auth-settings.ts';
import { parseListen } from '../../src/web/listen-address.ts';
import { endOfDay, startOfDay } from '../../src/web/render/dates.ts';
import { lineDiff, VersionCache, versionOf } from '../../src/web/pages/watchlist-draft.ts';

describe('the web password', () => {
  it('verifies the right password only, and never keeps the plain text', async () => {
    const stored = hashPassword('desk password 1');
    expect(JSON.stringify(stored)).not.toContain('desk password 1');
    expect(await verifyPassword(stored, 'desk password 1')).toBe(true);
    expect(await verifyPassword(stored, 'desk password 2')).toBe(false);
    const check = cachedVerifier(stored);
    expect(await check('desk password 1')).toBe(true);
    expect(await check('desk password 1')).toBe(true);
    expect(await check('nope')).toBe(false);
  });

  it.each([
    [{ RASID_WEB_PASSWORD: 'x', RASID_WEB_PASSWORD_FILE: '/run/secret' }, 'not both'],
    [{ RASID_WEB_PASSWORD_FILE: '/nonexistent/rasid-web' }, 'cannot read it (ENOENT)'],
    [{ RASID_WEB_TRUSTED_HEADER: 'X Forwarded User' }, 'is not a header name'],
    [{ RASID_WEB_TRUSTED_HEADER: 'X-User', RASID_WEB_TRUSTED_PROXIES: 'proxy.internal' }, 'is not an IP address'],
  ])('refuses %j at start', (env, message) => {
    const read = readWebAuthSettings(env);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.join('\n')).toContain(message);
  });
});

describe('sessions and sign-in limits', () => {
  it('expires idle sessions and replaces the id at sign-in', () => {
    let now = 0;
    const store = new SessionStore(() => now);
    const anonymous = store.create(null);
    const signed = store.signIn(anonymous, 'analyst');
    expect(signed.id).not.toBe(anonymous.id);
    expect(store.get(anonymous.id)).toBeNull();
    expect(store.get(signed.id)?.user).toBe('analyst');
    now += 13 * 3600_000;
    expect(store.get(signed.id)).toBeNull();
  });

  it('compares tokens of any length safely', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abd', 'abc')).toBe(false);
    expect(sameToken('ab', 'abc')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
  });

  it('refuses the sixth failure from one address and the 51st overall, until the window passes', () => {
    let now = 0;
    const limiter = createLoginLimiter({ clock: () => now });
    for (let i = 0; i < 5; i++) limiter.failed('10.0.0.1');
    expect(limiter.retryAfter('10.0.0.1')).toBe(900);
    expect(limiter.retryAfter('10.0.0.2')).toBe(0);
    for (let i = 0; i < 45; i++) limiter.failed(`10.0.1.${i}`);
    expect(limiter.retryAfter('10.0.0.3')).toBeGreaterThan(0);
    now += 15 * 60_000 + 1;
    expect(limiter.retryAfter('10.0.0.1')).toBe(0);
    expect(limiter.retryAfter('10.0.0.3')).toBe(0);
  });
});

describe('addresses and redirects', () => {
  it.each([
    ['127.0.0.1:8080', { host: '127.0.0.1', port: 8080 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    ['0.0.0.0:80', { host: '0.0.0.0', port: 80 }],
    ['8081', { host: '127.0.0.1', port: 8081 }],
  ])('reads --listen %s', (text, expected) => expect(parseListen(text)).toEqual(expected));

  it.each(['localhost:99999', 'http://127.0.0.1:8080', ''])('refuses --listen %j', (text) => expect(() => parseListen(text)).toThrow(/expected HOST:PORT/));

  it.each([
    ['127.0.0.1', true], ['127.8.9.1', true], ['localhost', true], ['[::1]', true], ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false], ['10.0.0.1', false], ['rasid.example.org', false], ['::', false],
  ])('%s is loopback: %s', (host, expected) => expect(isLoopbackHost(host)).toBe(expected));

  it.each([
    ['/hits?entry=mody', '/hits?entry=mody'],
    ['//evil.example/x', '/hits'],
    ['/\\evil.example', '/hits'],
    ['https://evil.example', '/hits'],
    [undefined, '/hits'],
  ])('after sign-in, %j leads to %s', (next, expected) => expect(safeNext(next)).toBe(expected));
});

describe('dates in the viewer zone', () => {
  it.each([
    ['2026-11-28', 'UTC', '2026-11-28T00:00:00.000Z', '2026-11-29T00:00:00.000Z'],
    ['2026-11-28', 'Africa/Tripoli', '2026-11-27T22:00:00.000Z', '2026-11-28T22:00:00.000Z'],
    ['2026-03-29', 'Europe/Paris', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['2026-02-30', 'UTC', null, null],
    ['28/11/2026', 'UTC', null, null],
  ])('%s in %s runs from %s to %s', (day, zone, from, to) => {
    expect(startOfDay(day, zone)).toBe(from);
    expect(endOfDay(day, zone)).toBe(to);
  });
});

describe('versions and diffs of edited files', () => {
  it('tells versions apart and remembers a bounded number of texts', () => {
    const cache = new VersionCache(2);
    const a = cache.remember('a: 1\n');
    cache.remember('b: 2\n');
    cache.remember('c: 3\n');
    expect(a).toBe(versionOf('a: 1\n'));
    expect(versionOf('a: 1\n')).not.toBe(versionOf('a: 1 \n'));
    expect(cache.get(a)).toBeUndefined();
    expect(cache.get(versionOf('c: 3\n'))).toBe('c: 3\n');
  });

  it('shows changed lines with their numbers and two lines of context, the rest folded', () => {
    const before = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'].join('\n');
    const after = before.replace('six', 'SIX');
    expect(lineDiff(before, after)).toEqual([
      { kind: 'skip', text: '…', line: 1 },
      { kind: 'same', text: 'four', line: 4 },
      { kind: 'same', text: 'five', line: 5 },
      { kind: 'del', text: 'six', line: 6 },
      { kind: 'add', text: 'SIX', line: 6 },
      { kind: 'same', text: 'seven', line: 7 },
      { kind: 'same', text: 'eight', line: 8 },
    ]);
    expect(lineDiff(before, before)).toEqual([]);
  });
});
