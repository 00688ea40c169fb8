CREATE INDEX "customers_mp_registered" ON "customers" USING btree ("mp_registered_at") WHERE mp_registered_at is not null;--> statement-breakpoint
CREATE INDEX "follow_ups_staff_created" ON "follow_ups" USING btree ("staff_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_paid" ON "orders" USING btree ("paid_at","status","amount_fen") WHERE paid_at is not null;