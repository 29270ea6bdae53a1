// Relative links in feeds resolve against xml:base, then Content-Location, then the document URL
// (feedparser's order). Only web and mail schemes survive: a `javascript:` or `data:` URL in a
// feed is an attack, not a link.

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'ftp:', 'tel:', 'news:', 'magnet:', 'feed:', 'urn:', 'tag:']);

/** Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"). */
function squeeze(value: string): string {
  return value.replace(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+/g, '');
}

/** True for a URL whose scheme is not one of the safe ones. Relative URLs are safe. */
export function isUnsafeUrl(value: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(squeeze(value));
  return scheme !== null && !SAFE_SCHEMES.has(`${scheme[1]?.toLowerCase()}:`);
}

/**
 * `value` resolved against `base`; the value unchanged when it cannot be resolved (no base, odd
 * syntax); null when its scheme is unsafe.
 */
export function resolveUrl(value: string, base: string | null | undefined): string | null {
  const trimmed = value.trim();
  if (isUnsafeUrl(trimmed)) return null;
  if (!base || isUnsafeUrl(base)) return trimmed;
  // An absolute URL is kept as written: resolving would normalise it, and ids must compare equal.
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return trimmed;
  }
}
