// Ended guide relations for admins: customers who deleted their guide (lost, churn) and customers
// a guide deleted (removed), kept apart by `kind`.
import fp from 'fastify-plugin'
import { and, desc, eq, lt, lte, or, type SQL } from 'drizzle-orm'
import { FOLLOW_ENDINGS, type ChurnPage, type ChurnQuery } from '@liuliang/shared'
import { MAX_ID } from '../db/paging'
import { customerFollows, customers, staff } from '../db/schema'
import { serviceDeps, type ServiceDeps } from '../services'

/** Cursor `<endedAt ms>:<follow id>`: ordered by ending, newest first. */
function decodeCursor(cursor: string | undefined): SQL | undefined {
  const match = cursor ? /^(\d{1,15}):(\d{1,15})$/.exec(cursor) : null
  if (!match) return undefined
  const endedAt = new Date(Number(match[1]))
  const id = Math.min(Number(match[2]), MAX_ID)
  // The bound on ended_at alone is what an index range can start from; the rest settles ties.
  return and(lte(customerFollows.endedAt, endedAt), or(lt(customerFollows.endedAt, endedAt), lt(customerFollows.id, id)))
}

export function createChurnService({ db }: ServiceDeps) {
  return {
    async list(query: ChurnQuery): Promise<ChurnPage> {
      const limit = query.limit ?? 20
      const after = decodeCursor(query.cursor)
      // Each kind of ending is its own range of the (status, ended_at) index, newest first: read a page
      // of each and merge them. Asked for both at once, the engines read every ended follow and sorted.
      const pages = await Promise.all(
        (query.kind ? [query.kind] : FOLLOW_ENDINGS).map((status) =>
          db
            .select({ follow: customerFollows, customer: customers, staffUserId: staff.userId, staffName: staff.name })
            .from(customerFollows)
            .innerJoin(customers, eq(customers.id, customerFollows.customerId))
            .innerJoin(staff, eq(staff.id, customerFollows.staffId))
            .where(and(eq(customerFollows.status, status), after))
            .orderBy(desc(customerFollows.endedAt), desc(customerFollows.id))
            .limit(limit + 1),
        ),
      )
      const endedAt = (row: (typeof pages)[number][number]) => row.follow.endedAt?.getTime() ?? 0
      const rows = pages
        .flat()
        .sort((a, b) => endedAt(b) - endedAt(a) || b.follow.id - a.follow.id)
        .slice(0, limit + 1)
      const items = rows.slice(0, limit).map(({ follow, customer, staffUserId, staffName }) => ({
        customerId: customer.id,
        externalUserId: customer.externalUserId,
        customerName: customer.name,
        staffUserId,
        staffName,
        kind: follow.status === 'removed' ? ('removed' as const) : ('lost' as const),
        state: follow.state,
        firstAddedAt: follow.firstAddedAt.toISOString(),
        endedAt: (follow.endedAt ?? follow.lastAddedAt).toISOString(),
      }))
      const last = rows.length > limit ? rows[limit - 1]?.follow : undefined
      return { items, nextCursor: last ? `${last.endedAt?.getTime() ?? 0}:${last.id}` : null }
    },
  }
}

export type ChurnService = ReturnType<typeof createChurnService>

declare module 'fastify' {
  interface FastifyInstance {
    churn: ChurnService
  }
}

export default fp(
  async (app) => {
    app.decorate('churn', createChurnService(serviceDeps(app)))
  },
  { name: 'churn', dependencies: ['db', 'clock'] },
)
