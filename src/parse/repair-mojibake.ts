// Text that went through UTF-8 → Latin-1/cp1252 → UTF-8 ("â€¦" for "…", "Ã©" for "é",
// "Ø§Ù" for Arabic) is repaired where the garbled run is a complete, valid UTF-8 sequence once
// mapped back to bytes. Such runs practically never occur in genuine text, and mojibake must not
// reach the store. C1 control characters (U+0080–U+009F) are read as the cp1252 characters they
// almost always are ("demoronizing").
import iconv from 'iconv-lite';

const CP1252_HIGH = iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'windows-1252');

/** The byte a character stands for when UTF-8 was misread as cp1252 or Latin-1, or -1. */
function byteOf(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 0x80 && c <= 0xff) return c;
  const index = CP1252_HIGH.indexOf(ch);
  return index >= 0 ? 0x80 + index : -1;
}

const CONT = `[\\u0080-\\u00bf${CP1252_HIGH.replace(/[\u0080-\u009f]/g, '')}]`;
const GARBLED = new RegExp(`[\\u00c2\\u00c3\\u00c5\\u00d0\\u00d1\\u00d8-\\u00db]${CONT}|[\\u00e2\\u00e3]${CONT}{2}|[\\u00f0]${CONT}{3}`, 'g');

export function repairMojibake(text: string): string {
  let out = text;
  if (/[\u00c2-\u00f0]/.test(out)) {
    out = out.replace(GARBLED, (run) => {
      const codes = [...run].map(byteOf);
      if (codes.some((code) => code < 0)) return run;
      const decoded = Buffer.from(codes).toString('utf8');
      return decoded.includes('\uFFFD') ? run : decoded;
    });
  }
  return out.replace(/[\u0080-\u009f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80] ?? ch);
}
