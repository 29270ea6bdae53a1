// Feed text is untrusted: every piece of it goes through these before it reaches a message.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Controls other than tab/newline, bidi overrides that could reorder the surrounding mail, and NULs. */
const UNSAFE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Tag-shaped runs left in feed text by sloppy feeds; shown as nothing rather than as markup. */
const TAGS = /<\/?[A-Za-z][^<>]*>|<!--[\s\S]*?-->/g;

/** Removes markup remnants and characters that only hide or reorder text; keeps every script. */
export function cleanText(value: string | null | undefined, options: { keepTags?: boolean } = {}): string {
  return (options.keepTags ? (value ?? '') : (value ?? '').replace(TAGS, ' ')).replace(UNSAFE_CHARS, '').replace(/\s+/g, ' ').trim();
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The URL if it is an absolute http(s) URL without credentials, normalised; otherwise null. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  return url.href;
}

/** Cuts at a word boundary near `max` characters, with an ellipsis; never splits a surrogate pair. */
export function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  const cut = chars.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
