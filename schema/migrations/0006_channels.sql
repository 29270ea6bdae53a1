CREATE TABLE `channel_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hit_id` integer NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`message_id` integer NOT NULL,
	`delivered_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`hit_id`) REFERENCES `hits`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`message_id`) REFERENCES `channel_messages`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channel_deliveries_hit_channel` ON `channel_deliveries` (`hit_id`,`channel`,`kind`);--> statement-breakpoint
CREATE TABLE `channel_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`owner` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`hit_ids` text NOT NULL,
	`request` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`refusals` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_attempt_at` text,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channel_messages_key` ON `channel_messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `channel_messages_channel` ON `channel_messages` (`channel`,`status`);