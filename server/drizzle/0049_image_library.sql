-- The shop's pictures become the brand's picture library, for every page that shows a picture.
-- The picture's bytes go last: SQLite reads through a large value's overflow pages to reach the columns
-- after it, and the library's lists read every other column.
CREATE TABLE `images` (
	`name` text PRIMARY KEY NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`media_id` text,
	`media_expires_at` integer,
	`data` blob NOT NULL
);
--> statement-breakpoint
INSERT INTO `images` (`name`, `content_type`, `bytes`, `created_at`, `data`) SELECT `name`, `content_type`, `bytes`, `created_at`, `data` FROM `shop_images`;--> statement-breakpoint
DROP TABLE `shop_images`;--> statement-breakpoint
CREATE TABLE `library_images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`image_name` text NOT NULL,
	`title` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`image_name`) REFERENCES `images`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `library_images_image_name_unique` ON `library_images` (`image_name`);--> statement-breakpoint
CREATE INDEX `library_images_removed_idx` ON `library_images` (`removed_at`);--> statement-breakpoint
INSERT INTO `library_images` (`image_name`, `title`, `created_at`) SELECT `name`, '商城图片', `created_at` FROM `images` ORDER BY `created_at`, `name`;--> statement-breakpoint
-- Roles that made or could read what pictures go into keep doing so in the library's own area.
UPDATE `admin_roles` SET `permissions` = json_insert(`permissions`, '$[#]', 'materials:manage')
WHERE EXISTS (SELECT 1 FROM json_each(`admin_roles`.`permissions`) WHERE `value` IN ('acquisition:manage', 'activation:manage', 'conversion:manage'));--> statement-breakpoint
UPDATE `admin_roles` SET `permissions` = json_insert(`permissions`, '$[#]', 'materials:view')
WHERE NOT EXISTS (SELECT 1 FROM json_each(`admin_roles`.`permissions`) WHERE `value` = 'materials:manage')
AND EXISTS (SELECT 1 FROM json_each(`admin_roles`.`permissions`) WHERE `value` IN ('acquisition:view', 'activation:view', 'conversion:view'));
