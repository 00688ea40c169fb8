import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import {
  addDays,
  businessDate,
  LEAD_KIND_LABELS,
  LEAD_KINDS,
  LEAD_RULE_DEFAULTS,
  OPEN_LEAD_STATUSES,
  PURCHASED_ORDER_STATUSES,
  repurchaseReason,
  startOfBusinessDay,
  typicalInterval,
  type Lead,
  type LeadKind,
  type LeadListQuery,
  type LeadPage,
  type LeadRule,
  type LeadRuleInput,
  type LeadStats,
  type LeadStatsQuery,
  type LeadStatus,
  type PurchasePatterns,
  type Todo,
} from '@liuliang/shared'
import { customerWalkJob, joinedInStep, walkCustomers, type CustomerRange } from '../customers/customer-steps'
import { describeGrownToPlanner, first, rowsChanged, selectRows, type DbOrTx, type Tx } from '../db'
import { selectBoundRows } from '../db/bound-rows'
import { cursorBefore, pageOf } from '../db/paging'
import { customers, leadChanges, leadRules, leads, scripts, staff } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import type { RecommendationService } from '../recommendations/recommendation-service'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps, type ServiceDeps } from '../services'

export const LEADS_DAILY_JOB = 'leads-daily'
/** The daily run's steps: the brand's purchase patterns rebuilt, then the leads found, a few thousand customers a job. */
export const LEADS_PATTERNS_JOB = 'leads-patterns'
export const LEADS_FIND_JOB = 'leads-find'

const DAY_MS = 86_400_000
/** At 06:00, after the night's RFM run and before guides start their day. */
const RUN_AFTER_MIDNIGHT_MS = 6 * 3600_000
/**
 * A repurchase or a silence is a lead for this many days past its threshold: the daily run catches
 * each customer in that time, and a brand switching the rule on is not flooded with years-old ones.
 */
const FRESH_DAYS = 30
const DEFAULT_RANGE_DAYS = 30
const MAX_RANGE_DAYS = 366

type StaffMember = { id: number; isAdmin: boolean }
type LeadRow = typeof leads.$inferSelect

/** A lead the daily run found, before it is stored. */
interface Found {
  customerId: number
  staffId: number
  occasion: string
  detail: string
  dueAt: Date
}

/** What one rule found among a step's customers. */
interface FoundByRule {
  rule: LeadRule
  found: Found[]
}

const FOUND_COLUMNS = { customer_id: 'integer', staff_id: 'integer', occasion: 'text', detail: 'text', due_at: 'bigint' } as const

const purchased = sql.join(
  PURCHASED_ORDER_STATUSES.map((status) => sql`${status}`),
  sql`, `,
)

/**
 * The guide of each of a step's customers: of the guides still following them, the one they added
 * last. The customers' ids drive the statement, and the finders join what they read to it.
 */
const currentGuides = (step: CustomerRange) => sql`select f.customer_id, f.staff_id, f.last_added_at from customers c cross join customer_follows f
  where ${joinedInStep(step, 'f.customer_id')} and f.status = 'active' and not exists (
    select 1 from customer_follows g where g.customer_id = f.customer_id and g.status = 'active'
      and (g.last_added_at > f.last_added_at or (g.last_added_at = f.last_added_at and g.id > f.id)))`

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const wholeDays = (ms: number) => Math.floor(ms / DAY_MS)
const noLeads = () => Object.fromEntries(LEAD_KINDS.map((kind) => [kind, 0])) as Record<LeadKind, number>

export interface LeadDeps extends ServiceDeps {
  timeZone: string
  recommendations: RecommendationService
}

