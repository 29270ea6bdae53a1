// The near-spelling part of word lookup (fuzzy-index.ts has the index): which text words are worth
// a probe, and the id entry of a word from its exact forms and the alias words it is near.
import { markStemsFar, probeFuzzy, type FuzzyIndex } from './fuzzy-index.ts';
import { hashCodes, type WordVocabulary } from './word-vocabulary.ts';

/** What fuzzyIds reads and writes of the tokenizer's output (see WordIds). */
export interface NearSink {
  ids: number[];
  formLists: number[][];
  fuzzy: number[];
  /** Scratch: the other forms' ranges (filled by the caller) and the candidates found. */
  ranges: number[];
  candidates: number[];
  /** Accepts only words that can begin a phrase (for a word after one with no form in the vocabulary). */
  starterOnly: ((id: number) => boolean) | null;
}

const ARABIC_PROBE_MIN = 6;

/**
 * Whether a word starting with the code unit `c` may be a misspelt name worth a fuzzy probe: in
 * Latin and Cyrillic text names are capitalised, and most words are not; Arabic has no case.
 */
export function mayBeName(c: number, size: number, x: FuzzyIndex): boolean {
  // Only scripts the index holds names in are probed (x.scripts: 1 Latin and others, 2 Arabic, 4 Cyrillic).
  if (c < 0x80) return (x.scripts & 1) !== 0 && c >= 0x41 && c <= 0x5a;
  // Arabic words are short and many are a letter from another: a word of five letters or fewer
  // is not probed (a six-letter Arabic name with a letter dropped is not found).
  if (c >= 0x0600 && c <= 0x06ff) return (x.scripts & 2) !== 0 && size >= ARABIC_PROBE_MIN;
  if (c >= 0x0400 && c <= 0x04ff) return (x.scripts & 4) !== 0 && c <= 0x042f;
  return (x.scripts & 1) !== 0 && ((c >= 0xc0 && c <= 0xde) || String.fromCharCode(c).toLowerCase() !== String.fromCharCode(c));
}

/**
 * The id entry of a word from its exact forms (`only`, or `list` when several) and the alias
 * words it is a near spelling of (itself, else its stems in out.ranges when `stems`).
 */
export function fuzzyIds(out: NearSink, v: WordVocabulary, codes: ArrayLike<number>, size: number, hash: number, afterMiss: boolean, stems: boolean, only: number, list: number[] | null): number {
  const x = v.fuzzy!;
  const found = out.candidates;
  found.length = 0;
  const accept = afterMiss ? (out.starterOnly ??= (id: number) => v.starter[id] === 1) : null;
  let near = probeFuzzy(x, v, codes, 0, size, hash, found, accept);
  if (near === 0 && stems) {
    const ranges = out.ranges;
    for (let k = 0; k < ranges.length && near === 0; k += 2) near = probeFuzzy(x, v, codes, ranges[k]!, ranges[k + 1]!, hashCodes(codes, ranges[k]!, ranges[k + 1]!), found, accept);
    if (near === 0) markStemsFar(x, hash, size);
  }
  // A near spelling of one of the word's own exact forms (وكونفوي is كونفوي with a clitic) is not one.
  if (only >= 0 && found.length > 0) {
    let kept = 0;
    for (let k = 0; k < found.length; k += 2)
      if (found[k] !== only && (list === null || !list.includes(found[k]!))) {
        found[kept++] = found[k]!;
        found[kept++] = found[k + 1]!;
      }
    found.length = kept;
  }
  if (found.length === 0) {
    if (list === null) return only;
    out.formLists.push(list);
    return -1 - out.formLists.length;
  }
  const index = out.ids.length;
  for (let k = 0; k < found.length; k += 2) out.fuzzy.push(index, found[k]!, found[k + 1]!);
  if (found.length === 2 && only < 0) return found[0]!;
  const ids = list ?? (only < 0 ? [] : [only]);
  for (let k = 0; k < found.length; k += 2) ids.push(found[k]!);
  out.formLists.push(ids);
  return -1 - out.formLists.length;
}

