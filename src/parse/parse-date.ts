// Dates as feeds write them: RFC 822/2822 with any zone found in the wild, W3C-DTF and ISO 8601
// (extended, basic, ordinal and the truncated two-digit-year forms), asctime, Perforce
// (`2006/09/15 08:19:53 EDT`), 12-hour clocks (`10:05 PM`, Arabic `08:15 م`, Russian
// `8:15 вечера`) and, for the rest, a word-based reading that knows month names in English,
// French, Russian, Arabic and Greek and Arabic-Indic digits. Out-of-range fields roll
// over (`25:14` is 01:14 the next day), as lenient feed readers do. Years outside 1800–2200 are
// refused with a reason: a year 20240 is a typo, not a date to sort by.
import { MERIDIEMS, MONTHS, TWO_WORD_MONTHS, WEEKDAYS, ZONES, militaryZone } from './date-words.ts';

export interface ParsedDate {
  /** ISO-8601 UTC (`2024-01-15T08:00:00.000Z`) or null. */
  iso: string | null;
  /** Why a non-empty value gave no date, in words; null when it parsed or was empty. */
  problem: string | null;
}

const MIN_YEAR = 1800;
const MAX_YEAR = 2200;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millis?: number;
  /** Minutes east of UTC; UTC when absent. */
  offset?: number | null;
}

class OutOfRange extends Error {}

function build(f: Fields): number | null {
  if (!Number.isFinite(f.year) || f.year < MIN_YEAR || f.year > MAX_YEAR) throw new OutOfRange(String(f.year));
  if (f.month < 1 || f.month > 12 || f.day < 1 || f.day > 31) return null;
  if ((f.hour ?? 0) > 48 || (f.minute ?? 0) > 99 || (f.second ?? 0) > 99) return null;
  const utc = Date.UTC(f.year, f.month - 1, f.day, f.hour ?? 0, f.minute ?? 0, f.second ?? 0, f.millis ?? 0);
  return utc - (f.offset ?? 0) * 60_000;
}

const twoDigitYear = (yy: number) => (yy < 70 ? 2000 + yy : 1900 + yy);
const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number.parseInt(s, 10));

function zoneOffset(zone: string | undefined): number | null | undefined {
  if (!zone) return undefined;
  const z = zone.trim().toLowerCase();
  const numeric = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const named = ZONES.get(z);
  if (named !== undefined) return named;
  return militaryZone(z);
}

function fromOrdinal(year: number, dayOfYear: number): Fields {
  const date = new Date(Date.UTC(year, 0, dayOfYear));
  return { year, month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

const TIME = String.raw`(?:[T\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?`;
const ZONE_WORD = String.raw`([+-]\d{2}:?\d{2}|[+-]\d{1,2}|(?:GMT|UTC|UT)[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5}(?:/[A-Za-z]+)?)`;
// Compiled once: these run for every date of every item.
const ISO_EXTENDED = new RegExp(String.raw`^(\d{4,6})-(\d{1,3})(?:-(\d{1,2}))?${TIME}$`);
const ISO_BASIC = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})${TIME}$`);
const ISO_ORDINAL = new RegExp(String.raw`^(\d{4,6})-?(\d{3})${TIME}$`);
const ISO_TWO_DIGIT_YEAR = new RegExp(String.raw`^(\d{2})-?(\d{2})-?(\d{2})${TIME}$`);
const DAY_MONTH_YEAR = new RegExp(String.raw`^(\d{1,2})[\s-]+([^\s\d-]+)\.?[\s-]+(\d{2,6})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*${ZONE_WORD}?$`);
const MONTH_DAY_TIME_YEAR = new RegExp(String.raw`^([^\s\d]+)\.?\s+(\d{1,2}),?\s+(?:(\d{4})\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:${ZONE_WORD}\s+)?(\d{4})?\s*${ZONE_WORD}?$`);
const PERFORCE = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*${ZONE_WORD}?$`);


