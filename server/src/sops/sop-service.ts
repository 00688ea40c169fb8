// Activation SOPs (激活 SOP). An operator's rule says who enters (added a guide, through a live code, got
// a tag, on a date, every week, a new customer group) and which library scripts go out on which day at
// what time, out of the quiet hours. WeCom lets no server message a customer, so each due step is a to-do
// on the guide's sidebar list, sent by one tap, with app-message reminders when it falls due and shortly
// before it turns late. A tick every minute enters people, reminds, and marks the missed; an SOP ends
// for a customer who deletes their guide; a customer handed to another guide takes their to-dos along.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, max, sql, type SQL } from 'drizzle-orm'
import {
  businessDate,
  SOP_WARN_BEFORE_LATE_MINUTES,
  sopRuleProblem,
  startOfBusinessDay,
  stepTimes,
  warnAt,
  weekdayOf,
  type SendScriptResponse,
  type SendSopTaskRequest,
  type Sop,
  type SopInput,
  type SopStats,
  type Todo,
} from '@liuliang/shared'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { WecomClient } from '../clients/wecom-client'
import { describeToPlanner, first, rowsChanged, type DbOrTx, type Tx } from '../db'
import { inIds } from '../db/id-list'
import { readApartInPages } from '../db/read-apart-pages'
import {
  customerFollows,
  customers,
  customerTags,
  groupChats,
  liveCodeAdds,
  liveCodes,
  scripts,
  sopEnrolments,
  sopGuideCounts,
  sops,
  sopTasks,
  staff,
  tags,
} from '../db/schema'
import { badRequest, conflict, foundOr404, refuseIf } from '../errors'
import type { ScriptService } from '../scripts/script-service'
import type { ServiceDeps } from '../services'
import { addToGroup } from '../grouping'

type SopRow = typeof sops.$inferSelect
type TaskRow = typeof sopTasks.$inferSelect
type Sender = { id: number; userId: string; name: string; isAdmin: boolean }

/** Who enters an SOP: a customer with their guide, or a guide's customer group. */
interface Entrant {
  staffId: number
  customerId: number | null
  groupChatId: number | null
  anchorAt: Date
  round: string
}

const INSERT_CHUNK = 500
/**
 * Entrants one unit of work enters, and to-dos one claims for a reminder or marks missed: an SOP for a
 * whole brand (every customer on its weekday) lets other writes through between its units.
 */
const ENTER_PER_UNIT = 1_000
const TASKS_PER_UNIT = 5_000
/** Entering more than this at once is a bulk write the planner is told of (see describeToPlanner). */
const DESCRIBE_AFTER_ENTERING = 5_000

/**
 * A to-do still open, as the tick's indexes of to-dos to remind, warn and mark missed are conditioned:
 * written as a constant, a plan kept for the statement whatever its values still matches them.
 */
const pendingTask = sql`${sopTasks.status} = 'pending'`

/**
 * How far back a tick looks for follows ended with SOP rounds still open. A deletion ends the rounds in the
 * event's own unit of work; the tick ends those entered as their follow ended (who enters is read before
 * the unit that enters them). Every ended follow of the brand, read each minute, grew with its churn.
 */
const LEFT_WITHIN_MS = 86_400_000

/** Customers and guides whose follow ended lately while they still have SOP rounds open. */
export const leftWithOpenRounds = (handle: DbOrTx, at: Date) =>
  handle
    .select({ customerId: sopEnrolments.customerId, staffId: sopEnrolments.staffId })
    .from(customerFollows)
    .innerJoin(sopEnrolments, and(eq(sopEnrolments.customerId, customerFollows.customerId), eq(sopEnrolments.staffId, customerFollows.staffId)))
    .where(
      and(
        inArray(customerFollows.status, ['lost', 'removed']),
        gt(customerFollows.endedAt, new Date(at.getTime() - LEFT_WITHIN_MS)),
        isNull(sopEnrolments.endedAt),
      ),
    )

/** What a tick claims, in units: the open to-dos a condition picks, in the order of the index that holds them. */
export interface TickClaim {
  open: SQL | undefined
  by: typeof sopTasks.dueAt | typeof sopTasks.warnAt | typeof sopTasks.missedAt
}

/** A claim of to-dos to remind their guides of, with what marks each as reminded. */
interface ReminderClaim extends TickClaim {
  mark: { remindedAt: Date } | { warnedAt: Date }
}

