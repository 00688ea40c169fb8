ALTER TABLE `customers` ADD `phone_lookup` text;--> statement-breakpoint
CREATE INDEX `customers_phone_lookup_idx` ON `customers` (`phone_lookup`);