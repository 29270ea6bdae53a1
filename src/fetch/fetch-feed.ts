// Fetches one feed's bytes: conditional GET from the stored validators, retries for transient
// failures, and a typed outcome the pipeline records on the feed's row. Never throws.
import type http from 'node:http';
import type { LookupFunction } from 'node:net';
import { FetchError } from '../errors.ts';
import type { FeedSettings, FeedState } from '../types.ts';
import { httpStatusError, isTransient } from './describe-failure.ts';
import { fetchUrl, type FetchUrlResult } from './fetch-url.ts';
import type { FetchLimits } from './limits.ts';
import { networkGuard, type NetworkGuard } from './network-guard.ts';
import { backoffDelayMs, parseRetryAfter } from './retry-delay.ts';

export interface FetchLogger {
  debug(data: object, message?: string): void;
  info(data: object, message?: string): void;
  warn(data: object, message?: string): void;
}

export interface FetchDeps {
  now: () => Date;
  limits: FetchLimits;
  logger?: FetchLogger;
  /** Waits between retries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  agent?: http.Agent;
  /**
   * Host name resolution underneath the network guard (whose checks always apply); default: the
   * system resolver. Tests pass a table.
   */
  lookup?: LookupFunction;
}

interface OutcomeBase {
  /** The address that finally answered (after redirects). */
  finalUrl: string;
  /** A permanent redirect's target: the address to store for the feed from now on. */
  permanentUrl: string | null;
  attempts: number;
}

export type FetchOutcome =
  | (OutcomeBase & { status: 'not-modified' })
  | (OutcomeBase & {
      status: 'fetched';
      httpStatus: number;
      body: Buffer;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
    })
  | { status: 'failed'; error: FetchError; attempts: number; retryAfterSeconds: number | null };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function fetchFeed(feed: FeedSettings, state: FeedState | null, deps: FetchDeps): Promise<FetchOutcome> {
  const url = state?.url || feed.url;
  const feedDeps = fetchDepsForFeed(deps, feed);
  const headers = requestHeaders(feedDeps.limits.userAgent, state);
  return fetchWithRetries(url, headers, feedDeps, feedDeps.limits.maxBodyBytes);
}

/**
 * The deps for one feed's requests: a feed with `allowPrivateNetwork` may reach private networks,
 * and so may the article pages it links to (an intranet feed links to intranet pages).
 */
export function fetchDepsForFeed(deps: FetchDeps, feed: Pick<FeedSettings, 'allowPrivateNetwork'>): FetchDeps {
  return feed.allowPrivateNetwork && !deps.limits.allowPrivateNetworks
    ? { ...deps, limits: { ...deps.limits, allowPrivateNetworks: true } }
    : deps;
}

/** A plain page (an article linked from a feed): same manners, no validators. */
export async function fetchPage(url: string, deps: FetchDeps): Promise<FetchOutcome> {
  const headers = requestHeaders(deps.limits.userAgent, null, 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5');
  return fetchWithRetries(url, headers, deps, deps.limits.maxArticleBytes);
}

export function requestHeaders(userAgent: string, state: FeedState | null, accept?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept:
      accept ??
      'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.3',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (state?.etag) headers['if-none-match'] = state.etag;
  if (state?.lastModified) headers['if-modified-since'] = state.lastModified;
  return headers;
}

async function fetchWithRetries(
  url: string,
  headers: Record<string, string>,
  deps: FetchDeps,
  maxBodyBytes: number,
): Promise<FetchOutcome> {
  const { limits } = deps;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  let attempts = 0;
  let guard: NetworkGuard;
  try {
    guard = networkGuard(limits, deps.lookup);
  } catch (err) {
    const error = new FetchError('private-address', `the allowed networks cannot be read: ${(err as Error).message}`, { url });
    return { status: 'failed', error, attempts, retryAfterSeconds: null };
  }

  for (;;) {
    attempts++;
    let response: FetchUrlResult;
    let error: FetchError;
    let retryAfter: number | null = null;
    try {
      response = await fetchUrl(url, {
        headers,
        limits: { ...limits, maxBodyBytes },
        agent: deps.agent,
        guard,
      });
      if (response.status === 304) {
        return { status: 'not-modified', finalUrl: response.finalUrl, permanentUrl: response.permanentUrl, attempts };
      }
      if (response.status >= 200 && response.status < 300) {
        return {
          status: 'fetched',
          finalUrl: response.finalUrl,
          permanentUrl: response.permanentUrl,
          attempts,
          httpStatus: response.status,
          body: response.body,
          contentType: header(response.headers['content-type']),
          etag: header(response.headers.etag),
          lastModified: header(response.headers['last-modified']),
        };
      }
      retryAfter = parseRetryAfter(response.headers['retry-after'], deps.now());
      error = httpStatusError(url, response.status, retryAfter ?? undefined);
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      error = err;
    }

    // Timeouts are not retried within the run: a server that is slow now is likely slow in a
    // second too, and waiting again would hold a slot for another 20 s; the feed backoff handles it.
    const waitable = retryAfter === null || retryAfter <= limits.maxRetryAfterSeconds;
    if (attempts > limits.retries || !isTransient(error) || !waitable) {
      return { status: 'failed', error, attempts, retryAfterSeconds: retryAfter };
    }
    const delay =
      retryAfter !== null
        ? retryAfter * 1000
        : backoffDelayMs(attempts - 1, limits.retryBaseDelayMs, limits.retryMaxDelayMs, random);
    deps.logger?.debug({ url, attempt: attempts, delayMs: delay, error: error.message }, 'retrying feed');
    await sleep(delay);
  }
}

function header(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}
