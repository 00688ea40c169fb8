CREATE TABLE `audit_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`admin_id` integer,
	`admin_name` text,
	`action` text NOT NULL,
	`object_type` text,
	`object_id` text,
	`method` text,
	`route` text,
	`status` integer,
	`ip` text,
	`user_agent` text,
	`request_body` text,
	`changes` text
);
--> statement-breakpoint
CREATE INDEX `audit_entries_at` ON `audit_entries` (`at`);--> statement-breakpoint
CREATE INDEX `audit_entries_admin` ON `audit_entries` (`admin_name`,`id`);--> statement-breakpoint
CREATE INDEX `audit_entries_object` ON `audit_entries` (`object_type`,`object_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_entries_action` ON `audit_entries` (`action`,`id`);--> statement-breakpoint
CREATE INDEX `customer_follows_first_added` ON `customer_follows` (`first_added_at`,`customer_id`);--> statement-breakpoint
CREATE INDEX `live_code_adds_day` ON `live_code_adds` (`business_day`,`live_code_id`,`customer_id`);