ALTER TABLE `subscription_sends` ADD `taken_at` integer;--> statement-breakpoint
-- Sends already waiting for WeChat's answer went when they were logged, or later: the log's time stands for it.
UPDATE `subscription_sends` SET `taken_at` = `created_at` WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `subscription_sends_pending` ON `subscription_sends` (`taken_at`) WHERE status = 'pending';