CREATE TABLE `lead_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`staff_id` integer,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lead_changes_lead` ON `lead_changes` (`lead_id`,`id`);--> statement-breakpoint
CREATE TABLE `lead_rules` (
	`kind` text PRIMARY KEY NOT NULL,
	`enabled` integer NOT NULL,
	`days` integer NOT NULL,
	`conversion_days` integer NOT NULL,
	`script_id` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`script_id`) REFERENCES `scripts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `leads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`kind` text NOT NULL,
	`occasion` text NOT NULL,
	`detail` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`due_at` integer NOT NULL,
	`window_ends_at` integer NOT NULL,
	`converted_order_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `leads_occasion` ON `leads` (`customer_id`,`kind`,`occasion`);--> statement-breakpoint
CREATE INDEX `leads_staff_open` ON `leads` (`staff_id`,`due_at`) WHERE status in ('new', 'contacted');--> statement-breakpoint
CREATE INDEX `leads_staff_id` ON `leads` (`staff_id`,`id`);--> statement-breakpoint
CREATE TABLE `recommendation_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`reason` text NOT NULL,
	`request_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	`hit_order_id` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendation_sends_request` ON `recommendation_sends` (`staff_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `recommendation_sends_customer` ON `recommendation_sends` (`customer_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `recommendation_sends_time` ON `recommendation_sends` (`sent_at`);--> statement-breakpoint
CREATE TABLE `repurchase_intervals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`subject_id` integer NOT NULL,
	`median_days` integer NOT NULL,
	`samples` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `repurchase_intervals_subject` ON `repurchase_intervals` (`subject`,`subject_id`);--> statement-breakpoint
CREATE TABLE `together_purchases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`with_product_id` integer NOT NULL,
	`orders` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `together_purchases_pair` ON `together_purchases` (`product_id`,`with_product_id`);