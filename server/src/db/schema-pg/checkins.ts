import { sql } from 'drizzle-orm'
import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { CHECKIN_KINDS } from '@liuliang/shared'
import { timestamp } from './columns'
import { customers } from './customers'

/** One row per customer per business day: the unique key is what stops a double check-in. */
export const checkins = pgTable(
  'checkins',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    /** business day, YYYY-MM-DD in the brand's time zone */
    date: text('date').notNull(),
    kind: text('kind', { enum: CHECKIN_KINDS }).notNull(),
    streak: integer('streak').notNull(),
    pointsAwarded: integer('points_awarded').notNull().default(0),
    pointsCost: integer('points_cost').notNull().default(0),
    /** make-ups: the business month (YYYY-MM) they were made in and their number in it */
    makeupMonth: text('makeup_month'),
    makeupSlot: integer('makeup_slot'),
    /**
     * The client's Idempotency-Key, found again among the customer's latest rows (by the date key or,
     * for make-ups, the slot key): an index of its own would cost every check-in a write at random.
     */
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('checkins_customer_date').on(t.customerId, t.date),
    // Make-ups only: a regular check-in has no slot, and leaving it out spares every check-in an index write.
    uniqueIndex('checkins_makeup_slot').on(t.customerId, t.makeupMonth, t.makeupSlot).where(sql`${t.makeupMonth} is not null`),
    index('checkins_date').on(t.date),
  ],
)
