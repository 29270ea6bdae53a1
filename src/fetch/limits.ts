// The limits every fetch runs under. Defaults follow Miniflux (20 s per request, 15 MiB body, 10 s
// to connect); the pipeline and tests pass their own, so nothing here is read from a global.

/**
 * Names Rasid and where to learn about it, so a site operator who sees us in a log can find us.
 * The address is the project's intended public repository; it must follow the repository if that moves.
 */
export const RASID_USER_AGENT = 'Rasid/0.1 (news monitoring; +https://github.com/rasid-news/rasid)';

export interface FetchLimits {
  /** Time allowed to open the TCP connection. */
  connectTimeoutMs: number;
  /** Time allowed for the whole request: waiting for the answer and downloading the body. */
  totalTimeoutMs: number;
  /** Largest body accepted, counted after decompression (so a gzip bomb is bounded too). */
  maxBodyBytes: number;
  /** Redirects followed before giving up. */
  maxRedirects: number;
  /** Extra attempts after a transient failure (network error, 5xx, 429) within one run. */
  retries: number;
  /** First retry delay; it doubles per attempt, with jitter, up to `retryMaxDelayMs`. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /**
   * A Retry-After longer than this is not waited for in this run: the feed is rescheduled
   * instead. Kept short because a wait holds one of the host's slots for its whole length.
   */
  maxRetryAfterSeconds: number;
  /** Requests in flight at once, over all hosts. */
  concurrency: number;
  /** Requests in flight at once to one host name, to be polite to small regional sites. */
  perHostConcurrency: number;
  userAgent: string;
  /** Article pages fetched per feed and run when a feed asks for full text (`fetchArticles`). */
  maxArticlePagesPerFeed: number;
  /** Body limit for one article page (pages are bigger than feeds but we need only the text). */
  maxArticleBytes: number;
  /**
   * Whether feeds may live on private, loopback, link-local or unique-local addresses. Refused by
   * default: feeds come from the feeds file, the CLI and a web UI, and a feed or its redirect could
   * otherwise read cloud metadata (169.254.169.254) or an internal admin page. A feed opts in with
   * `allowPrivateNetwork: true`; this switch opens every feed.
   */
  allowPrivateNetworks: boolean;
  /** Private networks (CIDR: `10.1.0.0/16`, `fd00::/8`, `127.0.0.1/32`) every feed may reach anyway. */
  allowNetworks: readonly string[];
}

export const defaultFetchLimits: FetchLimits = {
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 20_000,
  maxBodyBytes: 15 * 1024 * 1024,
  maxRedirects: 5,
  retries: 2,
  retryBaseDelayMs: 1_000,
  retryMaxDelayMs: 30_000,
  maxRetryAfterSeconds: 10,
  concurrency: 16,
  perHostConcurrency: 2,
  userAgent: RASID_USER_AGENT,
  maxArticlePagesPerFeed: 10,
  maxArticleBytes: 5 * 1024 * 1024,
  allowPrivateNetworks: false,
  allowNetworks: [],
};

/** The defaults with some fields replaced. */
export function fetchLimits(overrides: Partial<FetchLimits> = {}): FetchLimits {
  return { ...defaultFetchLimits, ...overrides };
}
