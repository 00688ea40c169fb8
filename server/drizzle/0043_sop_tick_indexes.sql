DROP INDEX `sop_tasks_status_due`;--> statement-breakpoint
CREATE INDEX `sop_tasks_to_remind` ON `sop_tasks` (`due_at`,`id`) WHERE status = 'pending' and reminded_at is null;--> statement-breakpoint
CREATE INDEX `sop_tasks_to_warn` ON `sop_tasks` (`warn_at`,`id`) WHERE status = 'pending' and warned_at is null;--> statement-breakpoint
CREATE INDEX `sop_tasks_to_miss` ON `sop_tasks` (`missed_at`,`id`) WHERE status = 'pending';