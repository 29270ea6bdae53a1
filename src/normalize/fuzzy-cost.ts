// How far apart two folded words are, as the press misspells names: a Damerau–Levenshtein distance
// (insert, delete, substitute, swap two neighbours) in which the edits transliteration habits
// produce cost less than arbitrary ones. Costs are in quarters of an edit, so "Yevkourov" is 2
// (half an edit: ou for u) from "Yevkurov" while "Agadez" is 4 (one full edit) from "Agadem".

/** One ordinary edit. */
export const EDIT = 4;
/** Latin/Cyrillic look-alikes: the same glyph typed from the other keyboard. */
const HOMOGLYPH = 1;
/** Letters that romanisation and Arabic spelling habits swap for one another. */
export const CONFUSION = 2;
/** One vowel for another (Haftar/Hefter): cheaper than a consonant, dearer than a known confusion. */
const VOWEL = 3;

const pairKey = (a: number, b: number) => (a < b ? a * 0x10000 + b : b * 0x10000 + a);
const SUBSTITUTION = new Map<number, number>();
function pairs(cost: number, groups: string[]): void {
  for (const g of groups)
    for (const a of g) for (const b of g) if (a !== b) SUBSTITUTION.set(pairKey(a.charCodeAt(0), b.charCodeAt(0)), cost);
}
// Latin ↔ Cyrillic look-alikes (folded, lower case).
pairs(HOMOGLYPH, ['aа', 'eе', 'oо', 'pр', 'cс', 'xх', 'yу', 'kк', 'mм', 'tт', 'hн', 'bв', 'iі', 'jј', 'sѕ']);
pairs(CONFUSION, [
  // Latin romanisations: w/v (German Jewkurow), i/y/j, k/c/q, s/z, f/v (Arabic ف for v), g/j (dj), u/w.
  'vwf', 'iyj', 'kcq', 'sz', 'gj', 'uw', 'ou',
  // Cyrillic spelling variants.
  'еэ', 'иыйі', 'шщ', 'ьъ',
  // Arabic: g written ق غ ج ك گ, v written ف ڤ ب, p written ب پ, and letters that sound alike in loanwords.
  'قغجكگ', 'فڤب', 'بپ', 'هح', 'تط', 'سص', 'دض', 'زذظ', 'عا', 'چج', 'ژز',
]);
const LATIN_VOWELS = 'aeiouy';
const VOWELS = new Set([...LATIN_VOWELS, ...'аеиоуыэюяё'].map((c) => c.charCodeAt(0)));
/** Arabic long vowels and Cyrillic signs: Arabic spellings of one foreign name differ mostly in these. */
const CHEAP_GAPS = new Set([...'اويьъйى'].map((c) => c.charCodeAt(0)));
const H = 0x68;
const C = 0x63;
const K = 0x6b;
const DIGRAPH_H = new Set([...'kscgzdtp'].map((c) => c.charCodeAt(0)));
const O = 0x6f;
const U = 0x75;
const E = 0x65;
const GLIDES = new Set([...'yijй'].map((c) => c.charCodeAt(0)));

function isVowel(c: number): boolean {
  return VOWELS.has(c);
}

export function substitutionCost(a: number, b: number): number {
  if (a === b) return 0;
  const known = SUBSTITUTION.get(pairKey(a, b));
  if (known !== undefined) return known;
  return isVowel(a) && isVowel(b) ? VOWEL : EDIT;
}

/**
 * The cost of a letter present in one spelling and absent from the other, at position i of `w`:
 * a doubled letter, the h of a digraph (kh/k, sh/s) or the k or c before it (kh/h, ch/h), the o of French ou, a glide before an initial
 * vowel (Yevkurov/Evkurov), a final e (Zeine/Zein), an Arabic long vowel or a Cyrillic sign.
 */
