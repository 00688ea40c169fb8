import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { ORDER_KINDS, ORDER_STATUSES, PAYMENT_STATUSES, REFUND_STATUSES } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'

export const products = pgTable(
  'products',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    imageUrl: text('image_url'),
    /** a product_categories row; none for an uncategorised product */
    categoryId: integer('category_id'),
    /** the lowest price and the total stock of its SKUs (product_skus) */
    priceFen: integer('price_fen').notNull(),
    stock: integer('stock').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check('products_stock_not_negative', sql`${t.stock} >= 0`)],
)

export const orders = pgTable(
  'orders',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: ORDER_KINDS }).notNull(),
    status: text('status', { enum: ORDER_STATUSES }).notNull().default('pending_payment'),
    amountFen: integer('amount_fen').notNull(),
    /** unpaid at this instant, the order is cancelled and what it held is released */
    payDeadline: timestamp('pay_deadline').notNull(),
    /** the payment that paid it; a second successful payment is refunded */
    paidPaymentId: integer('paid_payment_id'),
    pointsAwarded: integer('points_awarded').notNull().default(0),
    pointsClawedBack: integer('points_clawed_back').notNull().default(0),
    pointsShortfall: integer('points_shortfall').notNull().default(0),
    idempotencyKey: text('idempotency_key'),
    paidAt: timestamp('paid_at'),
    completedAt: timestamp('completed_at'),
    cancelledAt: timestamp('cancelled_at'),
    refundedAt: timestamp('refunded_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('orders_customer_idempotency').on(t.customerId, t.idempotencyKey),
    index('orders_customer').on(t.customerId, t.id),
    index('orders_status').on(t.status, t.id),
    // Sales by day (the dashboard): a range of payments read from the index alone. Unpaid orders, such
    // as the one a group join places, are not in it.
    index('orders_paid').on(t.paidAt, t.status, t.amountFen).where(sql`paid_at is not null`),
  ],
)

export const orderItems = pgTable(
  'order_items',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    /** the product_skus row sold; none for a group-buy seat */
    skuId: integer('sku_id'),
    /** name, spec options and price as sold */
    name: text('name').notNull(),
    spec: text('spec').notNull().default(''),
    priceFen: integer('price_fen').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [index('order_items_order').on(t.orderId)],
)

/** One attempt to collect an order's money through the provider. */
export const payments = pgTable(
  'payments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    provider: text('provider').notNull(),
    outTradeNo: text('out_trade_no').notNull().unique(),
    amountFen: integer('amount_fen').notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    prepayId: text('prepay_id'),
    transactionId: text('transaction_id'),
    failure: text('failure'),
    paidAt: timestamp('paid_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    // At most one attempt under way per order: a second pay tap resumes it.
    uniqueIndex('payments_one_pending').on(t.orderId).where(sql`${t.status} = 'pending'`),
    index('payments_order').on(t.orderId),
  ],
)

/**
 * Money going back through the provider: pending ones are (re)sent until the provider confirms, or
 * fail for good (refused, or too many attempts) with the reason an admin acts on.
 */
export const refunds = pgTable(
  'refunds',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    paymentId: integer('payment_id')
      .notNull()
      .references(() => payments.id),
    /** the after-sales request this refund pays; none for a whole-order refund or a stray payment's */
    afterSaleId: integer('after_sale_id'),
    outRefundNo: text('out_refund_no').notNull().unique(),
    amountFen: integer('amount_fen').notNull(),
    reason: text('reason').notNull(),
    /** the order becomes refunded with this refund; false for a stray payment the order did not keep */
    closesOrder: boolean('closes_order').notNull(),
    status: text('status', { enum: REFUND_STATUSES }).notNull().default('pending'),
    refundId: text('refund_id'),
    /** failed sends so far; the refund fails for good after the last one allowed */
    attempts: integer('attempts').notNull().default(0),
    failure: text('failure'),
    lastSentAt: timestamp('last_sent_at'),
    succeededAt: timestamp('succeeded_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    index('refunds_status').on(t.status, t.id),
    index('refunds_order').on(t.orderId),
    // A payment is returned whole at most once, besides the parts after-sales requests return, once each.
    uniqueIndex('refunds_whole_payment').on(t.paymentId).where(sql`${t.afterSaleId} is null`),
    uniqueIndex('refunds_after_sale').on(t.afterSaleId),
    index('refunds_payment').on(t.paymentId),
  ],
)