export function createLeadService({ db, now, timeZone, recommendations }: LeadDeps) {
  const rules = async (tx: DbOrTx = db): Promise<LeadRule[]> => {
    const saved = await tx
      .select({ rule: leadRules, script: { id: scripts.id, title: scripts.title, content: scripts.content } })
      .from(leadRules)
      .leftJoin(scripts, eq(scripts.id, leadRules.scriptId))
    return LEAD_KINDS.map((kind) => {
      const row = saved.find((entry) => entry.rule.kind === kind)
      if (!row) return { kind, ...LEAD_RULE_DEFAULTS[kind], script: null }
      const { enabled, days, conversionDays } = row.rule
      return { kind, enabled, days, conversionDays, script: row.script?.id ? row.script : null }
    })
  }

  /**
   * What each kind of rule finds as of `at`; each answers its candidates with the customer's guide.
   * Read apart, before the step's unit of work: reading a step's customers is most of a run.
   */
  const finders: Record<LeadKind, (rule: LeadRule, at: Date, step: CustomerRange, patterns: PurchasePatterns) => Promise<Found[]>> = {
    async coupon_expiring(rule, at, step) {
      const found = await db.readApart<{ id: number; customer_id: number; staff_id: number; name: string; valid_until: number | string }>(
        sql`select c.id, c.customer_id, g.staff_id, c.name, c.valid_until
          from (${currentGuides(step)}) g cross join coupons c
          where c.customer_id = g.customer_id and c.status = 'available' and c.valid_until > ${at.getTime()} and c.valid_until <= ${at.getTime() + rule.days * DAY_MS}`,
      )
      return found.map((row) => {
        const until = Number(row.valid_until)
        const left = Math.max(1, Math.ceil((until - at.getTime()) / DAY_MS))
        return {
          customerId: Number(row.customer_id),
          staffId: Number(row.staff_id),
          occasion: `coupon:${row.id}`,
          detail: `优惠券「${row.name}」${left} 天后到期`,
          // The day before it expires, or now when less is left.
          dueAt: new Date(Math.max(at.getTime(), until - DAY_MS)),
        }
      })
    },

    async repurchase_due(rule, at, step, patterns) {
      const known = [...patterns.productIntervals.values(), ...patterns.categoryIntervals.values()]
      const shortest = Math.min(rule.days, ...known)
      const longest = Math.max(rule.days, ...known)
      // Each customer's last purchase, when it is old enough for some interval and not stale for all,
      // with its products: one statement, however many customers (a list of their orders would pass
      // SQLite's limit of bound values at a few tens of thousands).
      const found = await db.readApart<{ order_id: number; customer_id: number; staff_id: number; paid_at: number | string; product_id: number | null; category_id: number | null }>(
        sql`select l.order_id, l.customer_id, l.staff_id, l.paid_at, pr.id as product_id, pr.category_id from (
            select o.id as order_id, o.customer_id, g.staff_id, o.paid_at
            from (${currentGuides(step)}) g cross join orders o
            where o.customer_id = g.customer_id and o.status in (${purchased}) and o.paid_at <= ${at.getTime() - shortest * DAY_MS} and o.paid_at > ${at.getTime() - (longest + FRESH_DAYS) * DAY_MS}
              and not exists (select 1 from orders p where p.customer_id = o.customer_id and p.status in (${purchased})
                and (p.paid_at > o.paid_at or (p.paid_at = o.paid_at and p.id > o.id)))
          ) as l
          left join order_items i on i.order_id = l.order_id
          left join products pr on pr.id = i.product_id`,
      )
      const last = new Map<number, { row: (typeof found)[number]; products: { productId: number; categoryId: number | null }[] }>()
      for (const row of found) {
        const orderId = Number(row.order_id)
        let order = last.get(orderId)
        if (!order) last.set(orderId, (order = { row, products: [] }))
        if (row.product_id !== null) order.products.push({ productId: Number(row.product_id), categoryId: row.category_id === null ? null : Number(row.category_id) })
      }
      return [...last.values()].flatMap(({ row, products }) => {
        const intervals = products
          .map((item) => typicalInterval(item.productId, item.categoryId, patterns))
          .filter((days): days is number => days !== null && days > 0)
        const interval = intervals.length ? Math.min(...intervals) : null
        const paidAt = Number(row.paid_at)
        const daysAgo = wholeDays(at.getTime() - paidAt)
        const threshold = interval ?? rule.days
        if (daysAgo < threshold || daysAgo >= threshold + FRESH_DAYS) return []
        return [
          {
            customerId: Number(row.customer_id),
            staffId: Number(row.staff_id),
            occasion: `order:${row.order_id}`,
            detail: interval === null ? `上次购买 ${daysAgo} 天前` : repurchaseReason(daysAgo, interval),
            dueAt: new Date(paidAt + threshold * DAY_MS),
          },
        ]
      })
    },

    async birthday(rule, at, step) {
      const today = businessDate(at, timeZone)
      const dates = Array.from({ length: rule.days + 1 }, (_, i) => addDays(today, i))
      const dayOf = new Map<string, string>()
      for (const date of dates) {
        dayOf.set(date.slice(5), date)
        // A 29 February birthday is kept on the 28th in other years.
        if (date.slice(5) === '02-28' && !isLeapYear(Number(date.slice(0, 4)))) dayOf.set('02-29', date)
      }
      const found = await db.readApart<{ customer_id: number; staff_id: number; birthday: string }>(
        sql`select b.id as customer_id, g.staff_id, b.birthday from (${currentGuides(step)}) g cross join customers b
          where b.id = g.customer_id and b.birthday is not null and substr(b.birthday, 6, 5) in (${sql.join([...dayOf.keys()].map((key) => sql`${key}`), sql`, `)})`,
      )
      return found.map((row) => {
        const date = dayOf.get(row.birthday.slice(5)) as string
        const inDays = dates.indexOf(date)
        return {
          customerId: Number(row.customer_id),
          staffId: Number(row.staff_id),
          occasion: `birthday:${date.slice(0, 4)}`,
          detail: inDays === 0 ? `今天（${monthDay(date)}）生日` : `${monthDay(date)}生日，还有 ${inDays} 天`,
          dueAt: startOfBusinessDay(date, timeZone),
        }
      })
    },

    async silent(rule, at, step) {
      // The customer's last moment on their timeline (a chat script sent, an order, a check-in…), or the add.
      const found = await db.readApart<{ customer_id: number; staff_id: number; last_at: number | string }>(
        sql`select customer_id, staff_id, last_at from (
            select g.customer_id, g.staff_id,
              coalesce((select max(t.occurred_at) from timeline_events t where t.customer_id = g.customer_id), g.last_added_at) as last_at
            from (${currentGuides(step)}) g
          ) as activity
          where last_at <= ${at.getTime() - rule.days * DAY_MS} and last_at > ${at.getTime() - (rule.days + FRESH_DAYS) * DAY_MS}`,
      )
      return found.map((row) => {
        const lastAt = Number(row.last_at)
        return {
          customerId: Number(row.customer_id),
          staffId: Number(row.staff_id),
          occasion: `silent:${lastAt}`,
          detail: `已 ${wholeDays(at.getTime() - lastAt)} 天没有互动`,
          dueAt: at,
        }
      })
    },

    async guide_deleted(rule, at, step) {
      // The guide the customer deleted is the one who knows them: they try to win them back.
      const found = await db.readApart<{ customer_id: number; staff_id: number; ended_at: number | string }>(
        sql`select f.customer_id, f.staff_id, f.ended_at from customers c cross join customer_follows f
          where ${joinedInStep(step, 'f.customer_id')} and f.status = 'lost' and f.ended_at > ${at.getTime() - rule.days * DAY_MS} and f.ended_at <= ${at.getTime()}`,
      )
      return found.map((row) => {
        const endedAt = Number(row.ended_at)
        return {
          customerId: Number(row.customer_id),
          staffId: Number(row.staff_id),
          occasion: `lost:${endedAt}`,
          detail: `${monthDay(businessDate(new Date(endedAt), timeZone))}删除了你，试试通过小程序或电话召回`,
          dueAt: at,
        }
      })
    },
  }

  const recordChange = (tx: Tx, leadIds: number[], change: { from: LeadStatus | null; to: LeadStatus; staffId: number | null; note?: string; at: Date }) =>
    leadIds.length
      ? tx.insert(leadChanges).values(leadIds.map((leadId) => ({ leadId, fromStatus: change.from, toStatus: change.to, staffId: change.staffId, note: change.note ?? null, at: change.at })))
      : Promise.resolve()

  const toLead = (row: { lead: LeadRow; customer: typeof customers.$inferSelect; staff: typeof staff.$inferSelect }, change?: { at: Date; by: string | null }): Lead => ({
    id: row.lead.id,
    kind: row.lead.kind,
    status: row.lead.status,
    detail: row.lead.detail,
    dueAt: row.lead.dueAt.toISOString(),
    createdAt: row.lead.createdAt.toISOString(),
    windowEndsAt: row.lead.windowEndsAt.toISOString(),
    convertedOrderId: row.lead.convertedOrderId,
    customer: { id: row.customer.id, externalUserId: row.customer.externalUserId, name: row.customer.name, avatarUrl: row.customer.avatarUrl },
    staff: { userId: row.staff.userId, name: row.staff.name },
    lastChange: change ? { at: change.at.toISOString(), by: change.by } : null,
  })

  /** The latest change of each lead, with the guide's name. */
  const lastChanges = async (tx: DbOrTx, leadIds: number[]) => {
    const changes = leadIds.length
      ? await tx
          .select({ leadId: leadChanges.leadId, at: leadChanges.at, by: staff.name })
          .from(leadChanges)
          .leftJoin(staff, eq(staff.id, leadChanges.staffId))
          .where(inArray(leadChanges.leadId, leadIds))
          .orderBy(desc(leadChanges.id))
      : []
    const latest = new Map<number, { at: Date; by: string | null }>()
    for (const change of changes) if (!latest.has(change.leadId)) latest.set(change.leadId, { at: change.at, by: change.by })
    return latest
  }

  const leadColumns = { lead: leads, customer: customers, staff }
  const findLead = (tx: DbOrTx, id: number) =>
    first(tx.select(leadColumns).from(leads).innerJoin(customers, eq(customers.id, leads.customerId)).innerJoin(staff, eq(staff.id, leads.staffId)).where(eq(leads.id, id)))

  const rangeOf = (query: LeadStatsQuery) => {
    const to = query.to ?? businessDate(now(), timeZone)
    const from = query.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1))
    if (from > to) throw badRequest('INVALID_RANGE', '开始日期不能晚于结束日期')
    if (new Date(to).getTime() - new Date(from).getTime() >= MAX_RANGE_DAYS * DAY_MS) throw badRequest('INVALID_RANGE', `日期范围最长 ${MAX_RANGE_DAYS} 天`)
    return { from, to, start: startOfBusinessDay(from, timeZone), end: startOfBusinessDay(addDays(to, 1), timeZone) }
  }

  /** The purchase patterns the latest run's steps read, kept for its next steps: only a run settles new ones. */
  let patternsOfRun: { run: string; patterns: PurchasePatterns } | undefined

  const service = {
    rules: () => rules(),

    async updateRule(kind: LeadKind, input: LeadRuleInput): Promise<LeadRule> {
      const at = now()
      await db.transaction(async (tx) => {
        if (input.scriptId !== null) {
          // Only the brand's scripts: a guide's own are theirs alone.
          const script = await first(tx.select({ owner: scripts.ownerStaffId }).from(scripts).where(eq(scripts.id, input.scriptId)))
          if (!script || script.owner !== null) throw badRequest('SCRIPT_NOT_FOUND', '没有找到这条话术，请从话术库里选择')
        }
        const values = { enabled: input.enabled, days: input.days, conversionDays: input.conversionDays, scriptId: input.scriptId, updatedAt: at }
        await tx.insert(leadRules).values({ kind, ...values }).onConflictDoUpdate({ target: leadRules.kind, set: values })
      })
      return (await rules()).find((rule) => rule.kind === kind) as LeadRule
    },

    /**
     * What each enabled rule finds among a step's customers as of `at`, read apart before the step's
     * unit of work. The run rebuilds the brand's purchase patterns before its first step; they are read
     * once per run, not once per step.
     */
    async readLeads(run: string, step: CustomerRange, at: Date): Promise<FoundByRule[]> {
      if (patternsOfRun?.run !== run) patternsOfRun = { run, patterns: await recommendations.patterns(db) }
      const { patterns } = patternsOfRun
      const found: FoundByRule[] = []
      for (const rule of await rules()) {
        if (rule.enabled) found.push({ rule, found: await finders[rule.kind](rule, at, step, patterns) })
      }
      return found
    },

    /**
     * Stores what a step's rules found as of `at`: one lead per customer, kind and occasion however
     * often it runs, and only while the guide found still follows the customer as they did (a hand-over
     * may have come between the reading and this unit of work). Answers how many new leads each kind found.
     */
    async storeLeads(tx: Tx, found: FoundByRule[], at: Date): Promise<Record<LeadKind, number>> {
      const created = noLeads()
      for (const { rule, found: leadsOfRule } of found) {
        if (leadsOfRule.length === 0) continue
        // The lost guide is the one a `guide_deleted` lead goes to; every other kind's is following.
        const following = rule.kind === 'guide_deleted' ? 'lost' : 'active'
        const rows = leadsOfRule.map((lead) => [lead.customerId, lead.staffId, lead.occasion, lead.detail, lead.dueAt.getTime()])
        const inserted = await selectRows<{ id: number }>(
          tx,
          sql`insert into leads (customer_id, staff_id, kind, occasion, detail, status, due_at, window_ends_at, created_at)
            select customer_id, staff_id, cast(${rule.kind} as text), occasion, detail, 'new', due_at,
              cast(${at.getTime() + rule.conversionDays * DAY_MS} as bigint), cast(${at.getTime()} as bigint)
            from (${selectBoundRows(FOUND_COLUMNS, rows)}) as found
            where exists (select 1 from customer_follows f where f.customer_id = found.customer_id and f.staff_id = found.staff_id and f.status = ${following})
            on conflict do nothing
            returning id`,
        )
        await recordChange(
          tx,
          inserted.map((row) => Number(row.id)),
          { from: null, to: 'new', staffId: null, at },
        )
        created[rule.kind] += inserted.length
      }
      // A first run on a brand with no leads yet grows the tables many times over in minutes.
      if (LEAD_KINDS.some((kind) => created[kind] > 0)) await describeGrownToPlanner(tx, [leads, leadChanges])
      return created
    },

    /** An admin's "run now": the same run as the morning's, as of now, in the same steps. */
    async generateNow(): Promise<Record<LeadKind, number>> {
      const at = now()
      const run = `now:${randomUUID()}`
      try {
        await walkCustomers(db, { read: recommendations.readTallies, write: (tx, _step, tallies) => recommendations.tallyPatterns(tx, run, tallies) })
        await db.transaction((tx) => recommendations.settlePatterns(tx, run))
      } catch (error) {
        await db.transaction((tx) => recommendations.dropTallies(tx, run))
        throw error
      }
      const created = noLeads()
      await walkCustomers(db, {
        read: (step) => service.readLeads(run, step, at),
        write: async (tx, _step, found) => {
          const stored = await service.storeLeads(tx, found, at)
          for (const kind of LEAD_KINDS) created[kind] += stored[kind]
        },
      })
      return created
    },

    /** Plans the run of the business day after `at`'s, early in the morning. */
    async planNextRun(tx: Tx, scheduler: Scheduler, at: Date): Promise<void> {
      const next = addDays(businessDate(at, timeZone), 1)
      await scheduler.schedule(tx, { kind: LEADS_DAILY_JOB, key: next, runAt: new Date(startOfBusinessDay(next, timeZone).getTime() + RUN_AFTER_MIDNIGHT_MS) })
    },

    /** A paid order converts each lead of the customer whose window it falls in; open ones leave the guide's list. */
    async convertOnPurchase(tx: Tx, order: { id: number; customerId: number }, at: Date): Promise<void> {
      const inWindow = and(eq(leads.customerId, order.customerId), isNull(leads.convertedOrderId), lte(leads.createdAt, at), gte(leads.windowEndsAt, at))
      const open = await tx
        .select({ id: leads.id, status: leads.status })
        .from(leads)
        .where(and(inWindow, inArray(leads.status, [...OPEN_LEAD_STATUSES])))
      await tx.update(leads).set({ convertedOrderId: order.id }).where(inWindow)
      if (open.length === 0) return
      await tx.update(leads).set({ status: 'converted' }).where(inArray(leads.id, open.map((lead) => lead.id)))
      for (const status of OPEN_LEAD_STATUSES) {
        const ids = open.filter((lead) => lead.status === status).map((lead) => lead.id)
        await recordChange(tx, ids, { from: status, to: 'converted', staffId: null, note: `订单 ${order.id} 已支付`, at })
      }
    },

    /** A customer handed to another guide takes their open leads along. */
    async handOver(tx: Tx, handOver: { customerId: number; fromStaffId: number; toStaffId: number; at: Date }): Promise<void> {
      const moving = await tx
        .select({ id: leads.id, status: leads.status })
        .from(leads)
        .where(and(eq(leads.customerId, handOver.customerId), eq(leads.staffId, handOver.fromStaffId), inArray(leads.status, [...OPEN_LEAD_STATUSES])))
      if (moving.length === 0) return
      await tx.update(leads).set({ staffId: handOver.toStaffId }).where(inArray(leads.id, moving.map((lead) => lead.id)))
      for (const lead of moving) await recordChange(tx, [lead.id], { from: lead.status, to: lead.status, staffId: null, note: '客户转交给新导购', at: handOver.at })
    },

    /** The guide moves one of their leads on; a lead already converted or closed stays as it is. */
    async move(member: StaffMember, leadId: number, to: LeadStatus): Promise<Lead> {
      const at = now()
      return db.transaction(async (tx) => {
        const row = await findLead(tx, leadId)
        if (!row || row.lead.staffId !== member.id) throw notFound('LEAD_NOT_FOUND', '没有找到这条线索')
        const from = row.lead.status
        if (from !== to) {
          if (!(OPEN_LEAD_STATUSES as readonly LeadStatus[]).includes(from)) {
            throw conflict('LEAD_FINISHED', `这条线索${from === 'converted' ? '已转化' : '已关闭'}，不能再改`)
          }
          if (to === 'contacted' && from !== 'new') throw conflict('LEAD_FINISHED', '这条线索已联系过')
          const moved = await tx
            .update(leads)
            .set({ status: to })
            .where(and(eq(leads.id, leadId), eq(leads.status, from)))
          // Another tap moved it first: answer what it is now.
          if (rowsChanged(moved) === 1) await recordChange(tx, [leadId], { from, to, staffId: member.id, at })
        }
        const current = (await findLead(tx, leadId)) as NonNullable<Awaited<ReturnType<typeof findLead>>>
        return toLead(current, (await lastChanges(tx, [leadId])).get(leadId))
      })
    },

    /**
     * The console's list, newest first. The page's leads are found in `leads` alone, then joined: joined as
     * they are found, SQLite walked each guide's leads through the staff table and sorted them all (every
     * lead: 670–840 ms for 139,000 on the bench's data, against 0.1–0.7 ms) rather than read the newest.
     */
    async list(query: LeadListQuery): Promise<LeadPage> {
      const limit = query.limit ?? 20
      const guide = query.staffUserId ? db.select({ id: staff.id }).from(staff).where(eq(staff.userId, query.staffUserId)) : undefined
      const page = db
        .select({ id: leads.id })
        .from(leads)
        .where(
          and(
            guide ? eq(leads.staffId, sql`(${guide})`) : undefined,
            query.kind ? eq(leads.kind, query.kind) : undefined,
            query.status ? eq(leads.status, query.status) : undefined,
            cursorBefore(leads.id, query.cursor),
          ),
        )
        .orderBy(desc(leads.id))
        .limit(limit + 1)
      const found = await db
        .select(leadColumns)
        .from(leads)
        .innerJoin(customers, eq(customers.id, leads.customerId))
        .innerJoin(staff, eq(staff.id, leads.staffId))
        .where(inArray(leads.id, page))
        .orderBy(desc(leads.id))
      const changes = await lastChanges(db, found.slice(0, limit).map((row) => row.lead.id))
      return pageOf(found, limit, (row) => toLead(row, changes.get(row.lead.id)))
    },

    /** Leads created in the range per guide and kind: how many were contacted and how many bought within their window. */
    async stats(query: LeadStatsQuery): Promise<LeadStats> {
      const range = rangeOf(query)
      // Every lead of the range, and whether each was contacted: a long read (139,000 leads and 300 ms of
      // SQLite on the bench's data), apart from the requests' thread.
      const found = await db.readApart<{ user_id: string; name: string; kind: LeadKind; leads: number | string; contacted: number | string | null; converted: number | string | null }>(sql`
        select ${staff.userId} as user_id, ${staff.name} as name, ${leads.kind} as kind, count(*) as leads,
          sum(case when exists (select 1 from ${leadChanges} c where c.lead_id = ${leads.id} and c.to_status = 'contacted') then 1 else 0 end) as contacted,
          sum(case when ${leads.convertedOrderId} is not null then 1 else 0 end) as converted
        from ${leads} join ${staff} on ${staff.id} = ${leads.staffId}
        where ${leads.createdAt} >= ${range.start.getTime()} and ${leads.createdAt} < ${range.end.getTime()}
        group by ${staff.userId}, ${staff.name}, ${leads.kind}
        order by ${staff.userId}, ${leads.kind}`)
      return {
        from: range.from,
        to: range.to,
        rows: found.map((row) => ({
          staff: { userId: row.user_id, name: row.name },
          kind: row.kind,
          leads: Number(row.leads),
          contacted: Number(row.contacted ?? 0),
          converted: Number(row.converted ?? 0),
        })),
      }
    },

    /** The guide's open leads as to-dos, soonest due first, with the rule's script. */
    async todos(staffId: number, limit: number): Promise<Todo[]> {
      const found = await db
        .select({ lead: leads, customer: customers, script: { id: scripts.id, content: scripts.content } })
        .from(leads)
        .innerJoin(customers, eq(customers.id, leads.customerId))
        .leftJoin(leadRules, eq(leadRules.kind, leads.kind))
        .leftJoin(scripts, eq(scripts.id, leadRules.scriptId))
        .where(and(eq(leads.staffId, staffId), inArray(leads.status, [...OPEN_LEAD_STATUSES])))
        .orderBy(asc(leads.dueAt), asc(leads.id))
        .limit(limit)
      return found.map(({ lead, customer, script }) => ({
        kind: 'lead' as const,
        sourceId: lead.id,
        title: LEAD_KIND_LABELS[lead.kind],
        detail: lead.detail,
        dueAt: lead.dueAt.toISOString(),
        status: lead.status,
        customer: { externalUserId: customer.externalUserId, name: customer.name, avatarUrl: customer.avatarUrl },
        suggestion: script?.id ? { scriptId: script.id, content: script.content } : null,
      }))
    },
  }
  return service
}

