CREATE TABLE `repurchase_gap_tallies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run` text NOT NULL,
	`subject` text NOT NULL,
	`subject_id` integer NOT NULL,
	`days` integer NOT NULL,
	`purchases` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `repurchase_gap_tallies_bucket` ON `repurchase_gap_tallies` (`run`,`subject`,`subject_id`,`days`);--> statement-breakpoint
CREATE TABLE `together_purchase_tallies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run` text NOT NULL,
	`product_id` integer NOT NULL,
	`with_product_id` integer NOT NULL,
	`orders` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `together_purchase_tallies_pair` ON `together_purchase_tallies` (`run`,`product_id`,`with_product_id`);