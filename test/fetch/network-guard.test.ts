// The private-network guard against real servers on loopback: every refused form must leave the
// server untouched (it counts what it is asked), and the error must say why in words.
import dns from 'node:dns';
import http from 'node:http';
import net, { type AddressInfo, type LookupFunction } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, type FetchDeps, type FetchOutcome } from '../../src/fetch/fetch-feed.ts';
import { fetchLimits, type FetchLimits } from '../../src/fetch/limits.ts';
import { networkGuard } from '../../src/fetch/network-guard.ts';
import type { FeedSettings } from '../../src/types.ts';

const rss = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Intranet desk</title>
<item><title>Agadez convoy report</title><link>https://example.org/a</link></item></channel></rss>`;

interface CountingServer {
  host: string;
  port: number;
  paths: string[];
  /** Answers by path; anything else is the feed. */
  redirects: Map<string, { status: number; location: string }>;
  close(): Promise<void>;
}

async function countingServer(host: string): Promise<CountingServer> {
  const paths: string[] = [];
  const redirects = new Map<string, { status: number; location: string }>();
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '/');
    const redirect = redirects.get(req.url ?? '/');
    if (redirect) res.writeHead(redirect.status, { location: redirect.location }).end();
    else res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    host,
    port: (server.address() as AddressInfo).port,
    paths,
    redirects,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A resolver answering from a table, beneath the guard; unknown names fail like DNS does. */
function resolverTable(table: Record<string, string[]>): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    const addresses = table[hostname];
    if (!addresses) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    const list = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) callback(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  }) as LookupFunction;
}

let target: CountingServer;
let target6: CountingServer;
let relay: CountingServer;

beforeAll(async () => {
  target = await countingServer('127.0.0.1');
  target6 = await countingServer('::1');
  // The relay stands in for an allowed outside site that redirects inward: it lives on 127.0.0.2,
  // which the tests allow, while 127.0.0.1 (the target) stays refused.
  relay = await countingServer('127.0.0.2');
});
afterAll(async () => {
  await Promise.all([target.close(), target6.close(), relay.close()]);
});
afterEach(() => {
  target.paths.length = 0;
  target6.paths.length = 0;
  relay.paths.length = 0;
  relay.redirects.clear();
});

function deps(limits: Partial<FetchLimits> = {}, lookup?: LookupFunction): FetchDeps {
  return { now: () => new Date('2026-03-01T10:00:00Z'), limits: fetchLimits({ retries: 0, totalTimeoutMs: 10_000, ...limits }), lookup };
}

function feed(url: string, extra: Partial<FeedSettings> = {}): FeedSettings {
  return { id: 'probe', url, kind: 'rss', intervalMinutes: 30, enabled: true, fetchArticles: false, ...extra };
}

function refused(outcome: FetchOutcome) {
  if (outcome.status !== 'failed') throw new Error(`expected a refusal, got ${outcome.status}`);
  expect(outcome.error.kind).toBe('private-address');
  expect(outcome.error.message).toContain('Rasid does not fetch private networks unless allowed');
  expect(outcome.attempts).toBe(1);
  return outcome.error.message;
}

