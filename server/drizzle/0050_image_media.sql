ALTER TABLE `images` ADD `media_id` text;--> statement-breakpoint
ALTER TABLE `images` ADD `media_expires_at` integer;