// Splits a snippet into plain and matched pieces, so each renderer can escape the text and mark the
// terms its own way (HTML <mark>, plain-text asterisks). Longer terms win where terms overlap.
// A term is marked as a whole word ("Niger" not inside "Nigerien") when it occurs as one; only a
// term found nowhere as a whole word (a stem, an Arabic form with a clitic attached) is marked inside words.

export interface Segment {
  text: string;
  match: boolean;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WHOLE = (term: string) => `(?<![\\p{L}\\p{N}\\p{M}])${escapeRegExp(term)}(?![\\p{L}\\p{N}\\p{M}])`;

export function highlightSegments(snippet: string, terms: string[]): Segment[] {
  const unique = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (unique.length === 0 || snippet.length === 0) return snippet ? [{ text: snippet, match: false }] : [];
  const alternatives = unique.map((term) =>
    new RegExp(WHOLE(term), 'iu').test(snippet) ? WHOLE(term) : escapeRegExp(term),
  );
  const pattern = new RegExp(alternatives.join('|'), 'giu');
  const segments: Segment[] = [];
  let last = 0;
  for (const m of snippet.matchAll(pattern)) {
    const start = m.index ?? 0;
    if (m[0].length === 0) continue;
    if (start > last) segments.push({ text: snippet.slice(last, start), match: false });
    segments.push({ text: m[0], match: true });
    last = start + m[0].length;
  }
  if (last < snippet.length) segments.push({ text: snippet.slice(last), match: false });
  return segments;
}
