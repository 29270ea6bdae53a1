// Our own fictional hits for the channel tests, as the store hands them to delivery: an Arabic and
// a French critical story, and a hostile one whose every field tries to mention, link or format.
import type { EntryCatalog } from '../../src/digest/digest-types.ts';
import type { PendingHit, Priority } from '../../src/types.ts';

export const CHANNEL_CATALOG: EntryCatalog = new Map([
  ['mody-benghazi-trip', { id: 'mody-benghazi-trip', label: "Mody's Benghazi trip", watchlist: 'libya-niger-russia' }],
  ['agadem', { id: 'agadem', label: 'Agadem oil field and pipeline', watchlist: 'libya-niger-russia' }],
]);

let nextId = 1;

export function alertHit(overrides: { title?: string; snippet?: string; url?: string | null; source?: string; language?: string; entry?: string; priority?: Priority; hitId?: number } = {}): PendingHit {
  const hitId = overrides.hitId ?? nextId++;
  return {
    hitId,
    entry: overrides.entry ?? 'mody-benghazi-trip',
    terms: ['Salifou Mody', 'Benghazi'],
    snippet: overrides.snippet ?? 'Le ministre nigérien de la Défense, le général Salifou Mody, est arrivé à Benghazi.',
    priority: overrides.priority ?? 'critical',
    why: ['alias "Salifou Mody" in title'],
    createdAt: '2026-11-28T08:50:00.000Z',
    article: {
      id: hitId,
      feedId: 'sahel-hebdo',
      guid: `guid-${hitId}`,
      url: overrides.url === undefined ? `https://sahel-hebdo.example/2026/11/28/story-${hitId}` : overrides.url,
      title: overrides.title ?? `Le général Salifou Mody reçu à Benghazi (${hitId})`,
      summary: null,
      content: null,
      published: '2026-11-28T08:45:00.000Z',
      language: overrides.language ?? 'fr',
      fetchedAt: '2026-11-28T08:50:00.000Z',
    },
    source: overrides.source ?? 'Sahel Hebdo (fictional)',
    alsoIn: [],
  };
}

export const ARABIC = {
  title: 'وزير الدفاع النيجري ساليفو مودي يصل إلى بنغازي',
  snippet: 'وصل وزير الدفاع في النيجر الجنرال ساليفو مودي صباح اليوم إلى بنغازي في زيارة رسمية.',
  source: 'الوسط (خيالي)',
  language: 'ar',
};

/** Every trick a feed could try on a chat service, in every field a channel shows. */
export const HOSTILE = {
  title: '<!channel> @everyone @here <@U024BE7LH> <b>Breaking</b> **bold** [click me](http://evil.example/phish) <a href="javascript:alert(1)">x</a> & co',
  snippet: '@room <!here|here> <#C0123> <http://evil.example/a|Bank login> `code` _it_ ~del~ > quote <at>Everyone</at> &amp; <script>alert(1)</script> <@&123456> |pipe|',
  source: '@channel Hostile Feed <img src=x onerror=alert(1)>',
  url: 'javascript:alert(document.cookie)',
};
