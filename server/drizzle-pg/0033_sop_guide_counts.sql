CREATE TABLE "sop_guide_counts" (
	"sop_id" integer NOT NULL,
	"staff_id" integer NOT NULL,
	"enrolled" integer DEFAULT 0 NOT NULL,
	"on_time" integer DEFAULT 0 NOT NULL,
	"late" integer DEFAULT 0 NOT NULL,
	"missed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sop_guide_counts_sop_id_staff_id_pk" PRIMARY KEY("sop_id","staff_id")
);
--> statement-breakpoint
DROP INDEX "sop_tasks_sop";--> statement-breakpoint
ALTER TABLE "sop_guide_counts" ADD CONSTRAINT "sop_guide_counts_sop_id_sops_id_fk" FOREIGN KEY ("sop_id") REFERENCES "public"."sops"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sop_guide_counts" ADD CONSTRAINT "sop_guide_counts_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sop_tasks_sop_open" ON "sop_tasks" USING btree ("sop_id","status","staff_id");
--> statement-breakpoint
-- Rounds and to-dos from before these counts: counted once.
INSERT INTO "sop_guide_counts" ("sop_id", "staff_id", "enrolled", "on_time", "late", "missed")
SELECT "sop_id", "staff_id", sum("enrolled"), sum("on_time"), sum("late"), sum("missed") FROM (
  SELECT "sop_id", "staff_id", count(*) AS "enrolled", 0 AS "on_time", 0 AS "late", 0 AS "missed" FROM "sop_enrolments" GROUP BY "sop_id", "staff_id"
  UNION ALL
  SELECT "sop_id", "staff_id", 0, sum(CASE WHEN "status" = 'done' AND "done_at" <= "late_at" THEN 1 ELSE 0 END),
    sum(CASE WHEN "status" = 'done' AND "done_at" > "late_at" THEN 1 ELSE 0 END), sum(CASE WHEN "status" = 'missed' THEN 1 ELSE 0 END)
  FROM "sop_tasks" GROUP BY "sop_id", "staff_id"
) AS "counted" GROUP BY "sop_id", "staff_id";
