// Which IP addresses Rasid may connect to. Ranges come from ipaddr.js (its IANA special-purpose
// tables) rather than a hand-written list: the URL parser writes IPv4-mapped IPv6 in hex
// (`[::ffff:7f00:1]`), and IPv6 can carry an IPv4 address in half a dozen forms, each of which a
// hand-written dotted-quad check misses. Only global unicast addresses are public; an IPv6 form
// that embeds an IPv4 address is judged by the IPv4 address it leads to.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type Network = [Address, number];

const v4Words: Record<string, string> = {
  unspecified: 'an address of 0.0.0.0/8 ("this network"; 0.0.0.0 reaches this machine)',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (169.254.0.0/16, where cloud metadata services such as 169.254.169.254 answer)',
  loopback: 'a loopback address (this machine)',
  carrierGradeNat: "a carrier-grade NAT address (100.64.0.0/10, a provider's internal network)",
  private: 'a private network address (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)',
  reserved: 'a reserved address (documentation, benchmarking or future use)',
  as112: 'an address reserved for AS112 DNS sinks',
  amt: 'an address reserved for multicast tunnel relays',
};

const v6Words: Record<string, string> = {
  unspecified: 'the unspecified address ::, which reaches this machine',
  loopback: 'the IPv6 loopback address (this machine)',
  linkLocal: 'a link-local IPv6 address (fe80::/10)',
  uniqueLocal: 'a unique-local IPv6 address (fc00::/7, a private network)',
  deprecatedSiteLocal: 'a site-local IPv6 address (fec0::/10, a private network)',
  multicast: 'a multicast IPv6 address',
  discard: 'an IPv6 discard address (100::/64)',
  benchmarking: 'an IPv6 benchmarking address',
  amt: 'an IPv6 address reserved for multicast tunnel relays',
  as112v6: 'an IPv6 address reserved for AS112 DNS sinks',
  deprecatedOrchid: 'an IPv6 ORCHID identifier, not a network address',
  orchid2: 'an IPv6 ORCHID identifier, not a network address',
  droneRemoteIdProtocolEntityTags: 'an IPv6 drone identifier, not a network address',
  segmentRouting: 'an IPv6 segment-routing address (5f00::/16)',
  reserved: 'a reserved IPv6 address (documentation or future use)',
};

const globalUnicast = ipaddr.IPv6.parseCIDR('2000::/3');
const ipv4Compatible = ipaddr.IPv6.parseCIDR('::/96');
const localUseNat64 = ipaddr.IPv6.parseCIDR('64:ff9b:1::/48');

/** The address as Rasid shows it: dotted IPv4, compressed IPv6. */
function show(address: Address): string {
  return address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** IPv4 addresses that an IPv6 address leads to, with the name of the form that embeds them. */
function embeddedV4(address: ipaddr.IPv6, range: string): { form: string; v4: ipaddr.IPv4[] } | null {
  const p = address.parts;
  switch (range) {
    case 'ipv4Mapped':
      return { form: 'IPv4-mapped IPv6', v4: [v4FromParts(p[6]!, p[7]!)] };
    case 'rfc6145':
      return { form: 'IPv4-translated IPv6 (RFC 6145)', v4: [v4FromParts(p[6]!, p[7]!)] };
    case 'rfc6052':
      // The local-use prefix 64:ff9b:1::/48 may embed the IPv4 address at any offset its operator chose.
      return address.match(localUseNat64) ? null : { form: 'NAT64 IPv6 (64:ff9b::/96)', v4: [v4FromParts(p[6]!, p[7]!)] };
    case '6to4':
      return { form: '6to4 IPv6 (2002::/16)', v4: [v4FromParts(p[1]!, p[2]!)] };
    case 'teredo':
      // Teredo carries the relay server in clear and the client's address with every bit inverted.
      return { form: 'Teredo IPv6 (2001::/32)', v4: [v4FromParts(p[2]!, p[3]!), v4FromParts(~p[6]! & 0xffff, ~p[7]! & 0xffff)] };
    default:
      return null;
  }
}

/**
 * ipaddr.js reads `::1.2.3.4` as IPv4-mapped, but it is the IPv4-compatible form (::/96), and that
 * is how libuv and glibc print such an address in socket and DNS answers.
 */
function parseIp(text: string): Address | null {
  const ip = text.replace(/^\[|\]$/g, '');
  const compatible = /^::([^:]+)$/.exec(ip);
  try {
    if (compatible && ipaddr.IPv4.isValid(compatible[1]!)) {
      const [a, b, c, d] = ipaddr.IPv4.parse(compatible[1]!).octets as [number, number, number, number];
      return new ipaddr.IPv6([0, 0, 0, 0, 0, 0, (a << 8) | b, (c << 8) | d]);
    }
    return ipaddr.parse(ip);
  } catch {
    return null;
  }
}

function inAny(address: Address, networks: readonly Network[]): boolean {
  return networks.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits));
}