function iso8601(s: string): Fields | null {
  const t = (m: RegExpExecArray, i: number) => ({
    hour: num(m[i]),
    minute: num(m[i + 1]),
    second: num(m[i + 2]),
    millis: m[i + 3] ? Math.floor(Number(`0.${m[i + 3]}`) * 1000) : 0,
    offset: zoneOffset(m[i + 4]) ?? 0,
  });
  let m = ISO_EXTENDED.exec(s);
  if (m && m[2]?.length !== 3) return { year: Number(m[1]), month: Number(m[2]), day: num(m[3]) ?? 1, ...t(m, 4) };
  if (m && m[3] !== undefined) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...t(m, 4) };
  m = ISO_BASIC.exec(s);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), ...t(m, 4) };
  m = ISO_ORDINAL.exec(s);
  if (m) return { ...fromOrdinal(Number(m[1]), Number(m[2])), ...t(m, 3) };
  m = /^(\d{4})$/.exec(s);
  if (m) return { year: Number(m[1]), month: 1, day: 1 };
  // Truncated ISO 8601:1988 forms with two-digit years: YY-MM-DD, YYMMDD, -YY-MM, -YYMM, YYDDD.
  m = ISO_TWO_DIGIT_YEAR.exec(s);
  if (m) return { year: twoDigitYear(Number(m[1])), month: Number(m[2]), day: Number(m[3]), ...t(m, 4) };
  m = /^-(\d{2})-?(\d{2})$/.exec(s);
  if (m) return { year: twoDigitYear(Number(m[1])), month: Number(m[2]), day: 1 };
  m = /^(\d{2})(\d{3})$/.exec(s);
  if (m) return fromOrdinal(twoDigitYear(Number(m[1])), Number(m[2]));
  return null;
}

function yearOf(text: string): number {
  const y = Number(text);
  return text.length <= 2 ? twoDigitYear(y) : y;
}


function rfc822(s: string): Fields | null {
  const clean = s
    .replace(/^[^\d,]*,\s*/, '')
    .replace(/^([^\s\d]+)\.?\s+(?=\S)/, (whole, word: string) => (WEEKDAYS.has(word.toLowerCase()) ? '' : whole));
  // 01 Jan 2004 19:48:21 GMT, 1-Jan-04, 26 January 2004 16:31 ET
  let m = DAY_MONTH_YEAR.exec(clean);
  if (m) {
    const month = MONTHS.get(m[2]?.toLowerCase() ?? '');
    if (month) return { year: yearOf(m[3] ?? ''), month, day: Number(m[1]), hour: num(m[4]), minute: num(m[5]), second: num(m[6]), offset: zoneOffset(m[7]) };
  }
  // Jan 01 2004 19:48:21 GMT and asctime: Sun Jan  4 16:29:06 PST 2004
  m = MONTH_DAY_TIME_YEAR.exec(clean);
  if (m && (m[3] || m[8])) {
    const month = MONTHS.get(m[1]?.toLowerCase() ?? '');
    if (month) return { year: Number(m[3] ?? m[8]), month, day: Number(m[2]), hour: num(m[4]), minute: num(m[5]), second: num(m[6]), offset: zoneOffset(m[7] ?? m[9]) };
  }
  // Perforce: 2006/09/15 08:19:53 EDT
  m = PERFORCE.exec(clean);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: num(m[4]), minute: num(m[5]), second: num(m[6]), offset: zoneOffset(m[7]) };
  return null;
}

/** Arabic-Indic and Persian digits to ASCII; Arabic comma to comma; tashkeel and tatweel removed (مساءً is مساء). */
function asciiDigits(s: string): string {
  return s
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x6f0))
    .replace(/\u060c/g, ',')
    .replace(/[\u064b-\u065f\u0670\u0640]/g, '');
}

