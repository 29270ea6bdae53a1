// A tolerant XML tree: htmlparser2's tokenizer in XML mode never rejects input, so truncated
// downloads, bare ampersands, unclosed tags and undeclared prefixes still give a tree. We build
// our own small tree over its events to control what the tokenizer cannot: entity decoding (HTML
// and bounded DTD entities), nesting depth, node count, namespace resolution and xml:base.
// Element names are never used as object keys, so tags like `<__proto__>` are inert data.
import { Parser } from 'htmlparser2';
import { resolveUrl } from './resolve-url.ts';
import { type DeclaredEntities, decodeXmlText, entityWarnings, newEntityNotes } from './xml-entities.ts';

export interface XmlElement {
  type: 'element';
  /** The qualified name as written, e.g. `dc:date`. */
  name: string;
  /** Canonical name: known namespaces get their usual prefix (`dc:`, `atom:`…), RSS ones none. */
  key: string;
  local: string;
  attrs: Map<string, string>;
  children: XmlNode[];
  /** The base URL in effect for this element (xml:base, else the document's). */
  base: string | null;
}

export interface XmlText {
  type: 'text';
  text: string;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlTree {
  root: XmlElement;
  warnings: string[];
}

export const MAX_DEPTH = 256;
/**
 * htmlparser2 keeps its open-tag stack with Array#unshift, so each open tag costs O(depth): past
 * this many open tags we stop reading rather than go quadratic (20,000 nested tags ≈ 0.4 s).
 */
export const MAX_OPEN_TAGS = 5_000;
const CHUNK = 16 * 1024;
export const MAX_ELEMENTS = 200_000;

const NAMESPACES: Record<string, string> = {
  'http://www.w3.org/2005/atom': 'atom:',
  'http://purl.org/atom/ns#': 'atom:',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/dc/elements/1.1/': 'dc:',
  'http://purl.org/dc/terms/': 'dcterms:',
  'http://purl.org/rss/1.0/modules/content/': 'content:',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf:',
  'http://www.w3.org/1999/xhtml': 'xhtml:',
  'http://www.w3.org/xml/1998/namespace': 'xml:',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes:',
  'http://www.google.com/schemas/play-podcasts/1.0': 'googleplay:',
  'http://search.yahoo.com/mrss/': 'media:',
  'http://search.yahoo.com/mrss': 'media:',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner:',
  'http://www.pheedo.com/namespace/pheedo': 'pheedo:',
};

function canonicalPrefix(uri: string | undefined, prefix: string): string {
  if (uri === undefined) return prefix ? `${prefix}:` : '';
  const known = NAMESPACES[uri.toLowerCase()];
  if (known !== undefined) return known;
  // An unknown default namespace is treated as the feed's own vocabulary.
  return prefix ? `${prefix}:` : '';
}

const DOCTYPE = /<!DOCTYPE\s[^[>]*(?:\[([\s\S]*?)\]\s*)?>/i;
const ENTITY_DECL = /<!ENTITY\s+(%\s+)?([\w.-]+)\s+(?:(SYSTEM|PUBLIC)\b[^>]*|"([^"]*)"|'([^']*)')\s*>/g;

/** Removes the DOCTYPE (the tokenizer cannot read an internal subset) and keeps its simple entities. */
function takeDoctype(text: string, warnings: string[]): { text: string; entities: DeclaredEntities } {
  const entities: DeclaredEntities = { values: new Map(), budget: { remaining: 256 * 1024 } };
  const match = DOCTYPE.exec(text.slice(0, 64 * 1024));
  if (!match) return { text, entities };
  const subset = match[1] ?? '';
  let skipped = 0;
  for (const decl of subset.matchAll(ENTITY_DECL)) {
    const [, parameter, name, external, dq, sq] = decl;
    const value = dq ?? sq;
    if (parameter || external || value === undefined || !name) {
      skipped++;
      continue;
    }
    // Only entities whose text refers to no other entity: one level, so no exponential bomb.
    if (/&[A-Za-z_]/.test(value.replace(/&(amp|lt|gt|quot|apos);/g, '')) || value.length > 4096) {
      skipped++;
      continue;
    }
    entities.values.set(name, decodeXmlText(value, { values: new Map(), budget: { remaining: 0 } }, newEntityNotes()));
  }
  if (skipped) warnings.push(`ignored ${skipped} DTD entity declaration(s) that are external or refer to other entities`);
  const index = match.index;
  return { text: text.slice(0, index) + text.slice(index + match[0].length), entities };
}

/** Parses text as XML as far as it goes; never throws. */
export function parseXmlTree(input: string, documentBase: string | null): XmlTree {
  const warnings: string[] = [];
  const { text, entities } = takeDoctype(input, warnings);
  const notes = newEntityNotes();
  const root: XmlElement = { type: 'element', name: '#document', key: '#document', local: '#document', attrs: new Map(), children: [], base: documentBase };
  // One entry per open tag. Tags beyond the depth or element limit get no element of their own:
  // their entry points at the nearest real ancestor, which receives their text.
  const stack: Array<{ element: XmlElement; scope: Map<string, string> }> = [{ element: root, scope: new Map() }];
  let openName = '';
  let openAttrs = new Map<string, string>();
  let elementCount = 0;
  let tooDeep = false;
  let tooMany = false;
  let inCdata = false;
  let unclosed = false;
  let ending = false;

  const parser = new Parser(
    {
      onopentagname(name) {
        openName = name;
        openAttrs = new Map();
      },
      onattribute(name, value) {
        if (!openAttrs.has(name)) openAttrs.set(name, decodeXmlText(value, entities, notes));
      },
      onopentag() {
        const parent = stack[stack.length - 1] ?? { element: root, scope: new Map<string, string>() };
        let scope = parent.scope;
        for (const [attr, value] of openAttrs) {
          if (attr !== 'xmlns' && !attr.startsWith('xmlns:')) continue;
          if (scope === parent.scope) scope = new Map(scope);
          scope.set(attr === 'xmlns' ? '' : attr.slice(6), value);
        }
        const container = parent.element;
        if (stack.length > MAX_DEPTH || elementCount >= MAX_ELEMENTS) {
          tooDeep ||= stack.length > MAX_DEPTH;
          tooMany ||= elementCount >= MAX_ELEMENTS;
          stack.push({ element: container, scope });
          return;
        }
        elementCount++;
        const colon = openName.indexOf(':');
        const prefix = colon > 0 ? openName.slice(0, colon) : '';
        const local = colon > 0 ? openName.slice(colon + 1) : openName;
        const xmlBase = openAttrs.get('xml:base');
        const base = xmlBase !== undefined ? resolveUrl(xmlBase, container.base) ?? container.base : container.base;
        const element: XmlElement = {
          type: 'element',
          name: openName,
          key: canonicalPrefix(scope.get(prefix), prefix) + local,
          local,
          attrs: openAttrs,
          children: [],
          base,
        };
        container.children.push(element);
        stack.push({ element, scope });
      },
      onclosetag() {
        // Tags still open when the input ends are closed by end(): the document was cut short.
        unclosed ||= ending;
        if (stack.length > 1) stack.pop();
      },
      ontext(data) {
        const value = inCdata ? data : decodeXmlText(data, entities, notes);
        const container = stack[stack.length - 1]?.element ?? root;
        const last = container.children[container.children.length - 1];
        if (last?.type === 'text') last.text += value;
        else container.children.push({ type: 'text', text: value });
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  let stopped = false;
  for (let at = 0; at < text.length; at += CHUNK) {
    parser.write(text.slice(at, at + CHUNK));
    if (stack.length > MAX_OPEN_TAGS) {
      stopped = true;
      break;
    }
  }
  ending = true;
  parser.end();
  if (stopped) warnings.push(`more than ${MAX_OPEN_TAGS} elements are open at once (hostile nesting); stopped reading there`);

  if (inCdata) warnings.push('a CDATA section is not closed; read it to the end of the document');
  if (unclosed) warnings.push('some elements are never closed (a truncated download or broken markup); read what was there');
  if (tooDeep) warnings.push(`elements nested deeper than ${MAX_DEPTH} levels were flattened into their ancestor`);
  if (tooMany) warnings.push(`more than ${MAX_ELEMENTS} elements; the rest were read as text only`);
  warnings.push(...entityWarnings(notes));
  return { root, warnings };
}

// Helpers the feed mappers use to walk the tree.

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child.type === 'element');
}

/** The first direct child whose canonical key is one of `keys`, in the order of `keys`. */
export function firstChild(element: XmlElement, ...keys: string[]): XmlElement | undefined {
  const children = childElements(element);
  for (const key of keys) {
    const found = children.find((child) => child.key === key);
    if (found) return found;
  }
  return undefined;
}

/** All text inside an element, markup ignored. */
export function textOf(node: XmlNode): string {
  if (node.type === 'text') return node.text;
  let out = '';
  const walk = (element: XmlElement) => {
    for (const child of element.children) {
      if (child.type === 'text') out += child.text;
      else walk(child);
    }
  };
  walk(node);
  return out;
}
