// Preparing an article page for extract-main-text.ts: what is plainly not the article goes
// (scripts, navigation, elements named like comments, share bars or ads, ad units found by
// their "Advertisement" label), and text written between <br>s or loose in a <div>/<td>
// becomes paragraphs, so old table layouts and <br>-separated bodies score like <p>s.
import type * as cheerio from 'cheerio';

/** The little of domhandler's node shape we need (cheerio's nodes), without depending on it. */
export interface DomNode {
  type: string;
  name?: string;
  data?: string;
  parent: DomNode | null;
  children?: DomNode[];
}

const BOILERPLATE = 'script, style, noscript, template, iframe, svg, form, nav, header, footer, aside, button, select, [hidden], [aria-hidden="true"]';
const BOILERPLATE_NAME =
  /comment|disqus|discussion|replies|share|social|related|recirc|promo|advert|sponsor|outbrain|taboola|banner|\bads?\b|\bads?[-_]|[-_]ads?\b|\bpub\b|sidebar|\w+__rail\b|\brail\b|footer|menu|cookie|newsletter|subscribe|breadcrumb|tags?\b|author-box|popular|most-?read|trending|partners?\b/i;
/** A class or id token that starts like this names the content itself ("entry-content", "content-sidebar-wrap"). */
const CONTENT_TOKEN = /^(?:article|content|story|body|entry|post)/i;
/** The label an ad unit carries, in the languages we read (the whole text of an element). */
const AD_LABELS = new Set(['advertisement', 'advertising', 'advert', 'ad', 'ads', 'sponsored', 'publicité', 'publicite', 'pub', 'anzeige', 'реклама', 'إعلان', 'اعلان', 'إعلانات', 'اعلانات']);
/** An ad unit is small; a label inside a long container marks only itself. */
const MAX_AD_UNIT_CHARS = 500;

/** Elements whose loose text and <br> runs become paragraphs. */
const CONTAINERS = 'div, td, font, section, article, main, center, span, body';
/** Loose text inside these is already read as one block; wrapping it would count it twice. */
const BLOCK_ANCESTORS = 'p, li, dt, dd, th, h1, h2, h3, h4, h5, h6, pre, blockquote, caption, a, label';
const INLINE = new Set('a abbr b bdi bdo big cite code em font i img kbd mark q s small span strike strong sub sup time tt u var wbr'.split(' '));
const BREAKS_INLINE = 'br, p, div, table, ul, ol, li, h1, h2, h3, h4, h5, h6, pre, blockquote, section, article, dl, hr';

export function removeBoilerplate($: cheerio.CheerioAPI): void {
  $(BOILERPLATE).remove();
  $('[class], [id]').each((_, element) => {
    const tokens = `${$(element).attr('class') ?? ''} ${$(element).attr('id') ?? ''}`.split(/\s+/).filter(Boolean);
    if (tokens.some((token) => BOILERPLATE_NAME.test(token)) && !tokens.some((token) => CONTENT_TOKEN.test(token))) $(element).remove();
  });
  $('span, div, p, b, strong, small, em, i, font, h3, h4').each((_, element) => {
    const label = $(element);
    if (!label.parent().length) return;
    const text = label.text().replace(/[\s:.\-–—|]+/g, ' ').trim().toLowerCase();
    if (text.length > 16 || !AD_LABELS.has(text)) return;
    const unit = label.parent();
    if (unit.is('body, main, article') || unit.text().length > MAX_AD_UNIT_CHARS) label.remove();
    else unit.remove();
  });
}

function isInline($: cheerio.CheerioAPI, node: DomNode): boolean {
  if (node.type === 'text') return true;
  if (node.type !== 'tag' || !INLINE.has(node.name ?? '')) return false;
  return $(node as never).find(BREAKS_INLINE).length === 0;
}

/**
 * Wraps each run of inline content between <br>s and blocks of a container in its own <p>, then
 * turns the remaining <br>s into line breaks, so "a<br>b" reads as two words, not "ab".
 */
export function wrapLooseText($: cheerio.CheerioAPI): void {
  $(CONTAINERS).each((_, element) => {
    const container = element as DomNode;
    const children = container.children ?? [];
    const hasLooseText = children.some((child) => child.type === 'text' && (child.data ?? '').trim() !== '');
    const hasBreak = children.some((child) => child.type === 'tag' && child.name === 'br');
    if (!hasLooseText && !hasBreak) return;
    if ($(element).closest(BLOCK_ANCESTORS).length > 0) return;
    const runs: DomNode[][] = [[]];
    for (const child of [...children]) {
      if (isInline($, child)) runs[runs.length - 1]!.push(child);
      else runs.push([]);
    }
    for (const run of runs) {
      const text = run.map((node) => $(node as never).text()).join('');
      if (text.trim()) $(run as never[]).wrapAll('<p></p>');
    }
  });
  $('br').replaceWith('\n');
}
