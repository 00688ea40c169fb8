ALTER TABLE "broadcasts" ADD COLUMN "sending_since" bigint;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "tasks_written_at" bigint;--> statement-breakpoint
-- Sends taken before these columns: taken at their time, and every task written once any was (one unit of work then).
UPDATE "broadcasts" SET "sending_since" = "send_at" WHERE "status" <> 'scheduled';--> statement-breakpoint
UPDATE "broadcasts" SET "tasks_written_at" = "send_at" WHERE EXISTS (SELECT 1 FROM "broadcast_tasks" WHERE "broadcast_tasks"."broadcast_id" = "broadcasts"."id");
