CREATE TABLE "periodic_rounds" (
	"name" text PRIMARY KEY NOT NULL,
	"next_due_at" bigint NOT NULL
);
