// The sample feeds were written with dates in November 2026. Served as written, a demo run months
// later would file every item under "old" and list every sample feed as silent in the digest's
// source-health section. `rasid demo` therefore serves them moved forward by whole days, so the
// newest item is less than a day old and every date keeps its weekday, time and zone offset.
const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// RFC 822 (`Tue, 24 Nov 2026 19:40:00 +0200`) and ISO 8601 with a zone (`2026-11-24T09:15:00+03:00`).
const RFC822 = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d\d):(\d\d):(\d\d) (GMT|UT|Z|[+-]\d{4})\b/g;
const ISO = /\b(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(Z|[+-]\d\d:\d\d)/g;

const pad = (n: number) => String(n).padStart(2, '0');

/** Minutes east of UTC for `+0200`, `+02:00`, `Z`, `GMT`. */
function offsetMinutes(zone: string): number {
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** The wall-clock fields of an instant in a zone, as UTC getters of a moved Date. */
function wallClock(ms: number, zone: string): Date {
  return new Date(ms + offsetMinutes(zone) * 60_000);
}

function instants(text: string): number[] {
  const found: number[] = [];
  for (const m of text.matchAll(RFC822)) {
    const [, d, mon, y, hh, mm, ss, zone] = m;
    found.push(Date.UTC(+y!, MONTHS.indexOf(mon!), +d!, +hh!, +mm!, +ss!) - offsetMinutes(zone!) * 60_000);
  }
  for (const m of text.matchAll(ISO)) {
    const [, y, mo, d, hh, mm, ss, zone] = m;
    found.push(Date.UTC(+y!, +mo! - 1, +d!, +hh!, +mm!, +ss!) - offsetMinutes(zone!) * 60_000);
  }
  return found;
}

/** Whole days to add so that the newest date of all the texts falls within the day before `now`. */
export function daysToShift(texts: string[], now: Date): number {
  const newest = Math.max(...texts.flatMap(instants));
  return Number.isFinite(newest) ? Math.floor((now.getTime() - newest) / DAY_MS) : 0;
}

/** Every date in `text` moved by `days`, written as before. Works on latin1 text, so any ASCII-compatible encoding survives. */
export function shiftDates(text: string, days: number): string {
  if (days === 0) return text;
  const by = days * DAY_MS;
  return text
    .replace(RFC822, (_all, d: string, mon: string, y: string, hh: string, mm: string, ss: string, zone: string) => {
      const at = Date.UTC(+y, MONTHS.indexOf(mon), +d, +hh, +mm, +ss) - offsetMinutes(zone) * 60_000 + by;
      const w = wallClock(at, zone);
      return `${WEEKDAYS[w.getUTCDay()]}, ${w.getUTCDate().toString().padStart(d.length, '0')} ${MONTHS[w.getUTCMonth()]} ${w.getUTCFullYear()} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())} ${zone}`;
    })
    .replace(ISO, (_all, y: string, mo: string, d: string, hh: string, mm: string, ss: string, zone: string) => {
      const at = Date.UTC(+y, +mo - 1, +d, +hh, +mm, +ss) - offsetMinutes(zone) * 60_000 + by;
      const w = wallClock(at, zone);
      return `${w.getUTCFullYear()}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}${zone}`;
    });
}
