import { index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { RFM_SEGMENTS } from '@liuliang/shared'
import { timestamp } from './columns'
import { customers } from './customers'

/**
 * Each customer's RFM figures and segment as last computed (the daily run, or their own paid order or
 * refund). A row stays when the customer stops having purchases, with no segment, so the next daily
 * run counts them as moving to 未消费.
 */
export const customerRfm = pgTable(
  'customer_rfm',
  {
    customerId: integer('customer_id')
      .primaryKey()
      .references(() => customers.id),
    /** null: no paid, unrefunded order (未消费) */
    segment: text('segment', { enum: RFM_SEGMENTS }),
    lastPurchasedAt: timestamp('last_purchased_at'),
    /** paid orders in the window */
    orders: integer('orders').notNull(),
    /** spent in the window */
    spendFen: integer('spend_fen').notNull(),
    /** M as the brand reads it: the total or the average per order */
    monetaryFen: integer('monetary_fen').notNull(),
    computedAt: timestamp('computed_at').notNull(),
    /** the segment as of the latest daily run */
    daySegment: text('day_segment', { enum: RFM_SEGMENTS }),
    /** the segment as of the daily run before that one's day: where that day's moves start */
    priorSegment: text('prior_segment', { enum: RFM_SEGMENTS }),
  },
  (t) => [
    // Audience counts by segment walk this index.
    index('customer_rfm_segment').on(t.segment, t.customerId),
    // The rows whose segment moved since the latest daily run (a payment, new thresholds), which the
    // next run's end takes as the day's: found without reading every row.
    index('customer_rfm_day_moved')
      .on(t.customerId)
      .where(sql`coalesce(day_segment, '') <> coalesce(segment, '')`),
  ],
)

/** One daily run's moves: how many customers went from one segment (null: 未消费) to another, staying ones included. */
export const rfmDailyCounts = pgTable(
  'rfm_daily_counts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** the business day of the run */
    date: text('date').notNull(),
    fromSegment: text('from_segment', { enum: RFM_SEGMENTS }),
    toSegment: text('to_segment', { enum: RFM_SEGMENTS }),
    customers: integer('customers').notNull(),
  },
  (t) => [index('rfm_daily_counts_date').on(t.date)],
)

/** The daily runs, one per business day (a second run that day replaces the first's counts). */
export const rfmRuns = pgTable('rfm_runs', {
  date: text('date').primaryKey(),
  ranAt: timestamp('ran_at').notNull(),
  /** customers with a segment after the run */
  segmented: integer('segmented').notNull(),
  durationMs: integer('duration_ms').notNull(),
})

/**
 * How far a business day's runs have kept each row's segment of the day before: the highest customer id
 * of the steps done. Steps go by id from the first customer, so a second walk that day (an admin's run
 * while the daily one is under way) keeps no row twice and never takes a segment of the day for one of
 * the day before.
 */
export const rfmDayStarts = pgTable('rfm_day_starts', {
  date: text('date').primaryKey(),
  keptUpTo: integer('kept_up_to').notNull(),
})
