// Entity references in feed text. Feeds use HTML named entities (`&hellip;`) that XML does not
// know, and some declare their own in a DTD; we decode both, but expand DTD entities only one
// level deep and within a budget, so an entity-expansion bomb stays a few kilobytes.
import { decodeCodePoint, decodeHTMLStrict } from 'entities/decode';

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Where HTML 4 (which feeds were written against) and HTML 5 disagree, feeds mean HTML 4. */
const HTML4_ONLY: Record<string, string> = { lang: '\u2329', rang: '\u232a' };
const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z_][\w.-]{0,63}));/g;

/** Entities a document declared in its DTD, and what is left of the expansion budget. */
export interface DeclaredEntities {
  values: Map<string, string>;
  budget: { remaining: number };
}

export interface EntityNotes {
  htmlEntities: Set<string>;
  unknownEntities: Set<string>;
  bareAmpersands: number;
  budgetExhausted: boolean;
}

export function newEntityNotes(): EntityNotes {
  return { htmlEntities: new Set(), unknownEntities: new Set(), bareAmpersands: 0, budgetExhausted: false };
}

function codePoint(n: number): string {
  if (!Number.isFinite(n) || n > 0x10ffff) return '\uFFFD';
  return decodeCodePoint(n);
}

/** Decodes character and entity references in raw XML text; unknown ones stay as written. */
export function decodeXmlText(raw: string, declared: DeclaredEntities, notes: EntityNotes): string {
  if (!raw.includes('&')) return raw;
  const decoded = raw.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return codePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return codePoint(Number.parseInt(hex, 16));
    const key = name ?? '';
    const xml = XML_ENTITIES[key];
    if (xml !== undefined) return xml;
    const own = declared.values.get(key);
    if (own !== undefined) {
      if (declared.budget.remaining < own.length) {
        notes.budgetExhausted = true;
        return whole;
      }
      declared.budget.remaining -= own.length;
      return own;
    }
    const html = HTML4_ONLY[key] ?? decodeHTMLStrict(whole);
    if (html !== whole) {
      notes.htmlEntities.add(key);
      return html;
    }
    notes.unknownEntities.add(key);
    return whole;
  });
  // Ampersands that start no reference at all ("a=1&b=2"): kept as text, counted for a warning.
  const bare = raw.match(/&(?!(?:#\d{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z_][\w.-]{0,63});)/g);
  if (bare) notes.bareAmpersands += bare.length;
  return decoded;
}

/** Warnings in words for what the entity decoding had to recover from. */
export function entityWarnings(notes: EntityNotes): string[] {
  const warnings: string[] = [];
  const list = (names: Set<string>) => [...names].slice(0, 5).map((n) => `&${n};`).join(', ');
  if (notes.htmlEntities.size) warnings.push(`the feed uses HTML entities that XML does not define (${list(notes.htmlEntities)}); decoded them`);
  if (notes.unknownEntities.size) warnings.push(`unknown entities left as written: ${list(notes.unknownEntities)}`);
  if (notes.bareAmpersands) warnings.push(`${notes.bareAmpersands} bare "&" not written as &amp;; kept them as text`);
  if (notes.budgetExhausted) warnings.push('DTD entities expand to too much text (entity-expansion protection); the rest left unexpanded');
  return warnings;
}
