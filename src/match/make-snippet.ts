// A short excerpt around a match, cut at word boundaries, whitespace collapsed, "…" where cut.

const SIDE = 100;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x0c || c === 0x0b || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);

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
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}
