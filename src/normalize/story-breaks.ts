// Live blogs and news roundups put several unrelated stories in one article, a line each, led by a
// time ("10:05 —", "14h15 :", "٠٩:٣٠") or a bullet. Words in two such entries are not "near" each
// other however few words apart they are: "Mody receives the Turkish ambassador in Niamey" and
// "Benghazi: the book fair opens" on the next line are not Mody's Benghazi trip.

/** A line that opens a live-blog or roundup entry: a clock time, or a bullet, then the entry. */
const ENTRY_START = /(?:^|[\n\r\u2028\u2029])[ \t\u00a0]*(?:[0-9\u0660-\u0669\u06f0-\u06f9]{1,2}[:h.][0-9\u0660-\u0669\u06f0-\u06f9]{2}(?![0-9\u0660-\u0669\u06f0-\u06f9%])|[•▪■●◆►▶]|\*\s)/gu;

/**
 * Per word, the number of the live-blog entry it belongs to (0 before the first), or null when the
 * text is not a run of entries (fewer than two entry lines): then nothing is split.
 * `starts` holds each word's offset in `text`, increasing.
 */
export function storyNumbers(text: string, starts: readonly number[]): Int32Array | null {
  const breaks: number[] = [];
  ENTRY_START.lastIndex = 0;
  for (let m = ENTRY_START.exec(text); m !== null; m = ENTRY_START.exec(text)) breaks.push(m.index);
  if (breaks.length < 2) return null;
  const out = new Int32Array(starts.length);
  let story = 0;
  for (let i = 0; i < starts.length; i++) {
    while (story < breaks.length && breaks[story]! <= starts[i]!) story++;
    out[i] = story;
  }
  return out;
}
