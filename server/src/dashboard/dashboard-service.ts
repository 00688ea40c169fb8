import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { addDays, daysBetween, startOfBusinessDay, utcOffsetMinutes } from '@liuliang/shared'
import type { Dashboard, DashboardQuery } from '@liuliang/shared'
import { badRequest } from '../errors'

const MAX_DAYS = 366

export function createDashboardService(app: FastifyInstance, timeZone: string) {
  // Every figure is an SQL aggregate grouped by business day; rows are never summed here.
  const perDay = (column: string, table: string, where: string, value = 'count(*)') =>
    app.sqlite.prepare(
      `select date((${column} / 1000) + @offset, 'unixepoch') as day, ${value} as n
       from ${table} where ${column} >= @start and ${column} < @end ${where} group by day`,
    )
  // Check-ins and draws carry their business day already.
  const perBusinessDay = (table: string) =>
    app.sqlite.prepare(`select date as day, count(*) as n from ${table} where date >= @from and date <= @to group by date`)
  const series = {
    added: perDay('first_added_at', 'customer_follows', ''),
    lost: perDay('ended_at', 'customer_follows', "and status = 'lost'"),
    miniProgramUsers: perDay('mp_registered_at', 'customers', ''),
    checkIns: perBusinessDay('checkins'),
    draws: perBusinessDay('lottery_draws'),
    redemptions: perDay('created_at', 'mall_redemptions', ''),
    paidOrders: perDay('paid_at', 'orders', ''),
    gmvFen: perDay('paid_at', 'orders', '', 'sum(amount_fen)'),
    commissionFen: perDay('created_at', 'commissions', '', 'sum(amount_fen)'),
  }
  const groupOutcomes = app.sqlite.prepare(
    `select sum(status = 'succeeded') as succeeded, sum(status in ('succeeded', 'failed')) as closed
     from groupbuy_groups where closed_at >= @start and closed_at < @end`,
  )
  const guideStats = app.sqlite.prepare(
    `select s.user_id as userId, s.name as name,
            sum(f.status = 'active') as customers,
            sum(f.first_added_at >= @start and f.first_added_at < @end) as added,
            sum(f.status = 'lost' and f.ended_at >= @start and f.ended_at < @end) as lost,
            (select count(*) from follow_ups n where n.staff_id = s.id and n.created_at >= @start and n.created_at < @end) as notes,
            (select count(*) from script_sends x where x.staff_id = s.id and x.sent_at >= @start and x.sent_at < @end) as scriptsSent
     from staff s left join customer_follows f on f.staff_id = s.id
     group by s.id order by customers desc, s.id`,
  )
  const customerCount = app.sqlite.prepare('select count(*) as n from customers')

  return {
    describe({ from, to }: DashboardQuery): Dashboard {
      const span = daysBetween(from, to) + 1
      // NaN (an impossible date such as month 13) fails this as well as a reversed range.
      if (!(span >= 1)) throw badRequest('INVALID_RANGE', '结束日期不能早于开始日期')
      if (span > MAX_DAYS) throw badRequest('RANGE_TOO_LONG', `一次最多查看 ${MAX_DAYS} 天`)
      const days = Array.from({ length: span }, (_, i) => addDays(from, i))
      const start = startOfBusinessDay(from, timeZone)
      // SQLite knows only fixed offsets: the zone's offset at the start of the range is used for
      // grouping (exact for zones without daylight saving, such as Asia/Shanghai).
      const params = {
        from,
        to,
        offset: utcOffsetMinutes(timeZone, start) * 60,
        start: start.getTime(),
        end: startOfBusinessDay(addDays(to, 1), timeZone).getTime(),
      }
      const byDay = (statement: ReturnType<typeof perDay>) =>
        new Map((statement.all(params) as { day: string; n: number | null }[]).map((row) => [row.day, row.n ?? 0]))
      const counts = Object.fromEntries(Object.entries(series).map(([key, statement]) => [key, byDay(statement)])) as Record<
        keyof typeof series,
        Map<string, number>
      >
      const daily = days.map((date) => {
        const get = (key: keyof typeof series) => counts[key].get(date) ?? 0
        return {
          date,
          added: get('added'),
          lost: get('lost'),
          net: get('added') - get('lost'),
          miniProgramUsers: get('miniProgramUsers'),
          checkIns: get('checkIns'),
          draws: get('draws'),
          redemptions: get('redemptions'),
          paidOrders: get('paidOrders'),
          gmvFen: get('gmvFen'),
          commissionFen: get('commissionFen'),
        }
      })
      const sum = (key: 'added' | 'lost' | 'gmvFen' | 'paidOrders') => daily.reduce((total, d) => total + d[key], 0)
      const outcomes = groupOutcomes.get(params) as { succeeded: number | null; closed: number | null }
      const guides = (
        guideStats.all(params) as {
          userId: string
          name: string
          customers: number | null
          added: number | null
          lost: number | null
          notes: number
          scriptsSent: number
        }[]
      ).map((g) => ({
        userId: g.userId,
        name: g.name,
        customers: g.customers ?? 0,
        added: g.added ?? 0,
        lost: g.lost ?? 0,
        churnRate: g.added ? (g.lost ?? 0) / g.added : null,
        notes: g.notes,
        scriptsSent: g.scriptsSent,
      }))
      return {
        from,
        to,
        totals: {
          customers: (customerCount.get() as { n: number }).n,
          added: sum('added'),
          lost: sum('lost'),
          net: sum('added') - sum('lost'),
          gmvFen: sum('gmvFen'),
          paidOrders: sum('paidOrders'),
          groupBuySuccessRate: outcomes.closed ? (outcomes.succeeded ?? 0) / outcomes.closed : null,
        },
        days: daily,
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
