CREATE TABLE `admins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`password_hash` text NOT NULL,
	`password_changed_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `admins_username_unique` ON `admins` (`username`);--> statement-breakpoint
CREATE TABLE `customer_follows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`status` text NOT NULL,
	`add_way` integer DEFAULT 0 NOT NULL,
	`state` text,
	`first_added_at` integer NOT NULL,
	`last_added_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_follows_customer_staff` ON `customer_follows` (`customer_id`,`staff_id`);--> statement-breakpoint
CREATE INDEX `customer_follows_staff_status` ON `customer_follows` (`staff_id`,`status`,`customer_id`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unionid` text,
	`openid` text,
	`external_user_id` text,
	`name` text,
	`avatar_url` text,
	`gender` text DEFAULT 'unknown' NOT NULL,
	`corp_name` text,
	`mp_registered_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_unionid_unique` ON `customers` (`unionid`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_openid_unique` ON `customers` (`openid`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_external_user_id_unique` ON `customers` (`external_user_id`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`avatar_url` text,
	`is_admin` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_user_id_unique` ON `staff` (`user_id`);--> statement-breakpoint
CREATE TABLE `timeline_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`type` text NOT NULL,
	`staff_id` integer,
	`occurred_at` integer NOT NULL,
	`data` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timeline_events_customer_time` ON `timeline_events` (`customer_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE TABLE `wecom_callback_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dedupe_key` text NOT NULL,
	`event` text NOT NULL,
	`change_type` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wecom_callback_events_dedupe_key_unique` ON `wecom_callback_events` (`dedupe_key`);