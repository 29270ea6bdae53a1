// A short excerpt around a match, cut at word boundaries, whitespace collapsed, "…" where cut.

const SIDE = 100;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x0c || c === 0x0b || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);

/** Exactly the characters of the RegExp class \s; letters (the usual case) are turned away after two or three comparisons. */
const isJsSpace = (c: number) =>
  c <= 0x20
    ? c === 0x20 || (c >= 0x09 && c <= 0x0d)
    : c === 0xa0 || (c >= 0x1680 && (c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));

/**
 * Whether text[from..to) holds whitespace other than single spaces. Most snippets hold single
 * spaces only, and a regex replace rewrites every one of them (it was most of the cost of a hit),
 * so a loop looks first. It reads the field's text, not the excerpt: charCodeAt on a slice (a
 * string pointing into another) cost several times more per character.
 */
function needsCollapse(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 ? i + 1 < to && isJsSpace(text.charCodeAt(i + 1)) : isJsSpace(c)) return true;
  }
  return false;
}

export function makeSnippet(text: string, start: number, end: number, side = SIDE): string {
  let from = Math.max(0, start - side);
  let to = Math.min(text.length, end + side);
  // Start after the first space of the window and stop before its last, so no word is cut in two.
  if (from > 0) {
    let i = from;
    while (i < start && !isSpace(text.charCodeAt(i))) i++;
    if (i < start) from = i + 1;
  }
  if (to < text.length) {
    let i = to;
    while (i > end && !isSpace(text.charCodeAt(i))) i--;
    if (i > end) to = i;
  }
  // Runs of whitespace become one space.
  const excerpt = text.slice(from, to);
  const body = (needsCollapse(text, from, to) ? excerpt.replace(/\s+/g, ' ') : excerpt).trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}
