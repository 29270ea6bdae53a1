// Kinds of misses solved in general (issue 10), probed on the seeded watchlist with texts written
// here: other case forms of the Russian names, Arabic proclitics on every Arabic alias, French,
// English and German romanisations, hashtags, possessives, plurals and look-alikes that must stay out.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/compile-watchlists.ts';
import { findPhrases, type Field } from '../../src/match/find-phrases.ts';
import { matchArticle } from '../../src/match/match-article.ts';
import { fuzzyCost } from '../../src/normalize/fuzzy-cost.ts';
import { foldWords, scanWords } from '../../src/normalize/tokenize.ts';
import { readWatchlist } from '../../src/watchlist/read-watchlist.ts';

const read = readWatchlist(readFileSync(new URL('../../watchlists/libya-niger-russia.yaml', import.meta.url), 'utf8'), 'libya-niger-russia.yaml');
const watchlist = read.watchlist!;
const compiled = compileWatchlists([watchlist]);
const hits = (content: string) => matchArticle(compiled, { id: 'probe', content }).map((h) => h.entry);

// [text, entry, whether the entry must be hit]
const PROBES: Array<[string, string, boolean]> = [
  ["Moscou a dépêché le vice-ministre Ievkourov à Niamey pour la troisième fois cette année.", "yevkurov", true],
  ["Der russische Vize-Verteidigungsminister Jewkurow traf in Niamey ein.", "yevkurov", true],
  ["Вчера в Ниамее побывал замминистра обороны России с Евкуровым во главе делегации.", "yevkurov", true],
  ["Делегация во главе с Евкуровом прибыла в Бенгази.", "yevkurov", true],
  ["Переговоры с Евкурове в Ливии продолжились.", "yevkurov", true],
  ["وصل نائب وزير الدفاع الروسي ليفكوروف إلى بنغازي أمس.", "yevkurov", true],
  ["التقى المشير خليفة حفتر بيفكوروف في بنغازي.", "yevkurov", true],
  ["Chalifa Haftar empfing die russische Delegation in Bengasi.", "haftar", true],
  ["Khalīfa Ḥaftar a reçu la délégation russe à Benghazi.", "haftar", true],
  ["Supporters shared #Haftar posts after the parade in Benghazi.", "haftar", true],
  ["Haftar's son Saddam flew to Niamey.", "haftar", true],
  ["Хафтаром были недовольны в Триполи.", "haftar", true],
  ["С Хафтаре говорили о нефти.", "haftar", true],
  ["وقال متحدث باسم حفتر إن الوفد وصل.", "haftar", true],
  ["واستقبل لحفتر وفدا روسيا.", "haftar", true],
  ["Le général Sâlifou Mody est arrivé à Benghazi.", "mody", true],
  ["Le général Salifou Modi a rencontré les officiers à Niamey.", "mody", true],
  ["Генерала Салифу Моди встретили в Бенгази.", "mody", true],
  ["С Салифу Моди обсуждали оборону Нигера.", "mody", true],
  ["وصل الجنرال ساليفو مودي إلى بنغازي.", "mody", true],
  ["Narendra Modi a visité Niamey, selon la presse indienne.", "mody", false],
  ["Премьер-министр Индии Нарендра Моди посетил Нигер.", "mody", false],
  ["Le Premier ministre nigérien Ali Lamine Zeïne a reçu les syndicats à Niamey.", "zeine", true],
  ["Niger's prime minister Lamine Zein met the unions in Niamey.", "zeine", true],
  ["Премьер-министр Нигера Ламина Зейна принял послов.", "zeine", true],
  ["Премьер Нигера с Ламином Зейном обсуждали бюджет.", "zeine", true],
  ["وقال رئيس الوزراء النيجري علي لامين الزين إن الحكومة مستعدة.", "zeine", true],
  ["Zain, the telecom operator, cut prices in Niamey.", "zeine", false],
  ["Lamine Yamal scored twice for Barcelona.", "zeine", false],
  ["Le ministre Issa Abdel-Majid Mansour est arrivé à Niamey pour parler des affaires africaines.", "mansour", true],
  ["وزير الشؤون الأفريقية عيسى عبدالمجيد منصور وصل إلى نيامي.", "mansour", true],
  ["Министр по африканским делам Иссой Абдельмаджидом Мансуром были довольны.", "mansour", true],
  ["Le champ d'Agadem produit toujours, selon la CNPC, et l'oléoduc vers le Bénin fonctionne.", "agadem", true],
  ["Добыча на месторождении Агадема выросла, сообщила CNPC.", "agadem", true],
  ["В Агадеме снова работают китайские нефтяники.", "agadem", true],
  ["Activists tagged #Агадем in posts about the pipeline to Benin.", "agadem", true],
  ["وأعلنت الشركة أن حقل أغاديم يضخ النفط عبر الأنبوب إلى بنين.", "agadem", true],
  ["The Wagners left Mali for Libya, mercenaries said.", "wagner", true],
  ["Wagnerites were seen near Sabha, mercenaries and local fighters said.", "wagner", true],
  ["Les hommes de Wagner sont arrivés à Benghazi, selon des mercenaires.", "wagner", true],
  ["Вагнеровцами в Ливии командуют новые люди.", "wagner", true],
  ["Rommel's Afrika Korps crossed into Libya in 1941.", "wagner", false],
  ["L'Afrikakorps de Rommel a débarqué à Tripoli en 1941.", "wagner", false],
  ["Африканский корпус Роммеля высадился в Ливии в 1941 году.", "wagner", false],
  ["Richard Wagner's Ring opened in Tripoli's new theatre, and the Libyan press loved it.", "wagner", false],
  ["Senator Wagner criticised the Niger policy.", "wagner", false],
  ["Ievkourov est attendu à Niamey.", "yevkurov", true],
  ["Jewkurows Besuch in Niamey wurde verschoben.", "yevkurov", true],
  ["Yevkurov's visit to Benghazi was confirmed by the Kremlin.", "yevkurov", true],
  ["#Yevkurov trended in Niamey after the Russian visit.", "yevkurov", true],
  ["#Евкуров в Ниамее: итоги визита.", "yevkurov", true],
  ["Юнус-Беком Евкуровым заинтересовались в Нигере.", "yevkurov", true],
  ["وقال إن يفكوروف وصل إلى نيامي على رأس وفد روسي.", "yevkurov", true],
  ["وبيفكوروف التقى الوفد النيجري.", "yevkurov", true],
  ["Khalifa Hafter met the Russian envoy in Benghazi.", "haftar", true],
  ["Chalifa Chaftar traf den Gesandten in Benghazi.", "haftar", true],
  ["Khalifa Haftars Truppen rückten auf Sirte vor.", "haftar", true],
  ["#KhalifaHaftar trended in Libya.", "haftar", true],
  ["Хафтаровцы заняли Сирт.", "haftar", true],
  ["Халифа Хафтар принял делегацию.", "haftar", true],
  ["Халифой Хафтаром были довольны в Москве.", "haftar", true],
  ["فالتقى بخليفة حفتر في بنغازي.", "haftar", true],
  ["ولخليفة حفتر نفوذ واسع في الشرق.", "haftar", true],
  ["وللجيش الوطني الليبي مواقع في الجنوب.", "haftar", true],
  ["Salifu Mody arrived in Benghazi for talks.", "mody", true],
  ["Le général Salifou Modi est en visite à Benghazi.", "mody", true],
  ["Салифу Моди прибыл в Бенгази.", "mody", true],
  ["بساليفو مودي وصل الوفد إلى بنغازي.", "mody", true],
  ["Moody's downgraded Niger's debt.", "mody", false],
  ["Indian PM Modi met Niger's envoy in New Delhi.", "mody", false],
  ["Prime Minister Zeïne spoke in Niamey.", "zeine", true],
  ["Le Premier ministre Zeïne a parlé à Niamey.", "zeine", true],
  ["Ali Lamine Zein, Niger's prime minister, met donors.", "zeine", true],
  ["Ламин Зейн, премьер-министр Нигера, встретился с донорами.", "zeine", true],
  ["Али Ламином Зейном были довольны в Ниамее.", "zeine", true],
  ["والتقى علي لامين زين بالسفير في نيامي.", "zeine", true],
  ["ولعلي لامين زين تصريحات حول النيجر.", "zeine", true],
  ["Zayn Malik sang in Niamey.", "zeine", false],
  ["Зейн Малик выступил в Нигере.", "zeine", false],
  ["Ould Zeine, a Mauritanian businessman, visited Niamey.", "zeine", false],
  ["Issa Abdelmadjid Mansour, ministre des Affaires africaines, est à Niamey.", "mansour", true],
  ["Issa Abdulmajeed Mansour, the African affairs minister, arrived in Niamey.", "mansour", true],
  ["وقال عيسى عبد المجيد منصور وزير الشؤون الأفريقية إن الزيارة ناجحة.", "mansour", true],
  ["ولعيسى عبدالمجيد منصور دور في الشؤون الأفريقية.", "mansour", true],
  ["Исса Абдельмаджид Мансур, министр по африканским делам, прибыл в Ниамей.", "mansour", true],
  ["The Agadem field's output rose, CNPC said, as oil flowed to Benin.", "agadem", true],
  ["La production d'Agadème a repris, dit la CNPC.", "agadem", true],
  ["Нефть с Агадема пошла в Бенин.", "agadem", true],
  ["وفي أغاديم استؤنف ضخ النفط.", "agadem", true],
  ["وبأغاديم عمال صينيون في حقل النفط.", "agadem", true],
  ["Agadez's market reopened after the floods.", "agadem", false],
  ["Les Wagnériens de Bayreuth ont applaudi.", "wagner", false],
  ["Wagner's mercenaries were seen in Sabha, Libya.", "wagner", true],
  ["Бойцы Вагнера вошли в Сирт.", "wagner", true],
  ["وشوهد مقاتلو فاغنر في سبها الليبية.", "wagner", true],
  ["The Afrika Korps museum in Tobruk, Libya, reopened with Rommel's maps.", "wagner", false],
  ["Der Afrikakorps-Veteran besuchte Tobruk in Libyen.", "wagner", false],
  ["قاتل الفيلق الأفريقي الألماني بقيادة روميل في طبرق الليبية.", "wagner", false],
  ["Chalifa Chaftar traf den Gesandten in Benghazi.", "haftar", true],
  ["Charles Hatter opened a café in Benghazi, Libya.", "haftar", false],
];

