import { sql } from 'drizzle-orm'
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { MALL_ITEM_KINDS, REDEMPTION_STATUSES, type ShippingAddress } from '@liuliang/shared'
import { createdAt, limitedOffer, timestamp } from './columns'
import { customers } from './customers'
import { couponTemplates, coupons } from './coupons'

export const mallItems = pgTable(
  'mall_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    imageUrl: text('image_url'),
    kind: text('kind', { enum: MALL_ITEM_KINDS }).notNull(),
    couponTemplateId: integer('coupon_template_id').references(() => couponTemplates.id),
    pointsPrice: integer('points_price').notNull(),
    ...limitedOffer(),
    createdAt: createdAt(),
  },
  (t) => [check('mall_items_stock_not_negative', sql`${t.stock} >= 0`)],
)

export const mallRedemptions = pgTable(
  'mall_redemptions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    itemId: integer('item_id')
      .notNull()
      .references(() => mallItems.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    /** the customer's n-th redemption of this item: unique, so the per-user limit holds in the database */
    slot: integer('slot').notNull(),
    pointsSpent: integer('points_spent').notNull(),
    status: text('status', { enum: REDEMPTION_STATUSES }).notNull(),
    couponId: integer('coupon_id').references(() => coupons.id),
    address: jsonb('address').$type<ShippingAddress>(),
    idempotencyKey: text('idempotency_key'),
    /** physical items: the courier's tracking number once shipped */
    trackingNo: text('tracking_no'),
    shippedAt: timestamp('shipped_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('mall_redemptions_status').on(t.status, t.id),
    uniqueIndex('mall_redemptions_customer_slot').on(t.itemId, t.customerId, t.slot),
    uniqueIndex('mall_redemptions_customer_idempotency').on(t.customerId, t.idempotencyKey),
    index('mall_redemptions_customer').on(t.customerId, t.id),
  ],
)
