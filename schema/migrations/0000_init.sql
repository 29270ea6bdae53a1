CREATE TABLE `article_sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`feed_id` text NOT NULL,
	`item_key` text NOT NULL,
	`url` text,
	`seen_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `article_sources_item` ON `article_sources` (`feed_id`,`item_key`);--> statement-breakpoint
CREATE INDEX `article_sources_article` ON `article_sources` (`article_id`);--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feed_id` text NOT NULL,
	`guid` text,
	`url` text,
	`canonical_url` text,
	`content_hash` text NOT NULL,
	`title` text,
	`summary` text,
	`content` text,
	`published_at` text,
	`language` text,
	`fetched_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`matched_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_canonical_url` ON `articles` (`canonical_url`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_content_hash` ON `articles` (`content_hash`);--> statement-breakpoint
CREATE INDEX `articles_fetched_at` ON `articles` (`fetched_at`);--> statement-breakpoint
CREATE INDEX `articles_unmatched` ON `articles` (`matched_at`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hit_id` integer NOT NULL,
	`recipient` text NOT NULL,
	`digest_id` integer NOT NULL,
	`delivered_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`hit_id`) REFERENCES `hits`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_hit_recipient` ON `deliveries` (`hit_id`,`recipient`);--> statement-breakpoint
CREATE TABLE `digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient` text NOT NULL,
	`kind` text DEFAULT 'digest' NOT NULL,
	`status` text NOT NULL,
	`message_id` text NOT NULL,
	`hit_ids` text NOT NULL,
	`subject` text,
	`error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE INDEX `digests_recipient` ON `digests` (`recipient`,`status`);--> statement-breakpoint
CREATE TABLE `feeds` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`title` text,
	`etag` text,
	`last_modified` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`last_error_at` text,
	`last_success_at` text,
	`last_fetched_at` text,
	`next_fetch_at` text,
	`last_item_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`entry` text NOT NULL,
	`terms` text NOT NULL,
	`snippet` text NOT NULL,
	`priority` text DEFAULT 'normal' NOT NULL,
	`why` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hits_article_entry` ON `hits` (`article_id`,`entry`);--> statement-breakpoint
CREATE INDEX `hits_created_at` ON `hits` (`created_at`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`acquired_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`command` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`status` text NOT NULL,
	`report` text
);