describe('probes of the seeded watchlist (texts written for this test)', () => {
  it.each(PROBES)('%s → %s %s', (text, entry, yes) => {
    if (yes) expect(hits(text)).toContain(entry);
    else expect(hits(text)).not.toContain(entry);
  });
});

/** Whether `text` contains an occurrence of the phrase of `aliasText` (as compiled for `entryId`). */
function finds(entryId: string, aliasText: string, text: string): boolean {
  const entry = compiled.entries.find((e) => e.id === entryId)!;
  const alias = [...entry.aliases, ...entry.ambiguous].find((a) => a.text === aliasText && a.variant === null)!;
  const field: Field = { name: 'content', text, tokens: scanWords(text, compiled.vocabulary), base: 0 };
  return findPhrases(compiled, [field]).has(alias.phrase);
}

const aliasesIn = (pattern: RegExp) =>
  watchlist.entries.flatMap((e) => [...e.aliases, ...e.ambiguous].filter((a) => pattern.test(a.text)).map((a) => [e.id, a.text] as [string, string]));

describe('every Russian name of the watchlist in its case forms', () => {
  // The last word of a name ending in a hard consonant takes -а (genitive), -у (dative), -ом
  // (instrumental), -е (prepositional); surnames in -ов/-ев/-ин also -ым.
  const names = aliasesIn(/^[А-ЯЁ][а-яё]+(?:[ -][А-ЯЁ][а-яё]+)*$/).filter(([, t]) => /[бвгджзклмнпрстфхцчшщ]$/.test(t));
  it('has names to inflect', () => expect(names.length).toBeGreaterThan(5));
  it.each(names)('%s: %s', (entry, text) => {
    const endings = ['а', 'у', 'ом', 'е', ...(/(ов|ев|ин)$/.test(text) ? ['ым'] : [])];
    for (const e of endings) expect(finds(entry, text, `Вчера о ${text}${e} говорили в Ниамее.`), `${text}${e}`).toBe(true);
  });
});

