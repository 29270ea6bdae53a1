// The main text of a news article page, without menus, share bars, related links, ads and
// comments, so the matcher sees the whole story rather than a two-line summary. A small
// readability-style heuristic: boilerplate is set aside (page-cleanup.ts), the page is read as
// units (page-units.ts: <p>s and the loose text between <br>s of old table layouts); an explicit
// article body wins when the page marks one, else the element whose direct paragraphs hold the
// most text (and few links), joined by the siblings that continue it after an ad or a promo.
// Linear in the page size; the page is capped.
import * as cheerio from 'cheerio';
import { limitNesting } from './limit-nesting.ts';
import { boilerplateNodes } from './page-cleanup.ts';
import { type DomNode, PageDom } from './page-units.ts';
import { stripControls } from './strip-controls.ts';

const MAX_PAGE_CHARS = 3_000_000;
const MAX_PARAGRAPHS = 5_000;
const MAX_MATCHES = 50;
const MIN_TEXT_CHARS = 80;
const MIN_PARAGRAPH_CHARS = 25;
/** A paragraph that is mostly link ("Read also: …", "Print | Email") is navigation, not text. */
const MAX_UNIT_LINK_DENSITY = 0.5;
const MAX_SIBLING_LINK_DENSITY = 0.25;
/** Elements that hold the article body and nothing else, when a page marks one. */
const PRECISE = ['[itemprop="articleBody"]', 'article .entry-content', 'article .post-content', '.article-body', '.article__body', '.story-body'];
/** Elements that hold the article with its surroundings: the body is looked for inside them. */
const COARSE = ['article', 'main', '[role="main"]'];

const clean = (text: string) => text.replace(/[ \t\r\f\v\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
const tags = (nodes: DomNode[]) => nodes.filter((node) => node.type === 'tag');

function density(page: PageDom, node: DomNode): { length: number; links: number } {
  const read = page.read(node);
  const length = clean(read.text).length;
  return { length, links: length === 0 ? 0 : Math.min(1, read.linked / length) };
}

/** The readable paragraphs under `node`, link lists left out. */
function paragraphs(page: PageDom, node: DomNode): string[] {
  const parts: string[] = [];
  page.units(node, (unit) => {
    const text = clean(unit.text);
    if (text && unit.linked / text.length <= MAX_UNIT_LINK_DENSITY) parts.push(text);
  });
  return parts;
}

function isSkipped(page: PageDom, node: DomNode): boolean {
  for (let up: DomNode | null = node; up; up = up.parent) if (page.skipped.has(up)) return true;
  return false;
}

/** The one of `selector`'s matches with the most text, if it has enough. */
function largest($: cheerio.CheerioAPI, page: PageDom, selector: string): DomNode | null {
  let best: DomNode | null = null;
  let bestLength = MIN_TEXT_CHARS - 1;
  $(selector).slice(0, MAX_MATCHES).each((_, element) => {
    const node = element as DomNode;
    if (isSkipped(page, node)) return;
    const length = clean(page.read(node).text).length;
    if (length > bestLength) {
      best = node;
      bestLength = length;
    }
  });
  return best;
}

/** The element whose direct paragraphs hold the most text, weighed by how little of it is links. */
function bestCandidate(page: PageDom, scope: DomNode): DomNode | null {
  const scores = new Map<DomNode, number>();
  let counted = 0;
  page.units(scope, (unit) => {
    const length = clean(unit.text).length;
    if (!unit.paragraph || length < MIN_PARAGRAPH_CHARS || counted++ >= MAX_PARAGRAPHS) return;
    scores.set(unit.parent, (scores.get(unit.parent) ?? 0) + length);
  });
  // Only the strongest few candidates are weighed for links, so the work stays linear.
  let winner: DomNode | null = null;
  let winnerScore = 0;
  for (const [element, score] of [...scores].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    const adjusted = score * (1 - density(page, element).links);
    if (adjusted > winnerScore) {
      winner = element;
      winnerScore = adjusted;
    }
  }
  return winner;
}

const classes = (node: DomNode) => new Set((node.attribs?.class ?? '').split(/\s+/).filter(Boolean));

/**
 * The winner and the siblings that continue it: a body split by ads or promos is several
 * containers of one kind (same tag, a class in common) with the ad between them; a lead
 * paragraph often sits beside the body container. Comment threads and teaser rails live
 * elsewhere in the page and are not siblings of the body.
 */
function bodyParts(page: PageDom, winner: DomNode, scope: DomNode): DomNode[] {
  let top = winner;
  // A body wrapped alone in extra <div>s is compared at the level where its siblings are.
  while (top.parent && top.parent !== scope && tags(top.parent.children ?? []).length === 1) top = top.parent;
  const parent = top.parent;
  // Cells of a table row are columns (a menu, a sidebar), never the rest of the story.
  if (!parent || parent.name === 'tr') return [winner];
  const own = classes(top);
  return tags(parent.children ?? []).filter((sibling) => {
    if (sibling === top) return true;
    if (page.skipped.has(sibling)) return false;
    const { length, links } = density(page, sibling);
    if (links > MAX_SIBLING_LINK_DENSITY) return false;
    if (sibling.name === 'p') return length >= MIN_TEXT_CHARS;
    if (sibling.name !== top.name) return false;
    const theirs = classes(sibling);
    const alike = own.size === 0 ? theirs.size === 0 : [...own].some((name) => theirs.has(name));
    return alike && length >= MIN_PARAGRAPH_CHARS;
  });
}

export function extractMainText(html: string, _url?: string): string | null {
  const $ = cheerio.load(limitNesting(html.length > MAX_PAGE_CHARS ? html.slice(0, MAX_PAGE_CHARS) : html).html);
  const root = $.root().get(0) as DomNode;
  const page = new PageDom(root, boilerplateNodes($));
  const done = (parts: string[]) => {
    const text = stripControls(parts.join('\n\n'));
    return text.length >= MIN_TEXT_CHARS ? text : null;
  };

  for (const selector of PRECISE) {
    const body = largest($, page, selector);
    const text = body ? done(paragraphs(page, body)) : null;
    if (text) return text;
  }
  // Several <article>s on a page are usually teasers; the one with the most text is the story.
  const coarse = COARSE.map((selector) => largest($, page, selector)).find((found) => found !== null) ?? null;
  const scope = coarse ?? root;
  const winner = bestCandidate(page, scope);
  if (!winner) return coarse ? done(paragraphs(page, coarse)) : null;
  return done(bodyParts(page, winner, scope).flatMap((part) => paragraphs(page, part)));
}
