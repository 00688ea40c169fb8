import type { TimelineEventType } from '@liuliang/shared'
import { sql } from 'drizzle-orm'
import { placeholderFor, prepared, withoutWaiting, type Tx } from '../db'
import { timelineEvents } from '../db/schema'

export interface TimelineEntry {
  customerId: number
  type: TimelineEventType
  staffId?: number | null
  occurredAt: Date
  data?: Record<string, unknown>
}

const insertEvent = prepared((tx: Tx) =>
  tx.insert(timelineEvents).values({
    customerId: sql.placeholder('customerId'),
    type: sql.placeholder('type'),
    staffId: sql.placeholder('staffId'),
    occurredAt: sql.placeholder('occurredAt'),
    data: placeholderFor(timelineEvents.data, 'data'),
  }),
)

/**
 * Appends to a customer's timeline inside the caller's transaction, so the change and its record land
 * together. Nothing waits for the row: it is sent with the unit's next statement.
 */
export async function recordTimelineEvent(tx: Tx, entry: TimelineEntry): Promise<void> {
  withoutWaiting(
    insertEvent(tx, {
      customerId: entry.customerId,
      type: entry.type,
      staffId: entry.staffId ?? null,
      occurredAt: entry.occurredAt,
      data: entry.data ?? null,
    }),
  )
}
