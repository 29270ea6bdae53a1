// What on an article page is plainly not the article: scripts, navigation and forms, elements
// named like comments, share bars, related links or ads, and ad units found by their
// "Advertisement" label. Returned as a set of nodes the page reader skips, so nothing in the
// DOM moves (cheerio's remove() splices arrays, quadratic on pages with thousands of siblings).
import type * as cheerio from 'cheerio';
import type { DomNode } from './page-units.ts';

const BOILERPLATE = 'script, style, noscript, template, iframe, svg, form, nav, header, footer, aside, button, select, [hidden], [aria-hidden="true"]';
const BOILERPLATE_NAME =
  /comment|disqus|discussion|replies|share|social|related|recirc|promo|advert|sponsor|outbrain|taboola|banner|\bads?\b|\bads?[-_]|[-_]ads?\b|\bpub\b|sidebar|\w+__rail\b|\brail\b|footer|menu|cookie|newsletter|subscribe|breadcrumb|tags?\b|author-box|popular|most-?read|trending|partners?\b/i;
/** A class or id token that starts like this names the content itself ("entry-content", "content-sidebar-wrap"). */
const CONTENT_TOKEN = /^(?:article|content|story|body|entry|post)/i;
/** The label an ad unit carries, in the languages we read (the whole text of an element). */
const AD_LABELS = new Set(['advertisement', 'advertising', 'advert', 'ad', 'ads', 'sponsored', 'publicité', 'publicite', 'pub', 'anzeige', 'реклама', 'إعلان', 'اعلان', 'إعلانات', 'اعلانات']);
const LABEL_ELEMENTS = 'span, div, p, b, strong, small, em, i, font, h3, h4';
/** An ad unit is small; a label inside a long container marks only itself. */
const MAX_AD_UNIT_CHARS = 500;

/** The text under `node`, or null as soon as it passes `limit` characters. */
function shortText(node: DomNode, limit: number): string | null {
  let text = '';
  const stack = [node];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.type === 'text') {
      text += item.data ?? '';
      if (text.length > limit) return null;
    } else if (item.type === 'tag') {
      const children = item.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return text;
}

export function boilerplateNodes($: cheerio.CheerioAPI): Set<DomNode> {
  const skipped = new Set<DomNode>();
  $(BOILERPLATE).each((_, element) => {
    skipped.add(element as DomNode);
  });
  $('[class], [id]').each((_, element) => {
    const attribs = (element as DomNode).attribs ?? {};
    const tokens = `${attribs.class ?? ''} ${attribs.id ?? ''}`.split(/\s+/).filter(Boolean);
    if (tokens.some((token) => BOILERPLATE_NAME.test(token)) && !tokens.some((token) => CONTENT_TOKEN.test(token))) skipped.add(element as DomNode);
  });
  $(LABEL_ELEMENTS).each((_, element) => {
    const label = element as DomNode;
    const text = shortText(label, 40)?.replace(/[\s:.\-–—|]+/g, ' ').trim().toLowerCase();
    if (!text || !AD_LABELS.has(text)) return;
    const unit = label.parent;
    const small = unit && unit.type === 'tag' && !['body', 'main', 'article'].includes(unit.name ?? '') && shortText(unit, MAX_AD_UNIT_CHARS) !== null;
    skipped.add(small ? unit : label);
  });
  return skipped;
}
