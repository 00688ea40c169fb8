CREATE TABLE `access_tokens` (
	`credential` text PRIMARY KEY NOT NULL,
	`token` text,
	`expires_at` integer,
	`refreshing_until` integer
);
--> statement-breakpoint
CREATE TABLE `rate_limit_windows` (
	`key` text PRIMARY KEY NOT NULL,
	`hits` integer NOT NULL,
	`ends_at` integer NOT NULL
);
