import { and, desc, eq, sql } from 'drizzle-orm'
import type { TimelineItem, TimelinePage } from '@liuliang/shared'
import { placeholderFor, prepared, type DbOrTx } from '../db'
import { staff, timelineEvents } from '../db/schema'
import { MAX_ID } from '../db/paging'
import { badRequest } from '../errors'

/** A cursor names the last item of the previous page: `<occurredAt ms>.<id>`, newest first. */
function parseCursor(cursor: string): { at: number; id: number } {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor)
  if (!match) throw badRequest('INVALID_CURSOR', '分页参数不正确，请从第一页重新加载')
  return { at: Number(match[1]), id: Math.min(Number(match[2]), MAX_ID) }
}

/** A page of a customer's timeline, the first (every 360 view) or one after a cursor; built once each. */
const eventsPage = (afterCursor: boolean) =>
  prepared((handle: DbOrTx) =>
    handle
      .select({ event: timelineEvents, staffName: staff.name })
      .from(timelineEvents)
      .leftJoin(staff, eq(staff.id, timelineEvents.staffId))
      // A row-value comparison, so the index's (occurred_at, id) order is walked as one range.
      .where(
        and(
          eq(timelineEvents.customerId, sql.placeholder('customerId')),
          afterCursor
            ? sql`(${timelineEvents.occurredAt}, ${timelineEvents.id}) < (${placeholderFor(timelineEvents.occurredAt, 'at')}, ${sql.placeholder('id')})`
            : undefined,
        ),
      )
      .orderBy(desc(timelineEvents.occurredAt), desc(timelineEvents.id))
      .limit(sql.placeholder('limit')),
  )
const firstEvents = eventsPage(false)
const eventsAfter = eventsPage(true)

/** A page of a customer's timeline, served by the (customer, occurred_at, id) index. */
export async function timelinePage(tx: DbOrTx, customerId: number, query: { cursor?: string; limit?: number }): Promise<TimelinePage> {
  const limit = query.limit ?? 20
  const after = query.cursor ? parseCursor(query.cursor) : null
  const rows = after
    ? await eventsAfter(tx, { customerId, at: new Date(after.at), id: after.id, limit: limit + 1 })
    : await firstEvents(tx, { customerId, limit: limit + 1 })
  const items: TimelineItem[] = rows.slice(0, limit).map(({ event, staffName }) => ({
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    staffName,
    data: event.data ?? null,
  }))
  const last = rows.length > limit ? rows[limit - 1] : undefined
  return { items, nextCursor: last ? `${last.event.occurredAt.getTime()}.${last.event.id}` : null }
}
