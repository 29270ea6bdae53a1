ALTER TABLE `digests` ADD `message` text;--> statement-breakpoint
ALTER TABLE `feeds` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `feeds` ADD `claimed_until` text;