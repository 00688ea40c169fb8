DROP INDEX "lottery_draws_customer_day_seq";--> statement-breakpoint
DROP INDEX "lottery_draws_customer_idempotency";--> statement-breakpoint
CREATE UNIQUE INDEX "lottery_draws_customer_lottery_day" ON "lottery_draws" USING btree ("customer_id","lottery_id","date","day_seq");