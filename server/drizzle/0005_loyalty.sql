CREATE TABLE `point_accounts` (
	`customer_id` integer PRIMARY KEY NOT NULL,
	`balance` integer DEFAULT 0 NOT NULL,
	`earned_total` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "point_accounts_balance_not_negative" CHECK("point_accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE `point_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`delta` integer NOT NULL,
	`reason` text NOT NULL,
	`title` text NOT NULL,
	`balance_after` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`admin_id` integer,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`admin_id`) REFERENCES `admins`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `point_ledger_idempotency_key_unique` ON `point_ledger` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `point_ledger_customer` ON `point_ledger` (`customer_id`,`id`);--> statement-breakpoint
CREATE TABLE `point_lots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`ledger_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`remaining` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_id`) REFERENCES `point_ledger`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "point_lots_remaining_in_range" CHECK("point_lots"."remaining" >= 0 and "point_lots"."remaining" <= "point_lots"."amount")
);
--> statement-breakpoint
CREATE INDEX `point_lots_customer_expiry` ON `point_lots` (`customer_id`,`expires_at`,`id`);--> statement-breakpoint
CREATE TABLE `checkins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`date` text NOT NULL,
	`kind` text NOT NULL,
	`streak` integer NOT NULL,
	`points_awarded` integer DEFAULT 0 NOT NULL,
	`points_cost` integer DEFAULT 0 NOT NULL,
	`makeup_month` text,
	`makeup_slot` integer,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_customer_date` ON `checkins` (`customer_id`,`date`);--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_customer_idempotency` ON `checkins` (`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_makeup_slot` ON `checkins` (`customer_id`,`makeup_month`,`makeup_slot`);--> statement-breakpoint
CREATE INDEX `checkins_date` ON `checkins` (`date`);--> statement-breakpoint
CREATE TABLE `coupon_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`amount_off_fen` integer,
	`discount_percent` integer,
	`threshold_fen` integer DEFAULT 0 NOT NULL,
	`valid_days` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `coupons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`amount_off_fen` integer,
	`discount_percent` integer,
	`threshold_fen` integer NOT NULL,
	`status` text DEFAULT 'available' NOT NULL,
	`source` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`valid_from` integer NOT NULL,
	`valid_until` integer NOT NULL,
	`used_at` integer,
	`used_order_ref` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `coupons_idempotency_key_unique` ON `coupons` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `coupons_customer_status` ON `coupons` (`customer_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `coupons_status_valid_until` ON `coupons` (`status`,`valid_until`);--> statement-breakpoint
CREATE TABLE `mall_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`image_url` text,
	`kind` text NOT NULL,
	`coupon_template_id` integer,
	`points_price` integer NOT NULL,
	`stock` integer NOT NULL,
	`per_user_limit` integer NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`coupon_template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "mall_items_stock_not_negative" CHECK("mall_items"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE `mall_redemptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`slot` integer NOT NULL,
	`points_spent` integer NOT NULL,
	`status` text NOT NULL,
	`coupon_id` integer,
	`address` text,
	`idempotency_key` text,
	`tracking_no` text,
	`shipped_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `mall_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mall_redemptions_status` ON `mall_redemptions` (`status`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `mall_redemptions_customer_slot` ON `mall_redemptions` (`item_id`,`customer_id`,`slot`);--> statement-breakpoint
CREATE UNIQUE INDEX `mall_redemptions_customer_idempotency` ON `mall_redemptions` (`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `mall_redemptions_customer` ON `mall_redemptions` (`customer_id`,`id`);--> statement-breakpoint
CREATE TABLE `scheduled_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`run_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`payload` text,
	`done_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_jobs_kind_key` ON `scheduled_jobs` (`kind`,`key`);--> statement-breakpoint
CREATE INDEX `scheduled_jobs_due` ON `scheduled_jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
