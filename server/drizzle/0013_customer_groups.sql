CREATE TABLE `group_chat_member_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_chat_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`join_way_id` integer,
	`business_day` text NOT NULL,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`group_chat_id`) REFERENCES `group_chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`join_way_id`) REFERENCES `group_join_ways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_chat_member_events_once` ON `group_chat_member_events` (`group_chat_id`,`member_id`,`kind`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `group_chat_member_events_group_day` ON `group_chat_member_events` (`group_chat_id`,`business_day`);--> statement-breakpoint
CREATE INDEX `group_chat_member_events_way_day` ON `group_chat_member_events` (`join_way_id`,`business_day`);--> statement-breakpoint
CREATE TABLE `group_chat_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_chat_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`customer_id` integer,
	`name` text DEFAULT '' NOT NULL,
	`group_nickname` text DEFAULT '' NOT NULL,
	`join_scene` integer DEFAULT 0 NOT NULL,
	`invitor_user_id` text,
	`state` text,
	`join_way_id` integer,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	`quit_scene` integer,
	FOREIGN KEY (`group_chat_id`) REFERENCES `group_chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`join_way_id`) REFERENCES `group_join_ways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_chat_members_once` ON `group_chat_members` (`group_chat_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `group_chat_members_customer` ON `group_chat_members` (`customer_id`);--> statement-breakpoint
CREATE INDEX `group_chat_members_member` ON `group_chat_members` (`member_id`);--> statement-breakpoint
CREATE TABLE `group_chats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_id` text NOT NULL,
	`name` text NOT NULL,
	`owner_staff_id` integer NOT NULL,
	`notice` text DEFAULT '' NOT NULL,
	`wecom_status` integer DEFAULT 0 NOT NULL,
	`member_version` text DEFAULT '' NOT NULL,
	`member_count` integer DEFAULT 0 NOT NULL,
	`opened_at` integer NOT NULL,
	`dismissed_at` integer,
	`synced_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`owner_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_chats_chat_id_unique` ON `group_chats` (`chat_id`);--> statement-breakpoint
CREATE INDEX `group_chats_owner` ON `group_chats` (`owner_staff_id`);--> statement-breakpoint
CREATE TABLE `group_join_ways` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`config_id` text NOT NULL,
	`state` text NOT NULL,
	`qr_code_url` text,
	`auto_create_room` integer NOT NULL,
	`room_base_name` text DEFAULT '' NOT NULL,
	`room_base_id` integer DEFAULT 1 NOT NULL,
	`chat_ids` text NOT NULL,
	`deleted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_join_ways_config_id_unique` ON `group_join_ways` (`config_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `group_join_ways_state_unique` ON `group_join_ways` (`state`);--> statement-breakpoint
CREATE TABLE `group_welcome_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_id` text NOT NULL,
	`name` text NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`attachment` text,
	`notify` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_welcome_templates_template_id_unique` ON `group_welcome_templates` (`template_id`);