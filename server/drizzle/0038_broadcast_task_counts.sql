ALTER TABLE `broadcast_tasks` ADD `recipients` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `broadcast_tasks` ADD `recipients_pending` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `broadcast_tasks` ADD `recipients_sent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `broadcast_tasks` ADD `recipients_not_friend` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `broadcast_tasks` ADD `recipients_over_quota` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `broadcast_tasks` ADD `recipients_failed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Tasks written before these columns: counted once from their recipients.
UPDATE `broadcast_tasks` SET `recipients` = (SELECT count(*) FROM `broadcast_recipients` WHERE `broadcast_recipients`.`task_id` = `broadcast_tasks`.`id`),
  `recipients_pending` = (SELECT count(*) FROM `broadcast_recipients` WHERE `broadcast_recipients`.`task_id` = `broadcast_tasks`.`id` AND `broadcast_recipients`.`status` = 'pending'),
  `recipients_sent` = (SELECT count(*) FROM `broadcast_recipients` WHERE `broadcast_recipients`.`task_id` = `broadcast_tasks`.`id` AND `broadcast_recipients`.`status` = 'sent'),
  `recipients_not_friend` = (SELECT count(*) FROM `broadcast_recipients` WHERE `broadcast_recipients`.`task_id` = `broadcast_tasks`.`id` AND `broadcast_recipients`.`status` = 'not_friend'),
  `recipients_over_quota` = (SELECT count(*) FROM `broadcast_recipients` WHERE `broadcast_recipients`.`task_id` = `broadcast_tasks`.`id` AND `broadcast_recipients`.`status` = 'over_quota'),
  `recipients_failed` = (SELECT count(*) FROM `broadcast_recipients` WHERE `broadcast_recipients`.`task_id` = `broadcast_tasks`.`id` AND `broadcast_recipients`.`status` = 'failed');
