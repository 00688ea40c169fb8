CREATE TABLE `customer_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`customer_id` integer NOT NULL,
	`handover_staff_id` integer NOT NULL,
	`takeover_staff_id` integer NOT NULL,
	`status` text NOT NULL,
	`errcode` integer,
	`message` text,
	`requested_at` integer NOT NULL,
	`takeover_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handover_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`takeover_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_transfers_customer` ON `customer_transfers` (`customer_id`,`requested_at`);--> statement-breakpoint
CREATE INDEX `customer_transfers_status_pair` ON `customer_transfers` (`status`,`kind`,`handover_staff_id`,`takeover_staff_id`);--> statement-breakpoint
CREATE TABLE `staff_departures` (
	`staff_id` integer PRIMARY KEY NOT NULL,
	`resigned_at` integer NOT NULL,
	`synced_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `unassigned_customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`external_user_id` text NOT NULL,
	`customer_id` integer,
	`dimission_at` integer NOT NULL,
	`synced_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unassigned_customers_staff_customer` ON `unassigned_customers` (`staff_id`,`external_user_id`);