/** Word-based reading for localised dates: "15 janvier 2024 à 10h30", "الأحد 15 يناير 2024 - 10:30". */
function words(s: string): Fields | null {
  let text = s.toLowerCase();
  let month: number | undefined;
  for (const name of TWO_WORD_MONTHS) {
    if (text.includes(name)) {
      month = MONTHS.get(name);
      text = text.replace(name, ' ');
      break;
    }
  }
  let time: { hour: number; minute: number; second?: number } | undefined;
  text = text.replace(/(\d{1,2})\s*[:h]\s*(\d{2})(?::(\d{2}))?/, (_, h: string, mi: string, se?: string) => {
    time = { hour: Number(h), minute: Number(mi), second: num(se) };
    return ' ';
  });
  let offset: number | null | undefined;
  text = text.replace(/(?:^|\s)((?:gmt|utc)\s*[+-]\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})(?=\s|$)/, (_, z: string) => {
    offset = zoneOffset(z.replace(/\s+/g, ''));
    return ' ';
  });
  const numeric = /(\d{1,2})[./-](\d{1,2})[./-](\d{4})/.exec(text);
  if (numeric && month === undefined) {
    return { year: Number(numeric[3]), month: Number(numeric[2]), day: Number(numeric[1]), ...time, offset };
  }
  const tokens = text.split(/[\s,،.\-–—/()|]+|(?<=\d)(?=\D)|(?<=\D)(?=\d)/u).filter(Boolean);
  const numbers: string[] = [];
  tokens.forEach((token, index) => {
    if (/^\d+$/.test(token)) numbers.push(token);
    else if (month === undefined && MONTHS.has(token) && !(index === 0 && WEEKDAYS.has(token) && tokens.slice(1).some((t) => MONTHS.has(t))))
      month = MONTHS.get(token);
    else if (offset === undefined && (ZONES.has(token))) offset = ZONES.get(token);
  });
  if (month === undefined) return null;
  const year = numbers.find((n) => n.length >= 4);
  const day = numbers.find((n) => n.length <= 2 && Number(n) >= 1 && Number(n) <= 31);
  if (!year || !day) return null;
  return { year: Number(year), month, day: Number(day), ...time, offset };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A time, then a marker that is a whole word: "08:15 م" but not the م that starts مساء or ends 2024م.
const MERIDIEM_TIME = new RegExp(
  String.raw`(?<![\d:])(\d{1,2})(:\d{2}(?::\d{2})?)\s*(${[...MERIDIEMS.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?![\p{L}\p{M}\p{N}])`,
  'iu',
);

/** 12-hour clock to 24-hour: "10:05 PM" → "22:05", "08:15 م" → "20:15", "12:30 ص" → "00:30". */
function twentyFourHour(s: string): string {
  return s.replace(MERIDIEM_TIME, (_, h: string, rest: string, marker: string) => {
    const hour = Number(h);
    if (hour > 12) return `${h}${rest}`;
    const afterNoon = MERIDIEMS.get(marker.toLowerCase()) ?? false;
    return `${String((hour % 12) + (afterNoon ? 12 : 0)).padStart(2, '0')}${rest}`;
  });
}

export function parseDate(value: string | null | undefined): ParsedDate {
  const s = twentyFourHour(asciiDigits((value ?? '').replace(/\s+/g, ' ').trim()).slice(0, 200));
  if (!s) return { iso: null, problem: null };
  let impossibleYear: string | null = null;
  for (const reader of [iso8601, rfc822, words]) {
    const fields = reader(s);
    if (!fields) continue;
    try {
      const ms = build(fields);
      if (ms !== null && Number.isFinite(ms)) return { iso: new Date(ms).toISOString(), problem: null };
    } catch (error) {
      if (!(error instanceof OutOfRange)) throw error;
      impossibleYear ??= error.message;
    }
  }
  if (impossibleYear !== null || /\d{5,}/.test(s))
    return { iso: null, problem: `the date "${s}" has an impossible year${impossibleYear ? ` (${impossibleYear})` : ''}; left it empty` };
  return { iso: null, problem: `could not read the date "${s}"; left it empty` };
}
