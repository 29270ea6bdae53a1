// Edits of the recipients file (one recipient at a time) through the yaml Document API, so the
// operator's comments and layout survive: add, change, remove. A setting left empty in the form
// is removed from the recipient, which then takes the file's `defaults`. The caller validates the
// result (parseRecipients) before writing it.
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { Priority } from '../types.ts';
import { render } from '../watchlist/edit-watchlist.ts';

export const NEW_RECIPIENTS_FILE = `# Who gets which hits, when (see the README, "Digests and alerts"). Written by the Rasid web UI;
# edit by hand freely, comments are kept.
defaults:
  timeZone: UTC      # IANA zone: the digest hour and the dates shown
  hour: 7            # daily digest once the local hour has come; null: at every run
recipients: []
`;

/** What the form says about one recipient; `undefined` means "use the file's default" (the key is removed). */
export interface RecipientFields {
  address: string;
  entries: string[];
  watchlists: string[];
  /** A local hour, null for "at every run", undefined for the default. */
  hour?: number | null;
  timeZone?: string;
  minPriority?: Priority;
  alerts?: boolean;
  alertsInDigest?: boolean;
  sendEmpty?: boolean;
  maxPerEntry?: number;
}

export type RecipientEdit = { ok: true; text: string } | { ok: false; error: string };

const SETTINGS = ['hour', 'timeZone', 'minPriority', 'alerts', 'alertsInDigest', 'sendEmpty', 'maxPerEntry'] as const;

function recipientsSeq(doc: Document): YAMLSeq {
  let seq = doc.get('recipients', true);
  if (!isSeq(seq)) {
    seq = new YAMLSeq();
    doc.set('recipients', seq);
  }
  return seq as YAMLSeq;
}

function findRecipient(seq: YAMLSeq, address: string): YAMLMap | null {
  const key = address.trim().toLowerCase();
  for (const item of seq.items) if (isMap(item) && String(item.get('address') ?? '').trim().toLowerCase() === key) return item;
  return null;
}

/** The settings written for a recipient in the file (not the defaults it inherits), or null. */
export function recipientSettingsInText(text: string, address: string): Partial<RecipientFields> | null {
  const doc = parseDocument(text || NEW_RECIPIENTS_FILE);
  const node = findRecipient(recipientsSeq(doc), address);
  return node ? (node.toJSON() as Partial<RecipientFields>) : null;
}

/** Equal values; `undefined` (no key, the default) differs from `null` (hour: null, at every run). */
function same(a: unknown, b: unknown): boolean {
  return a === undefined || b === undefined ? a === b : JSON.stringify(a) === JSON.stringify(b);
}

/** The text with the recipient `original` (or a new one, when null) holding `fields`; unchanged keys keep their nodes. */
export function setRecipientInText(text: string, original: string | null, fields: RecipientFields): RecipientEdit {
  const doc = parseDocument(text || NEW_RECIPIENTS_FILE);
  const seq = recipientsSeq(doc);
  const address = fields.address.trim();
  let node = original === null ? null : findRecipient(seq, original);
  if (original !== null && !node) return { ok: false, error: `the file has no recipient ${original} any more` };
  const twin = findRecipient(seq, address);
  if (twin && twin !== node) return { ok: false, error: `${address} is already a recipient` };
  if (!node) {
    node = new YAMLMap();
    seq.flow = false;
    seq.add(node);
  }
  const before = node.toJSON() as Record<string, unknown>;
  if (!same(before.address, address)) node.set('address', address);
  for (const key of ['entries', 'watchlists'] as const) {
    if (same(before[key] ?? [], fields[key])) continue;
    if (fields[key].length === 0) node.delete(key);
    else {
      const list = doc.createNode(fields[key]) as YAMLSeq;
      list.flow = true;
      node.set(key, list);
    }
  }
  for (const key of SETTINGS) {
    if (same(before[key], fields[key])) continue;
    if (fields[key] === undefined) node.delete(key);
    else node.set(key, fields[key]);
  }
  // Lines the edit did not touch are kept as written (comment alignment included).
  return { ok: true, text: render(doc, text || NEW_RECIPIENTS_FILE) };
}

export function removeRecipientFromText(text: string, address: string): RecipientEdit {
  const doc = parseDocument(text);
  const seq = recipientsSeq(doc);
  const node = findRecipient(seq, address);
  if (!node) return { ok: false, error: `the file has no recipient ${address}` };
  seq.items.splice(seq.items.indexOf(node), 1);
  return { ok: true, text: render(doc, text) };
}
