import { describe, expect, it } from 'vitest';
import { addressRefusal, networkProblem, parseNetwork, parseNetworks } from '../../src/fetch/private-address.ts';

describe('addressRefusal: what Rasid will not connect to', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['10.20.30.40', 'a private network address'],
    ['172.16.0.1', 'a private network address'],
    ['192.168.1.1', 'a private network address'],
    ['169.254.169.254', 'a link-local address (169.254.0.0/16, where cloud metadata services'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['0.0.0.0', '0.0.0.0 reaches this machine'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['192.0.2.10', 'a reserved address'],
    ['240.0.0.1', 'a reserved address'],
    ['::', 'the unspecified address ::'],
    ['::1', 'the IPv6 loopback address'],
    ['fd00::1', 'a unique-local IPv6 address'],
    ['fc12:3456::1', 'a unique-local IPv6 address'],
    ['fe80::1', 'a link-local IPv6 address'],
    ['fec0::1', 'a site-local IPv6 address'],
    ['ff02::1', 'a multicast IPv6 address'],
    ['2001:db8::1', 'a reserved IPv6 address'],
    ['1::1', 'outside the global unicast range 2000::/3'],
  ])('%s is refused as %s', (ip, words) => {
    expect(addressRefusal(ip)).toContain(words);
  });

  // Each form embeds 127.0.0.1 or 169.254.169.254; a check that only knows the dotted form passes them all.
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1 written as IPv4-mapped IPv6: a loopback address'],
    ['::ffff:7f00:1', '127.0.0.1 written as IPv4-mapped IPv6: a loopback address'],
    ['0:0:0:0:0:ffff:127.0.0.1', '127.0.0.1 written as IPv4-mapped IPv6: a loopback address'],
    ['[::ffff:a9fe:a9fe]', '169.254.169.254 written as IPv4-mapped IPv6: a link-local address'],
    ['::ffff:0:127.0.0.1', '127.0.0.1 written as IPv4-translated IPv6'],
    ['::127.0.0.1', '127.0.0.1 written as deprecated IPv4-compatible IPv6'],
    ['::7f00:1', '127.0.0.1 written as deprecated IPv4-compatible IPv6'],
    ['64:ff9b::7f00:1', '127.0.0.1 written as NAT64 IPv6 (64:ff9b::/96): a loopback address'],
    ['64:ff9b::169.254.169.254', '169.254.169.254 written as NAT64 IPv6'],
    ['64:ff9b:1::a00:1', 'a local-use NAT64 address'],
    ['2002:7f00:1::1', '127.0.0.1 written as 6to4 IPv6 (2002::/16): a loopback address'],
    ['2002:a9fe:a9fe::', '169.254.169.254 written as 6to4 IPv6'],
    ['2001:0:7f00:1::1', '127.0.0.1 written as Teredo IPv6'],
    // The client half of a Teredo address is stored with every bit inverted: 80ff:fffe is 127.0.0.1.
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', '127.0.0.1 written as Teredo IPv6'],
    ['::808:808', '8.8.8.8 written as deprecated IPv4-compatible IPv6'],
  ])('%s is refused: %s', (ip, words) => {
    expect(addressRefusal(ip)).toContain(words);
  });

  it.each(['8.8.8.8', '41.203.64.10', '172.32.0.1', '2606:4700::1111', '2a00:1450::1', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    '%s is public',
    (ip) => {
      expect(addressRefusal(ip)).toBeNull();
    },
  );

  it('refuses what is not an IP address rather than guessing', () => {
    expect(addressRefusal('localhost')).toBe('"localhost", which is not an IP address');
  });

  it('lets through exactly the allowed networks, also in their IPv6 spellings', () => {
    const allowed = parseNetworks(['127.0.0.1/32', '10.1.0.0/16', 'fd00::/8']);
    expect(addressRefusal('127.0.0.1', allowed)).toBeNull();
    expect(addressRefusal('::ffff:7f00:1', allowed)).toBeNull();
    expect(addressRefusal('10.1.200.3', allowed)).toBeNull();
    expect(addressRefusal('fd00::5', allowed)).toBeNull();
    expect(addressRefusal('127.0.0.2', allowed)).toContain('a loopback address');
    expect(addressRefusal('10.2.0.1', allowed)).toContain('a private network address');
    expect(addressRefusal('169.254.169.254', allowed)).toContain('link-local');
    expect(addressRefusal('fe80::1', allowed)).toContain('link-local');
  });
});

describe('parseNetwork: the allow-list syntax', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0', 8],
    ['127.0.0.1/32', '127.0.0.1', 32],
    ['192.168.1.20', '192.168.1.20', 32],
    ['fd00::/8', 'fd00::', 8],
    ['::1', '::1', 128],
    [' 172.16.0.0/12 ', '172.16.0.0', 12],
  ])('%s reads as %s/%d', (text, base, bits) => {
    const network = parseNetwork(text);
    expect(network?.[0].toString()).toBe(base);
    expect(network?.[1]).toBe(bits);
  });

  it.each(['127.1/32', '0x7f.0.0.1/8', '10.0.0.0/33', 'fd00::/129', 'intranet', '10.0.0.0/', ''])('%s is a mistake', (text) => {
    expect(parseNetwork(text)).toBeNull();
    expect(networkProblem(text)).toContain('is not a network: write one as address/prefix-length, e.g. 10.0.0.0/8');
  });
});
