CREATE TABLE `tag_rules` (
	`activity` text PRIMARY KEY NOT NULL,
	`tag_id` integer NOT NULL,
	`enabled` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `live_code_adds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`live_code_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`business_day` text NOT NULL,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`live_code_id`) REFERENCES `live_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_code_adds_once_a_day` ON `live_code_adds` (`live_code_id`,`customer_id`,`staff_id`,`business_day`);--> statement-breakpoint
CREATE INDEX `live_code_adds_code_day_staff` ON `live_code_adds` (`live_code_id`,`business_day`,`staff_id`);--> statement-breakpoint
CREATE TABLE `live_code_staff` (
	`live_code_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`role` text NOT NULL,
	`weight` integer DEFAULT 1 NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`live_code_id`, `staff_id`),
	FOREIGN KEY (`live_code_id`) REFERENCES `live_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `live_code_tags` (
	`live_code_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	PRIMARY KEY(`live_code_id`, `tag_id`),
	FOREIGN KEY (`live_code_id`) REFERENCES `live_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `live_code_tags_tag` ON `live_code_tags` (`tag_id`);--> statement-breakpoint
CREATE TABLE `live_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`state` text NOT NULL,
	`config_id` text NOT NULL,
	`qr_code_url` text,
	`allocation` text NOT NULL,
	`daily_add_limit` integer,
	`shift_start_minute` integer,
	`shift_end_minute` integer,
	`skip_verify` integer DEFAULT true NOT NULL,
	`pushed_config` text NOT NULL,
	`deleted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_codes_state_unique` ON `live_codes` (`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `live_codes_config_id_unique` ON `live_codes` (`config_id`);--> statement-breakpoint
CREATE TABLE `welcome_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`live_code_id` integer,
	`staff_id` integer,
	`department_id` integer,
	`starts_at` integer,
	`ends_at` integer,
	`text` text NOT NULL,
	`attachments` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`live_code_id`) REFERENCES `live_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `welcome_messages_scope` ON `welcome_messages` (`scope`,`enabled`);--> statement-breakpoint
CREATE TABLE `welcome_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`welcome_code` text NOT NULL,
	`customer_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`welcome_message_id` integer,
	`status` text NOT NULL,
	`errcode` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`welcome_message_id`) REFERENCES `welcome_messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `welcome_sends_welcome_code_unique` ON `welcome_sends` (`welcome_code`);--> statement-breakpoint
CREATE INDEX `welcome_sends_customer` ON `welcome_sends` (`customer_id`);--> statement-breakpoint
CREATE INDEX `customer_follows_status_ended` ON `customer_follows` (`status`,`ended_at`);