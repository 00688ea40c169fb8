CREATE TABLE `library_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`removed_at` integer,
	`media_id` text,
	`media_expires_at` integer,
	`data` blob NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `library_files_name_unique` ON `library_files` (`name`);--> statement-breakpoint
CREATE INDEX `library_files_kind_idx` ON `library_files` (`kind`,`removed_at`);