// Builds a large synthetic archive fast, for the web archive benchmark and the screenshots: feeds,
// articles (title and summary in Arabic, French, English or Russian from a fixed seed), their
// sources, hits on a dozen entries (a few common, one rare), deliveries for the older hits, and
// the search index, on either engine. Rows go in with multi-row INSERTs inside large transactions,
// straight through SQL; the search stems of the vocabulary are computed once, so a million articles
// take a minute or two, not the hour that folding every text again would cost.
import { searchStem } from '../../src/normalize/search-forms.ts';
import { tokenize } from '../../src/normalize/tokenize.ts';
import type { Store } from '../../src/store/open-store.ts';
import { tsvectorText } from '../../src/store/search-index.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

export const LANGUAGES = ['ar', 'fr', 'en', 'ru'] as const;
type Lang = (typeof LANGUAGES)[number];

/** Names as they appear in text (with clitics and case endings), and the entry each one makes a hit for. */
const NAMES: Record<Lang, Array<[string, string]>> = {
  ar: [['حفتر', 'haftar'], ['وحفتر', 'haftar'], ['بحفتر', 'haftar'], ['ساليفو مودي', 'mody'], ['الفيلق الأفريقي', 'wagner'], ['أقادم', 'agadem'], ['يفكوروف', 'yevkurov']],
  fr: [['Haftar', 'haftar'], ['Salifou Mody', 'mody'], ["d'Agadem", 'agadem'], ['groupe Wagner', 'wagner'], ['Zeine', 'zeine']],
  en: [['Haftar', 'haftar'], ['Salifou Mody', 'mody'], ['Africa Corps', 'wagner'], ['Agadem', 'agadem'], ['Redut', 'redut'], ['Mansour', 'mansour']],
  ru: [['Евкуров', 'yevkurov'], ['Евкуровым', 'yevkurov'], ['Хафтаром', 'haftar'], ['Африканский корпус', 'wagner'], ['Агадем', 'agadem']],
};
/** An entry so rare a filter on it must not scan the archive to fill a page. */
export const RARE_ENTRY = 'agadez-base';

const ALPHABETS: Record<Lang, string> = {
  ar: 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي',
  fr: 'abcdefghijlmnopqrstuvéèàç',
  en: 'abcdefghijklmnoprstuvwy',
  ru: 'абвгдежзиклмнопрстуфхцчшыэюя',
};

/** The same archive on every run. */
export const random = seededRandom;

interface Vocabulary {
  words: string[];
  stems: string[];
}

function vocabulary(lang: Lang, next: () => number, size: number): Vocabulary {
  const letters = ALPHABETS[lang];
  const words = new Set<string>();
  while (words.size < size) {
    const length = 3 + Math.floor(next() * 7);
    let w = '';
    for (let i = 0; i < length; i++) w += letters[Math.floor(next() * letters.length)];
    words.add(w);
  }
  const list = [...words];
  return { words: list, stems: list.map(stemsOf) };
}

/** The stems of a short text, as the index stores them. */
function stemsOf(text: string): string {
  const t = tokenize(text);
  return t.words.map((w, i) => searchStem(w, t.scripts[i]!)).join(' ');
}

/** A Zipf-like pick: a few words are very common, most are rare, as in news text. */
function pick(next: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(n ** next()) - 1);
}

export interface ArchiveOptions {
  articles: number;
  feeds?: number;
  /** Share of articles that carry a watchlist name and get a hit. */
  hitShare?: number;
  /** Articles per INSERT statement and per transaction. */
  rowsPerInsert?: number;
  rowsPerTransaction?: number;
  startDate?: string;
  days?: number;
  onProgress?: (done: number) => void;
}

export interface ArchiveFacts {
  articles: number;
  hits: number;
  feeds: string[];
  rareFeed: string;
  /** The most frequent word of each language's vocabulary. */
  commonWords: Record<Lang, string>;
}