export function gapCost(w: ArrayLike<number>, n: number, i: number): number {
  const c = w[i]!;
  const before = i > 0 ? w[i - 1]! : 0;
  const after = i + 1 < n ? w[i + 1]! : 0;
  if (c === before || c === after) return CONFUSION;
  if (CHEAP_GAPS.has(c)) return CONFUSION;
  if (c === H && DIGRAPH_H.has(before)) return CONFUSION;
  // The other half of kh/ch: German and Polish write Arabic and Russian х as ch, English h alone (Chaftar/Haftar).
  if ((c === C || c === K) && after === H) return CONFUSION;
  if ((c === O && after === U) || (c === U && before === O)) return CONFUSION;
  if (i === 0 && GLIDES.has(c) && isVowel(after)) return CONFUSION;
  if (i === n - 1 && c === E && n > 3) return CONFUSION;
  return EDIT;
}

// Scratch rows for the distance table; words are short, and matching is synchronous.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * The weighted distance between a[0..n) and b[0..m), or a number above `max` as soon as it is
 * certain to exceed it (the table stops at a row whose every cell is over the bound).
 */
export function fuzzyCost(a: ArrayLike<number>, n: number, b: ArrayLike<number>, m: number, max: number): number {
  if (m + 1 > rows[0]!.length) rows = [new Int32Array(m + 16), new Int32Array(m + 16), new Int32Array(m + 16)];
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  prev[0] = 0;
  for (let j = 1; j <= m; j++) prev[j] = prev[j - 1]! + gapCost(b, m, j - 1);
  for (let i = 1; i <= n; i++) {
    const ai = a[i - 1]!;
    const gapA = gapCost(a, n, i - 1);
    cur[0] = prev[0]! + gapA;
    let rowMin = cur[0]!;
    for (let j = 1; j <= m; j++) {
      const bj = b[j - 1]!;
      let d = prev[j - 1]! + substitutionCost(ai, bj);
      const del = prev[j]! + gapA;
      if (del < d) d = del;
      const ins = cur[j - 1]! + gapCost(b, m, j - 1);
      if (ins < d) d = ins;
      if (i > 1 && j > 1 && ai === b[j - 2] && a[i - 2] === bj && ai !== bj) {
        const swap = prev2[j - 2]! + EDIT;
        if (swap < d) d = swap;
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m]!;
}

/**
 * The largest cost a text word may be from an alias word of `length` letters and still match it.
 * Up to six letters only spelling habits are tolerated (a known confusion, a doubled letter, a
 * dropped final e or Arabic long vowel), not an arbitrary edit or another vowel: "after" is one
 * edit from "Hafter", "réduit" one from "Redut", "Mady" a vowel from "Mody". Seven letters
 * tolerate one edit, eight and nine one and a half, ten and more two. Arabic words, shorter for
 * the same name, tolerate half as much.
 */
export function maxCostFor(length: number, arabic: boolean): number {
  if (length < FUZZY_MIN_LENGTH) return -1;
  // Arabic writes no short vowels: a letter of an Arabic word carries about what two Latin ones do,
  // and five-letter Arabic words are often a long vowel apart (كاتب/كتب): from six letters only.
  if (arabic) return length < ARABIC_MIN_LENGTH ? -1 : length <= 7 ? CONFUSION : length <= 9 ? EDIT : EDIT + CONFUSION;
  if (length <= 6) return CONFUSION;
  if (length === 7) return EDIT;
  if (length <= 9) return EDIT + CONFUSION;
  return 2 * EDIT;
}

/**
 * Alias words shorter than this never match fuzzily: at four letters and under nearly every edit
 * makes another real word (Mody/Modi/Moody, Zain/Zein). Measured on the labelled set: see
 * test/fixtures/labelled/README.md.
 */
export const FUZZY_MIN_LENGTH = 5;
const ARABIC_MIN_LENGTH = 6;

/**
 * A single alias word at least this long, matched within one edit, is distinctive enough to count
 * on its own (Yevkourov); shorter ones count only with the entry's context.
 */
export function strongLength(arabic: boolean): number {
  return arabic ? 7 : 8;
}

/** The most a single near-spelled word of `strongLength` may cost and still count alone. */
export function strongCost(arabic: boolean): number {
  return arabic ? CONFUSION : EDIT;
}

/** The cost as a person reads it: "1", "0.5", "1.5". */
export function costInEdits(cost: number): string {
  return String(cost / EDIT);
}
