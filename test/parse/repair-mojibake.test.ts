import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../src/parse/repair-mojibake.ts';

describe('repairMojibake', () => {
  it.each([
    ['â€¦ et l’armÃ©e', '… et l’armée'],
    [Buffer.from('حفتر يستقبل مودي', 'utf8').toString('latin1'), 'حفتر يستقبل مودي'],
    [iconv.decode(Buffer.from('Хафтар и Евкуров', 'utf8'), 'windows-1252'), 'Хафтар и Евкуров'],
    ['don\u0092t', 'don’t'],
  ])('repairs %s', (garbled, repaired) => {
    expect(repairMojibake(garbled)).toBe(repaired);
  });

  it.each(['«JOYEUX NOËL»', 'SÃO PAULO', 'Niamey, Agadez, Benghazi', 'حفتر', 'Хафтар', 'café crème à 2 €'])('leaves genuine text alone: %s', (text) => {
    expect(repairMojibake(text)).toBe(text);
  });
});
