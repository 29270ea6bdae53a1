// Suggestions for mistyped keys and ids: the closest known word within a small edit distance.

/** Edits (insert, delete, substitute, swap two neighbours) between two words: "hihg" is one swap from "high". */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(d);
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known word closest to `word`, if it is close enough to be a likely typo; failing that, a known
 * word that begins with it (`alias` for `aliases`, `libya-niger` for `libya-niger-russia`): a
 * singular or a shortened name is as likely a slip as a typo.
 */
export function didYouMean(word: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  let longer: string | null = null;
  const typed = word.toLowerCase();
  for (const k of known) {
    const lower = k.toLowerCase();
    const d = editDistance(typed, lower);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
    if (typed.length >= 4 && lower.startsWith(typed) && (longer === null || k.length < longer.length)) longer = k;
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return best !== null && bestDistance <= limit ? best : longer;
}
