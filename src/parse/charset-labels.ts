// Charset labels as they appear in headers and declarations, mapped to the decoder iconv-lite
// runs. Following WHATWG (what browsers do), ISO-8859-1 and US-ASCII are decoded as windows-1252:
// servers that say "latin1" almost always send cp1252 "smart quotes", and cp1252 is a superset.
import iconv from 'iconv-lite';

const ALIASES: Record<string, string> = {
  'utf8': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'latin1': 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  'ascii': 'windows-1252',
  'cp1252': 'windows-1252',
  'x-cp1252': 'windows-1252',
  'cp1256': 'windows-1256',
  'x-cp1256': 'windows-1256',
  'cp1251': 'windows-1251',
  'x-cp1251': 'windows-1251',
  'iso-8859-6-i': 'iso-8859-6',
  'iso-8859-6-e': 'iso-8859-6',
  'arabic': 'iso-8859-6',
  'iso-8859-8-i': 'iso-8859-8',
  'gb2312': 'gb18030',
  'gbk': 'gb18030',
  'x-gbk': 'gb18030',
  'cp936': 'gb18030',
  'ks_c_5601-1987': 'cp949',
  'euc-kr': 'cp949',
  'x-euc-kr': 'cp949',
  'shift-jis': 'shift_jis',
  'sjis': 'shift_jis',
  'x-sjis': 'shift_jis',
  'ms_kanji': 'shift_jis',
  'big5-hkscs': 'big5',
  'x-x-big5': 'big5',
  'koi8r': 'koi8-r',
  'koi8_r': 'koi8-r',
  'ucs-2': 'utf-16le',
  'utf-16': 'utf-16',
  'utf-32': 'utf-32',
};

/** Labels that mean "Western, single-byte" and are very often a server default rather than a fact. */
export const WESTERN_DEFAULTS = new Set(['windows-1252', 'iso-8859-15']);

/** The canonical decoder name for a label, or null when no decoder knows it. */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const key = label.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
  if (!key || key.length > 40) return null;
  const mapped = ALIASES[key] ?? key;
  return iconv.encodingExists(mapped) ? mapped : null;
}

/** The MIME type and charset parameter of a Content-Type header value. */
export function parseContentType(value: string | null | undefined): { mime: string | null; charset: string | null } {
  if (!value) return { mime: null, charset: null };
  const [type, ...params] = value.split(';');
  let charset: string | null = null;
  for (const param of params) {
    const match = /^\s*charset\s*=\s*(.*)$/i.exec(param);
    if (match?.[1] !== undefined) charset = match[1].trim().replace(/^["']|["']$/g, '').trim() || null;
  }
  return { mime: type?.trim().toLowerCase() || null, charset };
}
