ALTER TABLE "images" ADD COLUMN "media_id" text;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "media_expires_at" bigint;