/** The tick's claims as of `at`: to-dos fallen due to remind, about to turn late to warn, and lapsed to mark missed. */
export const tickClaims = (at: Date) => ({
  toRemind: { open: and(pendingTask, isNull(sopTasks.remindedAt), lte(sopTasks.dueAt, at)), by: sopTasks.dueAt, mark: { remindedAt: at } } satisfies ReminderClaim,
  toWarn: {
    open: and(pendingTask, isNull(sopTasks.warnedAt), lte(sopTasks.warnAt, at), gt(sopTasks.lateAt, at)),
    by: sopTasks.warnAt,
    mark: { warnedAt: at },
  } satisfies ReminderClaim,
  lapsed: { open: and(pendingTask, lte(sopTasks.missedAt, at)), by: sopTasks.missedAt },
})

/** The next unit's to-dos of a claim. */
export const claimable = (handle: DbOrTx, { open, by }: TickClaim) =>
  handle.select({ id: sopTasks.id }).from(sopTasks).where(open).orderBy(asc(by), asc(sopTasks.id)).limit(TASKS_PER_UNIT)

/** WeCom stamps events to the second: an add in the same second as switching the SOP on still counts. */
const wholeSecond = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000)
const REMINDER_LIST = 5

export interface SopDeps extends ServiceDeps {
  timeZone: string
  wecom: WecomClient
  scripts: ScriptService
}

const chunks = <T>(items: T[], size = INSERT_CHUNK) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size))

/** Each customer's guide now, the active follow added last. */
function latestGuides(rows: { customerId: number; staffId: number; addedAt: number }[]): Map<number, number> {
  const latest = new Map<number, { staffId: number; at: number }>()
  for (const row of rows) {
    const current = latest.get(row.customerId)
    if (!current || row.addedAt > current.at) latest.set(row.customerId, { staffId: row.staffId, at: row.addedAt })
  }
  return new Map([...latest].map(([customerId, { staffId }]) => [customerId, staffId]))
}

