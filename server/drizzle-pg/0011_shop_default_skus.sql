-- Every product on sale before SKUs existed becomes a product with one default SKU holding its price and stock.
INSERT INTO "product_skus" ("product_id", "options", "spec_key", "price_fen", "stock", "active", "sort_order")
SELECT "id", '[]'::jsonb, '', "price_fen", "stock", true, 0 FROM "products";--> statement-breakpoint
-- Units of normal orders placed before go back to that SKU when such an order is cancelled or refunded.
UPDATE "order_items" SET "sku_id" = (SELECT "s"."id" FROM "product_skus" "s" WHERE "s"."product_id" = "order_items"."product_id")
WHERE "order_id" IN (SELECT "id" FROM "orders" WHERE "kind" = 'normal');
