// Bytes to text. The order (first match wins):
//   1. a byte-order mark (UTF-8, UTF-16, UTF-32);
//   2. UTF-16/32 without a BOM, recognised by the zero bytes around the first `<`;
//   3. pure ASCII bytes: every ASCII-compatible label reads them the same, so we only name one;
//   4. bytes that are valid UTF-8 are decoded as UTF-8 whatever a label says (as Miniflux does):
//      a legacy text that happens to be valid UTF-8 is vanishingly rare, a wrong label is common;
//   5. the HTTP charset, unless it is a Western default (ISO-8859-1, US-ASCII, windows-1252);
//   6. the XML declaration (kind xml) or `<meta charset>` / `http-equiv` (kind html);
//   7. a Western default label from 5 or 6, unless the bytes plainly read better in windows-1256,
//      ISO-8859-6, windows-1251 or KOI8-R (see sniff-legacy-charset.ts);
//   8. no usable label at all: the same sniffing, windows-1252 when nothing reads better.
// Deviation from RFC 3023: RFC 3023 lets the HTTP charset (or `us-ascii` for text/xml without
// one) override everything. We let a BOM and valid UTF-8 win over it, and treat ISO-8859-1/US-ASCII
// as windows-1252 (WHATWG), because mislabelled regional feeds are the common case. Every time a
// label is overruled, a warning says which and why.
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { WESTERN_DEFAULTS, normalizeCharset, parseContentType } from './charset-labels.ts';
import { LEGACY_CANDIDATES, naturalness, overrulesLabel, overrulesWestern, sniffLegacyCharset } from './sniff-legacy-charset.ts';

export interface DecodeOptions {
  contentType?: string | null;
  kind: 'xml' | 'html';
}

export interface DecodedText {
  text: string;
  /** The decoder used, e.g. `windows-1256`. */
  encoding: string;
  warnings: string[];
}

