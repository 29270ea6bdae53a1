// GET with redirects followed by hand, so that we can refuse non-http targets, detect loops, and
// report a chain of permanent redirects (301/308) for the stored feed address to be updated.
import type http from 'node:http';
import { FetchError } from '../errors.ts';
import { httpRequest, type RawResponse, type RequestLimits } from './http-request.ts';
import { networkGuard, refusePrivateNetworks, refusedError, withoutCredentials, type NetworkGuard } from './network-guard.ts';

export interface FetchUrlResult extends RawResponse {
  /** The address that finally answered. */
  finalUrl: string;
  /** Set when every hop was a permanent redirect: the new address to store for the feed. */
  permanentUrl: string | null;
}

export interface FetchUrlOptions {
  headers: Record<string, string>;
  limits: RequestLimits & { maxRedirects: number };
  agent?: http.Agent;
  /** Which addresses may be connected to, at every hop; the default refuses private networks. */
  guard?: NetworkGuard;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** Parses and checks an address: only http and https are fetched. */
export function parseFetchableUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchError('bad-url', `"${raw}" is not a valid web address`, { url: raw });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchError('bad-url', `only http and https addresses can be fetched, not ${url.protocol.replace(':', '')}`, {
      url: raw,
    });
  return url;
}

export async function fetchUrl(raw: string, options: FetchUrlOptions): Promise<FetchUrlResult> {
  const guard = options.guard ?? networkGuard(refusePrivateNetworks);
  let current = parseFetchableUrl(raw);
  let previous: URL | null = null;
  const visited = [current.href];
  let permanentUrl: string | null = null;
  let allPermanent = true;

  for (;;) {
    // Each hop is checked where it connects; the message says which redirect led there.
    const what = previous
      ? `follow the redirect from ${withoutCredentials(previous)} to ${withoutCredentials(current)}`
      : `fetch ${withoutCredentials(current)}`;
    const response = await httpRequest(current, {
      headers: options.headers,
      limits: options.limits,
      agent: options.agent,
      guard,
      refused: (reason) => refusedError(what, reason, raw),
      wantsBody: (status) => status >= 200 && status < 300,
    });
    const location = response.headers.location;
    if (!redirectStatuses.has(response.status) || !location)
      return { ...response, finalUrl: current.href, permanentUrl: allPermanent ? permanentUrl : null };

    if (visited.length > options.limits.maxRedirects)
      throw new FetchError(
        'too-many-redirects',
        `gave up after ${options.limits.maxRedirects} redirects (last one to ${current.href})`,
        { url: raw },
      );
    let next: URL;
    try {
      next = parseFetchableUrl(new URL(location, current).href);
    } catch (err) {
      throw new FetchError('bad-url', `the server redirected to an address we cannot fetch: ${(err as Error).message}`, {
        url: raw,
      });
    }
    if (visited.includes(next.href))
      throw new FetchError('too-many-redirects', `the server redirects in a loop (${[...visited, next.href].join(' → ')})`, {
        url: raw,
      });
    if (response.status === 301 || response.status === 308) permanentUrl = next.href;
    else allPermanent = false;
    visited.push(next.href);
    previous = current;
    current = next;
  }
}
