import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { COUPON_KINDS, COUPON_SOURCES, COUPON_STATUSES } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'

export const couponTemplates = pgTable('coupon_templates', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  kind: text('kind', { enum: COUPON_KINDS }).notNull(),
  amountOffFen: integer('amount_off_fen'),
  /** share of the price paid, 85 = 8.5 折 */
  discountPercent: integer('discount_percent'),
  thresholdFen: integer('threshold_fen').notNull().default(0),
  validDays: integer('valid_days').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
})

/** A coupon a customer holds; the template's terms are copied so later edits do not change it. */
export const coupons = pgTable(
  'coupons',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: COUPON_KINDS }).notNull(),
    amountOffFen: integer('amount_off_fen'),
    discountPercent: integer('discount_percent'),
    thresholdFen: integer('threshold_fen').notNull(),
    status: text('status', { enum: COUPON_STATUSES }).notNull().default('available'),
    source: text('source', { enum: COUPON_SOURCES }).notNull(),
    /** derived from what issued it (redemption id, prize draw, admin's key…) */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    validFrom: timestamp('valid_from').notNull(),
    validUntil: timestamp('valid_until').notNull(),
    usedAt: timestamp('used_at'),
    usedOrderRef: text('used_order_ref'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('coupons_customer_status').on(t.customerId, t.status, t.id),
    index('coupons_status_valid_until').on(t.status, t.validUntil),
  ],
)
