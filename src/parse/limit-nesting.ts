// DOM builders (parse5 behind cheerio, htmlparser2's own stack) spend time proportional to the
// depth for every tag, so 50,000 nested <div>s cost a minute. Before building a DOM from an
// untrusted page, cut it where the nesting passes a sane depth; real pages stay far below it.
import { Parser } from 'htmlparser2';

export const MAX_PAGE_DEPTH = 1_000;
const CHUNK = 16 * 1024;

/** `html` unchanged, or cut before the tag that opens level `maxDepth + 1`; `cut` says which. */
export function limitNesting(html: string, maxDepth = MAX_PAGE_DEPTH): { html: string; cut: boolean } {
  let depth = 0;
  let cutAt = -1;
  const parser: Parser = new Parser(
    {
      onopentag() {
        depth++;
        if (depth > maxDepth && cutAt < 0) cutAt = parser.startIndex;
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false },
  );
  for (let at = 0; at < html.length && cutAt < 0; at += CHUNK) parser.write(html.slice(at, at + CHUNK));
  if (cutAt < 0) return { html, cut: false };
  return { html: html.slice(0, cutAt), cut: true };
}