export type LeadService = ReturnType<typeof createLeadService>

declare module 'fastify' {
  interface FastifyInstance {
    leads: LeadService
  }
}

export default fp<{ timeZone: string }>(
  async (app, { timeZone }) => {
    const service = createLeadService({ ...serviceDeps(app), timeZone, recommendations: app.recommendations })
    app.decorate('leads', service)
    const findLeads = customerWalkJob(app.scheduler, LEADS_FIND_JOB, {
      read: (run, step, at) => service.readLeads(run, step, at),
      step: (tx, _run, _step, at, found) => service.storeLeads(tx, found, at),
    })
    const rebuildPatterns = customerWalkJob(app.scheduler, LEADS_PATTERNS_JOB, {
      read: (_run, step) => app.recommendations.readTallies(step),
      step: (tx, run, _step, _at, tallies) => app.recommendations.tallyPatterns(tx, run, tallies),
      abandon: (tx, run) => app.recommendations.dropTallies(tx, run),
      finish: async (tx, run, at) => {
        await app.recommendations.settlePatterns(tx, run)
        await findLeads.start(tx, run, at)
      },
    })
    // The day's run is its first step: each step is a short job of its own that plans the next.
    app.scheduler.define(LEADS_DAILY_JOB, async ({ tx, job, now }) => {
      await rebuildPatterns.start(tx, job.key, now)
      await service.planNextRun(tx, app.scheduler, now)
    })
    app.todos.registerSource('lead', (staffId, limit) => service.todos(staffId, limit))
    app.orders.hooks.paid.push((tx, order, at) => service.convertOnPurchase(tx, order, at))
    app.inheritance.onHandedOver((tx, handOver) => service.handOver(tx, handOver))
    // Today's run, when no server has planned one yet.
    const at = app.now()
    await app.db.transaction((tx) => app.scheduler.schedule(tx, { kind: LEADS_DAILY_JOB, key: businessDate(at, timeZone), runAt: at }))
  },
  { name: 'leads', dependencies: ['db', 'clock', 'scheduler', 'orders', 'todos', 'inheritance', 'recommendations'] },
)
