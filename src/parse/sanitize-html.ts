// Feed HTML is untrusted. An allowlist sanitizer (feedparser's model, see reliability-facts §5):
// known-harmless elements and attributes are kept, scripts, frames, plugins and forms are dropped
// with their content, other elements are unwrapped (their text kept), URLs are resolved and must
// use a web or mail scheme, and `style` keeps only plain layout properties without URLs.
// It streams over htmlparser2's tokenizer: linear time, no recursion, whatever the nesting.
import { Parser } from 'htmlparser2';
import { resolveUrl } from './resolve-url.ts';

const ALLOWED = new Set(
  ('a abbr acronym address article aside audio b bdi bdo big blockquote br caption center cite code col colgroup ' +
    'dd del details dfn dir div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd ' +
    'label li main map mark nav ol p picture pre q rp rt ruby s samp section small span strike strong sub summary ' +
    'sup table tbody td tfoot th thead time tr tt u ul var video wbr area').split(' '),
);
/** Elements whose content is code, a plugin, a frame or a form control: removed entirely. */
const DROPPED = new Set(
  ('script style noscript iframe frame frameset object embed applet noembed noframes template textarea select button ' +
    'input option head meta link base param xml form isindex keygen marquee bgsound').split(' '),
);
const VOID = new Set('area base br col embed hr img input keygen link meta param source track wbr isindex frame'.split(' '));
/** Names of HTML elements (kept, dropped, or known and unwrapped), as opposed to made-up tags. */
const OTHER_ELEMENTS = new Set('html body source track svg math canvas dialog menu output progress meter slot data fieldset legend optgroup datalist search hgroup'.split(' '));
export const isHtmlElement = (name: string) => ALLOWED.has(name) || DROPPED.has(name) || VOID.has(name) || OTHER_ELEMENTS.has(name);
const ALLOWED_ATTRS = new Set(
  ('abbr align alt border cellpadding cellspacing char charoff cite clear color cols colspan controls coords datetime ' +
    'dir face headers height href hreflang hspace lang longdesc loop muted noshade nowrap poster rel rev rowspan ' +
    'rules scope shape size span src start summary title type valign value vspace width reversed xml:lang').split(' '),
);
const URL_ATTRS = new Set(['href', 'src', 'cite', 'longdesc', 'poster']);
const STYLE_PROPERTIES = new Set(
  ('azimuth background-color border-bottom-color border-collapse border-color border-left-color border-right-color ' +
    'border-top-color clear color cursor direction display elevation float font font-family font-size font-style ' +
    'font-variant font-weight height letter-spacing line-height overflow pause pause-after pause-before pitch ' +
    'pitch-range richness speak speak-header speak-numeral speak-punctuation speech-rate stress text-align ' +
    'text-decoration text-indent unicode-bidi vertical-align voice-family volume white-space width border ' +
    'border-bottom border-left border-right border-top border-style border-width margin margin-bottom margin-left ' +
    'margin-right margin-top padding padding-bottom padding-left padding-right padding-top list-style-type').split(' '),
);
const BLOCK = new Set(
  'address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul'.split(' '),
);

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** Keeps the declarations of a style attribute that are plain layout: no URL, no expression, no escapes. */
export function cleanStyle(style: string): string {
  const kept: string[] = [];
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (!STYLE_PROPERTIES.has(property) || !value) continue;
    if (/url|expression|javascript|behaviou?r|binding|import|[\\<>@&{}]|\/\*/i.test(value)) continue;
    if (!/^[-\w\s#.,%'"!()/+]*$/.test(value)) continue;
    kept.push(`${property}: ${value}`);
  }
  return kept.join('; ');
}

interface Frame {
  name: string;
  mode: 'emit' | 'unwrap' | 'drop';
}

/** Open elements beyond which the rest of a fragment is dropped (see MAX_OPEN_TAGS in xml-tree.ts). */
export const MAX_HTML_DEPTH = 1_000;
const CHUNK = 16 * 1024;

/** Streams `html` through the handlers; false when it stopped early at hostile nesting. */
function tokenize(html: string, handlers: {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}): boolean {
  let depth = 0;
  const parser = new Parser(
    {
      onopentag: (name, attrs) => {
        depth++;
        handlers.open(name, attrs);
      },
      onclosetag: (name) => {
        depth--;
        handlers.close(name);
      },
      ontext: (text) => handlers.text(text),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  let complete = true;
  for (let at = 0; at < html.length; at += CHUNK) {
    parser.write(html.slice(at, at + CHUNK));
    if (depth > MAX_HTML_DEPTH) {
      complete = false;
      break;
    }
  }
  parser.end();
  return complete;
}

/** Safe HTML from untrusted HTML; relative URLs resolved against `base`. */
export function sanitizeHtml(html: string, base: string | null = null, warn?: (problem: string) => void): string {
  let out = '';
  const stack: Frame[] = [];
  let dropping = 0;
  const complete = tokenize(html, {
    open(name, attrs) {
      if (dropping > 0 || DROPPED.has(name)) {
        if (!VOID.has(name)) dropping++;
        stack.push({ name, mode: 'drop' });
        return;
      }
      if (!ALLOWED.has(name)) {
        stack.push({ name, mode: 'unwrap' });
        return;
      }
      let tag = `<${name}`;
      for (const [attr, raw] of Object.entries(attrs)) {
        if (!ALLOWED_ATTRS.has(attr) && attr !== 'style') continue;
        let value: string | null = raw;
        if (attr === 'style') value = cleanStyle(raw) || null;
        else if (URL_ATTRS.has(attr)) value = resolveUrl(raw, base);
        if (value !== null) tag += ` ${attr}="${escapeAttr(value)}"`;
      }
      out += VOID.has(name) ? `${tag} />` : `${tag}>`;
      stack.push({ name, mode: 'emit' });
    },
    close(name) {
      const frame = stack.pop();
      if (!frame) return;
      if (frame.mode === 'drop') {
        if (!VOID.has(frame.name)) dropping--;
      } else if (frame.mode === 'emit' && !VOID.has(name)) {
        out += `</${frame.name}>`;
      }
    },
    text(text) {
      if (dropping === 0) out += escapeText(text);
    },
  });
  if (!complete) warn?.(`HTML nested more than ${MAX_HTML_DEPTH} levels deep; kept the part before it`);
  return out.trim();
}

/** The readable text of untrusted HTML: no markup, entities decoded, scripts and styles dropped. */
export function htmlToText(html: string, { singleLine = false } = {}): string {
  let out = '';
  let dropping = 0;
  const stack: string[] = [];
  tokenize(html, {
    open(name) {
      stack.push(name);
      if (dropping > 0 || DROPPED.has(name)) {
        if (!VOID.has(name)) dropping++;
        stack[stack.length - 1] = `#drop:${name}`;
        return;
      }
      if (BLOCK.has(name)) out += '\n';
    },
    close(name) {
      const top = stack.pop();
      if (top?.startsWith('#drop:')) {
        if (!VOID.has(name)) dropping--;
        return;
      }
      if (BLOCK.has(name)) out += '\n';
    },
    text(text) {
      if (dropping === 0) out += text;
    },
  });
  if (singleLine) return out.replace(/\s+/g, ' ').trim();
  return out.replace(/[ \t\f\v\r]+/g, ' ').replace(/ *\n[\s]*/g, '\n').trim();
}