function sniffBom(bytes: Buffer): { encoding: string; length: number } | null {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** UTF-16/32 without a BOM: the document starts with `<` (or whitespace) padded by zero bytes. */
function sniffWideWithoutBom(bytes: Buffer): string | null {
  if (bytes.length < 4) return null;
  const [a, b, c, d] = bytes;
  if (a === 0 && b === 0 && c === 0 && d !== 0) return 'utf-32be';
  if (a !== 0 && b === 0 && c === 0 && d === 0) return 'utf-32le';
  if (a === 0 && b !== 0 && c === 0 && d !== 0) return 'utf-16be';
  if (a !== 0 && b === 0 && c !== 0 && d === 0) return 'utf-16le';
  return null;
}

/** The charset a document declares about itself, read from its first bytes. */
export function declaredCharset(head: string, kind: 'xml' | 'html'): string | null {
  const xml = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/.exec(head);
  if (xml?.[1]) return xml[1];
  if (kind === 'xml') return null;
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return meta?.[1] ?? null;
}

/** Decoders whose usual name differs: iconv-lite decodes EUC-KR with its superset cp949. */
const DISPLAY_NAMES: Record<string, string> = { cp949: 'euc-kr' };

function decodeWith(bytes: Buffer, encoding: string): string {
  return iconv.decode(bytes, encoding, { stripBOM: true });
}

export function decodeBytes(input: Buffer, opts: DecodeOptions): DecodedText {
  let bytes = input;
  const warnings: string[] = [];
  const headerLabel = parseContentType(opts.contentType).charset;
  let header = normalizeCharset(headerLabel);
  if (headerLabel && !header) warnings.push(`the HTTP header names an unknown charset "${headerLabel}"; ignored it`);

  let bom = sniffBom(bytes);
  if (bom?.encoding === 'utf-8' && !isUtf8(bytes.subarray(bom.length))) {
    // A UTF-8 BOM before legacy bytes: a CMS template saved as UTF-8 that outputs windows-1256.
    // Decoding as UTF-8 would store U+FFFD for every letter, so drop the mark and use the labels.
    warnings.push('the body starts with a UTF-8 byte-order mark but is not UTF-8; ignored the mark');
    bytes = bytes.subarray(bom.length);
    bom = null;
  }
  if (bom) {
    if (header && header !== bom.encoding && !header.startsWith(bom.encoding.slice(0, 6)))
      warnings.push(`the HTTP header says ${header} but the body starts with a ${bom.encoding} byte-order mark; used ${bom.encoding}`);
    return { text: decodeWith(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding, warnings };
  }
  const wide = sniffWideWithoutBom(bytes);
  if (wide) return { text: decodeWith(bytes, wide), encoding: wide, warnings };
  if (header && /^utf-(16|32)/.test(header)) {
    warnings.push(`the HTTP header says ${header} but the body is 8-bit text; ignored the header`);
    header = null;
  }

  const headLatin1 = bytes.subarray(0, 4096).toString('latin1');
  const declaredLabel = declaredCharset(headLatin1, opts.kind);
  let declared = normalizeCharset(declaredLabel);
  if (declaredLabel && !declared) warnings.push(`the document declares an unknown charset "${declaredLabel}"; ignored it`);
  // A UTF-16/32 declaration on bytes that are plainly 8-bit is a copy-paste slip.
  if (declared && /^utf-(16|32)/.test(declared)) declared = null;

  if (isAscii(bytes)) {
    // Every ASCII-compatible charset reads these bytes alike; name the one the labels gave.
    const label = [headerLabel, declaredLabel].find((l) => l && normalizeCharset(l) && !/^utf-(16|32)/i.test(l.trim()));
    const named = label ? normalizeCharset(label) : null;
    const encoding = named === 'windows-1252' ? (label ?? '').trim().replace(/^["']|["']$/g, '').toLowerCase() : named;
    return { text: bytes.toString('latin1'), encoding: encoding ? DISPLAY_NAMES[encoding] ?? encoding : 'utf-8', warnings };
  }
  if (isUtf8(bytes)) {
    const label = header ?? declared;
    if (label && label !== 'utf-8')
      warnings.push(`${header ? 'the HTTP header' : 'the document'} says ${label} but the body is valid UTF-8; decoded it as UTF-8`);
    return { text: decodeWith(bytes, 'utf-8'), encoding: 'utf-8', warnings };
  }

  const specific = [header, declared].find((label) => label && label !== 'utf-8' && !WESTERN_DEFAULTS.has(label));
  if (specific) {
    const text = decodeWith(bytes, specific);
    // A specific label can be wrong too (windows-1251 named for an Arabic windows-1256 body, or
    // ISO-8859-6 for windows-1256): when its reading is gibberish and another legacy charset reads
    // clearly as words of one script, the bytes win over the label, as they do over Western defaults.
    // Only among the charsets the sniffer knows: a CJK or Greek label has no rival reading to compare.
    const other = LEGACY_CANDIDATES.includes(specific) ? sniffLegacyCharset(bytes) : null;
    if (other && other.encoding !== specific && overrulesLabel(other, naturalness(text.slice(0, 64 * 1024)))) {
      warnings.push(`the ${specific === header ? 'HTTP header' : 'document'} says ${specific} but the text reads as ${other.encoding}; used ${other.encoding}`);
      return { text: decodeWith(bytes, other.encoding), encoding: other.encoding, warnings };
    }
    if (header && header !== specific)
      warnings.push(`the HTTP header says ${header} but the document declares ${specific}; used ${specific}`);
    else if (declared && declared !== specific)
      warnings.push(`the document declares ${declared} but the HTTP header says ${specific}; used the header`);
    return { text, encoding: DISPLAY_NAMES[specific] ?? specific, warnings };
  }
  const western = [header, declared].find((label) => label && WESTERN_DEFAULTS.has(label));
  const guess = sniffLegacyCharset(bytes);
  if (!overrulesWestern(guess)) {
    // Nothing reads clearly better: the Western label, or windows-1252 as browsers do.
    const fallback = western ?? 'windows-1252';
    if (!western) warnings.push(`the body is not UTF-8 and no usable charset is given; decoded it as ${fallback}`);
    return { text: decodeWith(bytes, fallback), encoding: fallback, warnings };
  }
  if (western) {
    warnings.push(`the ${western === header ? 'HTTP header' : 'document'} says ${western} but the text reads as ${guess.encoding}; used ${guess.encoding}`);
  } else if (header === 'utf-8' || declared === 'utf-8') {
    warnings.push(`the body is labelled UTF-8 but is not valid UTF-8; decoded it as ${guess.encoding}`);
  } else {
    warnings.push(`no charset given and the body is not UTF-8; guessed ${guess.encoding}`);
  }
  return { text: decodeWith(bytes, guess.encoding), encoding: guess.encoding, warnings };
}