async function insertMany(store: Store, table: string, columns: string[], rows: unknown[][], perInsert: number, one = `(${columns.map(() => '?').join(', ')})`): Promise<void> {
  for (let i = 0; i < rows.length; i += perInsert) {
    const chunk = rows.slice(i, i + perInsert);
    await store.sql.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`, chunk.flat());
  }
}

const maxId = async (store: Store, table: string) => (await store.sql.get<{ n: number }>(`SELECT COALESCE(MAX(id), 0) AS "n" FROM ${table}`))?.n ?? 0;

/** Appends `options.articles` articles to the archive (call again to grow it); ids continue from the last one. */
export async function buildArchive(store: Store, options: ArchiveOptions, seed = 7): Promise<ArchiveFacts> {
  const next = random(seed + (await maxId(store, 'articles')));
  const feedCount = options.feeds ?? 40;
  const feeds = Array.from({ length: feedCount }, (_, i) => `feed-${String(i).padStart(2, '0')}-${LANGUAGES[i % 4]}`);
  // One feed publishes rarely: a filter on it has to look far back for a page of hits.
  const rareFeed = feeds[feeds.length - 1]!;
  await store.sql.transaction(async () => {
    for (const [i, id] of feeds.entries())
      await store.sql.run('INSERT INTO feeds (id, url, title, last_success_at, last_fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [
        id,
        `https://${id}.example/rss`,
        `Source ${i} (${LANGUAGES[i % 4]})`,
        '2026-11-28T06:00:00.000Z',
        '2026-11-28T06:00:00.000Z',
      ]);
  });
  const vocab = Object.fromEntries(LANGUAGES.map((l) => [l, vocabulary(l, next, 4000)])) as Record<Lang, Vocabulary>;
  const nameStems = Object.fromEntries(LANGUAGES.map((l) => [l, NAMES[l].map(([n]) => stemsOf(n))])) as Record<Lang, string[]>;
  const perInsert = options.rowsPerInsert ?? 50;
  const perTransaction = options.rowsPerTransaction ?? 20_000;
  const hitShare = options.hitShare ?? 0.1;
  const start = Date.parse(options.startDate ?? '2025-12-01T00:00:00Z');
  const span = (options.days ?? 365) * 86_400_000;
  let firstId = (await maxId(store, 'articles')) + 1;
  let hitsAdded = 0;
  const total = options.articles;
  for (let done = 0; done < total; done += perTransaction) {
    const n = Math.min(perTransaction, total - done);
    const articles: unknown[][] = [];
    const sources: unknown[][] = [];
    const search: unknown[][] = [];
    const hits: unknown[][] = [];
    for (let k = 0; k < n; k++) {
      const id = firstId + k;
      const f = next() < 0.002 ? feedCount - 1 : Math.floor(next() * (feedCount - 1));
      const feed = feeds[f]!;
      const lang = LANGUAGES[f % 4]!;
      const v = vocab[lang];
      const titleIdx = Array.from({ length: 9 }, () => pick(next, v.words.length));
      const bodyIdx = Array.from({ length: 55 }, () => pick(next, v.words.length));
      let title = titleIdx.map((i) => v.words[i]).join(' ');
      let titleStems = titleIdx.map((i) => v.stems[i]).join(' ');
      let body = bodyIdx.map((i) => v.words[i]).join(' ');
      let bodyStems = bodyIdx.map((i) => v.stems[i]).join(' ');
      const at = new Date(start + Math.floor(((done + k) / total) * span)).toISOString();
      if (next() < hitShare) {
        const which = Math.floor(next() ** 2 * NAMES[lang].length);
        const [name, entry] = NAMES[lang][which]!;
        title = `${name} ${title}`;
        titleStems = `${nameStems[lang][which]} ${titleStems}`;
        body = `${body} ${name}`;
        bodyStems = `${bodyStems} ${nameStems[lang][which]}`;
        const hitEntry = next() < 0.002 ? RARE_ENTRY : entry;
        hits.push([id, hitEntry, JSON.stringify([name]), `… ${body.slice(-160)}`, hitEntry === 'haftar' ? 'high' : 'normal', JSON.stringify([`alias "${name}"`]), at]);
      }
      articles.push([id, feed, `${feed}-${id}`, `https://${feed}.example/news/${id}`, `https://${feed}.example/news/${id}`, `h${id}`, title, body, at, lang, at, at]);
      sources.push([id, feed, `guid:${feed}-${id}`, `https://${feed}.example/news/${id}`, at]);
      search.push(store.kind === 'postgres' ? [id, tsvectorText({ title: titleStems, body: bodyStems })] : [id, titleStems, bodyStems]);
    }
    await store.sql.transaction(async () => {
      await insertMany(store, 'articles', ['id', 'feed_id', 'guid', 'url', 'canonical_url', 'content_hash', 'title', 'summary', 'published_at', 'language', 'fetched_at', 'matched_at'], articles, perInsert);
      await insertMany(store, 'article_sources', ['article_id', 'feed_id', 'item_key', 'url', 'seen_at'], sources, perInsert);
      if (store.kind === 'postgres') await insertMany(store, 'article_search', ['article_id', 'document'], search, perInsert, '(?, CAST(? AS tsvector))');
      else await insertMany(store, 'article_search', ['rowid', 'title', 'body'], search, perInsert);
      await insertMany(store, 'hits', ['article_id', 'entry', 'terms', 'snippet', 'priority', 'why', 'created_at'], hits, perInsert);
    });
    hitsAdded += hits.length;
    firstId += n;
    options.onProgress?.(done + n);
  }
  await store.sql.run('UPDATE search_backfill SET next_id = end_id');
  // Ids were given explicitly: PostgreSQL's sequences must be moved past them, as `rasid db copy` does.
  if (store.kind === 'postgres')
    for (const table of ['articles', 'article_sources', 'hits'])
      await store.sql.get(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM ${table}), false) AS "v"`, [table]);
  const commonWords = Object.fromEntries(LANGUAGES.map((l) => [l, vocab[l].words[0]!])) as Record<Lang, string>;
  return { articles: firstId - 1, hits: hitsAdded, feeds, rareFeed, commonWords };
}

/** Marks every hit found before `before` as delivered to one recipient, in one digest (the archive's past). */
export async function deliverOlderHits(store: Store, before: string, recipient = 'desk@example.org'): Promise<void> {
  await store.sql.transaction(async () => {
    const pending = await store.sql.get('SELECT id FROM hits WHERE created_at < ? AND id NOT IN (SELECT hit_id FROM deliveries) LIMIT 1', [before]);
    if (!pending) return;
    const digest = await store.sql.get<{ id: number }>(
      "INSERT INTO digests (recipient, kind, status, message_id, hit_ids, sent_at) VALUES (?, 'digest', 'sent', ?, '[]', ?) RETURNING id",
      [recipient, `<bench.${Date.now()}@example.org>`, before],
    );
    await store.sql.run(
      'INSERT INTO deliveries (hit_id, recipient, digest_id, delivered_at) SELECT id, ?, ?, created_at FROM hits WHERE created_at < ? AND id NOT IN (SELECT hit_id FROM deliveries)',
      [recipient, digest!.id, before],
    );
  });
}
