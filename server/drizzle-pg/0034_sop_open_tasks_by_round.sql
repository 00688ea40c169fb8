DROP INDEX "sop_tasks_sop_open";--> statement-breakpoint
CREATE INDEX "sop_tasks_sop_open" ON "sop_tasks" USING btree ("sop_id","status","staff_id","enrolment_id");