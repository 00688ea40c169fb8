CREATE TABLE `follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`content` text NOT NULL,
	`next_contact_at` integer,
	`reminder_done_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `follow_ups_customer` ON `follow_ups` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `follow_ups_open_reminders` ON `follow_ups` (`staff_id`,`next_contact_at`) WHERE next_contact_at is not null and reminder_done_at is null;--> statement-breakpoint
CREATE TABLE `script_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parent_id` integer,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `script_categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `script_categories_parent_name` ON `script_categories` (`parent_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `script_categories_top_name` ON `script_categories` (`name`) WHERE parent_id is null;--> statement-breakpoint
CREATE TABLE `script_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`script_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`request_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	FOREIGN KEY (`script_id`) REFERENCES `scripts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `script_sends_request` ON `script_sends` (`staff_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `script_sends_staff_time` ON `script_sends` (`staff_id`,`sent_at`);--> statement-breakpoint
CREATE TABLE `scripts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`category_id` integer,
	`owner_staff_id` integer,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`keywords` text NOT NULL,
	`attachment` text,
	`usage_count` integer DEFAULT 0 NOT NULL,
	`media_id` text,
	`media_expires_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `script_categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `scripts_usage` ON `scripts` (`usage_count`,`id`);--> statement-breakpoint
CREATE INDEX `scripts_category` ON `scripts` (`category_id`);--> statement-breakpoint
CREATE INDEX `scripts_owner` ON `scripts` (`owner_staff_id`);--> statement-breakpoint
ALTER TABLE `customers` ADD `remark` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `city` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `phone_encrypted` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `birthday` text;