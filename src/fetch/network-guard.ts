// Refuses connections to private networks. Feeds are added through the feeds file, the CLI and
// (soon) a web UI and API, and a feed or one of its redirects can point at 169.254.169.254 (cloud
// metadata), an admin page on localhost or the office network. A check of the URL alone is not
// enough: a name can resolve inward, or resolve differently at connect time than when it was
// checked. So the guard sits where connections are made: the `lookup` every connection resolves
// through, the IP literal before the request (literals never reach the resolver), and the
// socket's peer address once it is connected.
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { FetchError } from '../errors.ts';
import { addressRefusal, parseNetworks } from './private-address.ts';

export interface NetworkPolicy {
  /** Every address may be fetched: the guard is off. */
  allowPrivateNetworks: boolean;
  /** Networks (CIDR, e.g. `10.1.0.0/16`, `fd00::/8`) that may be fetched although they are private. */
  allowNetworks: readonly string[];
}

export const refusePrivateNetworks: NetworkPolicy = { allowPrivateNetworks: false, allowNetworks: [] };

/** What to do about a refusal, appended to every message. */
export const PRIVATE_NETWORK_ADVICE =
  'Rasid does not fetch private networks unless allowed (feeds file: allowPrivateNetwork: true on the feed, or defaults.fetch.allowNetworks)';

export interface NetworkGuard {
  /** Why `ip` must not be connected to ("127.0.0.1, a loopback address (this machine)"), or null. */
  refusal(ip: string): string | null;
  /** The resolver connections use: it fails for a name with any refused address among its answers. */
  lookup: LookupFunction;
}

/** Passed through a lookup callback, so that a refusal is told apart from a DNS failure. */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_PRIVATE_ADDRESS';
  constructor(readonly reason: string) {
    super(reason);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A guard for `policy`; `resolve` is the resolver underneath (the system's by default, a table in
 * tests). Throws when an allowed network does not read (the config loader reports those first).
 */
export function networkGuard(policy: NetworkPolicy, resolve: LookupFunction = dns.lookup as LookupFunction): NetworkGuard {
  if (policy.allowPrivateNetworks) return { refusal: () => null, lookup: resolve };
  const allowed = parseNetworks(policy.allowNetworks);
  const refusal = (ip: string) => addressRefusal(ip, allowed);
  const lookup = ((hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    resolve(hostname, { ...options, all: true }, ((err, answer, family) => {
      if (err) return callback(err, '', 0);
      const list: dns.LookupAddress[] = Array.isArray(answer) ? answer : [{ address: answer, family: family ?? 0 }];
      if (list.length === 0)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      // One refused answer refuses the name: the connection may try any of them.
      for (const { address } of list) {
        const why = refusal(address);
        if (why)
          return callback(
            new RefusedAddressError(`${hostname} resolves to ${list.length > 1 ? `${list.length} addresses, among them ` : ''}${why}`),
            '',
            0,
          );
      }
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    }) as LookupCallback);
  }) as LookupFunction;
  return { refusal, lookup };
}

/** The address without its user name and password, which must not end up in logs or the database. */
export function withoutCredentials(url: string | URL): string {
  try {
    const copy = new URL(url);
    copy.username = '';
    copy.password = '';
    return copy.href;
  } catch {
    return String(url);
  }
}

export function refusedError(what: string, reason: string, url: string): FetchError {
  return new FetchError('private-address', `refused to ${what}: ${reason}; ${PRIVATE_NETWORK_ADVICE}`, { url });
}
