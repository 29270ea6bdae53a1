import type dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.ts';
import { fetchLimits } from '../../src/fetch/limits.ts';
import { isPrivateAddress, publicOnlyLookup } from '../../src/fetch/private-address.ts';
import { rssFeed } from './store-helpers.ts';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.20.30.40', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['41.203.64.10', false],
    ['::1', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['::ffff:10.0.0.1', true],
    ['2001:4860:4860::8888', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});

const fakeResolver = (table: Record<string, string>) =>
  ((hostname: string, _options: unknown, callback: (err: Error | null, addresses: dns.LookupAddress[]) => void) => {
    const address = table[hostname];
    if (!address) return callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
    callback(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  }) as unknown as typeof dns.lookup;

describe('refusing private networks', () => {
  const limits = fetchLimits({ allowPrivateNetworks: false, retries: 0 });
  const now = () => new Date('2026-03-01T10:00:00Z');

  it('refuses an IP-literal feed address in a private range without connecting', async () => {
    const outcome = await fetchFeed(rssFeed('metadata', 'http://169.254.169.254/latest/meta-data/'), null, { now, limits });
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.error.kind).toBe('bad-url');
    expect(outcome.error.message).toContain('private network address');
  });

  it('refuses a host name that resolves to a private address', async () => {
    const lookup = publicOnlyLookup(fakeResolver({ 'intranet.example': '10.1.2.3' }));
    const outcome = await fetchFeed(rssFeed('intranet', 'http://intranet.example/feed.xml'), null, { now, limits, lookup });
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.error.message).toBe('intranet.example resolves to the private address 10.1.2.3, which this Rasid is configured not to fetch');
    expect(outcome.attempts).toBe(1);
  });

  it('passes a public address through', async () => {
    const lookup = publicOnlyLookup(fakeResolver({ 'news.example': '41.203.64.10' }));
    const answer = await new Promise<string>((resolve, reject) =>
      lookup('news.example', {}, (err, address) => (err ? reject(err) : resolve(address as string))),
    );
    expect(answer).toBe('41.203.64.10');
  });
});
