// One watchlist entry as a form sees it (plain fields, term lists as lines) and back into the
// file's text through the yaml Document API. Only the keys whose content changed are rewritten,
// so comments and layout elsewhere in the file, and on every unchanged key, survive; the result is
// validated by the caller (readWatchlistTexts) before anything is written.
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { PRIORITIES, type Priority } from '../types.ts';
import { render, type EditResult } from './edit-watchlist.ts';

/** Lines per language key; '' holds terms listed without a language. */
export type TermLines = Record<string, string[]>;

export interface ScopeFields {
  /** A term per line; `set: NAME` and `entry: ID` lines are references. */
  terms: string[];
  /** Empty for the default (anywhere in the article for context, the same words for exclusions). */
  within: string;
}

export interface EntryFields {
  id: string;
  name: string;
  /** '' leaves the file's default priority. */
  priority: Priority | '';
  note: string;
  aliases: TermLines;
  ambiguous: TermLines;
  context: ScopeFields;
  exclude: ScopeFields;
  /** The rule as YAML text ('' for none). */
  rule: string;
}

export const EMPTY_ENTRY: EntryFields = {
  id: '',
  name: '',
  priority: '',
  note: '',
  aliases: {},
  ambiguous: {},
  context: { terms: [], within: '' },
  exclude: { terms: [], within: '' },
  rule: '',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRef = (v: unknown): v is { set: string } | { entry: string } => isObject(v) && Object.keys(v).length === 1 && (typeof v.set === 'string' || typeof v.entry === 'string');

function lineOf(v: unknown): string {
  if (isRef(v)) return 'set' in v ? `set: ${v.set}` : `entry: ${v.entry}`;
  return String(v);
}

function listLines(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(lineOf);
}

/** A term list (string, list, or language map) as lines per language. */
function termLines(v: unknown): TermLines {
  if (isObject(v) && !isRef(v)) return Object.fromEntries(Object.entries(v).map(([lang, x]) => [lang, listLines(x)]));
  const lines = listLines(v);
  return lines.length ? { '': lines } : {};
}

function scopeFields(v: unknown): ScopeFields {
  if (isObject(v) && !isRef(v) && ('terms' in v || 'within' in v)) {
    return { terms: Object.values(termLines(v.terms)).flat(), within: v.within === undefined ? '' : String(v.within) };
  }
  return { terms: Object.values(termLines(v)).flat(), within: '' };
}

function entryNode(doc: Document, id: string): YAMLMap | null {
  const entries = doc.get('entries', true);
  if (!isSeq(entries)) return null;
  for (const item of entries.items) if (isMap(item) && item.get('id') === id) return item;
  return null;
}

/** The form fields of an entry as written in the file, or null when the file has no such entry. */
export function readEntryFields(text: string, id: string): EntryFields | null {
  const doc = parseDocument(text);
  const node = entryNode(doc, id);
  if (!node) return null;
  const raw = node.toJSON() as Record<string, unknown>;
  const ruleNode = node.get('rule', true);
  return {
    id,
    name: typeof raw.name === 'string' ? raw.name : '',
    priority: (PRIORITIES as readonly string[]).includes(String(raw.priority)) ? (raw.priority as Priority) : '',
    note: typeof raw.note === 'string' ? raw.note : '',
    aliases: termLines(raw.aliases),
    ambiguous: termLines(raw.ambiguous),
    context: scopeFields(raw.context),
    exclude: scopeFields(raw.exclude),
    rule: ruleNode === undefined ? '' : ruleText(ruleNode, text),
  };
}

/** The rule as written in the file (its own lines, comments included, de-indented), for the rule box. */
function ruleText(node: unknown, source: string): string {
  const range = (node as { range?: [number, number, number] }).range;
  if (range) {
    const column = range[0] - (source.lastIndexOf('\n', range[0] - 1) + 1);
    const lines = source.slice(range[0], range[2]).trimEnd().split('\n');
    return lines.map((l, i) => (i === 0 ? l : l.slice(Math.min(column, l.length - l.trimStart().length)))).join('\n');
  }
  const doc = parseDocument('');
  doc.contents = node as never;
  return doc.toString({ lineWidth: 0 }).trimEnd();
}

const clean = (lines: string[]) => lines.map((l) => l.trim()).filter(Boolean);
const sameLines = (a: TermLines, b: TermLines) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => clean(a[k] ?? []).length || clean(b[k] ?? []).length));
  return [...keys].every((k) => JSON.stringify(clean(a[k] ?? [])) === JSON.stringify(clean(b[k] ?? [])));
};

