import { and, desc, eq, sql } from 'drizzle-orm'
import type { TimelineItem, TimelinePage } from '@liuliang/shared'
import type { Db } from '../db'
import { staff, timelineEvents } from '../db/schema'
import { badRequest } from '../errors'

/** A cursor names the last item of the previous page: `<occurredAt ms>.<id>`, newest first. */
function parseCursor(cursor: string): { at: number; id: number } {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(cursor)
  if (!match) throw badRequest('INVALID_CURSOR', '分页参数不正确，请从第一页重新加载')
  return { at: Number(match[1]), id: Number(match[2]) }
}

/** The first page starts after this (an instant and an id no row reaches). */
const TOP = { at: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER }

/**
 * Pages of a customer's timeline, served by the (customer, occurred_at, id) index. Prepared once:
 * the first page is part of every 360 view.
 */
export function createTimelinePages(db: Db) {
  const p = sql.placeholder
  const page = db
    .select({ event: timelineEvents, staffName: staff.name })
    .from(timelineEvents)
    .leftJoin(staff, eq(staff.id, timelineEvents.staffId))
    .where(and(eq(timelineEvents.customerId, p('customerId')), sql`(${timelineEvents.occurredAt}, ${timelineEvents.id}) < (${p('at')}, ${p('id')})`))
    .orderBy(desc(timelineEvents.occurredAt), desc(timelineEvents.id))
    .limit(p('limit'))
    .prepare()

  return (customerId: number, query: { cursor?: string; limit?: number }): TimelinePage => {
    const limit = query.limit ?? 20
    const after = query.cursor ? parseCursor(query.cursor) : TOP
    const rows = page.all({ customerId, at: after.at, id: after.id, limit: limit + 1 })
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
}
