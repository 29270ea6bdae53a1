// How Telegram and Matrix clients read the HTML Rasid sends: tags must be in the service's allowlist
// and balanced, entities must be known, and what remains is the visible text and the links.
export interface ReadHtml {
  ok: boolean;
  /** Telegram-style error text when not ok. */
  error: string;
  text: string;
  links: string[];
  tags: string[];
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string | null {
  let bad = false;
  const out = text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, name: string) => {
    if (!m.endsWith(';')) {
      bad = true;
      return m;
    }
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    const v = NAMED[name.toLowerCase()];
    if (v === undefined) bad = true;
    return v ?? m;
  });
  return bad ? null : out;
}

export function readHtmlSubset(html: string, allowed: ReadonlySet<string>, voidTags: ReadonlySet<string> = new Set()): ReadHtml {
  const stack: string[] = [];
  const links: string[] = [];
  const tags: string[] = [];
  let text = '';
  const fail = (error: string): ReadHtml => ({ ok: false, error, text, links, tags });
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*"[^"]*")*)\s*\/?>|</g;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const chunk = decode(html.slice(last, m.index));
    if (chunk === null) return fail(`can't parse entities: unsupported entity near byte offset ${last}`);
    text += chunk;
    last = re.lastIndex;
    if (m[0] === '<') return fail(`can't parse entities: unexpected "<" at byte offset ${m.index}`);
    const [, closing, rawName, attrs] = m;
    const name = rawName!.toLowerCase();
    if (!allowed.has(name)) return fail(`can't parse entities: Unsupported start tag "${name}" at byte offset ${m.index}`);
    tags.push(name);
    if (closing) {
      if (stack.pop() !== name) return fail(`can't parse entities: Can't find end tag corresponding to start tag "${name}"`);
      continue;
    }
    if (name === 'a') {
      const href = /href\s*=\s*"([^"]*)"/.exec(attrs ?? '')?.[1];
      const decoded = href === undefined ? null : decode(href);
      if (decoded) links.push(decoded);
    }
    if (!voidTags.has(name)) stack.push(name);
  }
  const tail = decode(html.slice(last));
  if (tail === null) return fail('can\'t parse entities: unsupported entity at the end');
  text += tail;
  if (stack.length > 0) return fail(`can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`);
  return { ok: true, error: '', text, links, tags };
}

/** Mentions a chat client would act on in visible text: @everyone, @here, @channel, @room (no word joiner after the @). */
export function pingWords(text: string): string[] {
  return [...text.matchAll(/(?:^|[^\p{L}\p{N}_])@(everyone|here|channel|room)\b/gu)].map((m) => `@${m[1]}`);
}
