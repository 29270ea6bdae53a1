// Writes libya-ar.rss.xml, the one sample feed whose bytes are not UTF-8. Its text lives here in
// readable form so a reviewer can read it and `npx tsx src/demo/build-samples.ts`
// regenerates the exact committed bytes (a test checks they agree). All items are fictional.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';

export const LIBYA_AR_FILE = 'libya-ar.rss.xml';
export const LIBYA_AR_ENCODING = 'windows-1256';

interface SourceItem {
  slug: string;
  title: string;
  /** Plain text; escaped on output. */
  description: string;
  /** RFC 822, as the site's CMS writes it (local time +0200, one item in GMT). */
  pubDate: string;
  category: string;
}

const SITE = 'https://barqa-today.example';

// Tashkeel and a tatweel appear in a few words on purpose: the normaliser must see through them.
const items: SourceItem[] = [
  {
    slug: 'niger-defence-minister-benghazi',
    title: 'وزير الدفاع النيجري ساليفو مودي يصل إلى بنغازي للقاء المشير خليفة حفتر',
    description:
      'وصل وزير الدفاع في النيجر الجنرال سَاليفو مودي مساء الثلاثاء إلى مطار بنينا الدولي في بنغازي، ' +
      'على رأس وفد عسكري رفيع. ومن المقرر أن يلتقي القائد العام المشير خليفة حفتر لبحث تأمين الحدود ' +
      'المشتركة ومكافحة التهريب. وقالت مصادر في القيادة العامة إن الزيارة تستمر يومين.',
    pubDate: 'Tue, 24 Nov 2026 19:40:00 +0200',
    category: 'سياسة',
  },
  {
    slug: 'mansour-niger-border-cooperation',
    title: 'عيسى عبد المجيد منصور: التعاون مع النيجر يشمل تأمين الحدود الجنوبية',
    description:
      'قال وزير الشؤون الأفريقية في الحكومة الليبية عيسى عبد المجيد منصور إن التنسيق مع نيامي ' +
      'يجري بتوجيهات من المشير خليفة حفتر. وأضاف أن اللجان الفنية ستبحث فتح معبر تجاري جديد ' +
      'في الجنوب، وأن الملف الأمني يحظى بالأولوية.',
    pubDate: 'Mon, 23 Nov 2026 13:05:00 +0200',
    category: 'سياسة',
  },
  {
    slug: 'yevkurov-benghazi-visit',
    title: 'نائب وزير الدفاع الروسي يونس بك يفكوروف يزور بنغازي مجدداً',
    description:
      'استقبل المشير خليفة حـفـتر في مقر القيادة العامة بالرجمة نائب وزير الدفاع الروسي يونس بك ' +
      'يفكوروف، في زيارة هي الرابعة خلال العام. وتناول اللقاء أنشطة الفيلق الأفريقي في ليبيا والساحل. ' +
      'ومن المنتظر أن يتوجه يفكوروف بعدها إلى نيامي لبحث التعاون العسكري مع النيجر.',
    pubDate: 'Fri, 20 Nov 2026 16:20:00 +0200',
    category: 'سياسة',
  },
  {
    slug: 'indian-pm-gulf-trade-delegation',
    title: 'رئيس الوزراء الهندي ناريندرا مودي يستقبل وفداً تجارياً خليجياً',
    description:
      'استقبل رئيس الوزراء الهندي ناريندرا مودي في نيودلهي وفداً من رجال الأعمال الخليجيين، ' +
      'وبحث الجانبان زيادة الاستثمارات في قطاعي الطاقة والموانئ. وقال مودي إن بلاده ترحب بالشراكات الجديدة.',
    pubDate: 'Sun, 22 Nov 2026 09:00:00 GMT',
    category: 'دولي',
  },
  {
    slug: 'benghazi-roads-maintenance',
    title: 'بلدية بنغازي تطلق مشروعاً لصيانة الطرق في حي الصابري',
    description:
      'أعلنت بلدية بنغازي بدء أعمال صيانة الطرق الرئيسية في حي الصابري، على أن تنتهي المرحلة الأولى ' +
      'خلال ثلاثة أشهر. ودعت البلدية السائقين إلى استخدام الطرق البديلة.',
    pubDate: 'Wed, 25 Nov 2026 08:30:00 +0200',
    category: 'محليات',
  },
  {
    slug: 'agadem-benin-pipeline-resumes',
    title: 'خط أنابيب أغاديم ـ بنين: استئناف ضخ الخام النيجري بعد توقف',
    description:
      'استؤنف ضخ النفط الخام من حقل أقاديم في شرق النيجر عبر خط الأنابيب الممتد إلى ميناء سيمي ' +
      'في بنين، بعد توقف دام أسبوعين بسبب أعمال صيانة. وتقول الشركة المشغلة إن الكميات ستعود ' +
      'إلى مستواها المعتاد قبل نهاية الشهر.',
    pubDate: 'Thu, 19 Nov 2026 11:45:00 +0200',
    category: 'اقتصاد',
  },
  {
    slug: 'aid-convoy-kufra',
    title: 'قافلة مساعدات إنسانية تصل إلى الكفرة',
    description:
      'وصلت إلى مدينة الكفرة قافلة مساعدات تضم أربعين شاحنة محملة بالأغذية والأدوية، ' +
      'مخصصة للاجئين السودانيين. وقال الهلال الأحمر إن قافلة ثانية ستنطلق الأسبوع المقبل.',
    pubDate: 'Sat, 21 Nov 2026 10:10:00 +0200',
    category: 'محليات',
  },
  {
    slug: 'zeine-tripoli-visit-expected',
    title: 'زيارة مرتقبة لرئيس الوزراء النيجري علي الأمين زين إلى ليبيا',
    description:
      'أفادت مصادر دبلوماسية بأن رئيس الوزراء النيجري علي الأمين زين يعتزم زيارة ليبيا مطلع الشهر ' +
      'المقبل، لبحث ملفات الطاقة والهجرة والتجارة عبر الحدود.',
    pubDate: 'Thu, 26 Nov 2026 14:00:00 +0200',
    category: 'سياسة',
  },
];

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The feed as text, before encoding. */
export function renderLibyaArabicFeed(): string {
  const entries = items.map(
    (item) => `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>${SITE}/news/${item.slug}</link>
      <guid isPermaLink="true">${SITE}/news/${item.slug}</guid>
      <pubDate>${item.pubDate}</pubDate>
      <category>${escapeXml(item.category)}</category>
      <description>${escapeXml(item.description)}</description>
    </item>`,
  );
  return `<?xml version="1.0" encoding="${LIBYA_AR_ENCODING}"?>
<rss version="2.0">
  <channel>
    <title>برقة اليوم</title>
    <link>${SITE}/</link>
    <description>أخبار ليبيا والجنوب والساحل</description>
    <language>ar</language>
    <lastBuildDate>Thu, 26 Nov 2026 14:05:00 +0200</lastBuildDate>
${entries.join('\n')}
  </channel>
</rss>
`;
}

/** The feed's bytes; throws when a character has no windows-1256 form (iconv-lite would write '?'). */
export function encodeLibyaArabicFeed(): Buffer {
  const text = renderLibyaArabicFeed();
  const bytes = iconv.encode(text, LIBYA_AR_ENCODING);
  const back = iconv.decode(bytes, LIBYA_AR_ENCODING);
  if (back !== text) {
    const at = [...text].findIndex((ch, i) => ch !== [...back][i]);
    throw new Error(
      `${LIBYA_AR_FILE}: character ${JSON.stringify([...text][at])} at index ${at} has no ${LIBYA_AR_ENCODING} form; rewrite it`,
    );
  }
  return bytes;
}

export const samplesDir = fileURLToPath(new URL('./samples/', import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const target = fileURLToPath(new URL(`./samples/${LIBYA_AR_FILE}`, import.meta.url));
  writeFileSync(target, encodeLibyaArabicFeed());
  console.log(`wrote ${target}`);
}