describe('every Arabic alias with the proclitics the press attaches', () => {
  // A clitic is taken off only when three letters remain (morphology.ts), so an alias whose first
  // word has two (خط أنابيب) is left out here: a known limit.
  const arabic = aliasesIn(/^[\u0600-\u06ff ]+$/).filter(([, t]) => t.split(' ')[0]!.replace(/^ال/, '').length >= 3);
  it('has aliases to prefix', () => expect(arabic.length).toBeGreaterThan(10));
  it.each(arabic)('%s: %s', (entry, text) => {
    const prefixed = text.startsWith('ال') ? ['و' + text, 'ب' + text, 'لل' + text.slice(2), 'وبال' + text.slice(2)] : ['و' + text, 'ب' + text, 'ل' + text, 'وب' + text, 'ف' + text];
    for (const p of prefixed) expect(finds(entry, text, `وقال المصدر إن ${p} في الخبر.`), p).toBe(true);
  });
});

describe('romanisations as near spellings', () => {
  const cost = (a: string, b: string) => {
    const [x, y] = [foldWords(a).join(''), foldWords(b).join('')];
    return fuzzyCost(Array.from(x, (ch) => ch.charCodeAt(0)), x.length, Array.from(y, (ch) => ch.charCodeAt(0)), y.length, 99) / 4;
  };
  it.each([
    ['Chaftar', 'Haftar', 0.5],
    ['Khaftar', 'Haftar', 0.5],
    ['Chalifa', 'Khalifa', 0.5],
    ['Jewkurow', 'Yevkurov', 1.5],
  ] as Array<[string, string, number]>)('%s ~ %s is %d edit(s)', (a, b, edits) => expect(cost(a, b)).toBe(edits));
  it('a c or k not before h stays a full edit', () => expect(cost('Chaftar', 'Chatar')).toBe(1));
});
