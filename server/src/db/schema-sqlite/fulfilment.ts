import { sql } from 'drizzle-orm'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { AFTER_SALE_KINDS, AFTER_SALE_STATUSES, CARRIER_CODES } from '@liuliang/shared'
import { timestamp } from './columns'
import { customers } from './customers'
import { orders } from './orders'

/** How an order left the warehouse: one shipment per order. */
export const orderShipments = sqliteTable('order_shipments', {
  orderId: integer('order_id')
    .primaryKey()
    .references(() => orders.id),
  carrier: text('carrier', { enum: CARRIER_CODES }).notNull(),
  /** the carrier's name as shown (the one typed for 其他) */
  carrierName: text('carrier_name').notNull(),
  trackingNo: text('tracking_no').notNull(),
  shippedAt: timestamp('shipped_at').notNull(),
})

/** A customer's request for money back (and perhaps to return the goods), decided by an admin. */
export const afterSales = sqliteTable(
  'after_sales',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: AFTER_SALE_KINDS }).notNull(),
    status: text('status', { enum: AFTER_SALE_STATUSES }).notNull().default('pending'),
    reason: text('reason').notNull(),
    amountFen: integer('amount_fen').notNull(),
    rejectReason: text('reject_reason'),
    /** whether the order had shipped when asked: goods never sent go back on sale with the refund */
    shippedWhenAsked: integer('shipped_when_asked', { mode: 'boolean' }).notNull(),
    idempotencyKey: text('idempotency_key'),
    decidedAt: timestamp('decided_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    // One request under review per order at a time.
    uniqueIndex('after_sales_one_pending').on(t.orderId).where(sql`${t.status} = 'pending'`),
    uniqueIndex('after_sales_customer_idempotency').on(t.customerId, t.idempotencyKey),
    index('after_sales_order').on(t.orderId, t.id),
    index('after_sales_status').on(t.status, t.id),
  ],
)
