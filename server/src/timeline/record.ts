import type { TimelineEventType } from '@liuliang/shared'
import type { Tx } from '../db'
import { timelineEvents } from '../db/schema'

export interface TimelineEntry {
  customerId: number
  type: TimelineEventType
  staffId?: number | null
  occurredAt: Date
  data?: Record<string, unknown>
}

/** Appends to a customer's timeline inside the caller's transaction, so the change and its record land together. */
export async function recordTimelineEvent(tx: Tx, entry: TimelineEntry): Promise<void> {
  await tx.insert(timelineEvents).values({
    customerId: entry.customerId,
    type: entry.type,
    staffId: entry.staffId ?? null,
    occurredAt: entry.occurredAt,
    data: entry.data ?? null,
  })
}
