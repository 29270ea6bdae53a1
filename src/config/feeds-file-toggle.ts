// Turns one feed of the feeds file on or off (`enabled:`), through the yaml Document API like the
// other feeds-file edits, so comments and layout stay. A feed is found by its id, written or
// derived from its address as a load derives it.
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { feedIdFromUrl } from './feeds-file.ts';

function idOf(node: YAMLMap): string | null {
  const id = node.get('id');
  if (typeof id === 'string') return id;
  const url = node.get('url');
  if (typeof url !== 'string') return null;
  try {
    return feedIdFromUrl(url);
  } catch {
    return null;
  }
}

/** The text with the feed's `enabled` set; null when no feed has this id. `enabled: true` is the default, so it is removed rather than written. */
export function setFeedEnabledInText(text: string, feedId: string, enabled: boolean): string | null {
  const doc = parseDocument(text);
  const seq = doc.get('feeds', true);
  if (!isSeq(seq)) return null;
  const node = seq.items.find((n): n is YAMLMap => isMap(n) && idOf(n) === feedId);
  if (!node) return null;
  if (enabled) node.delete('enabled');
  else node.set('enabled', false);
  return doc.toString({ lineWidth: 0 });
}
