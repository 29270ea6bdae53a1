// Edits of a watchlist file's text through the yaml Document API, so comments, key order and
// layout survive `rasid watchlist add/remove`. Each function takes the text and returns the new
// text, or a reason the edit cannot be made; the caller validates the result before writing it.
import { isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { foldWords } from '../normalize/tokenize.ts';
import type { Priority } from '../types.ts';

export type EditResult = { ok: true; text: string; note: string } | { ok: false; error: string };

type AliasKey = 'aliases' | 'ambiguous';

/** No line folding and no padding inside [ ]: an edited file looks like the hand-written one. */
const KEEP_LAYOUT = { lineWidth: 0, flowCollectionPadding: false } as const;

/** A line with its spacing made canonical (indentation kept): runs of blanks, blanks inside brackets and braces. */
const canonicalLine = (line: string) => {
  const indent = /^\s*/.exec(line)![0];
  return indent + line.slice(indent.length).replace(/\s+/g, ' ').replace(/([[{]) /g, '$1').replace(/ ([\]}])/g, '$1').trimEnd();
};

/**
 * The document as text, with every line the edit did not change taken verbatim from the original:
 * the yaml printer normalises spacing (`{ set: x }` → `{set: x}`, comment alignment) and an edit
 * should show up in a diff as the lines it touched only.
 */
export function render(doc: Document, original: string): string {
  const verbatim = new Map<string, string>();
  for (const line of original.split('\n')) {
    const key = canonicalLine(line);
    if (!verbatim.has(key)) verbatim.set(key, line);
  }
  return doc
    .toString(KEEP_LAYOUT)
    .split('\n')
    .map((line) => verbatim.get(canonicalLine(line)) ?? line)
    .join('\n');
}

function entryNode(doc: Document, id: string): YAMLMap | null {
  const entries = doc.get('entries', true);
  if (!isSeq(entries)) return null;
  for (const item of entries.items) if (isMap(item) && item.get('id') === id) return item;
  return null;
}

const sameTerm = (a: unknown, b: string) => typeof a === 'string' && foldWords(a).join(' ') === foldWords(b).join(' ');

function flowSeq(doc: Document, items: string[]): YAMLSeq {
  const seq = doc.createNode(items) as YAMLSeq;
  seq.flow = true;
  return seq;
}

/** Every alias string of an entry under `aliases` and `ambiguous`, with where it is. */
function aliasItems(entry: YAMLMap): Array<{ key: AliasKey; lang: string | null; value: string }> {
  const out: Array<{ key: AliasKey; lang: string | null; value: string }> = [];
  for (const key of ['aliases', 'ambiguous'] as const) {
    const node = entry.get(key, true);
    const collect = (n: unknown, lang: string | null) => {
      if (isSeq(n)) for (const x of n.items) collect(x, lang);
      else if (isScalar(n) && typeof n.value === 'string') out.push({ key, lang, value: n.value });
    };
    if (isMap(node)) for (const pair of node.items) collect(pair.value, isScalar(pair.key) ? String(pair.key.value) : null);
    else collect(node, null);
  }
  return out;
}

export function findsEntry(text: string, id: string): boolean {
  return entryNode(parseDocument(text), id) !== null;
}

export function addAlias(text: string, id: string, alias: string, opts: { lang?: string; ambiguous?: boolean }): EditResult {
  const doc = parseDocument(text);
  const entry = entryNode(doc, id);
  if (!entry) return { ok: false, error: `no entry "${id}" in this file` };
  const twin = aliasItems(entry).find((a) => sameTerm(a.value, alias));
  if (twin) return { ok: false, error: `"${alias}" is already listed for ${id} (as "${twin.value}" under ${twin.key}${twin.lang ? `.${twin.lang}` : ''})` };
  const key: AliasKey = opts.ambiguous ? 'ambiguous' : 'aliases';
  const node = entry.get(key, true);
  if (node === undefined) {
    entry.set(key, opts.lang ? doc.createNode({ [opts.lang]: flowSeq(doc, [alias]) }) : flowSeq(doc, [alias]));
  } else if (isMap(node)) {
    if (!opts.lang) return { ok: false, error: `${id}.${key} groups terms by language: say which with --lang (e.g. --lang ${String((node.items[0]?.key as { value?: unknown })?.value ?? 'en')})` };
    const list = node.get(opts.lang, true);
    if (isSeq(list)) list.add(doc.createNode(alias));
    else if (isScalar(list)) node.set(opts.lang, flowSeq(doc, [String(list.value), alias]));
    else node.set(opts.lang, flowSeq(doc, [alias]));
  } else if (isSeq(node)) node.add(doc.createNode(alias));
  else if (isScalar(node)) entry.set(key, flowSeq(doc, [String(node.value), alias]));
  else return { ok: false, error: `${id}.${key} has a shape rasid cannot edit; edit the file by hand` };
  return { ok: true, text: render(doc, text), note: `added ${opts.ambiguous ? 'ambiguous alias' : 'alias'} "${alias}"${opts.lang ? ` [${opts.lang}]` : ''} to ${id}` };
}

export interface NewEntry {
  id: string;
  name?: string;
  priority?: Priority;
  lang?: string;
  aliases: string[];
  ambiguous: string[];
}

export function addEntry(text: string, e: NewEntry): EditResult {
  const doc = parseDocument(text);
  if (entryNode(doc, e.id)) return { ok: false, error: `entry "${e.id}" already exists in this file; add aliases with \`rasid watchlist add ${e.id} --alias …\`` };
  let entries = doc.get('entries', true);
  if (!isSeq(entries)) {
    entries = doc.createNode([]) as YAMLSeq;
    doc.set('entries', entries);
  }
  const terms = (list: string[]) => (e.lang ? doc.createNode({ [e.lang]: flowSeq(doc, list) }) : flowSeq(doc, list));
  const node = new YAMLMap();
  node.set('id', e.id);
  if (e.name) node.set('name', e.name);
  if (e.priority) node.set('priority', e.priority);
  if (e.aliases.length) node.set('aliases', terms(e.aliases));
  if (e.ambiguous.length) node.set('ambiguous', terms(e.ambiguous));
  (entries as YAMLSeq).add(node);
  return { ok: true, text: render(doc, text), note: `added entry ${e.id}` };
}

export function removeAlias(text: string, id: string, alias: string): EditResult {
  const doc = parseDocument(text);
  const entry = entryNode(doc, id);
  if (!entry) return { ok: false, error: `no entry "${id}" in this file` };
  let removed = 0;
  for (const key of ['aliases', 'ambiguous'] as const) {
    const node = entry.get(key, true);
    const prune = (seq: YAMLSeq) => {
      const before = seq.items.length;
      seq.items = seq.items.filter((x) => !(isScalar(x) && sameTerm(x.value, alias)));
      removed += before - seq.items.length;
      return seq.items.length;
    };
    if (isSeq(node)) {
      if (prune(node) === 0) entry.delete(key);
    } else if (isScalar(node) && sameTerm(node.value, alias)) {
      entry.delete(key);
      removed++;
    } else if (isMap(node)) {
      for (const pair of [...node.items]) {
        const lang = isScalar(pair.key) ? pair.key.value : pair.key;
        if (isSeq(pair.value)) {
          if (prune(pair.value) === 0) node.delete(lang);
        } else if (isScalar(pair.value) && sameTerm(pair.value.value, alias)) {
          node.delete(lang);
          removed++;
        }
      }
      if (node.items.length === 0) entry.delete(key);
    }
  }
  if (removed === 0) {
    const known = aliasItems(entry).map((a) => `"${a.value}"`);
    return { ok: false, error: `"${alias}" is not an alias of ${id} (its aliases: ${known.join(', ') || 'none'})` };
  }
  return { ok: true, text: render(doc, text), note: `removed "${alias}" from ${id}${removed > 1 ? ` (${removed} places)` : ''}` };
}

export function removeEntry(text: string, id: string): EditResult {
  const doc = parseDocument(text);
  const entries = doc.get('entries', true);
  if (!isSeq(entries)) return { ok: false, error: `no entry "${id}" in this file` };
  const index = entries.items.findIndex((x) => isMap(x) && x.get('id') === id);
  if (index < 0) return { ok: false, error: `no entry "${id}" in this file` };
  entries.items.splice(index, 1);
  return { ok: true, text: render(doc, text), note: `removed entry ${id}` };
}
