// The main text of a news article page, without menus, share bars, related links, ads and
// comments, so the matcher sees the whole story rather than a two-line summary. A small
// readability-style heuristic over a cleaned page (page-cleanup.ts): an explicit article body
// when the page marks one, else the element whose direct paragraphs hold the most text (and few
// links), joined by the siblings that continue it after an ad or a promo block. Linear in the
// page size; the page is capped.
import * as cheerio from 'cheerio';
import { limitNesting } from './limit-nesting.ts';
import { type DomNode, removeBoilerplate, wrapLooseText } from './page-cleanup.ts';
import { stripControls } from './strip-controls.ts';

const MAX_PAGE_CHARS = 3_000_000;
const MAX_PARAGRAPHS = 5_000;
const MIN_TEXT_CHARS = 80;
const MIN_PARAGRAPH_CHARS = 25;
/** A paragraph that is mostly link ("Read also: …", "Print | Email") is navigation, not text. */
const MAX_BLOCK_LINK_DENSITY = 0.5;
/** Elements that hold the article body and nothing else, when a page marks one. */
const PRECISE = ['[itemprop="articleBody"]', 'article .entry-content', 'article .post-content', '.article-body', '.article__body', '.story-body'];
/** Elements that hold the article with its surroundings: the body is looked for inside them. */
const COARSE = ['article', 'main', '[role="main"]'];
const BLOCKS = 'p, h2, h3, h4, li, blockquote, pre';
const BLOCK_NAMES = new Set(['p', 'h2', 'h3', 'h4', 'li', 'blockquote', 'pre']);

type Selection = ReturnType<cheerio.CheerioAPI>;

const clean = (text: string) => text.replace(/[ \t\r\f\v\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();

function linkDensity($: cheerio.CheerioAPI, element: Selection): number {
  const all = element.text().length || 1;
  let linked = 0;
  element.find('a').each((_, a) => {
    linked += $(a).text().length;
  });
  return linked / all;
}

function textOfBlocks($: cheerio.CheerioAPI, container: Selection): string[] {
  const parts: string[] = [];
  const root = container.get(0) as DomNode | undefined;
  container.find(BLOCKS).each((_, element) => {
    // Nested blocks (a <p> inside an <li>) are read once, through their outermost block.
    for (let up = (element as DomNode).parent; up && up !== root; up = up.parent) {
      if (up.type === 'tag' && BLOCK_NAMES.has(up.name ?? '')) return;
    }
    const block = $(element);
    const text = clean(block.text());
    if (text && linkDensity($, block) <= MAX_BLOCK_LINK_DENSITY) parts.push(text);
  });
  if (parts.length === 0 && container.find(BLOCKS).length === 0) {
    const text = clean(container.text());
    if (text) parts.push(text);
  }
  return parts;
}

/** The one of `selector`'s matches with the most text, if it has enough. */
function largest($: cheerio.CheerioAPI, selector: string, within: Selection): Selection | null {
  let best: Selection | null = null;
  let bestLength = MIN_TEXT_CHARS - 1;
  within.find(selector).each((_, element) => {
    const length = $(element).text().length;
    if (length > bestLength) {
      best = $(element);
      bestLength = length;
    }
  });
  return best;
}

/** Each paragraph's parent scored by the text it holds directly; the best parent is the article. */
function paragraphScores($: cheerio.CheerioAPI, scope: Selection): Map<DomNode, number> {
  const scores = new Map<DomNode, number>();
  scope.find('p').slice(0, MAX_PARAGRAPHS).each((_, p) => {
    const length = clean($(p).text()).length;
    if (length < MIN_PARAGRAPH_CHARS) return;
    const parent = (p as DomNode).parent;
    if (parent && parent.type === 'tag') scores.set(parent, (scores.get(parent) ?? 0) + length);
  });
  return scores;
}

function bestCandidate($: cheerio.CheerioAPI, scores: Map<DomNode, number>): DomNode | null {
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
  return winner;
}

const classes = (node: DomNode, $: cheerio.CheerioAPI) => new Set(($(node as never).attr('class') ?? '').split(/\s+/).filter(Boolean));

/**
 * The winner and the siblings that continue it: a body split by ads or promos is several
 * containers of one kind (same tag, a class in common) with the ad between them; a lead
 * paragraph often sits beside the body container. Comment threads and teaser rails live
 * elsewhere in the page and are not siblings of the body.
 */
function bodyParts($: cheerio.CheerioAPI, winner: DomNode, scope: DomNode): DomNode[] {
  let top = winner;
  // A body wrapped alone in extra <div>s is compared at the level where its siblings are.
  while (top.parent && top.parent !== scope && (top.parent.children ?? []).filter((c) => c.type === 'tag').length === 1) top = top.parent;
  const parent = top.parent;
  // Cells of a table row are columns (a menu, a sidebar), never the rest of the story.
  if (!parent || parent.name === 'tr') return [winner];
  const own = classes(top, $);
  return (parent.children ?? []).filter((sibling) => {
    if (sibling === top) return true;
    if (sibling.type !== 'tag') return false;
    const element = $(sibling as never);
    if (linkDensity($, element) > 0.25) return false;
    if (sibling.name === 'p') return clean(element.text()).length >= MIN_TEXT_CHARS;
    if (sibling.name !== top.name) return false;
    const theirs = classes(sibling, $);
    const alike = own.size === 0 ? theirs.size === 0 : [...own].some((name) => theirs.has(name));
    return alike && clean(element.text()).length >= MIN_PARAGRAPH_CHARS;
  });
}

export function extractMainText(html: string, _url?: string): string | null {
  const $ = cheerio.load(limitNesting(html.length > MAX_PAGE_CHARS ? html.slice(0, MAX_PAGE_CHARS) : html).html);
  removeBoilerplate($);
  wrapLooseText($);
  const root = $.root();
  const done = (parts: string[]) => {
    const text = stripControls(parts.join('\n\n'));
    return text.length >= MIN_TEXT_CHARS ? text : null;
  };

  for (const selector of PRECISE) {
    const body = largest($, selector, root);
    const text = body ? done(textOfBlocks($, body)) : null;
    if (text) return text;
  }
  // Several <article>s on a page are usually teasers; the one with the most text is the story.
  const coarse = COARSE.map((selector) => largest($, selector, root)).find((found) => found !== null) ?? null;
  const scope = coarse ?? root;
  const scores = paragraphScores($, scope);
  const winner = bestCandidate($, scores);
  if (!winner) return coarse ? done(textOfBlocks($, coarse)) : null;
  const parts = bodyParts($, winner, scope.get(0) as DomNode);
  return done(parts.flatMap((part) => (part.name === 'p' ? [clean($(part as never).text())] : textOfBlocks($, $(part as never)))));
}
