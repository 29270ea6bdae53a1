import fs from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/parse/decode-bytes.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/parse/${name}`, import.meta.url), 'utf8');
const arabic = fixture('ar-libya-rss.xml');
const russian = fixture('ru-africa-corps-rss.xml');
const ARABIC_TITLE = 'وزير الدفاع النيجري ساليفو مودي يصل إلى بنغازي في زيارة رسمية';
const RUSSIAN_TITLE = 'Африканский корпус Минобороны России расширяет присутствие в Ливии и Нигере';

describe('decodeBytes', () => {
  const cases: Array<{ name: string; text: string; declared: string; bytesIn: string; contentType: string | null; expect: string; expectedText: string; warns: boolean }> = [
    { name: 'windows-1256 declared in the XML', text: arabic, declared: 'windows-1256', bytesIn: 'windows-1256', contentType: null, expect: 'windows-1256', expectedText: ARABIC_TITLE, warns: false },
    { name: 'windows-1256 served as ISO-8859-1 with no declaration to help', text: arabic, declared: 'ISO-8859-1', bytesIn: 'windows-1256', contentType: 'text/xml; charset=ISO-8859-1', expect: 'windows-1256', expectedText: ARABIC_TITLE, warns: true },
    { name: 'windows-1256 labelled UTF-8', text: arabic, declared: 'UTF-8', bytesIn: 'windows-1256', contentType: 'application/rss+xml; charset=utf-8', expect: 'windows-1256', expectedText: ARABIC_TITLE, warns: true },
    { name: 'windows-1256 declared, header says ISO-8859-1', text: arabic, declared: 'windows-1256', bytesIn: 'windows-1256', contentType: 'text/xml; charset=iso-8859-1', expect: 'windows-1256', expectedText: ARABIC_TITLE, warns: true },
    { name: 'ISO-8859-6 declared', text: arabic, declared: 'ISO-8859-6', bytesIn: 'iso-8859-6', contentType: null, expect: 'iso-8859-6', expectedText: ARABIC_TITLE, warns: false },
    { name: 'UTF-8 body under an ISO-8859-1 header', text: arabic, declared: 'UTF-8', bytesIn: 'utf-8', contentType: 'text/xml; charset=ISO-8859-1', expect: 'utf-8', expectedText: ARABIC_TITLE, warns: true },
    { name: 'windows-1251 declared', text: russian, declared: 'windows-1251', bytesIn: 'windows-1251', contentType: null, expect: 'windows-1251', expectedText: RUSSIAN_TITLE, warns: false },
    { name: 'windows-1251 served as ISO-8859-1', text: russian, declared: 'ISO-8859-1', bytesIn: 'windows-1251', contentType: 'text/xml; charset=iso-8859-1', expect: 'windows-1251', expectedText: RUSSIAN_TITLE, warns: true },
    { name: 'KOI8-R declared', text: russian, declared: 'KOI8-R', bytesIn: 'koi8-r', contentType: null, expect: 'koi8-r', expectedText: RUSSIAN_TITLE, warns: false },
    { name: 'KOI8-R with no usable label', text: russian, declared: 'latin1', bytesIn: 'koi8-r', contentType: null, expect: 'koi8-r', expectedText: RUSSIAN_TITLE, warns: true },
    { name: 'KOI8-R in the HTTP header overrides a wrong declaration', text: russian, declared: 'windows-1251', bytesIn: 'koi8-r', contentType: 'text/xml; charset=KOI8-R', expect: 'koi8-r', expectedText: RUSSIAN_TITLE, warns: true },
  ];
  it.each(cases)('decodes $name', (c) => {
    const bytes = iconv.encode(c.text.replace('ENCODING', c.declared), c.bytesIn);
    const result = decodeBytes(bytes, { contentType: c.contentType, kind: 'xml' });
    expect(result.encoding).toBe(c.expect);
    expect(result.text).toContain(c.expectedText);
    expect(result.warnings.length > 0).toBe(c.warns);
  });

  it('reads French in ISO-8859-1 and ISO-8859-15 (the euro sign) and cp1252 smart quotes', () => {
    const text = '<?xml version="1.0" encoding="ENC"?><rss><channel><title>Niamey : l’armée réclame 5 € de plus</title></channel></rss>';
    const latin9 = decodeBytes(iconv.encode(text.replace('ENC', 'ISO-8859-15').replace('’', "'"), 'iso-8859-15'), { kind: 'xml' });
    expect(latin9.encoding).toBe('iso-8859-15');
    expect(latin9.text).toContain("l'armée réclame 5 € de plus");
    const cp1252 = decodeBytes(iconv.encode(text.replace('ENC', 'ISO-8859-1'), 'windows-1252'), { kind: 'xml' });
    expect(cp1252.text).toContain('l’armée réclame 5 € de plus');
  });

  it.each([
    ['utf-16le', true], ['utf-16be', true], ['utf-16le', false], ['utf-16be', false], ['utf-32le', true], ['utf-32be', false],
  ] as const)('decodes %s (BOM: %s)', (encoding, bom) => {
    const text = '<?xml version="1.0"?><rss><channel><title>ساليفو مودي — Салифу Моди</title></channel></rss>';
    const result = decodeBytes(iconv.encode(text, encoding, { addBOM: bom }), { kind: 'xml' });
    expect(result.encoding).toBe(encoding);
    expect(result.text).toBe(text);
  });

  it('ignores a UTF-8 byte-order mark in front of windows-1256 bytes instead of storing U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(arabic.replace('ENCODING', 'windows-1256'), 'windows-1256')]);
    const result = decodeBytes(bytes, { contentType: null, kind: 'xml' });
    expect(result.encoding).toBe('windows-1256');
    expect(result.text).toContain(ARABIC_TITLE);
    expect(result.text).not.toContain('\ufffd');
    expect(result.warnings.join(' ')).toMatch(/byte-order mark but is not UTF-8/);
  });

  it.each([
    { name: 'an Arabic windows-1256 body served as windows-1251', text: arabic, declared: 'windows-1256', bytesIn: 'windows-1256', contentType: 'text/xml; charset=windows-1251', expect: 'windows-1256', expectedText: ARABIC_TITLE },
    { name: 'a windows-1256 body declared as ISO-8859-6', text: arabic, declared: 'ISO-8859-6', bytesIn: 'windows-1256', contentType: null, expect: 'windows-1256', expectedText: ARABIC_TITLE },
    { name: 'a KOI8-R body served as windows-1251', text: russian, declared: 'KOI8-R', bytesIn: 'koi8-r', contentType: 'text/xml; charset=windows-1251', expect: 'koi8-r', expectedText: RUSSIAN_TITLE },
    { name: 'a windows-1251 body served as windows-1256, no declaration', text: russian.replace(/ encoding="ENCODING"/, ''), declared: '', bytesIn: 'windows-1251', contentType: 'text/xml; charset=windows-1256', expect: 'windows-1251', expectedText: RUSSIAN_TITLE },
  ])('lets the bytes overrule a specific but wrong label: $name', (c) => {
    const result = decodeBytes(iconv.encode(c.text.replace('ENCODING', c.declared), c.bytesIn), { contentType: c.contentType, kind: 'xml' });
    expect(result.encoding).toBe(c.expect);
    expect(result.text).toContain(c.expectedText);
    expect(result.warnings.join(' ')).toMatch(new RegExp(`reads as ${c.expect}`));
  });

  it('lets a UTF-8 byte-order mark win over a wrong header, and says so', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss><channel><title>حفتر</title></channel></rss>')]);
    const result = decodeBytes(bytes, { contentType: 'text/xml; charset=windows-1256', kind: 'xml' });
    expect(result.encoding).toBe('utf-8');
    expect(result.text.startsWith('<rss>')).toBe(true);
    expect(result.warnings.join(' ')).toMatch(/byte-order mark/);
  });

  it.each([
    ['gb18030', 'gb2312', '尼日尔国防部长访问班加西'],
    ['big5', 'big5', '尼日國防部長訪問班加西'],
    ['shift_jis', 'Shift_JIS', 'ニジェール国防相'],
    ['euc-kr', 'euc-kr', '니제르 국방장관'],
  ])('decodes legacy CJK %s declared as %s', (encoding, label, words) => {
    const bytes = iconv.encode(`<?xml version="1.0" encoding="${label}"?><rss><channel><title>${words}</title></channel></rss>`, encoding);
    const result = decodeBytes(bytes, { kind: 'xml' });
    expect(result.encoding).toBe(encoding);
    expect(result.text).toContain(words);
  });

  it('does not claim a legacy charset on thin evidence (unlabelled Big5 is not read as KOI8-R)', () => {
    const bytes = iconv.encode('<feed><title>尼日國防部長訪問班加西</title></feed>', 'big5');
    const result = decodeBytes(bytes, { kind: 'xml' });
    expect(result.encoding).toBe('windows-1252');
    expect(result.warnings.join(' ')).toMatch(/no usable charset/);
  });

  it('reads <meta charset> and http-equiv declarations in HTML pages', () => {
    const page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body>الوسط</body></html>';
    expect(decodeBytes(iconv.encode(page, 'windows-1256'), { kind: 'html' }).text).toContain('الوسط');
    const page5 = '<html><head><meta charset="koi8-r"></head><body>Новости</body></html>';
    expect(decodeBytes(iconv.encode(page5, 'koi8-r'), { kind: 'html' }).encoding).toBe('koi8-r');
  });

  it('ignores unknown and bogus labels with a warning instead of failing', () => {
    const result = decodeBytes(Buffer.from('<rss>caf\xe9</rss>', 'latin1'), { contentType: 'text/xml; charset=x-no-such-charset', kind: 'xml' });
    expect(result.text).toBe('<rss>café</rss>');
    expect(result.warnings.join(' ')).toMatch(/unknown charset "x-no-such-charset"/);
  });
});
