CREATE TABLE `rfm_day_starts` (
	`date` text PRIMARY KEY NOT NULL,
	`kept_up_to` integer NOT NULL
);
--> statement-breakpoint
-- A day whose run has finished has kept every row's segment of the day before.
INSERT INTO `rfm_day_starts` (`date`, `kept_up_to`) SELECT `date`, 2147483647 FROM `rfm_runs` WHERE `date` = (SELECT max(`date`) FROM `rfm_runs`);