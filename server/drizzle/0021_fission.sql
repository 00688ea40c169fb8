CREATE TABLE `live_code_ways` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`live_code_id` integer NOT NULL,
	`state` text NOT NULL,
	`config_id` text NOT NULL,
	`qr_code_url` text,
	`deleted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`live_code_id`) REFERENCES `live_codes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `live_code_ways_state_unique` ON `live_code_ways` (`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `live_code_ways_config_id_unique` ON `live_code_ways` (`config_id`);--> statement-breakpoint
CREATE INDEX `live_code_ways_code` ON `live_code_ways` (`live_code_id`);--> statement-breakpoint
CREATE TABLE `fission_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`live_code_id` integer NOT NULL,
	`goal` integer NOT NULL,
	`reward_kind` text NOT NULL,
	`reward_points` integer,
	`reward_coupon_template_id` integer,
	`reward_mall_item_id` integer,
	`revoke_on_withdraw` integer DEFAULT false NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`rules` text DEFAULT '' NOT NULL,
	`poster_image_url` text,
	`deleted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`live_code_id`) REFERENCES `live_codes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reward_coupon_template_id`) REFERENCES `coupon_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reward_mall_item_id`) REFERENCES `mall_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `fission_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`participant_id` integer NOT NULL,
	`friend_customer_id` integer NOT NULL,
	`staff_id` integer NOT NULL,
	`status` text NOT NULL,
	`credited_friend_id` integer,
	`added_at` integer NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`activity_id`) REFERENCES `fission_activities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `fission_participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`friend_customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credited_friend_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fission_invites_credit_once` ON `fission_invites` (`credited_friend_id`);--> statement-breakpoint
CREATE INDEX `fission_invites_participant` ON `fission_invites` (`participant_id`,`id`);--> statement-breakpoint
CREATE INDEX `fission_invites_activity_status` ON `fission_invites` (`activity_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `fission_invites_friend` ON `fission_invites` (`friend_customer_id`,`staff_id`);--> statement-breakpoint
CREATE TABLE `fission_participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`state` text NOT NULL,
	`invited` integer DEFAULT 0 NOT NULL,
	`reward_state` text DEFAULT 'none' NOT NULL,
	`reward_round` integer DEFAULT 0 NOT NULL,
	`rewarded_at` integer,
	`reward_error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`activity_id`) REFERENCES `fission_activities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "fission_participants_invited_not_negative" CHECK("fission_participants"."invited" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fission_participants_state_unique` ON `fission_participants` (`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `fission_participants_once` ON `fission_participants` (`activity_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `fission_participants_customer` ON `fission_participants` (`customer_id`);--> statement-breakpoint
CREATE TABLE `fission_poster_views` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`participant_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`viewed_at` integer NOT NULL,
	FOREIGN KEY (`activity_id`) REFERENCES `fission_activities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `fission_participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `fission_poster_views_activity` ON `fission_poster_views` (`activity_id`);--> statement-breakpoint
CREATE INDEX `fission_poster_views_participant` ON `fission_poster_views` (`participant_id`);