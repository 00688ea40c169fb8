import fp from 'fastify-plugin'
import { and, asc, count, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Advisor } from '@liuliang/shared'
import { first } from '../db'
import { customerFollows, liveCodes, liveCodeStaff, staff } from '../db/schema'
import { serviceDeps, type ServiceDeps } from '../services'

/**
 * A customer's exclusive advisor (专属顾问): the guide they added most recently (still following, or
 * the last one they had), and a live code that reaches that guide, the one with the fewest guides
 * first. A customer who never added anyone gets the brand's first live code, which assigns a guide.
 */
export function createAdvisorService({ db }: ServiceDeps) {
  return {
    async advisorOf(customerId: number): Promise<Advisor> {
      const follow = await first(
        db
          .select({ staffId: customerFollows.staffId, status: customerFollows.status, name: staff.name, avatarUrl: staff.avatarUrl })
          .from(customerFollows)
          .innerJoin(staff, eq(staff.id, customerFollows.staffId))
          .where(eq(customerFollows.customerId, customerId))
          .orderBy(asc(sql`case when ${customerFollows.status} = 'active' then 0 else 1 end`), desc(customerFollows.lastAddedAt))
          .limit(1),
      )
      const poolSize = db
        .select({ liveCodeId: liveCodeStaff.liveCodeId, guides: count().as('guides') })
        .from(liveCodeStaff)
        .groupBy(liveCodeStaff.liveCodeId)
        .as('pool_size')
      const code = follow
        ? await first(
            db
              .select({ qrCodeUrl: liveCodes.qrCodeUrl })
              .from(liveCodeStaff)
              .innerJoin(liveCodes, eq(liveCodes.id, liveCodeStaff.liveCodeId))
              .innerJoin(poolSize, eq(poolSize.liveCodeId, liveCodes.id))
              .where(and(eq(liveCodeStaff.staffId, follow.staffId), isNull(liveCodes.deletedAt)))
              .orderBy(asc(poolSize.guides), asc(liveCodes.id))
              .limit(1),
          )
        : await first(db.select({ qrCodeUrl: liveCodes.qrCodeUrl }).from(liveCodes).where(isNull(liveCodes.deletedAt)).orderBy(asc(liveCodes.id)).limit(1))
      return {
        guide: follow ? { name: follow.name, avatarUrl: follow.avatarUrl } : null,
        qrCodeUrl: code?.qrCodeUrl ?? null,
        added: follow?.status === 'active',
      }
    },
  }
}

export type AdvisorService = ReturnType<typeof createAdvisorService>

declare module 'fastify' {
  interface FastifyInstance {
    advisor: AdvisorService
  }
}

export default fp(
  async (app) => {
    app.decorate('advisor', createAdvisorService(serviceDeps(app)))
  },
  { name: 'advisor', dependencies: ['db'] },
)
