import { index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { TIMELINE_EVENT_TYPES } from '@liuliang/shared'
import { timestamp } from './columns'
import { customers } from './customers'
import { staff } from './staff'

/** Everything that happened to a customer, for the sidebar's 360 view. */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    type: text('type', { enum: TIMELINE_EVENT_TYPES }).notNull(),
    staffId: integer('staff_id').references(() => staff.id),
    occurredAt: timestamp('occurred_at').notNull(),
    /** event-specific details as JSON */
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('timeline_events_customer_time').on(t.customerId, t.occurredAt, t.id)],
)
