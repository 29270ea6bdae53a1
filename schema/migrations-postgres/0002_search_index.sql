-- Full-text search over the archive (src/store/search-index.ts), PostgreSQL edition: one tsvector
-- per article, made by Rasid from the article's search stems (src/normalize/search-forms.ts), title
-- lexemes weighted A and body B, so PostgreSQL's own parser and locale never decide what a word is.
-- A pruned article leaves the index with its row (ON DELETE CASCADE).
CREATE TABLE "article_search" (
	"article_id" integer PRIMARY KEY REFERENCES "articles"("id") ON DELETE CASCADE,
	"document" tsvector NOT NULL
);
--> statement-breakpoint
CREATE INDEX "article_search_document" ON "article_search" USING gin ("document");
--> statement-breakpoint
-- Articles stored before this migration (or copied in by `rasid db copy`) are indexed by a backfill
-- that walks ids from next_id up to end_id (exclusive); newer ones are indexed when they are matched.
CREATE TABLE "search_backfill" ("id" integer PRIMARY KEY CHECK ("id" = 1), "next_id" integer NOT NULL, "end_id" integer NOT NULL);
--> statement-breakpoint
INSERT INTO "search_backfill" ("id", "next_id", "end_id") SELECT 1, 1, COALESCE(MAX("id"), 0) + 1 FROM "articles";
