// The main text of a news article page, without menus, share bars, related links and comments,
// so the matcher sees the whole story rather than a two-line summary. A small readability-style
// heuristic: an explicit article body when the page marks one, else the element whose direct
// paragraphs hold the most text (and few links). Linear in the page size; the page is capped.
import * as cheerio from 'cheerio';
import { limitNesting } from './limit-nesting.ts';

const MAX_PAGE_CHARS = 3_000_000;
const MAX_PARAGRAPHS = 5_000;
const MIN_TEXT_CHARS = 80;
const BOILERPLATE = 'script, style, noscript, template, iframe, svg, form, nav, header, footer, aside, button, select, [hidden], [aria-hidden="true"]';
const BOILERPLATE_NAME = /comment|share|social|related|promo|advert|\bads?\b|sidebar|footer|menu|cookie|newsletter|subscribe|breadcrumb|tags?\b|author-box|popular|trending/i;
const EXPLICIT = ['[itemprop="articleBody"]', 'article .entry-content', 'article .post-content', '.article-body', '.article__body', '.story-body', 'article', 'main'];
const BLOCKS = 'p, h2, h3, h4, li, blockquote, pre';

/** The little of domhandler's node shape we need (cheerio's nodes), without depending on it. */
interface DomNode {
  type: string;
  name?: string;
  parent: DomNode | null;
}
type Selection = ReturnType<cheerio.CheerioAPI>;
const BLOCK_NAMES = new Set(['p', 'h2', 'h3', 'h4', 'li', 'blockquote', 'pre']);

const clean = (text: string) => text.replace(/[ \t\r\f\v\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();

function textOfBlocks($: cheerio.CheerioAPI, container: Selection): string {
  const parts: string[] = [];
  const root = container.get(0) as DomNode | undefined;
  container.find(BLOCKS).each((_, element) => {
    // Nested blocks (a <p> inside an <li>) are read once, through their outermost block.
    for (let up = (element as DomNode).parent; up && up !== root; up = up.parent) {
      if (up.type === 'tag' && BLOCK_NAMES.has(up.name ?? '')) return;
    }
    const text = clean($(element).text());
    if (text) parts.push(text);
  });
  if (parts.length === 0) return clean(container.text());
  return parts.join('\n\n');
}

function linkDensity($: cheerio.CheerioAPI, element: Selection): number {
  const all = element.text().length || 1;
  let linked = 0;
  element.find('a').each((_, a) => {
    linked += $(a).text().length;
  });
  return linked / all;
}

export function extractMainText(html: string, _url?: string): string | null {
  const $ = cheerio.load(limitNesting(html.length > MAX_PAGE_CHARS ? html.slice(0, MAX_PAGE_CHARS) : html).html);
  $(BOILERPLATE).remove();
  $('[class], [id]').each((_, element) => {
    const name = `${$(element).attr('class') ?? ''} ${$(element).attr('id') ?? ''}`;
    if (BOILERPLATE_NAME.test(name) && !/article|content|story|body|entry|post/i.test(name)) $(element).remove();
  });

  for (const selector of EXPLICIT) {
    const candidates = $(selector);
    if (candidates.length === 0) continue;
    // Several <article>s on a page are usually teasers; take the one with the most text.
    let best: Selection | null = null;
    let bestLength = 0;
    candidates.each((_, element) => {
      const length = $(element).text().length;
      if (length > bestLength) {
        best = $(element);
        bestLength = length;
      }
    });
    if (best && bestLength >= MIN_TEXT_CHARS) {
      const text = textOfBlocks($, best);
      if (text.length >= MIN_TEXT_CHARS) return text;
    }
  }

  // Score each paragraph's parent by the text it holds directly; the best parent is the article.
  const scores = new Map<DomNode, number>();
  $('p').slice(0, MAX_PARAGRAPHS).each((_, p) => {
    const length = clean($(p).text()).length;
    if (length < 25) return;
    const parent = (p as DomNode).parent;
    if (parent && parent.type === 'tag') scores.set(parent, (scores.get(parent) ?? 0) + length);
  });
  // Only the strongest few candidates are weighed for links, so the work stays linear.
  const strongest = [...scores].sort((a, b) => b[1] - a[1]).slice(0, 20);
  let winner: DomNode | null = null;
  let winnerScore = 0;
  for (const [element, score] of strongest) {
    const adjusted = score * (1 - linkDensity($, $(element as never)));
    if (adjusted > winnerScore) {
      winner = element;
      winnerScore = adjusted;
    }
  }
  if (!winner) return null;
  const text = textOfBlocks($, $(winner as never));
  return text.length >= MIN_TEXT_CHARS ? text : null;
}
