// The normalised form of a text as one string (" w1 w2 … ", words folded and separated by single
// spaces, padded so a phrase is found as " phrase ") with, for every character of it, the offset
// of the original character it came from. The matcher itself works on tokenize()'s word arrays;
// this is the same normalisation for callers that want a string (dedup keys, tests, debugging).
import { tokenize } from './tokenize.ts';

export interface NormalizedText {
  text: string;
  /** offsets[i] is the original offset of text[i]; a separator maps to the end of the word before it. */
  offsets: number[];
}

export function normalizeText(original: string): NormalizedText {
  const perChar: number[][] = [];
  const tokens = tokenize(original, perChar);
  const parts: string[] = [' '];
  const offsets: number[] = [0];
  tokens.words.forEach((word, i) => {
    parts.push(word, ' ');
    offsets.push(...perChar[i]!, tokens.ends[i]!);
  });
  return { text: parts.join(''), offsets };
}
