import fp from 'fastify-plugin'
import { and, count, desc, eq, gte, inArray, lt, lte, ne, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import { PURCHASED_ORDER_STATUSES, addDays, daysBetween, startOfBusinessDay, utcOffsetMinutes } from '@liuliang/shared'
import type { Dashboard, DashboardQuery } from '@liuliang/shared'
import {
  checkins,
  commissions,
  customerFollows,
  customers,
  followUps,
  groupbuyGroups,
  lotteryDraws,
  mallRedemptions,
  orders,
  scriptSends,
  staff,
} from '../db/schema'
import { badRequest } from '../errors'
import { customersOfStaff } from '../access/customer-scope'
import { serviceDeps, type ServiceDeps } from '../services'

const MAX_DAYS = 366

export interface DashboardDeps extends ServiceDeps {
  timeZone: string
}

/** The range a dashboard covers: business days, and the instants and zone offset they span. */
export interface Range {
  from: string
  to: string
  offset: number
  start: Date
  end: Date
}

/** What the dashboard counts or sums per business day. */
type Figure = 'added' | 'lost' | 'miniProgramUsers' | 'checkIns' | 'draws' | 'redemptions' | 'paidOrders' | 'gmvFen' | 'commissionFen'
type ReadFigures = (range: Range, staffIds: StaffScope) => Promise<{ day: string; figures: Partial<Record<Figure, number>> }[]>
/** A store manager's guides; null: the whole brand. */
type StaffScope = number[] | null
type InScope = (staffIds: number[]) => SQL

/** How many rows meet the condition; null over no rows. */
const countIf = (condition: SQL | undefined) => sql<number | null>`sum(case when ${condition} then 1 when not (${condition}) then 0 end)`

const DAY_MS = 86_400_000
/** A raw row's figures as numbers (PostgreSQL answers counts and sums as text; a sum of no rows is null). */
const figuresOf = (row: Record<string, number | string | null>, figures: Figure[]) =>
  Object.fromEntries(figures.map((figure) => [figure, Number(row[figure] ?? 0)])) as Partial<Record<Figure, number>>
/** A business day's number (days since 1970-01-01 in the zone) as a date. */
const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** The business days a dashboard query asks for, refused when reversed, impossible or longer than a year. */
export function businessRange({ from, to }: DashboardQuery, timeZone: string): Range & { days: string[] } {
  const span = daysBetween(from, to) + 1
  // NaN (an impossible date such as month 13) fails this as well as a reversed range.
  if (!(span >= 1)) throw badRequest('INVALID_RANGE', '结束日期不能早于开始日期')
  if (span > MAX_DAYS) throw badRequest('RANGE_TOO_LONG', `一次最多查看 ${MAX_DAYS} 天`)
  const start = startOfBusinessDay(from, timeZone)
  return {
    from,
    to,
    days: Array.from({ length: span }, (_, i) => addDays(from, i)),
    // Grouping uses one fixed offset: the zone's at the start of the range (exact for zones
    // without daylight saving, such as Asia/Shanghai).
    offset: utcOffsetMinutes(timeZone, start) * 60,
    start,
    end: startOfBusinessDay(addDays(to, 1), timeZone),
  }
}

export function createDashboardService({ db, timeZone }: DashboardDeps) {
  // Every figure reads a range of a large table (orders, follows, check-ins) or all of one: long reads,
  // apart from the requests' thread. The statements are built here, their columns named for the raw rows.
  const readApart = <T>(query: { getSQL(): SQL }) => db.readApart<T>(query.getSQL())
  const within = (column: SQLiteColumn, range: Range) => and(gte(column, range.start), lt(column, range.end))

  // Every figure is an SQL aggregate grouped by business day; rows are never summed here. `inScope` narrows a
  // series to a store manager's guides (null: the whole brand). Figures of the same rows are read together.
  const perDay =
    (table: SQLiteTable, column: SQLiteColumn, inScope: InScope, where: SQL | undefined, values: Partial<Record<Figure, SQL<number | null>>>): ReadFigures =>
    async (range, staffIds) => {
      // Integer arithmetic buckets the millisecond timestamps by business day the same way on both
      // engines; the offset is written into the SQL so the grouped and selected expressions are one.
      const day = sql<number>`(${column} + ${sql.raw(String(range.offset * 1000))}) / ${sql.raw(String(DAY_MS))}`
      const selected = Object.fromEntries(Object.entries(values).map(([figure, value]) => [figure, (value as SQL).as(figure)]))
      const rows = await readApart<Record<string, number | string | null>>(
        db
          .select({ day: day.as('day'), ...selected })
          .from(table)
          .where(and(within(column, range), where, staffIds ? inScope(staffIds) : undefined))
          .groupBy(day),
      )
      return rows.map((row) => ({ day: dateOfDay(Number(row.day)), figures: figuresOf(row, Object.keys(values) as Figure[]) }))
    }
  // Check-ins and draws carry their business day already.
  const perBusinessDay =
    (table: SQLiteTable, date: SQLiteColumn, customerId: SQLiteColumn, figure: Figure): ReadFigures =>
    async (range, staffIds) => {
      const rows = await readApart<Record<string, number | string | null>>(
        db
          .select({ day: sql<string>`${date}`.as('day'), [figure]: count().as(figure) })
          .from(table)
          .where(and(gte(date, range.from), lte(date, range.to), staffIds ? customersOfStaff(staffIds, customerId) : undefined))
          .groupBy(date),
      )
      return rows.map((row) => ({ day: String(row.day), figures: figuresOf(row, [figure]) }))
    }
  const purchased = inArray(orders.status, [...PURCHASED_ORDER_STATUSES])
  const ofCustomers = (customerId: SQLiteColumn) => (staffIds: number[]) => customersOfStaff(staffIds, customerId)
  const byGuides = (staffIds: number[]) => inArray(customerFollows.staffId, staffIds)
  const series: ReadFigures[] = [
    perDay(customerFollows, customerFollows.firstAddedAt, byGuides, undefined, { added: count() }),
    perDay(customerFollows, customerFollows.endedAt, byGuides, eq(customerFollows.status, 'lost'), { lost: count() }),
    perDay(customers, customers.mpRegisteredAt, ofCustomers(customers.id), undefined, { miniProgramUsers: count() }),
    perBusinessDay(checkins, checkins.date, checkins.customerId, 'checkIns'),
    perBusinessDay(lotteryDraws, lotteryDraws.date, lotteryDraws.customerId, 'draws'),
    perDay(mallRedemptions, mallRedemptions.createdAt, ofCustomers(mallRedemptions.customerId), undefined, { redemptions: count() }),
    // Sales are orders paid and not refunded (or being refunded) since: money that stayed.
    perDay(orders, orders.paidAt, ofCustomers(orders.customerId), purchased, { paidOrders: count(), gmvFen: sql<number | null>`sum(${orders.amountFen})` }),
    // A refund reverses its commission: only what distributors keep counts.
    perDay(
      commissions,
      commissions.createdAt,
      (staffIds) => sql`${commissions.orderId} in (select ${orders.id} from ${orders} where ${customersOfStaff(staffIds, orders.customerId)})`,
      ne(commissions.status, 'reversed'),
      { commissionFen: sql<number | null>`sum(${commissions.amountFen})` },
    ),
  ]

  const groupOutcomes = async (range: Range) => {
    const [row] = await readApart<{ succeeded: number | string | null; closed: number | string | null }>(
      db
        .select({
          succeeded: countIf(eq(groupbuyGroups.status, 'succeeded')).as('succeeded'),
          closed: countIf(inArray(groupbuyGroups.status, ['succeeded', 'failed'])).as('closed'),
        })
        .from(groupbuyGroups)
        .where(within(groupbuyGroups.closedAt, range)),
    )
    return { succeeded: Number(row?.succeeded ?? 0), closed: Number(row?.closed ?? 0) }
  }

  const guideStats = async (range: Range, staffIds: StaffScope) => {
    // Each figure is grouped by guide over only the follows it counts (the range's adds, its losses):
    // joined follow by follow, every guide's whole list was read from the table, seconds at a million.
    // Each count is named apart: drizzle names a subquery's computed column without its subquery.
    const perGuide = (alias: string, value: SQL<number>, where?: SQL) =>
      db.select({ staffId: customerFollows.staffId, n: value.as(`${alias}_n`) }).from(customerFollows).where(where).groupBy(customerFollows.staffId).as(alias)
    const following = perGuide('following', sql<number>`sum(case when ${customerFollows.status} = 'active' then 1 else 0 end)`)
    const added = perGuide('added_follows', count(), within(customerFollows.firstAddedAt, range))
    const lost = perGuide('lost_follows', count(), and(eq(customerFollows.status, 'lost'), within(customerFollows.endedAt, range)))
    const counted = (n: SQL.Aliased<number>) => sql<number>`coalesce(${n}, 0)`
    const rows = await readApart<Record<'user_id' | 'name' | 'customers' | 'added' | 'lost' | 'notes' | 'scripts_sent', string | number>>(
      db
        .select({
          userId: sql<string>`${staff.userId}`.as('user_id'),
          name: sql<string>`${staff.name}`.as('name'),
          customers: counted(following.n).as('customers'),
          added: counted(added.n).as('added'),
          lost: counted(lost.n).as('lost'),
          notes: sql<number>`${db.$count(followUps, and(eq(followUps.staffId, staff.id), within(followUps.createdAt, range)))}`.as('notes'),
          scriptsSent: sql<number>`${db.$count(scriptSends, and(eq(scriptSends.staffId, staff.id), within(scriptSends.sentAt, range)))}`.as('scripts_sent'),
        })
        .from(staff)
        .leftJoin(following, eq(following.staffId, staff.id))
        .leftJoin(added, eq(added.staffId, staff.id))
        .leftJoin(lost, eq(lost.staffId, staff.id))
        .where(staffIds ? inArray(staff.id, staffIds) : undefined)
        .orderBy(sql`${counted(following.n)} desc`, staff.id),
    )
    return rows.map((row) => ({
      userId: String(row.user_id),
      name: String(row.name),
      customers: Number(row.customers),
      added: Number(row.added),
      lost: Number(row.lost),
      notes: Number(row.notes),
      scriptsSent: Number(row.scripts_sent),
    }))
  }

  return {
    /** `staffIds`: a store manager's guides, whose customers and work every figure is narrowed to; null: the brand. */
    async describe(query: DashboardQuery, staffIds: StaffScope = null): Promise<Dashboard> {
      const { days, ...range } = businessRange(query, timeZone)
      const { from, to } = range
      const perDate = new Map<string, Partial<Record<Figure, number>>>()
      for (const read of series) {
        for (const { day, figures } of await read(range, staffIds)) perDate.set(day, { ...perDate.get(day), ...figures })
      }
      const daily = days.map((date) => {
        const get = (figure: Figure) => perDate.get(date)?.[figure] ?? 0
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
      // Group-buy groups mix customers of every store: a store's view leaves the rate out.
      const outcomes = staffIds ? undefined : await groupOutcomes(range)
      const guides = (await guideStats(range, staffIds)).map((g) => ({ ...g, churnRate: g.added ? g.lost / g.added : null }))
      return {
        from,
        to,
        totals: {
          customers: Number(
            (await readApart<{ n: number | string }>(db.select({ n: count().as('n') }).from(customers).where(staffIds ? customersOfStaff(staffIds) : undefined)))[0]?.n ?? 0,
          ),
          added: sum('added'),
          lost: sum('lost'),
          net: sum('added') - sum('lost'),
          gmvFen: sum('gmvFen'),
          paidOrders: sum('paidOrders'),
          groupBuySuccessRate: outcomes?.closed ? (outcomes.succeeded ?? 0) / outcomes.closed : null,
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
    app.decorate('dashboard', createDashboardService({ ...serviceDeps(app), timeZone }))
  },
  { name: 'dashboard', dependencies: ['db', 'clock'] },
)
