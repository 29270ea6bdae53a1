// Plain records that flow between pipeline stages (see ../shared/DESIGN.md). A stage's private
// types live beside it; only what crosses a stage boundary is here.

/** Entry priority, lowest first. `critical` also triggers an immediate alert mail. */
export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** CSS selectors that turn an HTML listing page into feed items (feeds of kind `html`). */
export interface HtmlSelectors {
  item: string;
  title: string;
  link: string;
  date?: string;
  summary?: string;
}

/** One feed as configured in the feeds file, after validation and defaults. */
export interface FeedSettings {
  id: string;
  url: string;
  title?: string;
  language?: string;
  kind: 'rss' | 'html';
  selectors?: HtmlSelectors;
  /** Minimum minutes between two fetches of this feed. */
  intervalMinutes: number;
  enabled: boolean;
  /** Also fetch each linked article page and extract its main text. */
  fetchArticles: boolean;
  /** This feed (its redirects and article pages) may be on a private network; refused otherwise. */
  allowPrivateNetwork?: boolean;
}

/** What the store remembers about a feed between runs (conditional GET, health). */
export interface FeedState {
  feedId: string;
  url: string;
  etag: string | null;
  lastModified: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
  lastFetchedAt: string | null;
  /** Earliest time the next fetch may happen (interval and failure backoff). */
  nextFetchAt: string | null;
}

/** The feed-level fields of a parsed feed. */
export interface ParsedFeedInfo {
  title: string | null;
  link: string | null;
}

/** One item of a parsed feed: text decoded to Unicode, entities resolved; absent fields null. */
export interface FeedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  /** ISO-8601 UTC, or null when absent or unparseable. */
  published: string | null;
  summary: string | null;
  content: string | null;
}

/** The answer of the parse stage (the JSON shape of `rasid parse`). */
export interface ParsedFeed {
  feed: ParsedFeedInfo;
  /** The character encoding the bytes were decoded with, e.g. `windows-1256`. */
  encoding: string;
  items: FeedItem[];
  /** Problems recovered from (ill-formed XML, bad dates…), in words; empty for a clean feed. */
  warnings: string[];
}

/** An article as the matcher sees it (also the input line of `rasid match`). */
export interface MatchInput {
  id: string;
  title?: string | null;
  /** Plain text or HTML. */
  content?: string | null;
  url?: string | null;
  lang?: string | null;
}

/** A watchlist entry matched in an article. */
export interface Hit {
  /** Id of the watchlist entry (entities and compound topics alike). */
  entry: string;
  /** The matched surface forms as they appear in the original text. */
  terms: string[];
  /** A short excerpt of the text around the first match. */
  snippet: string;
  priority: Priority;
  /** Human-readable reasons: which alias or rule matched, in which field, which context decided. */
  why: string[];
}

/** A stored article, as read back from the store. */
export interface StoredArticle {
  id: number;
  feedId: string;
  guid: string | null;
  url: string | null;
  title: string | null;
  summary: string | null;
  content: string | null;
  published: string | null;
  language: string | null;
  fetchedAt: string;
}

/** A stored hit joined with what a digest needs to show it. */
export interface PendingHit {
  hitId: number;
  entry: string;
  terms: string[];
  snippet: string;
  priority: Priority;
  why: string[];
  createdAt: string;
  article: StoredArticle;
  /** Title of the feed the article came from (its source), falling back to the feed id. */
  source: string;
  /** Other feeds that carried the same story (deduplicated), by title. */
  alsoIn: string[];
}
