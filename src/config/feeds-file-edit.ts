// Edits the feeds file in place for `rasid feeds add|remove|import-opml`, through the yaml
// Document API so that the operator's comments and layout survive. Every edit is validated with
// the same schema as a normal load before it is written, and written atomically (temp + rename).
import fs from 'node:fs';
import path from 'node:path';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { ConfigError } from '../errors.ts';
import type { HtmlSelectors } from '../types.ts';
import { feedIdFromUrl, feedsFileSchema } from './feeds-file.ts';
import { formatProblem, parseYamlText, replaceFileAtomically } from '../yaml-file.ts';

export interface NewFeedEntry {
  url: string;
  id?: string;
  title?: string;
  language?: string;
  kind?: 'rss' | 'html';
  interval?: number;
  selectors?: HtmlSelectors;
  verified?: boolean;
  note?: string;
}

export interface AddResult {
  text: string;
  added: Array<{ id: string; url: string }>;
  skipped: Array<{ url: string; reason: string }>;
}

const EMPTY_FILE = '# Feeds Rasid fetches. The smallest entry is `- url: https://…`; see README "Feeds file".\nfeeds: []\n';

function feedsSeq(doc: Document): YAMLSeq {
  let seq = doc.get('feeds', true);
  if (!isSeq(seq)) {
    seq = doc.createNode([]) as YAMLSeq;
    doc.set('feeds', seq);
  }
  const list = seq as YAMLSeq;
  // An empty `feeds: []` is a flow sequence; entries added to it read better in block style.
  if (list.items.length === 0) list.flow = false;
  return list;
}

function entryOf(node: unknown): { id: string; url: string } | null {
  if (!isMap(node)) return null;
  const map = node as YAMLMap;
  const url = map.get('url');
  if (typeof url !== 'string') return null;
  const id = map.get('id');
  let derived: string;
  try {
    derived = typeof id === 'string' ? id : feedIdFromUrl(url);
  } catch {
    derived = url;
  }
  return { id: derived, url };
}

export function addFeedsToText(text: string, entries: NewFeedEntry[]): AddResult {
  const doc = parseDocument(text || EMPTY_FILE);
  const seq = feedsSeq(doc);
  const existing = seq.items.map(entryOf).filter((e): e is { id: string; url: string } => e !== null);
  const result: AddResult = { text, added: [], skipped: [] };
  for (const entry of entries) {
    let id: string;
    try {
      id = entry.id ?? feedIdFromUrl(entry.url);
    } catch {
      result.skipped.push({ url: entry.url, reason: 'not a valid web address' });
      continue;
    }
    if (existing.some((e) => e.url === entry.url)) {
      result.skipped.push({ url: entry.url, reason: 'already in the feeds file' });
      continue;
    }
    if (existing.some((e) => e.id === id)) {
      result.skipped.push({ url: entry.url, reason: `the id "${id}" is taken; pass another with --id` });
      continue;
    }
    const fields: Record<string, unknown> = { url: entry.url };
    if (entry.id) fields.id = entry.id;
    for (const key of ['title', 'language', 'kind', 'interval', 'selectors', 'verified', 'note'] as const)
      if (entry[key] !== undefined) fields[key] = entry[key];
    seq.add(doc.createNode(fields));
    existing.push({ id, url: entry.url });
    result.added.push({ id, url: entry.url });
  }
  result.text = doc.toString({ lineWidth: 0 });
  return result;
}

export function removeFeedFromText(text: string, idOrUrl: string): { text: string; removed: { id: string; url: string } | null } {
  const doc = parseDocument(text);
  const seq = doc.get('feeds', true);
  if (!isSeq(seq)) return { text, removed: null };
  const index = seq.items.findIndex((node) => {
    const e = entryOf(node);
    return e !== null && (e.id === idOrUrl || e.url === idOrUrl);
  });
  if (index < 0) return { text, removed: null };
  const removed = entryOf(seq.items[index])!;
  seq.items.splice(index, 1);
  return { text: doc.toString({ lineWidth: 0 }), removed };
}

/** Checks an edited file as a load would, then replaces the file atomically. */
export function writeFeedsFile(file: string, text: string): void {
  const checked = parseYamlText(text, file, feedsFileSchema);
  if (!checked.ok) throw new ConfigError(checked.problems.map(formatProblem));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  replaceFileAtomically(file, text);
}

export function readFeedsFileText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}
