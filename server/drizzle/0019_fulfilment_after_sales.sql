CREATE TABLE `after_sales` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`reason` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`reject_reason` text,
	`shipped_when_asked` integer NOT NULL,
	`idempotency_key` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `after_sales_one_pending` ON `after_sales` (`order_id`) WHERE "after_sales"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX `after_sales_customer_idempotency` ON `after_sales` (`customer_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `after_sales_order` ON `after_sales` (`order_id`,`id`);--> statement-breakpoint
CREATE INDEX `after_sales_status` ON `after_sales` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `order_shipments` (
	`order_id` integer PRIMARY KEY NOT NULL,
	`carrier` text NOT NULL,
	`carrier_name` text NOT NULL,
	`tracking_no` text NOT NULL,
	`shipped_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `refunds_payment_id_unique`;--> statement-breakpoint
ALTER TABLE `refunds` ADD `after_sale_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_whole_payment` ON `refunds` (`payment_id`) WHERE "refunds"."after_sale_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_after_sale` ON `refunds` (`after_sale_id`);--> statement-breakpoint
CREATE INDEX `refunds_payment` ON `refunds` (`payment_id`);