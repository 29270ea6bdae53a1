// Month names, weekday names and time-zone abbreviations found in feeds: English (RFC 822 and
// long forms), French, Russian (nominative and genitive), Arabic (Egyptian/Gulf, Levantine,
// Maghrebi and Moroccan names) and Greek (seen in the conformance corpus). Keys are lower-case
// and without the trailing dot of abbreviations.

const MONTH_LISTS: string[][] = [
  ['jan', 'january', 'janv', 'janvier', 'янв', 'январь', 'января', 'يناير', 'كانون الثاني', 'جانفي', 'ιαν', 'ιανουαρίου', 'ιανουάριος'],
  ['feb', 'february', 'fév', 'févr', 'fev', 'fevr', 'février', 'fevrier', 'фев', 'февр', 'февраль', 'февраля', 'فبراير', 'شباط', 'فيفري', 'φεβ', 'φεβρουαρίου'],
  ['mar', 'march', 'mars', 'мар', 'март', 'марта', 'مارس', 'آذار', 'اذار', 'μάρ', 'μαρ', 'μαρτίου'],
  ['apr', 'april', 'avr', 'avril', 'апр', 'апрель', 'апреля', 'أبريل', 'ابريل', 'إبريل', 'نيسان', 'أفريل', 'افريل', 'απρ', 'απριλίου'],
  ['may', 'mai', 'май', 'мая', 'مايو', 'أيار', 'ايار', 'ماي', 'μάι', 'μαι', 'μάη', 'μαΐ', 'μαΐου', 'μαΐου'],
  ['jun', 'june', 'juin', 'июн', 'июнь', 'июня', 'يونيو', 'يونيه', 'حزيران', 'جوان', 'ιούν', 'ιουν', 'ιουνίου'],
  ['jul', 'july', 'juil', 'juillet', 'июл', 'июль', 'июля', 'يوليو', 'يوليه', 'تموز', 'جويلية', 'جويلة', 'يوليوز', 'ιούλ', 'ιουλ', 'ιουλίου'],
  ['aug', 'august', 'août', 'aout', 'авг', 'август', 'августа', 'أغسطس', 'اغسطس', 'آب', 'اب', 'أوت', 'اوت', 'غشت', 'αύγ', 'αυγ', 'αυγούστου'],
  ['sep', 'sept', 'september', 'septembre', 'сен', 'сент', 'сентябрь', 'сентября', 'سبتمبر', 'أيلول', 'ايلول', 'شتنبر', 'σεπ', 'σεπτεμβρίου'],
  ['oct', 'october', 'octobre', 'окт', 'октябрь', 'октября', 'أكتوبر', 'اكتوبر', 'تشرين الأول', 'تشرين الاول', 'οκτ', 'οκτωβρίου'],
  ['nov', 'november', 'novembre', 'ноя', 'нояб', 'ноябрь', 'ноября', 'نوفمبر', 'تشرين الثاني', 'نونبر', 'νοέ', 'νοε', 'νοεμβρίου'],
  ['dec', 'december', 'déc', 'dec', 'décembre', 'decembre', 'дек', 'декабрь', 'декабря', 'ديسمبر', 'كانون الأول', 'كانون الاول', 'دجنبر', 'δεκ', 'δεκεμβρίου'],
];

/** Month number (1–12) by lower-case name or abbreviation. */
export const MONTHS = new Map<string, number>();
MONTH_LISTS.forEach((names, index) => {
  for (const name of names) MONTHS.set(name, index + 1);
});

/** Month names made of two words (Levantine Arabic), matched before splitting into words. */
export const TWO_WORD_MONTHS = [...MONTHS.keys()].filter((name) => name.includes(' '));

export const WEEKDAYS = new Set([
  'mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье',
  'الاثنين', 'الإثنين', 'الثلاثاء', 'الأربعاء', 'الاربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد', 'الاحد',
  'δευ', 'τρι', 'τετ', 'πεμ', 'παρ', 'σαβ', 'κυρ',
]);

/**
 * 12-hour clock markers written after a time, lower-case, Arabic without tashkeel; true = after
 * noon. Arabic م/ص are the short forms of مساءً/صباحاً (ظهراً, at noon, and عصراً, afternoon, are
 * after noon too); Russian counts утра (morning), дня (afternoon) and вечера (evening); Greek has
 * π.μ./μ.μ. Russian "ночи" (night) is left out: "2 ночи" is 02:00 but "11 ночи" is 23:00.
 */
export const MERIDIEMS = new Map<string, boolean>([
  ['am', false], ['a.m.', false], ['a.m', false], ['a. m.', false], ['pm', true], ['p.m.', true], ['p.m', true], ['p. m.', true],
  ['ص', false], ['صباحا', false], ['صباح', false], ['فجرا', false], ['قبل الظهر', false],
  ['م', true], ['مساء', true], ['مساءا', true], ['ظهرا', true], ['عصرا', true], ['بعد الظهر', true],
  ['утра', false], ['дня', true], ['вечера', true],
  ['π.μ.', false], ['πμ', false], ['μ.μ.', true], ['μμ', true],
]);

/** Offsets in minutes east of UTC. North-American "AT/ET/CT/MT/PT" are the "Disney" forms. */
export const ZONES = new Map<string, number>([
  ['ut', 0], ['utc', 0], ['gmt', 0], ['z', 0], ['etc/gmt', 0], ['etc/utc', 0], ['wet', 0],
  ['est', -300], ['edt', -240], ['cst', -360], ['cdt', -300], ['mst', -420], ['mdt', -360], ['pst', -480], ['pdt', -420],
  ['ast', -240], ['adt', -180], ['akst', -540], ['akdt', -480], ['hst', -600], ['nst', -210], ['ndt', -150],
  ['at', -240], ['et', -300], ['ct', -360], ['mt', -420], ['pt', -480],
  ['bst', 60], ['ist', 330], ['cet', 60], ['cest', 120], ['met', 60], ['mest', 120], ['eet', 120], ['eest', 180],
  ['wat', 60], ['cat', 120], ['eat', 180], ['sast', 120], ['msk', 180], ['msd', 240], ['trt', 180],
  ['jst', 540], ['kst', 540], ['hkt', 480], ['sgt', 480], ['awst', 480], ['acst', 570], ['aest', 600], ['aedt', 660], ['nzst', 720], ['nzdt', 780],
  ['irst', 210], ['gst', 240], ['pkt', 300],
]);

/** RFC 822 military zones: A–I = +1…+9, K–M = +10…+12, N–Y = −1…−12, Z = 0 (J is unused). */
export function militaryZone(letter: string): number | null {
  const c = letter.toLowerCase().charCodeAt(0);
  if (letter.length !== 1 || c < 97 || c > 122 || c === 106) return null;
  if (c === 122) return 0;
  if (c <= 105) return (c - 96) * 60;
  if (c <= 109) return (c - 97) * 60;
  return -(c - 109) * 60;
}
