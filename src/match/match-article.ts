// One article against the compiled watchlists: fields → plain text → words → phrase occurrences →
// entry outcomes → hits with the surface forms, a snippet and the reasons.
import { fieldText } from '../normalize/html-to-text.ts';
import { scanWords } from '../normalize/tokenize.ts';
import type { Hit, MatchInput } from '../types.ts';
import type { CompiledWatchlists } from './compile-watchlists.ts';
import { evaluateEntries, type CountedSpan, type EntryOutcome } from './evaluate-entries.ts';
import { FIELD_GAP, findPhrases, type Field, type Occurrence } from './find-phrases.ts';
import { makeSnippet } from './make-snippet.ts';

export interface Explanation {
  hits: Hit[];
  /** Entries that had a mention but did not match, with the reasons. */
  misses: Array<{ entry: string; why: string[] }>;
}

function addField(fields: Field[], compiled: CompiledWatchlists, name: Field['name'], value: string | null | undefined): void {
  const text = fieldText(value);
  if (text) fields.push({ name, text, tokens: scanWords(text, compiled.vocabulary), base: fields.length * FIELD_GAP });
}

/** The article's fields (title, then content) as plain text with their words. */
function articleFields(compiled: CompiledWatchlists, input: MatchInput): Field[] {
  const fields: Field[] = [];
  addField(fields, compiled, 'title', input.title);
  addField(fields, compiled, 'content', input.content);
  return fields;
}

/** Drops spans lying inside another counted span ("Mody" inside "Salifou Mody"). */
function outermost(spans: CountedSpan[]): CountedSpan[] {
  return spans.filter(
    (s, i) =>
      !spans.some(
        (o, j) => j !== i && o.field === s.field && o.pos <= s.pos && o.end >= s.end && (o.end - o.pos > s.end - s.pos || j < i),
      ),
  );
}

const MAX_WHY = 6;

function toHit(compiled: CompiledWatchlists, fields: Field[], outcome: EntryOutcome): Hit {
  const entry = compiled.entries[outcome.entry]!;
  if (outcome.spans.length === 1 && outcome.rejected.length === 0) {
    // Most hits are one mention and nothing rejected: the general path below gives exactly this,
    // with a dozen short-lived arrays and a Set per hit.
    const s = outcome.spans[0]!;
    const f = fields[s.field]!;
    const start = f.tokens.starts[s.pos - f.base]!;
    const end = f.tokens.ends[s.end - f.base]!;
    return { entry: entry.id, terms: [f.text.slice(start, end)], snippet: makeSnippet(f.text, start, end), priority: entry.priority, why: s.why === '' ? [] : [s.why] };
  }
  const spans = outermost(outcome.spans).sort((a, b) => a.pos - b.pos);
  const terms: string[] = [];
  for (const s of spans) {
    const f = fields[s.field]!;
    const term = f.text.slice(f.tokens.starts[s.pos - f.base], f.tokens.ends[s.end - f.base]);
    if (!terms.includes(term)) terms.push(term);
  }
  const shown = spans.find((s) => fields[s.field]!.name === 'content') ?? spans[0]!;
  const f = fields[shown.field]!;
  const snippet = makeSnippet(f.text, f.tokens.starts[shown.pos - f.base]!, f.tokens.ends[shown.end - f.base]!);
  const ruleWhy = outcome.spans.filter((s) => s.why.startsWith('rule: ')).map((s) => s.why);
  const why = [...new Set([...spans.map((s) => s.why), ...ruleWhy].filter((w) => w !== ''))].slice(0, MAX_WHY);
  // A mention that did not count is worth saying only when no counted mention covers it.
  const uncovered = outcome.rejected.filter((r) => !r.span || !spans.some((s) => s.field === r.span!.field && s.pos <= r.span!.pos && s.end >= r.span!.end));
  why.push(...uncovered.slice(0, Math.max(1, MAX_WHY - why.length)).map((r) => r.why));
  return { entry: entry.id, terms, snippet, priority: entry.priority, why };
}

function outcomesOf(compiled: CompiledWatchlists, input: MatchInput, explain: boolean): { fields: Field[]; outcomes: EntryOutcome[]; found: Map<number, Occurrence[]> } {
  const fields = articleFields(compiled, input);
  const near = new Map<number, Occurrence[]>();
  const found = findPhrases(compiled, fields, near);
  return { fields, found, outcomes: evaluateEntries(compiled, fields, found, explain, near) };
}

/**
 * The entries an article is about, by their own evidence: those that match, and those whose
 * context terms occur in it (the place to look for spellings the watchlist does not know yet).
 */
export function entriesInContext(compiled: CompiledWatchlists, input: MatchInput): { fields: Field[]; entries: Set<number> } {
  const { fields, outcomes, found } = outcomesOf(compiled, input, false);
  const entries = new Set<number>();
  const matched = new Set(outcomes.filter((o) => o.matched).map((o) => o.entry));
  const present = (op: { kind: string; phrase?: number; set?: number; entry?: number }): boolean =>
    op.kind === 'phrase' ? found.has(op.phrase!) : op.kind === 'set' ? compiled.sets[op.set!]!.phrases.some((p) => found.has(p)) : matched.has(op.entry!);
  compiled.entries.forEach((e, i) => {
    if (matched.has(i) || e.context?.operands.some(present)) entries.add(i);
  });
  return { fields, entries };
}

/** Hits and the near misses of one article, for `rasid watchlist test` and debugging. */
export function explainArticle(compiled: CompiledWatchlists, input: MatchInput): Explanation {
  const { fields, outcomes } = outcomesOf(compiled, input, true);
  const hits: Hit[] = [];
  const misses: Explanation['misses'] = [];
  for (const o of outcomes) {
    if (o.matched) hits.push(toHit(compiled, fields, o));
    else misses.push({ entry: compiled.entries[o.entry]!.id, why: o.rejected.map((r) => r.why) });
  }
  return { hits, misses };
}

/** The hits of one article, one per matched entry, in watchlist dependency order. */
export function matchArticle(compiled: CompiledWatchlists, input: MatchInput): Hit[] {
  const { fields, outcomes } = outcomesOf(compiled, input, false);
  const hits: Hit[] = [];
  for (const o of outcomes) if (o.matched) hits.push(toHit(compiled, fields, o));
  return hits;
}
