import fp from 'fastify-plugin'
import { sql, type SQL } from 'drizzle-orm'
import { customersOfStaff } from '../access/customer-scope'
import {
  COHORT_WEEKS,
  PURCHASED_ORDER_STATUSES,
  type ChannelFunnel,
  type Cohort,
  type DashboardQuery,
  type Growth,
  type LevelCount,
  type TimelineEventType,
} from '@liuliang/shared'
import type { SettingsService } from '../settings/settings-service'
import { serviceDeps, type ServiceDeps } from '../services'
import { businessRange, type Range } from './dashboard-service'

const DAY_MS = 86_400_000
const WEEK_MS = 7 * DAY_MS

/** What a customer does themselves: a week with one of these counts them as active. */
const ACTIVE_EVENTS = [
  'mp_registered',
  'profile_updated',
  'checked_in',
  'makeup_checked_in',
  'mall_redeemed',
  'order_created',
  'order_paid',
  'order_completed',
  'after_sale_requested',
  'lottery_drawn',
  'lottery_prize_claimed',
  'groupbuy_opened',
  'groupbuy_joined',
] as const satisfies readonly TimelineEventType[]

/** Numbers written into the SQL: computed here, never from input, and typed alike on both engines (a bound parameter is text to PostgreSQL). */
const literal = (value: number) => sql.raw(String(Math.trunc(value)))
const listOf = (values: readonly string[]) => sql.join(values.map((value) => sql`${value}`), sql`, `)
/** PostgreSQL answers counts and sums as strings (bigint, numeric); SQLite as numbers. */
const integer = (value: unknown) => Number(value ?? 0)

/** The condition, led by `and`, that keeps a customer id within the asker's stores; empty for the whole brand. */
type Within = (customerId: SQL) => SQL

export interface GrowthDeps extends ServiceDeps {
  timeZone: string
  settings: SettingsService
}

