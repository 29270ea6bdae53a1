-- Full-text search over the archive (src/store/search-index.ts), SQLite edition. Each row is one article (rowid =
-- articles.id) holding the search stems of its title and of its summary and content
-- (src/normalize/search-forms.ts), so the query is folded and stemmed the same way in code and FTS5
-- only compares tokens. Contentless: the text stays in `articles`; contentless_delete lets a
-- re-indexed article be replaced and a pruned one removed.
CREATE VIRTUAL TABLE `article_search` USING fts5(`title`, `body`, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
-- Articles stored before this migration are indexed by a backfill that walks ids from next_id up
-- to end_id (exclusive); newer ones are indexed when they are matched.
CREATE TABLE `search_backfill` (`id` integer PRIMARY KEY CHECK (`id` = 1), `next_id` integer NOT NULL, `end_id` integer NOT NULL);
--> statement-breakpoint
INSERT INTO `search_backfill` (`id`, `next_id`, `end_id`) SELECT 1, 1, COALESCE(MAX(`id`), 0) + 1 FROM `articles`;
--> statement-breakpoint
CREATE TRIGGER `articles_search_delete` AFTER DELETE ON `articles` BEGIN DELETE FROM `article_search` WHERE rowid = old.id; END;
--> statement-breakpoint
-- Relevance ranking weighs a word in the title three times a word in the body.
INSERT INTO `article_search` (`article_search`, `rank`) VALUES ('rank', 'bm25(3.0, 1.0)');