/** Why a plain IPv4 address is not public, or null when it is (or is allowed). */
function v4Refusal(address: ipaddr.IPv4, allowed: readonly Network[]): string | null {
  if (inAny(address, allowed)) return null;
  const range = address.range();
  return range === 'unicast' ? null : v4Words[range] ?? `a special-purpose address (${range})`;
}

/**
 * Why Rasid must not connect to `ip`, in words ("127.0.0.1, a loopback address (this machine)"),
 * or null when the address is public or inside one of the `allowed` networks. Anything that is
 * not an IP address is refused: a resolver or socket that reports one is not to be trusted.
 */
export function addressRefusal(ip: string, allowed: readonly Network[] = []): string | null {
  const address = parseIp(ip);
  if (!address) return `"${ip}", which is not an IP address`;
  if (address.kind() === 'ipv4') {
    const why = v4Refusal(address as ipaddr.IPv4, allowed);
    return why && `${show(address)}, ${why}`;
  }
  const v6 = address as ipaddr.IPv6;
  if (inAny(v6, allowed)) return null;
  const range = v6.range();
  const embedded = embeddedV4(v6, range);
  if (embedded) {
    for (const v4 of embedded.v4) {
      const why = v4Refusal(v4, allowed);
      if (why) return `${show(v6)}, which is ${show(v4)} written as ${embedded.form}: ${why}`;
    }
    return null;
  }
  if (range === 'rfc6052') return `${show(v6)}, a local-use NAT64 address (64:ff9b:1::/48), which can lead to any IPv4 network`;
  if (range !== 'unicast') return `${show(v6)}, ${v6Words[range] ?? `a special-purpose IPv6 address (${range})`}`;
  if (v6.match(ipv4Compatible)) {
    const v4 = v4FromParts(v6.parts[6]!, v6.parts[7]!);
    const why = v4Refusal(v4, allowed);
    return `${show(v6)}, which is ${show(v4)} written as deprecated IPv4-compatible IPv6 (::/96), which no public site uses${why ? `: ${why}` : ''}`;
  }
  if (!v6.match(globalUnicast)) return `${show(v6)}, an IPv6 address outside the global unicast range 2000::/3`;
  return null;
}

/**
 * A network of an allow-list: `10.0.0.0/8`, `fd00::/8`, or one address (`127.0.0.1`). IPv4 must be
 * written as four decimal numbers, so `127.1` or `0x7f.1` in a config file is a mistake, not a range.
 */
export function parseNetwork(text: string): Network | null {
  const value = text.trim();
  if (value.includes('/')) {
    if (ipaddr.IPv4.isValidCIDRFourPartDecimal(value)) return ipaddr.IPv4.parseCIDR(value);
    return ipaddr.IPv6.isValidCIDR(value) ? ipaddr.IPv6.parseCIDR(value) : null;
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return [ipaddr.IPv4.parse(value), 32];
  if (ipaddr.IPv6.isValid(value)) return [ipaddr.IPv6.parse(value), 128];
  return null;
}

/** What is wrong with a network of an allow-list, or null when it reads. */
export function networkProblem(text: string): string | null {
  return parseNetwork(text)
    ? null
    : `"${text}" is not a network: write one as address/prefix-length, e.g. 10.0.0.0/8, 192.168.1.20/32 or fd00::/8`;
}

export function parseNetworks(texts: readonly string[]): Network[] {
  return texts.map((t) => {
    const network = parseNetwork(t);
    if (!network) throw new Error(networkProblem(t)!);
    return network;
  });
}
