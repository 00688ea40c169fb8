ALTER TABLE "customers" ADD COLUMN "phone_lookup" text;--> statement-breakpoint
CREATE INDEX "customers_phone_lookup_idx" ON "customers" USING btree ("phone_lookup");