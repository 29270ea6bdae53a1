// A short excerpt around a match, cut at word boundaries, whitespace collapsed, "…" where cut.

const SIDE = 100;

export function makeSnippet(text: string, start: number, end: number, side = SIDE): string {
  let from = Math.max(0, start - side);
  let to = Math.min(text.length, end + side);
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/);
    if (space >= 0) from += space + 1;
  }
  if (to < text.length) {
    const tail = text.slice(end, to);
    const lastSpace = Math.max(tail.lastIndexOf(' '), tail.lastIndexOf('\n'));
    if (lastSpace > 0) to = end + lastSpace;
  }
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`;
}
