import { sql } from 'drizzle-orm'
import type { TimelineEventType } from '@liuliang/shared'
import type { DbOrTx } from '../db'
import { timelineEvents } from '../db/schema'

export interface TimelineEntry {
  customerId: number
  type: TimelineEventType
  staffId?: number | null
  occurredAt: Date
  data?: Record<string, unknown>
}

const t = timelineEvents
const columns = sql.raw([t.customerId, t.type, t.staffId, t.occurredAt, t.data].map((column) => `"${column.name}"`).join(', '))

/**
 * Appends to a customer's timeline inside the caller's transaction, so the change and its record land
 * together. Written as one literal insert: every value-moving request records an event, and the query
 * builder costs several times what SQLite spends on the row.
 */
export function recordTimelineEvent(tx: DbOrTx, entry: TimelineEntry): void {
  const data = entry.data ? JSON.stringify(entry.data) : null
  tx.run(sql`insert into ${t} (${columns}) values (${entry.customerId}, ${entry.type}, ${entry.staffId ?? null}, ${entry.occurredAt.getTime()}, ${data})`)
}
