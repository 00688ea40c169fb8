CREATE TABLE `coupon_claimables` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_id` integer NOT NULL,
	`total_stock` integer NOT NULL,
	`claimed` integer DEFAULT 0 NOT NULL,
	`per_customer_limit` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "coupon_claimables_within_stock" CHECK("coupon_claimables"."claimed" <= "coupon_claimables"."total_stock")
);
--> statement-breakpoint
CREATE TABLE `coupon_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claimable_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`slot` integer NOT NULL,
	`coupon_id` integer NOT NULL,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`claimable_id`) REFERENCES `coupon_claimables`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_claims_slot` ON `coupon_claims` (`claimable_id`,`customer_id`,`slot`);--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_claims_customer_idempotency` ON `coupon_claims` (`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `coupon_issue_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_id` integer NOT NULL,
	`filter` text NOT NULL,
	`skip_holders` integer NOT NULL,
	`idempotency_key` text,
	`status` text DEFAULT 'running' NOT NULL,
	`total` integer NOT NULL,
	`max_customer_id` integer NOT NULL,
	`last_customer_id` integer DEFAULT 0 NOT NULL,
	`issued` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupon_issue_batches_idempotency_key_unique` ON `coupon_issue_batches` (`idempotency_key`);--> statement-breakpoint
CREATE TABLE `coupon_store_redemptions` (
	`coupon_id` integer PRIMARY KEY NOT NULL,
	`staff_id` integer NOT NULL,
	`store` text,
	`redeemed_at` integer NOT NULL,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `coupon_store_redemptions_staff` ON `coupon_store_redemptions` (`staff_id`,`redeemed_at`);