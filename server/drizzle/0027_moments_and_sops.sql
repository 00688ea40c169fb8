CREATE TABLE `moment_interactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`kind` text NOT NULL,
	`by_kind` text NOT NULL,
	`by_id` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `moment_posts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moment_interactions_once` ON `moment_interactions` (`post_id`,`kind`,`by_kind`,`by_id`,`at`);--> statement-breakpoint
CREATE TABLE `moment_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`staff_user_id` text NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`published_at` integer,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`last_reminded_at` integer,
	`reached_count` integer DEFAULT 0 NOT NULL,
	`comment_count` integer DEFAULT 0 NOT NULL,
	`like_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `moment_tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moment_posts_task_staff` ON `moment_posts` (`task_id`,`staff_user_id`);--> statement-breakpoint
CREATE TABLE `moment_reach` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`external_user_id` text NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `moment_posts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moment_reach_post_customer` ON `moment_reach` (`post_id`,`external_user_id`);--> statement-breakpoint
CREATE TABLE `moment_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`content` text NOT NULL,
	`staff_user_ids` text NOT NULL,
	`tag_ids` text NOT NULL,
	`status` text NOT NULL,
	`job_id` text,
	`moment_id` text,
	`failure` text,
	`invalid_staff_user_ids` text NOT NULL,
	`invalid_tag_ids` text NOT NULL,
	`synced_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `moment_tasks_moment_id_unique` ON `moment_tasks` (`moment_id`);--> statement-breakpoint
CREATE INDEX `moment_tasks_status` ON `moment_tasks` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `sop_enrolments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sop_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`customer_id` integer,
	`group_chat_id` integer,
	`target` text NOT NULL,
	`round` text NOT NULL,
	`anchor_at` integer NOT NULL,
	`ended_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`sop_id`) REFERENCES `sops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sop_enrolments_once` ON `sop_enrolments` (`sop_id`,`target`,`round`);--> statement-breakpoint
CREATE INDEX `sop_enrolments_customer` ON `sop_enrolments` (`customer_id`);--> statement-breakpoint
CREATE TABLE `sop_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enrolment_id` integer NOT NULL,
	`sop_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`customer_id` integer,
	`group_chat_id` integer,
	`step` integer NOT NULL,
	`script_id` integer NOT NULL,
	`due_at` integer NOT NULL,
	`warn_at` integer NOT NULL,
	`late_at` integer NOT NULL,
	`missed_at` integer NOT NULL,
	`status` text NOT NULL,
	`done_at` integer,
	`request_id` text,
	`reminded_at` integer,
	`warned_at` integer,
	FOREIGN KEY (`enrolment_id`) REFERENCES `sop_enrolments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sop_id`) REFERENCES `sops`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sop_tasks_step` ON `sop_tasks` (`enrolment_id`,`step`);--> statement-breakpoint
CREATE INDEX `sop_tasks_staff_open` ON `sop_tasks` (`staff_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `sop_tasks_status_due` ON `sop_tasks` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `sop_tasks_sop` ON `sop_tasks` (`sop_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `sops` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`trigger` text NOT NULL,
	`live_code_id` integer,
	`tag_id` integer,
	`date` text,
	`weekday` integer,
	`audience_tag_ids` text NOT NULL,
	`steps` text NOT NULL,
	`quiet_hours` text,
	`on_time_minutes` integer NOT NULL,
	`enabled` integer NOT NULL,
	`active_since` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
