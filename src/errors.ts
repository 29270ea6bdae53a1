// One error root with a literal `name` per subclass (the ky pattern): callers switch on `name`
// and `kind`, users read `message`.

export class RasidError extends Error {
  override name: string = 'RasidError';
}

export type FetchErrorKind =
  | 'timeout'
  | 'too-large'
  | 'http-status'
  | 'too-many-redirects'
  | 'network'
  | 'bad-url'
  /** The address leads to a private network (loopback, RFC 1918, link-local…) that was not allowed. */
  | 'private-address'
  | 'not-a-feed';

export class FetchError extends RasidError {
  override name = 'FetchError' as const;
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    /** `namedFeed`: the feed address an HTML page names (`<link rel="alternate">`), absolute. */
    readonly details: { url?: string; status?: number; retryAfterSeconds?: number; namedFeed?: string } = {},
  ) {
    super(message);
  }
}

/** The bytes are not a feed we can read (HTML page, empty body, unrecoverable XML). */
export class NotAFeedError extends RasidError {
  override name = 'NotAFeedError' as const;
  /** An HTML page that names its feed: that feed's address, absolute when the page's address was known. */
  constructor(
    message: string,
    readonly namedFeed: string | null = null,
  ) {
    super(message);
  }
}

export class ConfigError extends RasidError {
  override name = 'ConfigError' as const;
  /** Every problem found, each with where it is and what to do. */
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export class StorageError extends RasidError {
  override name = 'StorageError' as const;
}

export class MailError extends RasidError {
  override name = 'MailError' as const;
}
