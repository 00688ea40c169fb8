CREATE TABLE `subscription_grants` (
	`customer_id` integer NOT NULL,
	`template_id` text NOT NULL,
	`remaining` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `template_id`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscription_grants_template` ON `subscription_grants` (`template_id`,`remaining`);--> statement-breakpoint
CREATE TABLE `subscription_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`event` text NOT NULL,
	`event_key` text NOT NULL,
	`template_id` text NOT NULL,
	`page` text,
	`data` text NOT NULL,
	`status` text NOT NULL,
	`errcode` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscription_sends_event_key_unique` ON `subscription_sends` (`event_key`);--> statement-breakpoint
CREATE INDEX `subscription_sends_customer` ON `subscription_sends` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `subscription_sends_event` ON `subscription_sends` (`event`,`id`);