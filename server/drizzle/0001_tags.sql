CREATE TABLE `customer_tags` (
	`customer_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`marked_by_staff_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`customer_id`, `tag_id`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`marked_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_tags_tag` ON `customer_tags` (`tag_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `tag_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wecom_group_id` text NOT NULL,
	`name` text NOT NULL,
	`exclusive` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tag_groups_wecom_group_id_unique` ON `tag_groups` (`wecom_group_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `tag_groups_name_unique` ON `tag_groups` (`name`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`wecom_tag_id` text NOT NULL,
	`group_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `tag_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_wecom_tag_id_unique` ON `tags` (`wecom_tag_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `tags_group_name` ON `tags` (`group_id`,`name`);