/** A line as YAML: a reference map, or the term itself. */
function termValue(line: string): unknown {
  const ref = /^\{?\s*(set|entry)\s*:\s*([^{}\s]+)\s*\}?$/.exec(line);
  return ref ? { [ref[1]!]: ref[2] } : line;
}

function flowList(doc: Document, lines: string[]): YAMLSeq {
  const seq = doc.createNode(lines.map(termValue)) as YAMLSeq;
  seq.flow = true;
  for (const item of seq.items) if (isMap(item)) item.flow = true;
  return seq;
}

function termNode(doc: Document, lines: TermLines, what: string): { node: unknown } | { error: string } {
  const langs = Object.entries(lines).map(([k, v]) => [k.trim(), clean(v)] as const).filter(([, v]) => v.length);
  const plain = langs.find(([k]) => k === '');
  if (plain && langs.length > 1) return { error: `${what}: list every term under a language, or all of them under "any language" (one file entry cannot mix both)` };
  if (plain) return { node: flowList(doc, plain[1]) };
  const map = new YAMLMap();
  map.flow = false;
  for (const [lang, v] of langs) map.set(lang, flowList(doc, v));
  return { node: map };
}

function withinValue(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^\d+$/.test(t) ? Number(t) : t;
}

function scopeNode(doc: Document, scope: ScopeFields): unknown {
  const terms = flowList(doc, clean(scope.terms));
  const within = withinValue(scope.within);
  if (within === undefined) return terms;
  const map = new YAMLMap();
  map.flow = true;
  map.set('terms', terms);
  map.set('within', within);
  return map;
}

const sameScope = (a: ScopeFields, b: ScopeFields) => JSON.stringify(clean(a.terms)) === JSON.stringify(clean(b.terms)) && a.within.trim() === b.within.trim();

/** Sets or removes one key of the entry; `value` undefined removes it. */
function put(entry: YAMLMap, key: string, value: unknown): void {
  if (value === undefined) entry.delete(key);
  else entry.set(key, value);
}

/**
 * The file's text with the entry `originalId` (or a new entry, when it is null) holding `fields`.
 * Keys whose content did not change keep their nodes, and so their comments and layout.
 */
export function applyEntryFields(text: string, originalId: string | null, fields: EntryFields): EditResult {
  const doc = parseDocument(text || 'entries: []\n');
  const id = fields.id.trim();
  if (!id) return { ok: false, error: 'the entry needs an id (lower-case letters, digits and dashes, e.g. mody-benghazi-trip)' };
  let entry = originalId === null ? null : entryNode(doc, originalId);
  if (originalId !== null && !entry) return { ok: false, error: `the file has no entry "${originalId}" any more` };
  if ((originalId === null || originalId !== id) && entryNode(doc, id)) return { ok: false, error: `an entry "${id}" already exists in this file` };
  const before = originalId === null ? EMPTY_ENTRY : readEntryFields(text, originalId)!;
  if (!entry) {
    let entries = doc.get('entries', true);
    if (!isSeq(entries)) {
      entries = new YAMLSeq();
      doc.set('entries', entries);
    }
    (entries as YAMLSeq).flow = false;
    entry = new YAMLMap();
    (entries as YAMLSeq).add(entry);
  }
  if (before.id !== id) entry.set('id', id);
  if (before.name !== fields.name.trim()) put(entry, 'name', fields.name.trim() || undefined);
  if (before.note !== fields.note.trim()) put(entry, 'note', fields.note.trim() || undefined);
  if (before.priority !== fields.priority) put(entry, 'priority', fields.priority || undefined);
  for (const key of ['aliases', 'ambiguous'] as const) {
    if (sameLines(before[key], fields[key])) continue;
    const empty = Object.values(fields[key]).every((l) => clean(l).length === 0);
    if (empty) {
      entry.delete(key);
      continue;
    }
    const made = termNode(doc, fields[key], key === 'aliases' ? 'aliases' : 'ambiguous aliases');
    if ('error' in made) return { ok: false, error: made.error };
    entry.set(key, made.node);
  }
  for (const key of ['context', 'exclude'] as const) {
    if (sameScope(before[key], fields[key])) continue;
    put(entry, key, clean(fields[key].terms).length ? scopeNode(doc, fields[key]) : undefined);
  }
  if (before.rule.trim() !== fields.rule.trim()) {
    if (!fields.rule.trim()) entry.delete('rule');
    else {
      const rule = parseDocument(fields.rule);
      if (rule.errors.length) return { ok: false, error: `the rule is not valid YAML: ${rule.errors[0]!.message.split('\n')[0]}` };
      entry.set('rule', rule.contents);
    }
  }
  return { ok: true, text: render(doc, text), note: originalId === null ? `added entry ${id}` : `saved entry ${id}` };
}
