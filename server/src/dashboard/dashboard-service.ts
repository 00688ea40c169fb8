import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { Dashboard, DashboardQuery } from '@liuliang/shared'
import { badRequest } from '../errors'
import { businessDayStart, daysBetween, utcOffsetMinutes } from './business-day'

const MAX_DAYS = 366

export function createDashboardService(app: FastifyInstance, timeZone: string) {
  // Every figure is an SQL aggregate grouped by business day; rows are never summed here.
  const perDay = (column: string, table: string, where: string) =>
    app.sqlite.prepare(
      `select date((${column} / 1000) + @offset, 'unixepoch') as day, count(*) as n
       from ${table} where ${column} >= @start and ${column} < @end ${where} group by day`,
    )
  const addedPerDay = perDay('first_added_at', 'customer_follows', '')
  const lostPerDay = perDay('ended_at', 'customer_follows', "and status = 'lost'")
  const miniProgramPerDay = perDay('mp_registered_at', 'customers', '')
  const guideStats = app.sqlite.prepare(
    `select s.user_id as userId, s.name as name,
            sum(f.status = 'active') as customers,
            sum(f.first_added_at >= @start and f.first_added_at < @end) as added,
            sum(f.status = 'lost' and f.ended_at >= @start and f.ended_at < @end) as lost
     from staff s left join customer_follows f on f.staff_id = s.id
     group by s.id order by customers desc, s.id`,
  )
  const customerCount = app.sqlite.prepare('select count(*) as n from customers')

  return {
    describe({ from, to }: DashboardQuery): Dashboard {
      const days = daysBetween(from, to)
      if (days.length === 0) throw badRequest('INVALID_RANGE', '结束日期不能早于开始日期')
      if (days.length > MAX_DAYS) throw badRequest('RANGE_TOO_LONG', `一次最多查看 ${MAX_DAYS} 天`)
      const offsetMinutes = utcOffsetMinutes(timeZone, businessDayStart(from, 0))
      const params = {
        offset: offsetMinutes * 60,
        start: businessDayStart(from, offsetMinutes).getTime(),
        end: businessDayStart(to, offsetMinutes).getTime() + 86400000,
      }
      const byDay = (statement: ReturnType<typeof perDay>) =>
        new Map((statement.all(params) as { day: string; n: number }[]).map((row) => [row.day, row.n]))
      const added = byDay(addedPerDay)
      const lost = byDay(lostPerDay)
      const miniProgram = byDay(miniProgramPerDay)
      const series = days.map((date) => {
        const a = added.get(date) ?? 0
        const l = lost.get(date) ?? 0
        return { date, added: a, lost: l, net: a - l, miniProgramUsers: miniProgram.get(date) ?? 0 }
      })
      const totalAdded = series.reduce((sum, d) => sum + d.added, 0)
      const totalLost = series.reduce((sum, d) => sum + d.lost, 0)
      const guides = (
        guideStats.all(params) as { userId: string; name: string; customers: number | null; added: number | null; lost: number | null }[]
      ).map((g) => ({
        userId: g.userId,
        name: g.name,
        customers: g.customers ?? 0,
        added: g.added ?? 0,
        lost: g.lost ?? 0,
        churnRate: g.added ? (g.lost ?? 0) / g.added : null,
      }))
      return {
        from,
        to,
        totals: {
          customers: (customerCount.get() as { n: number }).n,
          added: totalAdded,
          lost: totalLost,
          net: totalAdded - totalLost,
        },
        days: series,
        guides,
      }
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    dashboard: ReturnType<typeof createDashboardService>
  }
}

export default fp(
  async (app, { timeZone }: { timeZone: string }) => {
    app.decorate('dashboard', createDashboardService(app, timeZone))
  },
  { name: 'dashboard', dependencies: ['db'] },
)
