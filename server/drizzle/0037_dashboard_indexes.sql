CREATE INDEX `customers_mp_registered` ON `customers` (`mp_registered_at`) WHERE mp_registered_at is not null;--> statement-breakpoint
CREATE INDEX `follow_ups_staff_created` ON `follow_ups` (`staff_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_paid` ON `orders` (`paid_at`,`status`,`amount_fen`) WHERE paid_at is not null;