import { sql } from 'drizzle-orm'
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { createdAt, timestamp } from './columns'
import { customerRef, staffRef } from './references'

/** A guide's note on a customer; with a next-contact time it is also a reminder for that guide until settled. */
export const followUps = pgTable(
  'follow_ups',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    customerId: customerRef(),
    staffId: staffRef(),
    content: text('content').notNull(),
    nextContactAt: timestamp('next_contact_at'),
    reminderDoneAt: timestamp('reminder_done_at'),
    createdAt: createdAt(),
  },
  (t) => [
    // Notes are listed newest first by id.
    index('follow_ups_customer').on(t.customerId, t.id),
    // A guide's open reminders, soonest first.
    index('follow_ups_open_reminders')
      .on(t.staffId, t.nextContactAt)
      .where(sql`next_contact_at is not null and reminder_done_at is null`),
    // A guide's notes in a range of days (the dashboard's guide table).
    index('follow_ups_staff_created').on(t.staffId, t.createdAt),
  ],
)