export function createSopService({ db, now, log, timeZone, wecom, scripts: scriptService }: SopDeps) {
  const notEnrolled = (sopId: number, target: SQL, round: string) =>
    sql`not exists (select 1 from ${sopEnrolments} where ${sopEnrolments.sopId} = ${sopId} and ${sopEnrolments.target} = ${target} and ${sopEnrolments.round} = ${round})`
  const customerTarget = (column: SQL | SQLiteColumn) => sql`'c' || ${column}`

  /**
   * Customers with an active guide (with one of `tagIds`, when given) the SOP has not entered this round, each
   * with their latest guide, handed to `take` page by page: every customer of a brand, for a weekly SOP to
   * everyone, so a long read by pages of customer ids (a customer's follows all fall in one page), each
   * entered before the next is read. Tagged customers are found through the tag's index.
   */
  async function customersWithGuides(sopId: number, tagIds: number[] | null, round: string, take: (guides: Map<number, number>) => Promise<void>): Promise<void> {
    const last = await first(db.select({ id: max(customers.id) }).from(customers))
    const columns = {
      customerId: sql`${customerFollows.customerId}`.as('customer_id'),
      staffId: sql`${customerFollows.staffId}`.as('staff_id'),
      addedAt: sql`${customerFollows.lastAddedAt}`.as('added_at'),
    }
    await readApartInPages<{ customer_id: number; staff_id: number; added_at: number | string }>(
      db,
      last?.id ?? 0,
      (after, upTo) => {
        const due = and(eq(customerFollows.status, 'active'), notEnrolled(sopId, customerTarget(customerFollows.customerId), round))
        if (!tagIds) return db.select(columns).from(customerFollows).where(and(gt(customerFollows.customerId, after), lte(customerFollows.customerId, upTo), due)).getSQL()
        return db
          .select(columns)
          .from(customerTags)
          .innerJoin(customerFollows, eq(customerFollows.customerId, customerTags.customerId))
          .where(and(inArray(customerTags.tagId, tagIds), gt(customerTags.customerId, after), lte(customerTags.customerId, upTo), due))
          .getSQL()
      },
      (rows) => take(latestGuides(rows.map((row) => ({ customerId: Number(row.customer_id), staffId: Number(row.staff_id), addedAt: Number(row.added_at) })))),
    )
  }

  /** Who should enter the SOP at `at` and has not, handed to `enter` a batch at a time. */
  async function enterDue(sop: SopRow, at: Date, enter: (entrants: Entrant[]) => Promise<void>): Promise<void> {
    const since = sop.activeSince
    const fromCustomers = (anchorAt: Date, round: string) => (guides: Map<number, number>) =>
      enter([...guides].map(([customerId, staffId]) => ({ customerId, staffId, groupChatId: null, anchorAt, round })))
    switch (sop.trigger) {
      case 'added': {
        const rows = await db
          .select({ customerId: customerFollows.customerId, staffId: customerFollows.staffId, at: customerFollows.lastAddedAt })
          .from(customerFollows)
          .where(and(eq(customerFollows.status, 'active'), gte(customerFollows.lastAddedAt, since), notEnrolled(sop.id, customerTarget(customerFollows.customerId), '')))
          .orderBy(asc(customerFollows.lastAddedAt))
        return enter(rows.map((row) => ({ customerId: row.customerId, staffId: row.staffId, groupChatId: null, anchorAt: row.at, round: '' })))
      }
      case 'live_code': {
        const rows = await db
          .select({ customerId: liveCodeAdds.customerId, staffId: liveCodeAdds.staffId, at: liveCodeAdds.addedAt })
          .from(liveCodeAdds)
          .innerJoin(customerFollows, and(eq(customerFollows.customerId, liveCodeAdds.customerId), eq(customerFollows.staffId, liveCodeAdds.staffId)))
          .where(
            and(
              eq(liveCodeAdds.liveCodeId, sop.liveCodeId ?? 0),
              eq(customerFollows.status, 'active'),
              gte(liveCodeAdds.addedAt, since),
              notEnrolled(sop.id, customerTarget(liveCodeAdds.customerId), ''),
            ),
          )
          .orderBy(asc(liveCodeAdds.addedAt))
        const seen = new Set<number>()
        return enter(rows.filter((row) => !seen.has(row.customerId) && seen.add(row.customerId)).map((row) => ({ ...row, groupChatId: null, anchorAt: row.at, round: '' })))
      }
      case 'tag':
        // Whoever carries the tag enters once, from when the tick first sees them with it.
        return customersWithGuides(sop.id, [sop.tagId ?? 0], '', fromCustomers(at, ''))
      case 'date':
      case 'weekly': {
        const today = businessDate(at, timeZone)
        const due = sop.trigger === 'date' ? sop.date === today : sop.weekday === weekdayOf(today)
        if (!due) return
        const start = startOfBusinessDay(today, timeZone)
        // Switched on partway through the day: the day still counts.
        return customersWithGuides(sop.id, sop.audienceTagIds.length > 0 ? sop.audienceTagIds : null, today, fromCustomers(start, today))
      }
      case 'group_created': {
        const rows = await db
          .select({ groupChatId: groupChats.id, staffId: groupChats.ownerStaffId, at: groupChats.openedAt })
          .from(groupChats)
          .where(
            and(
              isNull(groupChats.dismissedAt),
              gte(groupChats.openedAt, since),
              notEnrolled(sop.id, sql`'g' || ${groupChats.id}`, ''),
            ),
          )
        return enter(rows.map((row) => ({ staffId: row.staffId, customerId: null, groupChatId: row.groupChatId, anchorAt: row.at, round: '' })))
      }
    }
  }

  /**
   * Adds to guides' counts of an SOP (rounds entered, to-dos closed), one row per SOP and guide, in the
   * unit of work that entered or closed them. Rows are taken in the order of their guides, and callers
   * go through SOPs in order: two servers' units adding to the same rows then never wait on each other.
   */
  async function addToCounts(tx: Tx, sopId: number, column: 'enrolled' | 'onTime' | 'late' | 'missed', byGuide: { staffId: number }[]): Promise<void> {
    const perGuide = new Map<number, number>()
    for (const { staffId } of byGuide) perGuide.set(staffId, (perGuide.get(staffId) ?? 0) + 1)
    if (perGuide.size === 0) return
    await tx
      .insert(sopGuideCounts)
      .values([...perGuide].sort(([a], [b]) => a - b).map(([staffId, n]) => ({ sopId, staffId, [column]: n })))
      .onConflictDoUpdate({
        target: [sopGuideCounts.sopId, sopGuideCounts.staffId],
        set: { [column]: sql`${sopGuideCounts[column]} + excluded.${sql.identifier(sopGuideCounts[column].name)}` },
      })
  }

  /** Enters each once (a second tick finds them entered) and plans their steps. */
  async function enrol(tx: Tx, sop: SopRow, entrants: Entrant[]): Promise<number> {
    let entered = 0
    // A round of a dated SOP enters everyone from the same moment: each step's times are worked out once.
    const planned = new Map<string, ReturnType<typeof stepTimes>>()
    const timesOf = (anchorAt: Date, index: number) => {
      const key = `${anchorAt.getTime()}:${index}`
      const times = planned.get(key) ?? stepTimes(anchorAt, sop.steps[index] as SopRow['steps'][number], { quietHours: sop.quietHours, onTimeMinutes: sop.onTimeMinutes }, timeZone)
      planned.set(key, times)
      return times
    }
    for (const batch of chunks(entrants)) {
      const inserted = await tx
        .insert(sopEnrolments)
        .values(
          batch.map((entrant) => ({
            sopId: sop.id,
            staffId: entrant.staffId,
            customerId: entrant.customerId,
            groupChatId: entrant.groupChatId,
            target: entrant.customerId !== null ? `c${entrant.customerId}` : `g${entrant.groupChatId}`,
            round: entrant.round,
            anchorAt: entrant.anchorAt,
          })),
        )
        .onConflictDoNothing()
        .returning()
      entered += inserted.length
      await addToCounts(tx, sop.id, 'enrolled', inserted)
      const tasks = inserted.flatMap((enrolment) =>
        sop.steps.map((step, index) => {
          const times = timesOf(enrolment.anchorAt, index)
          return {
            enrolmentId: enrolment.id,
            sopId: sop.id,
            staffId: enrolment.staffId,
            customerId: enrolment.customerId,
            groupChatId: enrolment.groupChatId,
            step: index,
            scriptId: step.scriptId,
            ...times,
            warnAt: warnAt(times),
            status: 'pending' as const,
          }
        }),
      )
      for (const taskBatch of chunks(tasks)) await tx.insert(sopTasks).values(taskBatch)
    }
    return entered
  }

  /** Ends the customer's SOPs with this guide: their open to-dos are dropped. */
  async function endFor(tx: Tx, ending: { customerId: number; staffId: number; at: Date }): Promise<void> {
    const open = and(eq(sopEnrolments.customerId, ending.customerId), eq(sopEnrolments.staffId, ending.staffId), isNull(sopEnrolments.endedAt))
    const ended = await tx.update(sopEnrolments).set({ endedAt: ending.at }).where(open).returning({ id: sopEnrolments.id })
    if (ended.length === 0) return
    await tx
      .update(sopTasks)
      .set({ status: 'ended' })
      .where(and(inArray(sopTasks.enrolmentId, ended.map((row) => row.id)), eq(sopTasks.status, 'pending')))
  }

  /**
   * Repeats a unit of work over at most TASKS_PER_UNIT to-dos until one finds fewer, handing each unit's rows
   * to `take` once it has committed.
   */
  async function inUnits<T>(unit: (tx: Tx) => Promise<T[]>, take: (rows: T[]) => void = () => {}): Promise<void> {
    for (;;) {
      const rows = await db.transaction(unit)
      take(rows)
      if (rows.length < TASKS_PER_UNIT) return
    }
  }

  /**
   * Claims the to-dos `claim` picks and marks them (earliest due first; the claim picks only unmarked ones, so each
   * is reminded once), then sends each guide one app message counting theirs and naming the first few.
   */
  async function remindDue(claim: ReminderClaim, heading: (count: number) => string) {
    type Claimed = { id: number; staffId: number; dueAt: Date }
    const earliest = (a: Claimed, b: Claimed) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id
    const byGuide = new Map<number, { count: number; first: Claimed[] }>()
    await inUnits(
      (tx) =>
        tx
          .update(sopTasks)
          .set(claim.mark)
          .where(and(inArray(sopTasks.id, claimable(tx, claim)), claim.open))
          .returning({ id: sopTasks.id, staffId: sopTasks.staffId, dueAt: sopTasks.dueAt }),
      (claimed) => {
        for (const task of claimed) {
          const guide = byGuide.get(task.staffId) ?? { count: 0, first: [] }
          guide.count += 1
          guide.first.push(task)
          byGuide.set(task.staffId, guide)
        }
        for (const guide of byGuide.values()) guide.first = guide.first.sort(earliest).slice(0, REMINDER_LIST)
      },
    )
    const named = [...byGuide.values()].flatMap((guide) => guide.first.map((task) => task.id))
    if (named.length === 0) return
    const lines = await db
      .select({ staffId: sopTasks.staffId, staffUserId: staff.userId, sopName: sops.name, step: sopTasks.step, customerName: customers.name, groupName: groupChats.name })
      .from(sopTasks)
      .innerJoin(staff, eq(staff.id, sopTasks.staffId))
      .innerJoin(sops, eq(sops.id, sopTasks.sopId))
      .leftJoin(customers, eq(customers.id, sopTasks.customerId))
      .leftJoin(groupChats, eq(groupChats.id, sopTasks.groupChatId))
      .where(inIds(sopTasks.id, named))
      .orderBy(asc(sopTasks.dueAt), asc(sopTasks.id))
    const linesByGuide = new Map<number, typeof lines>()
    for (const line of lines) addToGroup(linesByGuide, line.staffId, line)
    for (const [staffId, items] of linesByGuide) {
      const count = byGuide.get(staffId)?.count ?? items.length
      const listed = items.map((item) => `「${item.sopName}」第 ${item.step + 1} 步 · ${item.customerName ?? item.groupName ?? '客户'}`).join('；')
      const more = count > items.length ? ` 等 ${count} 条` : ''
      const userId = items[0]?.staffUserId as string
      const text = `【激活SOP】${heading(count)}：${listed}${more}。请在侧边栏「待办」里一键发送。`
      void wecom.sendAppText([userId], text).catch((error: unknown) => log.warn({ err: error, userId }, 'SOP reminder not sent'))
    }
  }

  async function sopOf(tx: DbOrTx, id: number): Promise<SopRow> {
    return foundOr404(await first(tx.select().from(sops).where(eq(sops.id, id))), 'SOP_NOT_FOUND', 'SOP 不存在')
  }

  async function toSops(rows: SopRow[]): Promise<Sop[]> {
    const ids = rows.map((row) => row.id)
    const scriptIds = [...new Set(rows.flatMap((row) => row.steps.map((step) => step.scriptId)))]
    const [titles, counts] = await Promise.all([
      scriptIds.length > 0 ? db.select({ id: scripts.id, title: scripts.title }).from(scripts).where(inArray(scripts.id, scriptIds)) : [],
      // Rounds entered as counted when they entered; those still in a to-do from their open to-dos (a
      // whole brand's round just entered is hundreds of thousands: read apart). Grouped in the order of
      // the open to-dos' index (a round's open to-dos are all its guide's), so no sort: a count of
      // distinct rounds sorted them all (4 s for 728,000 on SQLite, against 0.2 s).
      ids.length > 0
        ? db.readApart<{ sop_id: number; enrolled: number | string; active: number | string }>(
            sql`select sop_id, sum(enrolled) as enrolled, sum(active) as active from (
                select sop_id, enrolled, 0 as active from ${sopGuideCounts} where ${inArray(sopGuideCounts.sopId, ids)}
                union all
                select sop_id, 0, count(*) from (
                  select sop_id, staff_id, enrolment_id from ${sopTasks}
                  where ${and(inArray(sopTasks.sopId, ids), eq(sopTasks.status, 'pending'))}
                  group by sop_id, staff_id, enrolment_id
                ) as open_rounds group by sop_id
              ) as counted group by sop_id`,
          )
        : [],
    ])
    const titleOf = new Map(titles.map((row) => [row.id, row.title]))
    return rows.map((row) => {
      const counted = counts.find((item) => Number(item.sop_id) === row.id)
      return {
        id: row.id,
        name: row.name,
        trigger: row.trigger,
        liveCodeId: row.liveCodeId,
        tagId: row.tagId,
        date: row.date,
        weekday: row.weekday,
        audienceTagIds: row.audienceTagIds,
        steps: row.steps.map((step) => ({ ...step, scriptTitle: titleOf.get(step.scriptId) ?? null })),
        quietHours: row.quietHours,
        onTimeMinutes: row.onTimeMinutes,
        enabled: row.enabled,
        enrolled: Number(counted?.enrolled ?? 0),
        active: Number(counted?.active ?? 0),
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      }
    })
  }

  /** The rule as stored, after checking what it names exists. */
  async function checkedRule(input: SopInput) {
    refuseIf(sopRuleProblem(input), 'INVALID_SOP')
    const scriptIds = [...new Set(input.steps.map((step) => step.scriptId))]
    const found = await db.select({ id: scripts.id, owner: scripts.ownerStaffId }).from(scripts).where(inArray(scripts.id, scriptIds))
    if (found.length < scriptIds.length || found.some((row) => row.owner !== null)) throw badRequest('SCRIPT_NOT_FOUND', '步骤里的话术不存在，或不是企业话术')
    if (input.trigger === 'live_code' && !(await first(db.select({ id: liveCodes.id }).from(liveCodes).where(eq(liveCodes.id, input.liveCodeId ?? 0))))) {
      throw badRequest('LIVE_CODE_NOT_FOUND', '渠道活码不存在')
    }
    const tagIds = [...(input.trigger === 'tag' && input.tagId ? [input.tagId] : []), ...(input.audienceTagIds ?? [])]
    if (tagIds.length > 0 && (await db.select({ id: tags.id }).from(tags).where(inArray(tags.id, tagIds))).length < new Set(tagIds).size) {
      throw badRequest('TAG_NOT_FOUND', '所选标签不存在或已删除')
    }
    const dated = input.trigger === 'date' || input.trigger === 'weekly'
    return {
      name: input.name.trim(),
      trigger: input.trigger,
      liveCodeId: input.trigger === 'live_code' ? (input.liveCodeId ?? null) : null,
      tagId: input.trigger === 'tag' ? (input.tagId ?? null) : null,
      date: input.trigger === 'date' ? (input.date ?? null) : null,
      weekday: input.trigger === 'weekly' ? (input.weekday ?? null) : null,
      audienceTagIds: dated ? (input.audienceTagIds ?? []) : [],
      steps: [...input.steps].sort((a, b) => a.day - b.day || a.time.localeCompare(b.time)),
      quietHours: input.quietHours ?? null,
      onTimeMinutes: input.onTimeMinutes ?? 120,
      enabled: input.enabled ?? true,
    }
  }

  const service = {
    async list(): Promise<Sop[]> {
      return toSops(await db.select().from(sops).orderBy(desc(sops.id)))
    },

    async get(id: number): Promise<Sop> {
      const [sop] = await toSops([await sopOf(db, id)])
      return sop as Sop
    },

    async create(input: SopInput): Promise<Sop> {
      const rule = await checkedRule(input)
      const at = now()
      const [row] = await db.transaction((tx) => tx.insert(sops).values({ ...rule, activeSince: wholeSecond(at), createdAt: at, updatedAt: at }).returning())
      return service.get((row as SopRow).id)
    },

    /** Replaces the rule; who already entered keeps the steps planned for them. Switching it on starts a new window. */
    async replace(id: number, input: SopInput): Promise<Sop> {
      const rule = await checkedRule(input)
      const at = now()
      await db.transaction(async (tx) => {
        const current = await sopOf(tx, id)
        const switchedOn = rule.enabled && !current.enabled
        await tx
          .update(sops)
          .set({ ...rule, updatedAt: at, ...(switchedOn ? { activeSince: wholeSecond(at) } : {}) })
          .where(eq(sops.id, id))
      })
      return service.get(id)
    },

    /** How each guide kept to it: on time, late, missed, and what is still open. */
    async stats(id: number): Promise<SopStats> {
      await sopOf(db, id)
      const at = now()
      // The closed to-dos as counted when they closed, the open ones (at most a round's) read apart.
      const rows = await db.readApart<{ staff_user_id: string; staff_name: string } & Record<'on_time' | 'late' | 'missed' | 'overdue' | 'waiting', number | string>>(
        sql`select ${staff.userId} as staff_user_id, ${staff.name} as staff_name, sum(on_time) as on_time, sum(late) as late,
            sum(missed) as missed, sum(overdue) as overdue, sum(waiting) as waiting
          from (
            select staff_id, on_time, late, missed, 0 as overdue, 0 as waiting from ${sopGuideCounts} where ${eq(sopGuideCounts.sopId, id)}
            union all
            select staff_id, 0, 0, 0, count(case when ${sopTasks.lateAt} <= ${at.getTime()} then 1 end), count(case when ${sopTasks.lateAt} > ${at.getTime()} then 1 end)
            from ${sopTasks} where ${and(eq(sopTasks.sopId, id), eq(sopTasks.status, 'pending'))} group by staff_id
          ) as counted join ${staff} on ${staff.id} = counted.staff_id
          group by ${staff.id}, ${staff.userId}, ${staff.name}
          order by ${staff.userId}`,
      )
      const keys = ['onTime', 'late', 'missed', 'overdue', 'waiting'] as const
      const byGuide = rows.map((row) => ({
        staffUserId: row.staff_user_id,
        staffName: row.staff_name,
        onTime: Number(row.on_time),
        late: Number(row.late),
        missed: Number(row.missed),
        overdue: Number(row.overdue),
        waiting: Number(row.waiting),
      }))
      const totals = Object.fromEntries(keys.map((key) => [key, byGuide.reduce((sum, row) => sum + row[key], 0)])) as SopStats['totals']
      return { sopId: id, totals, byGuide }
    },

    /**
     * One tick (the plugin's timer): ends the SOPs of customers who left their guide, enters whoever is due,
     * reminds guides of steps that fell due or are about to turn late, and marks missed steps. Each part is
     * units of work of bounded size; entering is keyed and every claim conditional, so servers ticking
     * together, or a tick cut short and the next one, still enter and remind each once.
     */
    async runTick(): Promise<void> {
      const at = now()
      await db.transaction(async (tx) => {
        for (const row of await leftWithOpenRounds(tx, at)) if (row.customerId !== null) await endFor(tx, { customerId: row.customerId, staffId: row.staffId, at })
      })

      for (const sop of await db.select().from(sops).where(eq(sops.enabled, true))) {
        await enterDue(sop, at, async (entrants) => {
          let entered = 0
          for (const part of chunks(entrants, ENTER_PER_UNIT)) entered += await db.transaction((tx) => enrol(tx, sop, part))
          // A bulk write: the planner learns of it before the next page asks who has entered.
          if (entered > DESCRIBE_AFTER_ENTERING) await db.transaction((tx) => describeToPlanner(tx, [sopEnrolments, sopTasks]))
        })
      }

      const { toRemind, toWarn, lapsed } = tickClaims(at)
      await remindDue(toRemind, (n) => `${n} 条 SOP 到了发送时间`)
      await remindDue(toWarn, (n) => `${n} 条 SOP 还有不到 ${SOP_WARN_BEFORE_LATE_MINUTES} 分钟就逾期`)

      await inUnits(async (tx) => {
        const missed = await tx
          .update(sopTasks)
          .set({ status: 'missed' })
          .where(and(inArray(sopTasks.id, claimable(tx, lapsed)), lapsed.open))
          .returning({ sopId: sopTasks.sopId, staffId: sopTasks.staffId })
        const bySop = new Map<number, typeof missed>()
        for (const task of missed) addToGroup(bySop, task.sopId, task)
        for (const [sopId, tasks] of [...bySop].sort(([a], [b]) => a - b)) await addToCounts(tx, sopId, 'missed', tasks)
        return missed
      })
    },

    /** The customer deleted the guide, or the guide the customer: in the event's unit of work. */
    followEnded: (tx: Tx, end: { customerId: number; staffId: number; at: Date }) => endFor(tx, end),

    /** A customer handed to another guide takes their open SOP to-dos along. */
    async handOver(tx: Tx, handOver: { customerId: number; fromStaffId: number; toStaffId: number }): Promise<void> {
      await tx
        .update(sopEnrolments)
        .set({ staffId: handOver.toStaffId })
        .where(and(eq(sopEnrolments.customerId, handOver.customerId), eq(sopEnrolments.staffId, handOver.fromStaffId), isNull(sopEnrolments.endedAt)))
      await tx
        .update(sopTasks)
        .set({ staffId: handOver.toStaffId, remindedAt: null, warnedAt: null })
        .where(and(eq(sopTasks.customerId, handOver.customerId), eq(sopTasks.staffId, handOver.fromStaffId), eq(sopTasks.status, 'pending')))
    },

    /** The guide's due SOP steps for the to-do list (or those of one of their customer groups), soonest first. */
    async todos(staffId: number, limit: number, chatId?: string): Promise<Todo[]> {
      const at = now()
      const rows = await db
        .select({ task: sopTasks, sopName: sops.name, scriptTitle: scripts.title, scriptContent: scripts.content, customer: customers, groupName: groupChats.name })
        .from(sopTasks)
        .innerJoin(sops, eq(sops.id, sopTasks.sopId))
        .leftJoin(scripts, eq(scripts.id, sopTasks.scriptId))
        .leftJoin(customers, eq(customers.id, sopTasks.customerId))
        .leftJoin(groupChats, eq(groupChats.id, sopTasks.groupChatId))
        .where(and(eq(sopTasks.staffId, staffId), eq(sopTasks.status, 'pending'), lte(sopTasks.dueAt, at), chatId === undefined ? undefined : eq(groupChats.chatId, chatId)))
        .orderBy(asc(sopTasks.dueAt))
        .limit(limit)
      return rows.map(({ task, sopName, scriptTitle, scriptContent, customer, groupName }) => {
        const late = task.lateAt.getTime() <= at.getTime()
        return {
          kind: 'sop' as const,
          sourceId: task.id,
          title: `激活SOP · ${sopName}`,
          detail: `第 ${task.step + 1} 步：${scriptTitle ?? '话术已删除'}${groupName !== null ? `（客户群「${groupName}」）` : ''}${late ? '，已逾期' : ''}`,
          dueAt: task.dueAt.toISOString(),
          status: late ? 'late' : 'due',
          customer: { externalUserId: customer?.externalUserId ?? null, name: customer?.name ?? groupName ?? null, avatarUrl: customer?.avatarUrl ?? null },
          suggestion: { scriptId: task.scriptId, content: scriptContent ?? '' },
        }
      })
    },

    /**
     * The guide sends a due step: the script filled for the customer (the script library's own send), and
     * the step is done, on time or late. A retry with the same request id answers the same message; a
     * second send of a done step is refused, so two taps count once.
     */
    async send(sender: Sender, taskId: number, request: SendSopTaskRequest): Promise<SendScriptResponse> {
      const at = now()
      const task: TaskRow = foundOr404(
        await first(db.select().from(sopTasks).where(and(eq(sopTasks.id, taskId), eq(sopTasks.staffId, sender.id)))),
        'SOP_TASK_NOT_FOUND',
        '这条 SOP 待办不存在',
      )
      if (task.status === 'missed' || task.status === 'ended') throw conflict('SOP_TASK_CLOSED', task.status === 'missed' ? '这一步已错过，无法再发送' : '客户已退出这个 SOP')
      const claimed = await db.transaction(async (tx) =>
        rowsChanged(
          await tx
            .update(sopTasks)
            .set({ requestId: request.requestId })
            .where(and(eq(sopTasks.id, taskId), eq(sopTasks.status, 'pending'), isNull(sopTasks.requestId))),
        ),
      )
      if (claimed === 0) {
        const current = await first(db.select({ requestId: sopTasks.requestId }).from(sopTasks).where(eq(sopTasks.id, taskId)))
        if (current?.requestId !== request.requestId) throw conflict('SOP_TASK_TAKEN', '这一步已经发送过了')
      }
      try {
        const customer = task.customerId !== null ? await first(db.select({ externalUserId: customers.externalUserId }).from(customers).where(eq(customers.id, task.customerId))) : null
        const sent =
          task.groupChatId !== null
            ? await scriptService.sendToGroup(sender, task.scriptId, at)
            : await scriptService.send(sender, task.scriptId, { externalUserId: customer?.externalUserId ?? '', requestId: request.requestId }, at)
        await db.transaction(async (tx) => {
          const [done] = await tx
            .update(sopTasks)
            .set({ status: 'done', doneAt: at })
            .where(and(eq(sopTasks.id, taskId), eq(sopTasks.status, 'pending'), eq(sopTasks.requestId, request.requestId)))
            .returning({ sopId: sopTasks.sopId, staffId: sopTasks.staffId, lateAt: sopTasks.lateAt })
          if (done) await addToCounts(tx, done.sopId, at <= done.lateAt ? 'onTime' : 'late', [done])
        })
        return sent
      } catch (error) {
        // The send did not happen: the step can be sent again.
        await db.transaction((tx) =>
          tx
            .update(sopTasks)
            .set({ requestId: null })
            .where(and(eq(sopTasks.id, taskId), eq(sopTasks.status, 'pending'), eq(sopTasks.requestId, request.requestId))),
        )
        throw error
      }
    },
  }
  return service
}

export type SopService = ReturnType<typeof createSopService>
