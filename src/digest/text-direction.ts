// Arabic snippets inside a left-to-right mail (and Latin names inside Arabic text) must keep their own
// direction without reordering the text around them: HTML gets `dir` plus <bdi>, plain text gets
// Unicode isolates (FSI … PDI), which most mail clients honour.

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'ckb', 'dv']);
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const STRONG_LTR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f]/;

export type Direction = 'rtl' | 'ltr';

/** Direction from the first strong character, falling back to the language tag. */
export function directionOf(text: string, language?: string | null): Direction {
  for (const ch of text) {
    if (STRONG_RTL.test(ch)) return 'rtl';
    if (STRONG_LTR.test(ch)) return 'ltr';
  }
  const lang = (language ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr';
}

/** First-strong isolate for the plain-text part. */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
