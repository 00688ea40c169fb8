CREATE TABLE `customer_rfm` (
	`customer_id` integer PRIMARY KEY NOT NULL,
	`segment` text,
	`last_purchased_at` integer,
	`orders` integer NOT NULL,
	`spend_fen` integer NOT NULL,
	`monetary_fen` integer NOT NULL,
	`computed_at` integer NOT NULL,
	`day_segment` text,
	`prior_segment` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_rfm_segment` ON `customer_rfm` (`segment`,`customer_id`);--> statement-breakpoint
CREATE TABLE `rfm_daily_counts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`date` text NOT NULL,
	`from_segment` text,
	`to_segment` text,
	`customers` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rfm_daily_counts_date` ON `rfm_daily_counts` (`date`);--> statement-breakpoint
CREATE TABLE `rfm_runs` (
	`date` text PRIMARY KEY NOT NULL,
	`ran_at` integer NOT NULL,
	`segmented` integer NOT NULL,
	`duration_ms` integer NOT NULL
);
