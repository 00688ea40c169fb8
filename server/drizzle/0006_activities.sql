CREATE TABLE `order_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`name` text NOT NULL,
	`price_fen` integer NOT NULL,
	`quantity` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_items_order` ON `order_items` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'pending_payment' NOT NULL,
	`amount_fen` integer NOT NULL,
	`pay_deadline` integer NOT NULL,
	`paid_payment_id` integer,
	`points_awarded` integer DEFAULT 0 NOT NULL,
	`points_clawed_back` integer DEFAULT 0 NOT NULL,
	`points_shortfall` integer DEFAULT 0 NOT NULL,
	`idempotency_key` text,
	`paid_at` integer,
	`completed_at` integer,
	`cancelled_at` integer,
	`refunded_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_customer_idempotency` ON `orders` (`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `orders_customer` ON `orders` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `orders_status` ON `orders` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`provider` text NOT NULL,
	`out_trade_no` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`prepay_id` text,
	`transaction_id` text,
	`failure` text,
	`paid_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_out_trade_no_unique` ON `payments` (`out_trade_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_one_pending` ON `payments` (`order_id`) WHERE "payments"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `payments_order` ON `payments` (`order_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`image_url` text,
	`price_fen` integer NOT NULL,
	`stock` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "products_stock_not_negative" CHECK("products"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`payment_id` integer NOT NULL,
	`out_refund_no` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`reason` text NOT NULL,
	`closes_order` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`refund_id` text,
	`last_sent_at` integer,
	`succeeded_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_payment_id_unique` ON `refunds` (`payment_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_out_refund_no_unique` ON `refunds` (`out_refund_no`);--> statement-breakpoint
CREATE INDEX `refunds_status` ON `refunds` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `refunds_order` ON `refunds` (`order_id`);--> statement-breakpoint
CREATE TABLE `lotteries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`cost_points` integer NOT NULL,
	`free_draws_per_day` integer NOT NULL,
	`max_draws_per_user` integer NOT NULL,
	`audience` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lottery_draws` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lottery_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`date` text NOT NULL,
	`day_seq` integer NOT NULL,
	`free` integer NOT NULL,
	`cost_points` integer NOT NULL,
	`prize_id` integer,
	`won` integer NOT NULL,
	`coupon_id` integer,
	`claim_status` text DEFAULT 'none' NOT NULL,
	`address` text,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`lottery_id`) REFERENCES `lotteries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prize_id`) REFERENCES `lottery_prizes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lottery_draws_customer_seq` ON `lottery_draws` (`lottery_id`,`customer_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `lottery_draws_customer_day_seq` ON `lottery_draws` (`lottery_id`,`customer_id`,`date`,`day_seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `lottery_draws_customer_idempotency` ON `lottery_draws` (`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `lottery_draws_customer` ON `lottery_draws` (`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `lottery_draws_prize` ON `lottery_draws` (`prize_id`,`won`);--> statement-breakpoint
CREATE TABLE `lottery_prizes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lottery_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`weight` integer NOT NULL,
	`stock` integer NOT NULL,
	`points` integer,
	`coupon_template_id` integer,
	FOREIGN KEY (`lottery_id`) REFERENCES `lotteries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coupon_template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lottery_prizes_stock_not_negative" CHECK("lottery_prizes"."stock" >= 0)
);
--> statement-breakpoint
CREATE INDEX `lottery_prizes_lottery` ON `lottery_prizes` (`lottery_id`,`position`);--> statement-breakpoint
CREATE TABLE `groupbuy_campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`group_size` integer NOT NULL,
	`price_fen` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`stock` integer NOT NULL,
	`per_user_limit` integer NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "groupbuy_campaigns_stock_not_negative" CHECK("groupbuy_campaigns"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE `groupbuy_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`leader_id` integer NOT NULL,
	`size` integer NOT NULL,
	`status` text NOT NULL,
	`paid_count` integer DEFAULT 0 NOT NULL,
	`deadline` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `groupbuy_campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`leader_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "groupbuy_groups_paid_in_range" CHECK("groupbuy_groups"."paid_count" >= 0 and "groupbuy_groups"."paid_count" <= "groupbuy_groups"."size")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groupbuy_groups_one_open` ON `groupbuy_groups` (`campaign_id`,`leader_id`) WHERE "groupbuy_groups"."status" in ('pending', 'open');--> statement-breakpoint
CREATE INDEX `groupbuy_groups_campaign_status` ON `groupbuy_groups` (`campaign_id`,`status`,`deadline`);--> statement-breakpoint
CREATE TABLE `groupbuy_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`is_leader` integer NOT NULL,
	`status` text NOT NULL,
	`hold_until` integer NOT NULL,
	`joined_at` integer NOT NULL,
	`paid_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `groupbuy_groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groupbuy_members_order_id_unique` ON `groupbuy_members` (`order_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `groupbuy_members_once` ON `groupbuy_members` (`group_id`,`customer_id`) WHERE "groupbuy_members"."status" in ('holding', 'paid');--> statement-breakpoint
CREATE INDEX `groupbuy_members_customer` ON `groupbuy_members` (`customer_id`,`id`);--> statement-breakpoint
CREATE TABLE `commissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`distributor_id` integer NOT NULL,
	`level` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text DEFAULT 'frozen' NOT NULL,
	`settle_at` integer,
	`settled_at` integer,
	`reversed_at` integer,
	`owed_fen` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`distributor_id`) REFERENCES `distributors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commissions_order_level` ON `commissions` (`order_id`,`level`);--> statement-breakpoint
CREATE INDEX `commissions_distributor` ON `commissions` (`distributor_id`,`id`);--> statement-breakpoint
CREATE TABLE `distributor_accounts` (
	`distributor_id` integer PRIMARY KEY NOT NULL,
	`frozen_fen` integer DEFAULT 0 NOT NULL,
	`settled_fen` integer DEFAULT 0 NOT NULL,
	`withdrawable_fen` integer DEFAULT 0 NOT NULL,
	`pending_withdrawal_fen` integer DEFAULT 0 NOT NULL,
	`withdrawn_fen` integer DEFAULT 0 NOT NULL,
	`owed_fen` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`distributor_id`) REFERENCES `distributors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "distributor_accounts_not_negative" CHECK("distributor_accounts"."frozen_fen" >= 0 and "distributor_accounts"."withdrawable_fen" >= 0 and "distributor_accounts"."pending_withdrawal_fen" >= 0 and "distributor_accounts"."owed_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE `distributors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`code` text NOT NULL,
	`status` text NOT NULL,
	`inviter_id` integer,
	`approved_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `distributors_customer_id_unique` ON `distributors` (`customer_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `distributors_code_unique` ON `distributors` (`code`);--> statement-breakpoint
CREATE INDEX `distributors_status` ON `distributors` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `distributors_inviter` ON `distributors` (`inviter_id`);--> statement-breakpoint
CREATE TABLE `order_referrals` (
	`order_id` integer PRIMARY KEY NOT NULL,
	`level1_id` integer NOT NULL,
	`level2_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`level1_id`) REFERENCES `distributors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`level2_id`) REFERENCES `distributors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `referral_bindings` (
	`customer_id` integer PRIMARY KEY NOT NULL,
	`distributor_id` integer NOT NULL,
	`bound_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`distributor_id`) REFERENCES `distributors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `referral_bindings_distributor` ON `referral_bindings` (`distributor_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `withdrawals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`distributor_id` integer NOT NULL,
	`amount_fen` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`note` text,
	`idempotency_key` text,
	`decided_by` integer,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`distributor_id`) REFERENCES `distributors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `admins`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `withdrawals_idempotency` ON `withdrawals` (`distributor_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `withdrawals_status` ON `withdrawals` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `withdrawals_distributor` ON `withdrawals` (`distributor_id`,`id`);