export function createGrowthService({ db, now, timeZone, settings }: GrowthDeps) {
  /**
   * Each channel's customers added in the range, once per channel at their first add there, and how far each went:
   * whether a guide the code gave them was deleted within 7 or 30 days, whether they use the mini-program, and the
   * paid, unrefunded orders since that add.
   */
  const funnel = async (range: Range, at: number, within: Within): Promise<ChannelFunnel[]> => {
    const purchased = listOf(PURCHASED_ORDER_STATUSES)
    const stayed = (days: number) =>
      sql`sum(case when s.added_at + ${literal(days * DAY_MS)} <= ${literal(at)}
                    and (s.lost_at is null or s.lost_at >= s.added_at + ${literal(days * DAY_MS)}) then 1 else 0 end)`
    // lost_at: the status sits inside min(), as a condition it would tempt the planner onto the index of every lost follow.
    const eligible = (days: number) => sql`sum(case when s.added_at + ${literal(days * DAY_MS)} <= ${literal(at)} then 1 else 0 end)`
    const rows = await db.readApart<Record<string, unknown>>(
      sql`
        with adds as (
          select a.live_code_id as code, a.customer_id as customer, min(a.added_at) as added_at
          from live_code_adds a
          where a.business_day >= ${range.from} and a.business_day <= ${range.to}${within(sql`a.customer_id`)}
          group by a.live_code_id, a.customer_id
        ),
        stages as (
          select adds.code, adds.added_at, c.mp_registered_at as mp_at,
            (select min(case when f.status = 'lost' then f.ended_at end) from customer_follows f
              where f.customer_id = adds.customer
                and exists (select 1 from live_code_adds g where g.live_code_id = adds.code and g.customer_id = f.customer_id and g.staff_id = f.staff_id)
            ) as lost_at,
            (select count(*) from orders o
              where o.customer_id = adds.customer and o.status in (${purchased}) and o.paid_at >= adds.added_at) as paid_orders,
            (select coalesce(sum(o.amount_fen), 0) from orders o
              where o.customer_id = adds.customer and o.status in (${purchased}) and o.paid_at >= adds.added_at) as revenue
          from adds join customers c on c.id = adds.customer
        )
        select s.code as code, l.name as name, count(*) as added,
          ${eligible(7)} as eligible7, ${stayed(7)} as stayed7, ${eligible(30)} as eligible30, ${stayed(30)} as stayed30,
          sum(case when s.mp_at is not null then 1 else 0 end) as mp,
          sum(case when s.paid_orders >= 1 then 1 else 0 end) as first_purchase,
          sum(case when s.paid_orders >= 2 then 1 else 0 end) as repeat_purchase,
          sum(s.revenue) as revenue
        from stages s join live_codes l on l.id = s.code
        group by s.code, l.name
        order by count(*) desc, s.code
      `,
    )
    return rows.map((row) => ({
      liveCodeId: integer(row.code),
      name: String(row.name),
      added: integer(row.added),
      eligible7: integer(row.eligible7),
      stayed7: integer(row.stayed7),
      eligible30: integer(row.eligible30),
      stayed30: integer(row.stayed30),
      usedMiniProgram: integer(row.mp),
      firstPurchase: integer(row.first_purchase),
      repeatPurchase: integer(row.repeat_purchase),
      revenueFen: integer(row.revenue),
    }))
  }

  /**
   * Customers whose first add of any guide fell in each week of the range (weeks run from its first day), and for
   * each week after, how many were still a guide's friend at its end (or now) and did something themselves in it.
   */
  const cohorts = async (range: Range & { days: string[] }, at: number, within: Within): Promise<Cohort[]> => {
    const start = range.start.getTime()
    const end = range.end.getTime()
    const firsts = sql`
      select f.customer_id as customer, min(f.first_added_at) as first_at
      from customer_follows f
      where f.first_added_at >= ${literal(start)} and f.first_added_at < ${literal(end)}
        and not exists (select 1 from customer_follows e where e.customer_id = f.customer_id and e.first_added_at < ${literal(start)})${within(sql`f.customer_id`)}
      group by f.customer_id`
    // The cohorts' customers are found once, and every week after each cohort's counted in the same pass:
    // a statement per week found them again each time.
    const periods = sql.join(
      Array.from({ length: COHORT_WEEKS }, (_, k) => sql`select ${literal(k)} as k`),
      sql` union all `,
    )
    // The k-th week after the cohort's: its bounds, and the instant friendship is judged at (its end, or now).
    const periodStart = sql`(${literal(start)} + (x.week + p.k) * ${literal(WEEK_MS)})`
    const periodEnd = sql`(${periodStart} + ${literal(WEEK_MS)})`
    const judgedAt = sql`(case when ${periodEnd} < ${literal(at)} then ${periodEnd} else ${literal(at)} end)`
    const rows = await db.readApart<{ week: unknown; k: unknown; n: unknown }>(
      sql`
        with x as materialized (
          select firsts.customer, (firsts.first_at - ${literal(start)}) / ${literal(WEEK_MS)} as week from (${firsts}) as firsts
        )
        select x.week, -1 as k, count(*) as n from x group by x.week
        union all
        select x.week, p.k, count(*) as n from x cross join (${periods}) as p
        where ${periodStart} <= ${literal(at)}
          and exists (select 1 from customer_follows f where f.customer_id = x.customer
                        and f.first_added_at < ${judgedAt} and (f.ended_at is null or f.ended_at >= ${judgedAt}))
          and exists (select 1 from timeline_events t where t.customer_id = x.customer
                        and t.type in (${listOf(ACTIVE_EVENTS)}) and t.occurred_at >= ${periodStart} and t.occurred_at < ${periodEnd})
        group by x.week, p.k`,
    )
    const weeks = Math.ceil((end - start) / WEEK_MS)
    const counted = new Map(rows.map((row) => [`${integer(row.week)}:${integer(row.k)}`, integer(row.n)]))
    return Array.from({ length: weeks }, (_, w) => ({
      week: range.days[w * 7] as string,
      customers: counted.get(`${w}:-1`) ?? 0,
      retained: Array.from({ length: COHORT_WEEKS }, (_, k) =>
        start + (w + k) * WEEK_MS <= at ? (counted.get(`${w}:${k}`) ?? 0) : null,
      ),
    }))
  }

  /** Mini-program members by the level their growth (points ever earned) reaches under the configured thresholds. */
  const levels = async (within: Within): Promise<LevelCount[]> => {
    const rules = [...(await settings.levels())].sort((a, b) => b.minGrowth - a.minGrowth)
    const levelOf = sql.join(
      [sql`case`, ...rules.map((rule) => sql`when coalesce(p.earned_total, 0) >= ${literal(rule.minGrowth)} then cast(${rule.code} as text)`), sql`end`],
      sql` `,
    )
    const rows = await db.readApart<{ code: string; n: unknown }>(
      sql`select x.code, count(*) as n from (
            select ${levelOf} as code from customers c left join point_accounts p on p.customer_id = c.id where c.mp_registered_at is not null${within(sql`c.id`)}
          ) x group by x.code`,
    )
    const counts = new Map(rows.map((row) => [row.code, integer(row.n)]))
    return [...rules].reverse().map((rule) => ({ code: rule.code, name: rule.name, customers: counts.get(rule.code) ?? 0 }))
  }

  return {
    /**
     * `staffIds`: a store manager's guides, to whose customers every figure is narrowed; null: the brand.
     * Each figure reads across every customer: long reads, apart from the requests' thread.
     */
    async describe(query: DashboardQuery, staffIds: number[] | null = null): Promise<Growth> {
      const range = businessRange(query, timeZone)
      const at = now().getTime()
      const within: Within = (customerId) => (staffIds ? sql` and ${customersOfStaff(staffIds, customerId)}` : sql``)
      return {
        from: range.from,
        to: range.to,
        funnel: await funnel(range, at, within),
        cohorts: await cohorts(range, at, within),
        levels: await levels(within),
      }
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    growth: ReturnType<typeof createGrowthService>
  }
}

export default fp(
  async (app, { timeZone }: { timeZone: string }) => {
    app.decorate('growth', createGrowthService({ ...serviceDeps(app), timeZone, settings: app.settings }))
  },
  { name: 'growth', dependencies: ['db', 'clock', 'settings'] },
)
