import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { customerRef, staffRef } from './references'
import { products } from './orders'
import { timestamp } from './columns'

/** The brand's median days before a product (or any product of a category) is bought again; rebuilt daily. */
export const repurchaseIntervals = sqliteTable(
  'repurchase_intervals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 'product' or 'category' */
    subject: text('subject', { enum: ['product', 'category'] }).notNull(),
    subjectId: integer('subject_id').notNull(),
    medianDays: integer('median_days').notNull(),
    /** how many repeat purchases the median is taken over */
    samples: integer('samples').notNull(),
  },
  (t) => [uniqueIndex('repurchase_intervals_subject').on(t.subject, t.subjectId)],
)

/** Products bought in the same order, with how many orders; rebuilt daily. */
export const togetherPurchases = sqliteTable(
  'together_purchases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    productId: integer('product_id').notNull(),
    withProductId: integer('with_product_id').notNull(),
    orders: integer('orders').notNull(),
  },
  (t) => [uniqueIndex('together_purchases_pair').on(t.productId, t.withProductId)],
)

/**
 * The daily rebuild's counts so far, per run: it walks the customers in steps, each adding its
 * customers' repurchase gaps here, and the last step turns them into repurchase_intervals.
 */
export const repurchaseGapTallies = sqliteTable(
  'repurchase_gap_tallies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    run: text('run').notNull(),
    subject: text('subject', { enum: ['product', 'category'] }).notNull(),
    subjectId: integer('subject_id').notNull(),
    days: integer('days').notNull(),
    purchases: integer('purchases').notNull(),
  },
  (t) => [uniqueIndex('repurchase_gap_tallies_bucket').on(t.run, t.subject, t.subjectId, t.days)],
)

/** The same run's orders per pair of products bought together, turned into together_purchases. */
export const togetherPurchaseTallies = sqliteTable(
  'together_purchase_tallies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    run: text('run').notNull(),
    productId: integer('product_id').notNull(),
    withProductId: integer('with_product_id').notNull(),
    orders: integer('orders').notNull(),
  },
  (t) => [uniqueIndex('together_purchase_tallies_pair').on(t.run, t.productId, t.withProductId)],
)

/** A product card a guide sent from a recommendation; a later purchase of the product is its hit. */
export const recommendationSends = sqliteTable(
  'recommendation_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: customerRef(),
    staffId: staffRef(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    reason: text('reason').notNull(),
    requestId: text('request_id').notNull(),
    sentAt: timestamp('sent_at').notNull(),
    /** the paid order of the product within the hit window */
    hitOrderId: integer('hit_order_id'),
  },
  (t) => [
    uniqueIndex('recommendation_sends_request').on(t.staffId, t.requestId),
    index('recommendation_sends_customer').on(t.customerId, t.productId),
    index('recommendation_sends_time').on(t.sentAt),
  ],
)