describe('the default refuses private networks, in every spelling, before anything is sent', () => {
  const P = () => target.port;
  it.each([
    ['plain', () => `http://127.0.0.1:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['short form', () => `http://127.1:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['decimal', () => `http://2130706433:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['hex, two parts', () => `http://0x7f.1:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['hex, one part', () => `http://0x7f000001:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['octal', () => `http://0177.0.0.1:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['trailing dot', () => `http://127.0.0.1.:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['IPv4-mapped', () => `http://[::ffff:127.0.0.1]:${P()}/feed.xml`, '127.0.0.1 written as IPv4-mapped IPv6'],
    ['IPv4-mapped, long', () => `http://[0:0:0:0:0:ffff:127.0.0.1]:${P()}/feed.xml`, '127.0.0.1 written as IPv4-mapped IPv6'],
    ['IPv4-mapped, hex', () => `http://[::ffff:7f00:1]:${P()}/feed.xml`, '127.0.0.1 written as IPv4-mapped IPv6'],
    ['IPv4-translated', () => `http://[::ffff:0:127.0.0.1]:${P()}/feed.xml`, '127.0.0.1 written as IPv4-translated IPv6'],
    ['IPv4-compatible', () => `http://[::127.0.0.1]:${P()}/feed.xml`, '127.0.0.1 written as deprecated IPv4-compatible IPv6'],
    ['NAT64', () => `http://[64:ff9b::127.0.0.1]:${P()}/feed.xml`, '127.0.0.1 written as NAT64 IPv6'],
    ['6to4', () => `http://[2002:7f00:1::1]:${P()}/feed.xml`, '127.0.0.1 written as 6to4 IPv6'],
    ['Teredo', () => `http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:${P()}/feed.xml`, '127.0.0.1 written as Teredo IPv6'],
    ['unspecified IPv4', () => `http://0.0.0.0:${P()}/feed.xml`, '0.0.0.0, an address of 0.0.0.0/8'],
    ['unspecified, short', () => `http://0:${P()}/feed.xml`, '0.0.0.0, an address of 0.0.0.0/8'],
    ['unspecified IPv6', () => `http://[::]:${P()}/feed.xml`, 'the unspecified address ::'],
    ['user and password', () => `http://desk:s3cret@127.0.0.1:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['a name for loopback', () => `http://localhost:${P()}/feed.xml`, 'localhost resolves to 127.0.0.1, a loopback address'],
    ['https', () => `https://127.0.0.1:${P()}/feed.xml`, '127.0.0.1, a loopback address'],
    ['a port nothing listens on', () => 'http://127.0.0.1:1/feed.xml', '127.0.0.1, a loopback address'],
  ])('%s: %s', async (_form, url, words) => {
    const message = refused(await fetchFeed(feed(url()), null, deps()));
    expect(message).toContain(words);
    expect(message).not.toContain('s3cret');
    expect(target.paths).toEqual([]);
  });

  it('refuses the IPv6 loopback, where a server is listening', async () => {
    const message = refused(await fetchFeed(feed(`http://[::1]:${target6.port}/feed.xml`), null, deps()));
    expect(message).toContain('::1, the IPv6 loopback address');
    expect(target6.paths).toEqual([]);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'where cloud metadata services such as 169.254.169.254 answer'],
    ['http://[::ffff:169.254.169.254]/latest/meta-data/', '169.254.169.254 written as IPv4-mapped IPv6: a link-local address'],
    ['http://[64:ff9b::a9fe:a9fe]/', '169.254.169.254 written as NAT64 IPv6'],
    ['http://10.0.0.1/rss', 'a private network address'],
    ['http://172.16.5.4/rss', 'a private network address'],
    ['http://192.168.1.1/rss', 'a private network address'],
    ['http://100.64.0.1/rss', 'a carrier-grade NAT address'],
    ['http://[fd12:3456::1]/rss', 'a unique-local IPv6 address'],
    ['http://[fe80::1]/rss', 'a link-local IPv6 address'],
  ])('refuses %s without connecting', async (url, words) => {
    const message = refused(await fetchFeed(feed(url), null, deps()));
    expect(message).toContain(`refused to fetch ${new URL(url).href}: it leads to`);
    expect(message).toContain(words);
  });

  it('names the feeds-file settings that would allow it', async () => {
    const message = refused(await fetchFeed(feed(`http://127.0.0.1:${target.port}/feed.xml`), null, deps()));
    expect(message).toBe(
      `refused to fetch http://127.0.0.1:${target.port}/feed.xml: it leads to 127.0.0.1, a loopback address (this machine); ` +
        'Rasid does not fetch private networks unless allowed (feeds file: allowPrivateNetwork: true on the feed, or defaults.fetch.allowNetworks)',
    );
  });
});

describe('names are checked on what they resolve to, at connect time', () => {
  it.each([
    ['one public and one private answer', ['41.203.64.10', '127.0.0.1'], 'resolves to 2 addresses, among them 127.0.0.1, a loopback address'],
    ['one private answer', ['127.0.0.1'], 'resolves to 127.0.0.1, a loopback address'],
    ['an IPv4-mapped answer', ['::ffff:127.0.0.1'], 'resolves to ::ffff:7f00:1, which is 127.0.0.1 written as IPv4-mapped IPv6'],
    ['a metadata answer', ['169.254.169.254'], 'resolves to 169.254.169.254, a link-local address'],
    ['a unique-local answer', ['fd00::10'], 'resolves to fd00::10, a unique-local IPv6 address'],
  ])('%s is refused', async (_case, answers, words) => {
    const lookup = resolverTable({ 'news.example': answers });
    const message = refused(await fetchFeed(feed(`http://news.example:${target.port}/feed.xml`), null, deps({}, lookup)));
    expect(message).toContain(`news.example ${words}`);
    expect(target.paths).toEqual([]);
  });

  it('passes a name with only public answers through to the connection', async () => {
    const { lookup } = networkGuard({ allowPrivateNetworks: false, allowNetworks: [] }, resolverTable({ 'news.example': ['41.203.64.10', '2a00:1450::1'] }));
    const answer = await new Promise<unknown>((resolve, reject) =>
      lookup('news.example', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(answer).toEqual([
      { address: '41.203.64.10', family: 4 },
      { address: '2a00:1450::1', family: 6 },
    ]);
  });

  it('keeps a DNS failure a DNS failure', async () => {
    const outcome = await fetchFeed(feed('http://nowhere.example/feed.xml'), null, deps({}, resolverTable({})));
    expect(outcome.status === 'failed' && outcome.error.kind).toBe('network');
    expect(outcome.status === 'failed' && outcome.error.message).toContain('could not be found (DNS)');
  });

  it('names the host, not host and port, when a name is not found', async () => {
    const outcome = await fetchFeed(feed('http://nowhere.example:8081/feed.xml'), null, deps({}, resolverTable({})));
    expect(outcome.status === 'failed' && outcome.error.message).toContain('the host name nowhere.example could not be found (DNS)');
  });

  it('checks the peer of a fresh connection, so a resolver that slips past the lookup sends nothing', async () => {
    // An agent that connects with a resolver of its own stands for any way around the lookup.
    const bytes: number[] = [];
    const raw = net.createServer((socket) => socket.on('data', (d) => bytes.push(d.length)));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const agent = new http.Agent();
    agent.createConnection = (options, callback) =>
      net.createConnection({ ...(options as net.NetConnectOpts), lookup: resolverTable({ 'cdn.example': ['127.0.0.1'] }) } as net.NetConnectOpts, callback as () => void);
    try {
      const url = `http://cdn.example:${(raw.address() as AddressInfo).port}/feed.xml`;
      const message = refused(await fetchFeed(feed(url), null, { ...deps(), agent }));
      expect(message).toContain('the connection went to 127.0.0.1, a loopback address');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(bytes).toEqual([]);
    } finally {
      agent.destroy();
      await new Promise<void>((resolve) => raw.close(() => resolve()));
    }
  });

  it('checks the peer of a reused keep-alive socket too', async () => {
    // A feed allowed a private network leaves a connection open to intranet.example; another feed
    // on the same name, not allowed, must not ride on it (a reused socket is never looked up again).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const lookup = resolverTable({ 'intranet.example': ['127.0.0.1'] });
    const url = `http://intranet.example:${target.port}/feed.xml`;
    try {
      const first = await fetchFeed(feed(url, { allowPrivateNetwork: true }), null, { ...deps({}, lookup), agent });
      expect(first.status).toBe('fetched');
      expect(target.paths).toEqual(['/feed.xml']);
      const message = refused(await fetchFeed(feed(url), null, { ...deps({}, lookup), agent }));
      expect(message).toContain('the connection went to 127.0.0.1, a loopback address');
      expect(target.paths).toEqual(['/feed.xml']);
    } finally {
      agent.destroy();
    }
  });
});

describe('redirects are checked at every hop', () => {
  const allowRelay = { allowNetworks: ['127.0.0.2/32'] };
  const inward = () => `http://127.0.0.1:${target.port}/feed.xml`;
  const relayUrl = (path: string) => `http://127.0.0.2:${relay.port}${path}`;

  it.each([301, 302, 303, 307, 308])('a %d to loopback is refused, and the loopback server sees nothing', async (status) => {
    relay.redirects.set('/moved', { status, location: inward() });
    const message = refused(await fetchFeed(feed(relayUrl('/moved')), null, deps(allowRelay)));
    expect(message).toContain(`refused to follow the redirect from ${relayUrl('/moved')} to ${inward()}: it leads to 127.0.0.1, a loopback address`);
    expect(relay.paths).toEqual(['/moved']);
    expect(target.paths).toEqual([]);
  });

  it.each([
    ['protocol-relative', () => `//127.0.0.1:${target.port}/feed.xml`, '127.0.0.1, a loopback address'],
    ['IPv4-mapped', () => `http://[::ffff:127.0.0.1]:${target.port}/feed.xml`, 'written as IPv4-mapped IPv6'],
    ['decimal', () => `http://2130706433:${target.port}/feed.xml`, '127.0.0.1, a loopback address'],
    ['a name for loopback', () => `http://localhost:${target.port}/feed.xml`, 'localhost resolves to 127.0.0.1'],
    ['metadata', () => 'http://169.254.169.254/latest/meta-data/iam/', 'a link-local address'],
  ])('a redirect to %s is refused', async (_form, location, words) => {
    relay.redirects.set('/moved', { status: 302, location: location() });
    const message = refused(await fetchFeed(feed(relayUrl('/moved')), null, deps(allowRelay)));
    expect(message).toContain(words);
    expect(target.paths).toEqual([]);
  });

  it('a chain of relative and absolute redirects is refused at the hop that leads inward', async () => {
    relay.redirects.set('/a', { status: 301, location: '/b' });
    relay.redirects.set('/b', { status: 307, location: relayUrl('/c') });
    relay.redirects.set('/c', { status: 308, location: inward() });
    const message = refused(await fetchFeed(feed(relayUrl('/a')), null, deps(allowRelay)));
    expect(message).toContain(`refused to follow the redirect from ${relayUrl('/c')} to ${inward()}`);
    expect(relay.paths).toEqual(['/a', '/b', '/c']);
    expect(target.paths).toEqual([]);
  });

  it('a redirect through a name that resolves inward is refused', async () => {
    relay.redirects.set('/moved', { status: 302, location: `http://cdn.example:${target.port}/feed.xml` });
    const lookup = resolverTable({ 'cdn.example': ['41.203.64.10', '127.0.0.1'] });
    const message = refused(await fetchFeed(feed(relayUrl('/moved')), null, deps(allowRelay, lookup)));
    expect(message).toContain('cdn.example resolves to 2 addresses, among them 127.0.0.1, a loopback address');
    expect(target.paths).toEqual([]);
  });
});

describe('opting in', () => {
  const url = () => `http://127.0.0.1:${target.port}/feed.xml`;

  it('a feed with allowPrivateNetwork is fetched', async () => {
    const outcome = await fetchFeed(feed(url(), { allowPrivateNetwork: true }), null, deps());
    expect(outcome.status).toBe('fetched');
    expect(target.paths).toEqual(['/feed.xml']);
  });

  it('allowPrivateNetworks opens every feed', async () => {
    expect((await fetchFeed(feed(url()), null, deps({ allowPrivateNetworks: true }))).status).toBe('fetched');
    expect(target.paths).toEqual(['/feed.xml']);
  });

  it('an allowed network admits its addresses in any spelling, and nothing else', async () => {
    const limits = { allowNetworks: ['127.0.0.1/32'] };
    expect((await fetchFeed(feed(url()), null, deps(limits))).status).toBe('fetched');
    // The mapped form really reaches the IPv4 server: this is why it must be judged as 127.0.0.1.
    expect((await fetchFeed(feed(`http://[::ffff:127.0.0.1]:${target.port}/feed.xml`), null, deps(limits))).status).toBe('fetched');
    expect(target.paths).toEqual(['/feed.xml', '/feed.xml']);
    refused(await fetchFeed(feed(`http://127.0.0.2:${relay.port}/feed.xml`), null, deps(limits)));
    refused(await fetchFeed(feed(`http://[::1]:${target6.port}/feed.xml`), null, deps(limits)));
    expect(relay.paths).toEqual([]);
    expect(target6.paths).toEqual([]);
  });

  it('the unspecified address reaches this machine, which is why it is refused', async () => {
    const outcome = await fetchFeed(feed(`http://0.0.0.0:${target.port}/feed.xml`), null, deps({ allowPrivateNetworks: true }));
    expect(outcome.status).toBe('fetched');
    expect(target.paths).toEqual(['/feed.xml']);
  });
});
