// What the compiler made of an entry's aliases beyond the spellings written: the generated
// variants and the names that match near spellings, for `rasid watchlist show ID --variants`.
import { costInEdits, FUZZY_MIN_LENGTH, maxCostFor, strongCost, strongLength } from '../normalize/fuzzy-cost.ts';
import { hasKey } from '../normalize/fuzzy-index.ts';
import { hashCodes } from '../normalize/word-vocabulary.ts';
import type { CompiledWatchlists } from './compile-watchlists.ts';

export interface EntryVariants {
  generated: Array<{ kind: string; spelling: string; from: string; needsContext: boolean }>;
  /** Alias words that match near spellings, the most edits they allow, and whether a near spelling counts alone. */
  fuzzy: Array<{ word: string; maxDistance: number; alone: boolean }>;
}

export function describeVariants(compiled: CompiledWatchlists, id: string): EntryVariants | null {
  const e = compiled.entries.find((x) => x.id === id);
  if (!e) return null;
  const words = (p: number) => compiled.phrases[p]!.forms.map((f) => f[0]!);
  const generated = [...e.aliases, ...e.ambiguous, ...e.partial]
    .filter((a) => a.variant !== null)
    .map((a) => ({ kind: a.variant!, spelling: words(a.phrase).join(' '), from: a.text, needsContext: a.weak || e.ambiguous.includes(a) }));
  const fuzzy: EntryVariants['fuzzy'] = [];
  const x = compiled.vocabulary.fuzzy;
  const seen = new Set<string>();
  // Single words first: a word that is an alias on its own is described as such.
  const aliases = [...e.aliases, ...e.ambiguous].sort((a, b) => compiled.phrases[a.phrase]!.forms.length - compiled.phrases[b.phrase]!.forms.length);
  for (const a of aliases) {
    if (compiled.fuzzyPhrase[a.phrase] !== 1 || x === null) continue;
    const ws = words(a.phrase);
    for (const w of ws) {
      if (w.length < FUZZY_MIN_LENGTH || seen.has(w) || !hasKey(x, hashOf(w))) continue;
      seen.add(w);
      const arabic = /[\u0600-\u06ff]/.test(w);
      const alone = !e.ambiguous.includes(a) && (ws.length > 1 || (w.length >= strongLength(arabic)));
      fuzzy.push({ word: w, maxDistance: Number(costInEdits(ws.length > 1 || !alone ? maxCostFor(w.length, arabic) : strongCost(arabic))), alone });
    }
  }
  return { generated, fuzzy };
}

/** A word is in the near-spelling index when its own hash is one of the index's keys. */
function hashOf(w: string): number {
  return hashCodes(Array.from(w, (c) => c.charCodeAt(0)), 0, w.length);
}
