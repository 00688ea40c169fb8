CREATE TABLE `departments` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`parent_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `departments_parent` ON `departments` (`parent_id`);--> statement-breakpoint
CREATE TABLE `staff_departments` (
	`staff_id` integer NOT NULL,
	`department_id` integer NOT NULL,
	`is_leader` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`staff_id`, `department_id`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_departments_department` ON `staff_departments` (`department_id`);