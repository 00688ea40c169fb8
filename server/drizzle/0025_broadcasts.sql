CREATE TABLE `broadcast_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`broadcast_id` integer NOT NULL,
	`task_id` integer NOT NULL,
	`customer_id` integer,
	`group_chat_id` integer,
	`wecom_id` text NOT NULL,
	`status` text NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`task_id`) REFERENCES `broadcast_tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_chat_id`) REFERENCES `group_chats`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcast_recipients_once` ON `broadcast_recipients` (`broadcast_id`,`wecom_id`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_task` ON `broadcast_recipients` (`task_id`,`wecom_id`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_status` ON `broadcast_recipients` (`broadcast_id`,`status`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_customer_sent` ON `broadcast_recipients` (`customer_id`,`status`,`sent_at`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_group_sent` ON `broadcast_recipients` (`group_chat_id`,`status`,`sent_at`);--> statement-breakpoint
CREATE TABLE `broadcast_reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`broadcast_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcast_reminders_seq` ON `broadcast_reminders` (`broadcast_id`,`seq`);--> statement-breakpoint
CREATE TABLE `broadcast_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`broadcast_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`batch` integer NOT NULL,
	`status` text NOT NULL,
	`msgid` text,
	`errcode` integer,
	`confirmed_at` integer,
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcast_tasks_batch` ON `broadcast_tasks` (`broadcast_id`,`staff_id`,`batch`);--> statement-breakpoint
CREATE INDEX `broadcast_tasks_status` ON `broadcast_tasks` (`status`);--> statement-breakpoint
CREATE TABLE `broadcasts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`chat_type` text NOT NULL,
	`status` text NOT NULL,
	`text` text NOT NULL,
	`attachments` text NOT NULL,
	`filter` text,
	`group_chat_ids` text,
	`owner_user_ids` text,
	`idempotency_key` text,
	`send_at` integer NOT NULL,
	`failure` text,
	`synced_at` integer,
	`finished_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcasts_idempotency_key_unique` ON `broadcasts` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `broadcasts_status` ON `broadcasts` (`status`,`id`);