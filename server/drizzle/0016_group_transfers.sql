CREATE TABLE `group_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`group_chat_id` integer NOT NULL,
	`handover_staff_id` integer NOT NULL,
	`takeover_staff_id` integer NOT NULL,
	`status` text NOT NULL,
	`errcode` integer,
	`requested_at` integer NOT NULL,
	FOREIGN KEY (`group_chat_id`) REFERENCES `group_chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handover_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`takeover_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `group_transfers_group` ON `group_transfers` (`group_chat_id`,`requested_at`);--> statement-breakpoint
CREATE INDEX `group_transfers_handover` ON `group_transfers` (`handover_staff_id`,`requested_at`);