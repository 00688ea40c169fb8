CREATE TABLE `cart_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`sku_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sku_id`) REFERENCES `product_skus`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cart_items_customer_sku` ON `cart_items` (`customer_id`,`sku_id`);--> statement-breakpoint
CREATE TABLE `customer_addresses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`name` text NOT NULL,
	`phone` text NOT NULL,
	`region` text NOT NULL,
	`detail` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_addresses_customer` ON `customer_addresses` (`customer_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `customer_addresses_one_default` ON `customer_addresses` (`customer_id`) WHERE "customer_addresses"."is_default" = true;--> statement-breakpoint
CREATE TABLE `order_checkouts` (
	`order_id` integer PRIMARY KEY NOT NULL,
	`subtotal_fen` integer NOT NULL,
	`discount_fen` integer DEFAULT 0 NOT NULL,
	`coupon_id` integer,
	`coupon_name` text,
	`address` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`coupon_id`) REFERENCES `coupons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `product_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `product_categories_order` ON `product_categories` (`sort_order`,`id`);--> statement-breakpoint
CREATE TABLE `product_images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`url` text NOT NULL,
	`sort_order` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `product_images_product` ON `product_images` (`product_id`,`sort_order`);--> statement-breakpoint
CREATE TABLE `product_skus` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`options` text NOT NULL,
	`spec_key` text NOT NULL,
	`price_fen` integer NOT NULL,
	`stock` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "product_skus_stock_not_negative" CHECK("product_skus"."stock" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_skus_spec` ON `product_skus` (`product_id`,`spec_key`);--> statement-breakpoint
CREATE TABLE `shop_banners` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`image_url` text NOT NULL,
	`link_type` text DEFAULT 'none' NOT NULL,
	`link_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `shop_banners_order` ON `shop_banners` (`sort_order`,`id`);--> statement-breakpoint
ALTER TABLE `order_items` ADD `sku_id` integer;--> statement-breakpoint
ALTER TABLE `order_items` ADD `spec` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `category_id` integer;