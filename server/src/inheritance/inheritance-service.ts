// Customer inheritance (在职继承 / 离职继承). An admin hands customers from one guide to another; the
// rules are checked first and refusals explained; WeCom is asked in batches of 100; a poller on the
// scheduler pages WeCom's results until every transfer is final, and the transfer callbacks settle
// them sooner. When a customer has been handed over, whatever belongs to the guide's care of them
// (reminders now; SOP to-dos and leads later) moves through one hook every domain can join.
import fp from 'fastify-plugin'
import { aliasedTable, and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm'
import {
  TRANSFER_BATCH_SIZE,
  TRANSFER_STATUS_LABELS,
  type BlockedCustomer,
  type GuideCustomerPage,
  type GuideCustomersQuery,
  type OnJobTransferRequest,
  type ResignedGuideList,
  type ResignedTransferRequest,
  type TakeoverGuideList,
  type TransferCustomer,
  type TransferKind,
  type TransferListQuery,
  type TransferPage,
  type TransferPreview,
  type TransferStarted,
  type TransferStatus,
  type UnassignedSync,
} from '@liuliang/shared'
import { TencentApiError } from '../clients/tencent-client'
import type { WecomClient } from '../clients/wecom-client'
import type { TransferResult } from '../clients/wecom-transfers'
import type { CustomerService } from '../customers/customer-service'
import { afterCommit, first, rowsChanged, type DbOrTx, type Tx } from '../db'
import { containsText } from '../db/like'
import { cursorBefore, pageOf } from '../db/paging'
import { customerFollows, customers, customerTransfers, staff, staffDepartures, unassignedCustomers } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps, type ServiceDeps } from '../services'
import type { StaffService } from '../staff/staff-service'
import { recordTimelineEvent } from '../timeline/record'
import { createGroupTransfers } from './group-transfers'
import { blockFor, blockForErrcode, explainBlock, REPEAT_WINDOW_MS, type Block, type CustomerFacts } from './rules'

export const TRANSFER_POLL_JOB = 'inheritance.poll-results'
/** WeCom takes a customer over 24 hours after the transfer starts. */
const TAKEOVER_DELAY_MS = 24 * 3600 * 1000
/** Customers whose facts are read in one query. */
const FACT_CHUNK = 500

const handoverStaff = aliasedTable(staff, 'handover_staff')
const takeoverStaff = aliasedTable(staff, 'takeover_staff')

/** WeCom's transfer_result status, as ours. */
const RESULT_STATUSES: Record<number, TransferStatus> = { 1: 'done', 2: 'waiting', 3: 'refused', 4: 'takeover_full', 5: 'no_record' }
const FAIL_REASONS: Record<string, TransferStatus> = { customer_refused: 'refused', customer_limit_exceed: 'takeover_full' }

/** A customer handed from one guide to another, as the hook sees it. */
export interface HandOver {
  customerId: number
  fromStaffId: number
  toStaffId: number
  kind: TransferKind
  at: Date
}

/** Runs in the unit of work that marks the transfer done; moves what the domain keeps per guide and customer. */
export type HandOverHook = (tx: Tx, handOver: HandOver) => Promise<void>

type CustomerRow = typeof customers.$inferSelect
type StaffRow = typeof staff.$inferSelect
type TransferRow = typeof customerTransfers.$inferSelect

const toCustomer = (row: Pick<CustomerRow, 'id' | 'externalUserId' | 'name' | 'avatarUrl'>): TransferCustomer => ({
  id: row.id,
  externalUserId: row.externalUserId,
  name: row.name,
  avatarUrl: row.avatarUrl,
})

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export interface InheritanceOptions {
  timeZone: string
  /** How often waiting transfers are asked about. */
  pollIntervalMs: number
}

export interface InheritanceDeps extends ServiceDeps, InheritanceOptions {
  wecom: WecomClient
  customers: CustomerService
  staff: StaffService
  scheduler: Scheduler
}

export function createInheritanceService({ db, now, log, wecom, scheduler, staff: staffService, timeZone, pollIntervalMs }: InheritanceDeps) {
  const hooks: HandOverHook[] = []
  const dayFormat = new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: 'long', day: 'numeric' })
  const blocked = (customer: TransferCustomer, block: Block): BlockedCustomer => ({
    customer,
    reason: block.reason,
    message: explainBlock(block, (at) => dayFormat.format(at)),
    nextEligibleAt: block.nextEligibleAt?.toISOString() ?? null,
  })

  const departureOf = (tx: DbOrTx, staffId: number) =>
    first(tx.select().from(staffDepartures).where(eq(staffDepartures.staffId, staffId)))

  async function guide(staffId: number, role: string): Promise<StaffRow> {
    const row = await first(db.select().from(staff).where(eq(staff.id, staffId)))
    if (!row) throw notFound('GUIDE_NOT_FOUND', `没有找到这位${role}`)
    return row
  }

  /** The handover and takeover guides of a request, each where the kind of transfer needs them. */
  async function pairOf(kind: TransferKind, request: { handoverStaffId: number; takeoverStaffId: number }) {
    if (request.handoverStaffId === request.takeoverStaffId) throw badRequest('SAME_GUIDE', '原导购与接替导购不能是同一人')
    const handover = await guide(request.handoverStaffId, '原导购')
    const takeover = await guide(request.takeoverStaffId, '接替导购')
    const handoverLeft = await departureOf(db, handover.id)
    if (kind === 'on_job' && handoverLeft) throw conflict('HANDOVER_RESIGNED', `${handover.name}已离职，请在「离职继承」中分配其客户`)
    if (kind === 'resigned' && !handoverLeft) throw conflict('HANDOVER_NOT_RESIGNED', `${handover.name}尚未离职，请使用在职继承`)
    if (await departureOf(db, takeover.id)) throw conflict('TAKEOVER_RESIGNED', `${takeover.name}已离职，请选择在职的导购接替`)
    return { handover, takeover }
  }

  /** The customers a request names: the ones picked, or every customer of the handover guide. */
  async function selectionOf(kind: TransferKind, handoverId: number, request: { customerIds?: number[]; all?: boolean }) {
    if (request.all) {
      const rows =
        kind === 'on_job'
          ? await db
              .select({ customer: customers })
              .from(customerFollows)
              .innerJoin(customers, eq(customers.id, customerFollows.customerId))
              .where(and(eq(customerFollows.staffId, handoverId), eq(customerFollows.status, 'active')))
              .orderBy(asc(customers.id))
          : await db
              .select({ customer: customers })
              .from(unassignedCustomers)
              .innerJoin(customers, eq(customers.id, unassignedCustomers.customerId))
              .where(eq(unassignedCustomers.staffId, handoverId))
              .orderBy(asc(customers.id))
      return rows.map((row) => row.customer)
    }
    const ids = request.customerIds ?? []
    if (ids.length === 0) throw badRequest('NO_CUSTOMERS_PICKED', '请选择要转接的客户，或选择全部客户')
    const rows: CustomerRow[] = []
    for (const part of chunks(ids, FACT_CHUNK)) rows.push(...(await db.select().from(customers).where(inArray(customers.id, part))))
    if (rows.length < ids.length) throw notFound('CUSTOMER_NOT_FOUND', '有客户不存在，请刷新后重新选择')
    return rows.sort((a, b) => a.id - b.id)
  }

  /** What the rules need to know about each customer, read in a few queries. */
  async function factsOf(kind: TransferKind, handoverId: number, rows: CustomerRow[], at: Date): Promise<Map<number, CustomerFacts>> {
    const facts = new Map<number, CustomerFacts>(
      rows.map((row) => [row.id, { externalUserId: row.externalUserId, withHandover: false, inTransfer: false, recentOnJobTransfers: [] }]),
    )
    for (const part of chunks(rows.map((row) => row.id), FACT_CHUNK)) {
      const withHandover =
        kind === 'on_job'
          ? await db
              .select({ customerId: customerFollows.customerId })
              .from(customerFollows)
              .where(and(eq(customerFollows.staffId, handoverId), eq(customerFollows.status, 'active'), inArray(customerFollows.customerId, part)))
          : await db
              .select({ customerId: unassignedCustomers.customerId })
              .from(unassignedCustomers)
              .where(and(eq(unassignedCustomers.staffId, handoverId), inArray(unassignedCustomers.customerId, part)))
      for (const { customerId } of withHandover) if (customerId !== null) (facts.get(customerId) as CustomerFacts).withHandover = true
      // Every waiting transfer (however old), and the ones WeCom accepted within the window.
      const transfers = await db
        .select({ customerId: customerTransfers.customerId, kind: customerTransfers.kind, status: customerTransfers.status, requestedAt: customerTransfers.requestedAt })
        .from(customerTransfers)
        .where(
          and(
            inArray(customerTransfers.customerId, part),
            or(
              eq(customerTransfers.status, 'waiting'),
              and(eq(customerTransfers.status, 'done'), gt(customerTransfers.requestedAt, new Date(at.getTime() - REPEAT_WINDOW_MS))),
            ),
          ),
        )
      for (const transfer of transfers) {
        const fact = facts.get(transfer.customerId) as CustomerFacts
        if (transfer.status === 'waiting') fact.inTransfer = true
        if (transfer.kind === 'on_job') fact.recentOnJobTransfers.push(transfer.requestedAt)
      }
    }
    return facts
  }

  async function preview(kind: TransferKind, request: ResignedTransferRequest) {
    const pair = await pairOf(kind, request)
    const rows = await selectionOf(kind, pair.handover.id, request)
    const at = now()
    const facts = await factsOf(kind, pair.handover.id, rows, at)
    const result: TransferPreview & { eligibleRows: CustomerRow[] } = { eligible: [], blocked: [], eligibleRows: [] }
    for (const row of rows) {
      const block = blockFor(kind, facts.get(row.id) as CustomerFacts, at)
      if (block) result.blocked.push(blocked(toCustomer(row), block))
      else {
        result.eligible.push(toCustomer(row))
        result.eligibleRows.push(row)
      }
    }
    return { pair, ...result }
  }

  /** Plans the next look at WeCom's results, unless one is planned already. */
  async function schedulePoll(tx: Tx, at: Date): Promise<void> {
    const runAt = new Date(at.getTime() + pollIntervalMs)
    await scheduler.schedule(tx, { kind: TRANSFER_POLL_JOB, key: String(runAt.getTime()), runAt })
  }

  async function start(kind: TransferKind, request: ResignedTransferRequest & { message?: string }): Promise<TransferStarted> {
    const { pair, blocked: refused, eligibleRows } = await preview(kind, request)
    const message = kind === 'on_job' ? request.message?.trim() || undefined : undefined
    let started = 0
    for (const batch of chunks(eligibleRows, TRANSFER_BATCH_SIZE)) {
      const body = {
        handover_userid: pair.handover.userId,
        takeover_userid: pair.takeover.userId,
        external_userid: batch.map((row) => row.externalUserId as string),
      }
      let answers
      try {
        answers = kind === 'on_job' ? await wecom.transfers.onJob({ ...body, transfer_success_msg: message }) : await wecom.transfers.resigned(body)
      } catch (error) {
        if (!(error instanceof TencentApiError)) throw error
        // The whole request was refused (a member WeCom no longer knows, one not resigned): said in words.
        if (error.errcode === 40097) throw conflict('HANDOVER_NOT_RESIGNED', `企业微信显示${pair.handover.name}尚未离职`)
        if (error.errcode === 60111) throw conflict('GUIDE_NOT_IN_WECOM', '企业微信中已没有这位导购，请先同步离职名单')
        throw error
      }
      const errcodes = new Map(answers.map((answer) => [answer.external_userid, answer.errcode]))
      const at = now()
      await db.transaction(async (tx) => {
        for (const row of batch) {
          const errcode = errcodes.get(row.externalUserId as string) ?? 40096
          await tx.insert(customerTransfers).values({
            kind,
            customerId: row.id,
            handoverStaffId: pair.handover.id,
            takeoverStaffId: pair.takeover.id,
            status: errcode === 0 ? 'waiting' : 'rejected',
            errcode: errcode === 0 ? null : errcode,
            message: message ?? null,
            requestedAt: at,
            takeoverAt: errcode === 0 ? new Date(at.getTime() + TAKEOVER_DELAY_MS) : null,
            finishedAt: errcode === 0 ? null : at,
          })
          if (errcode === 0) started++
          else refused.push(blocked(toCustomer(row), { reason: blockForErrcode(errcode), nextEligibleAt: null }))
        }
        if (started > 0) await schedulePoll(tx, at)
      })
    }
    return { started, blocked: refused }
  }

  /** Marks a waiting transfer done once, ends the old guide's follow as handed over, and runs the hooks. */
  async function complete(tx: Tx, transfer: TransferRow, at: Date): Promise<boolean> {
    const changed = await tx
      .update(customerTransfers)
      .set({ status: 'done', takeoverAt: at, finishedAt: at })
      .where(and(eq(customerTransfers.id, transfer.id), eq(customerTransfers.status, 'waiting')))
    if (rowsChanged(changed) === 0) return false
    await tx
      .update(customerFollows)
      .set({ status: 'transferred', endedAt: at })
      .where(
        and(
          eq(customerFollows.customerId, transfer.customerId),
          eq(customerFollows.staffId, transfer.handoverStaffId),
          eq(customerFollows.status, 'active'),
        ),
      )
    // WeCom's add event for the takeover may not have arrived yet, or never comes (they followed the customer already).
    await tx
      .insert(customerFollows)
      .values({
        customerId: transfer.customerId,
        staffId: transfer.takeoverStaffId,
        status: 'active',
        addWay: 202,
        state: null,
        firstAddedAt: at,
        lastAddedAt: at,
      })
      .onConflictDoNothing()
    if (transfer.kind === 'resigned') {
      await tx
        .delete(unassignedCustomers)
        .where(and(eq(unassignedCustomers.staffId, transfer.handoverStaffId), eq(unassignedCustomers.customerId, transfer.customerId)))
    }
    const names = await namesOf(tx, transfer)
    await recordTimelineEvent(tx, {
      customerId: transfer.customerId,
      type: 'customer_transferred',
      staffId: transfer.takeoverStaffId,
      occurredAt: at,
      data: { kind: transfer.kind, transferId: transfer.id, fromName: names.from, toName: names.to },
    })
    const handOver = { customerId: transfer.customerId, fromStaffId: transfer.handoverStaffId, toStaffId: transfer.takeoverStaffId, kind: transfer.kind, at }
    for (const hook of hooks) await hook(tx, handOver)
    return true
  }

  async function namesOf(tx: Tx, transfer: TransferRow) {
    const rows = await tx.select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, [transfer.handoverStaffId, transfer.takeoverStaffId]))
    const name = (id: number) => rows.find((row) => row.id === id)?.name ?? null
    return { from: name(transfer.handoverStaffId), to: name(transfer.takeoverStaffId) }
  }

  /** A waiting transfer that WeCom says failed: refused by the customer, or the takeover guide is full. */
  async function fail(tx: Tx, transfer: TransferRow, status: TransferStatus, at: Date): Promise<boolean> {
    const changed = await tx
      .update(customerTransfers)
      .set({ status, finishedAt: at })
      .where(and(eq(customerTransfers.id, transfer.id), eq(customerTransfers.status, 'waiting')))
    if (rowsChanged(changed) === 0) return false
    if (status === 'refused' || status === 'takeover_full') {
      const names = await namesOf(tx, transfer)
      await recordTimelineEvent(tx, {
        customerId: transfer.customerId,
        type: 'transfer_failed',
        staffId: transfer.takeoverStaffId,
        occurredAt: at,
        data: { kind: transfer.kind, transferId: transfer.id, status, fromName: names.from, toName: names.to },
      })
    }
    return true
  }

  /** Every page of WeCom's results for one pair of guides. */
  async function resultsOf(kind: TransferKind, pair: { handover_userid: string; takeover_userid: string }): Promise<Map<string, TransferResult>> {
    const results = new Map<string, TransferResult>()
    let cursor: string | undefined
    do {
      const page = kind === 'on_job' ? await wecom.transfers.onJobResults({ ...pair, cursor }) : await wecom.transfers.resignedResults({ ...pair, cursor })
      for (const entry of page.customer) results.set(entry.external_userid, entry)
      cursor = page.next_cursor || undefined
    } while (cursor)
    return results
  }

  const waitingCount = async () =>
    (await first(db.select({ n: count() }).from(customerTransfers).where(eq(customerTransfers.status, 'waiting'))))?.n ?? 0

  /** Asks WeCom about every waiting transfer, pair of guides by pair, and settles what it answers. Answers how many still wait. */
  async function pollResults(): Promise<number> {
    const pairs = await db
      .selectDistinct({
        kind: customerTransfers.kind,
        handoverStaffId: customerTransfers.handoverStaffId,
        takeoverStaffId: customerTransfers.takeoverStaffId,
        handoverUserId: handoverStaff.userId,
        takeoverUserId: takeoverStaff.userId,
      })
      .from(customerTransfers)
      .innerJoin(handoverStaff, eq(handoverStaff.id, customerTransfers.handoverStaffId))
      .innerJoin(takeoverStaff, eq(takeoverStaff.id, customerTransfers.takeoverStaffId))
      .where(eq(customerTransfers.status, 'waiting'))
    for (const pair of pairs) {
      try {
        const results = await resultsOf(pair.kind, { handover_userid: pair.handoverUserId, takeover_userid: pair.takeoverUserId })
        await settlePair(pair, results)
      } catch (error) {
        // One pair WeCom cannot answer for now does not hold up the others; the next look tries again.
        log.warn({ err: error, pair }, 'transfer results could not be read')
      }
    }
    return waitingCount()
  }

  /**
   * The scheduled look: while any transfer waits, the next one is planned in this job's unit of work (so
   * a failed look cannot end the chain), and WeCom is asked once the unit has committed.
   */
  async function pollJob(tx: Tx, at: Date): Promise<void> {
    const waiting = await first(tx.select({ n: count() }).from(customerTransfers).where(eq(customerTransfers.status, 'waiting')))
    if ((waiting?.n ?? 0) === 0) return
    await schedulePoll(tx, at)
    afterCommit(() => {
      pollResults().catch((error: unknown) => log.warn({ err: error }, 'transfer results poll failed'))
    })
  }

  async function settlePair(
    pair: { kind: TransferKind; handoverStaffId: number; takeoverStaffId: number },
    results: Map<string, TransferResult>,
  ): Promise<void> {
    const waiting = await db
      .select({ transfer: customerTransfers, externalUserId: customers.externalUserId })
      .from(customerTransfers)
      .innerJoin(customers, eq(customers.id, customerTransfers.customerId))
      .where(
        and(
          eq(customerTransfers.status, 'waiting'),
          eq(customerTransfers.kind, pair.kind),
          eq(customerTransfers.handoverStaffId, pair.handoverStaffId),
          eq(customerTransfers.takeoverStaffId, pair.takeoverStaffId),
        ),
      )
    const at = now()
    await db.transaction(async (tx) => {
      for (const { transfer, externalUserId } of waiting) {
        const result = externalUserId ? results.get(externalUserId) : undefined
        const status = result ? (RESULT_STATUSES[result.status] ?? 'no_record') : 'no_record'
        const when = result?.takeover_time ? new Date(result.takeover_time * 1000) : at
        if (status === 'done') await complete(tx, transfer, when)
        else if (status === 'waiting') {
          await tx.update(customerTransfers).set({ takeoverAt: when }).where(eq(customerTransfers.id, transfer.id))
        } else await fail(tx, transfer, status, at)
      }
    })
  }

  const kindOf = async (staffId: number): Promise<TransferKind> => ((await departureOf(db, staffId)) ? 'resigned' : 'on_job')
  const groups = createGroupTransfers({
    db,
    now,
    log,
    wecom,
    timeZone,
    kindOf,
    pairFor: async (request) => {
      const kind = await kindOf(request.handoverStaffId)
      return { kind, ...(await pairOf(kind, request)) }
    },
    formatDay: (at) => dayFormat.format(at),
  })

  /** A resigned member WeCom's directory no longer describes: named by their id. */
  async function placeholderStaff(userId: string): Promise<StaffRow> {
    return db.transaction(async (tx) => {
      await tx.insert(staff).values({ userId, name: userId }).onConflictDoNothing()
      return (await first(tx.select().from(staff).where(eq(staff.userId, userId)))) as StaffRow
    })
  }

  const recordColumns = {
    transfer: customerTransfers,
    customer: { id: customers.id, externalUserId: customers.externalUserId, name: customers.name, avatarUrl: customers.avatarUrl },
    handover: { staffId: handoverStaff.id, userId: handoverStaff.userId, name: handoverStaff.name },
    takeover: { staffId: takeoverStaff.id, userId: takeoverStaff.userId, name: takeoverStaff.name },
  }

  return {
    /** The customer groups a guide owns, handed over with their customers. */
    groups,

    /** Joins the hand-over: `hook` runs in the unit of work that marks a transfer done. */
    onHandedOver(hook: HandOverHook): void {
      hooks.push(hook)
    },

    /** Guides who can take customers over (not resigned), with how many customers each follows. */
    async takeoverGuides(): Promise<TakeoverGuideList> {
      // Counting each guide's customers reads every active follow (800,000 on the bench's data): apart
      // from the requests' thread, beside the guides read as usual. Counted guide by guide, each count is
      // a range of the (staff, status) index; grouped by guide, SQLite read every follow's row instead.
      const [rows, counted] = await Promise.all([
        db
          .select({ guide: staff })
          .from(staff)
          .leftJoin(staffDepartures, eq(staffDepartures.staffId, staff.id))
          .where(isNull(staffDepartures.staffId))
          .orderBy(asc(staff.id)),
        db.readApart<{ staff_id: number; customers: number | string }>(
          sql`select ${staff.id} as staff_id,
                (select count(*) from ${customerFollows} f where f.staff_id = ${staff.id} and f.status = 'active') as customers
              from ${staff}`,
        ),
      ])
      const followed = new Map(counted.map((row) => [Number(row.staff_id), Number(row.customers)]))
      return {
        items: rows.map(({ guide: row }) => ({ staffId: row.id, userId: row.userId, name: row.name, avatarUrl: row.avatarUrl, customers: followed.get(row.id) ?? 0 })),
      }
    },

    /**
     * A guide's customers for the picker, newest first: the ones they follow, or for a resigned guide
     * the ones waiting on the unassigned list, each with what stands in the way of a transfer now.
     */
    async guideCustomers(staffId: number, query: GuideCustomersQuery): Promise<GuideCustomerPage> {
      const row = await guide(staffId, '导购')
      const kind: TransferKind = (await departureOf(db, row.id)) ? 'resigned' : 'on_job'
      const limit = query.limit ?? 20
      const narrow = and(cursorBefore(customers.id, query.cursor), query.q ? containsText(customers.name, query.q) : undefined)
      const rows: { customer: CustomerRow; dimissionAt: Date | null }[] =
        kind === 'on_job'
          ? (
              await db
                .select({ customer: customers })
                .from(customerFollows)
                .innerJoin(customers, eq(customers.id, customerFollows.customerId))
                .where(and(eq(customerFollows.staffId, row.id), eq(customerFollows.status, 'active'), narrow))
                .orderBy(desc(customers.id))
                .limit(limit + 1)
            ).map(({ customer }) => ({ customer, dimissionAt: null }))
          : await db
              .select({ customer: customers, dimissionAt: unassignedCustomers.dimissionAt })
              .from(unassignedCustomers)
              .innerJoin(customers, eq(customers.id, unassignedCustomers.customerId))
              .where(and(eq(unassignedCustomers.staffId, row.id), narrow))
              .orderBy(desc(customers.id))
              .limit(limit + 1)
      const page = rows.slice(0, limit)
      const at = now()
      const facts = await factsOf(kind, row.id, page.map((r) => r.customer), at)
      const items = page.map(({ customer, dimissionAt }) => {
        const block = blockFor(kind, facts.get(customer.id) as CustomerFacts, at)
        return {
          customer: toCustomer(customer),
          dimissionAt: dimissionAt?.toISOString() ?? null,
          block: block ? blocked(toCustomer(customer), block) : null,
        }
      })
      const last = page.at(-1)
      return { items, nextCursor: rows.length > limit && last ? String(last.customer.id) : null }
    },

    /** Who would be handed over and who would not, and why, without asking WeCom. */
    async preview(kind: TransferKind, request: ResignedTransferRequest): Promise<TransferPreview> {
      const { eligible, blocked: refused } = await preview(kind, request)
      return { eligible, blocked: refused }
    },

    startOnJob: (request: OnJobTransferRequest) => start('on_job', request),
    startResigned: (request: ResignedTransferRequest) => start('resigned', request),

    pollResults,
    pollJob,

    async list(query: TransferListQuery): Promise<TransferPage> {
      const limit = query.limit ?? 20
      const conditions: (SQL | undefined)[] = [
        cursorBefore(customerTransfers.id, query.cursor),
        query.kind ? eq(customerTransfers.kind, query.kind) : undefined,
        query.status ? eq(customerTransfers.status, query.status) : undefined,
      ]
      const rows = await db
        .select(recordColumns)
        .from(customerTransfers)
        .innerJoin(customers, eq(customers.id, customerTransfers.customerId))
        .innerJoin(handoverStaff, eq(handoverStaff.id, customerTransfers.handoverStaffId))
        .innerJoin(takeoverStaff, eq(takeoverStaff.id, customerTransfers.takeoverStaffId))
        .where(and(...conditions))
        .orderBy(desc(customerTransfers.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ transfer, customer, handover, takeover }) => ({
        id: transfer.id,
        kind: transfer.kind,
        status: transfer.status,
        statusLabel: TRANSFER_STATUS_LABELS[transfer.status],
        customer,
        handover,
        takeover,
        errcode: transfer.errcode,
        requestedAt: transfer.requestedAt.toISOString(),
        takeoverAt: transfer.takeoverAt?.toISOString() ?? null,
        finishedAt: transfer.finishedAt?.toISOString() ?? null,
      }))
    },

    /**
     * Reads WeCom's unassigned list (every page) and keeps it: who resigned and when, and which of their
     * customers still wait for a new guide. Guides no longer on it keep their departure.
     */
    async syncUnassigned(): Promise<UnassignedSync> {
      const entries: { handover: string; externalUserId: string; dimissionAt: Date }[] = []
      let cursor: string | undefined
      do {
        const page = await wecom.transfers.unassigned({ cursor, page_size: 1000 })
        for (const entry of page.info) {
          entries.push({ handover: entry.handover_userid, externalUserId: entry.external_userid, dimissionAt: new Date(entry.dimission_time * 1000) })
        }
        cursor = page.is_last ? undefined : page.next_cursor || undefined
      } while (cursor)
      const members = new Map<string, StaffRow>()
      for (const userId of new Set(entries.map((entry) => entry.handover))) {
        const known = await first(db.select().from(staff).where(eq(staff.userId, userId)))
        // A resigned member WeCom's directory no longer has, met for the first time: named by their id.
        members.set(userId, known ?? (await staffService.ensureStaff(userId).catch(() => placeholderStaff(userId))))
      }
      const externalIds = [...new Set(entries.map((entry) => entry.externalUserId))]
      const known = new Map<string, number>()
      for (const part of chunks(externalIds, FACT_CHUNK)) {
        const rows = await db.select({ id: customers.id, externalUserId: customers.externalUserId }).from(customers).where(inArray(customers.externalUserId, part))
        for (const row of rows) known.set(row.externalUserId as string, row.id)
      }
      const at = now()
      await db.transaction(async (tx) => {
        await tx.delete(unassignedCustomers)
        for (const [userId, member] of members) {
          const dimissionAt = entries.find((entry) => entry.handover === userId)?.dimissionAt ?? at
          await tx
            .insert(staffDepartures)
            .values({ staffId: member.id, resignedAt: dimissionAt, syncedAt: at })
            .onConflictDoUpdate({ target: staffDepartures.staffId, set: { syncedAt: at } })
        }
        for (const part of chunks(entries, FACT_CHUNK)) {
          await tx
            .insert(unassignedCustomers)
            .values(
              part.map((entry) => ({
                staffId: (members.get(entry.handover) as StaffRow).id,
                externalUserId: entry.externalUserId,
                customerId: known.get(entry.externalUserId) ?? null,
                dimissionAt: entry.dimissionAt,
                syncedAt: at,
              })),
            )
            .onConflictDoNothing()
        }
      })
      return { resignedGuides: members.size, unassignedCustomers: entries.length }
    },

    async resignedGuides(): Promise<ResignedGuideList> {
      const rows = await db
        .select({ guide: staff, departure: staffDepartures, unassigned: count(unassignedCustomers.id) })
        .from(staffDepartures)
        .innerJoin(staff, eq(staff.id, staffDepartures.staffId))
        .leftJoin(unassignedCustomers, and(eq(unassignedCustomers.staffId, staff.id), isNotNull(unassignedCustomers.customerId)))
        .groupBy(staff.id, staffDepartures.staffId)
        .orderBy(desc(staffDepartures.resignedAt), asc(staff.id))
      const owned = await groups.ownedCounts(rows.map((row) => row.guide.id))
      const synced = rows.reduce<Date | null>((latest, row) => (!latest || row.departure.syncedAt > latest ? row.departure.syncedAt : latest), null)
      return {
        items: rows.map(({ guide: row, departure, unassigned }) => ({
          staffId: row.id,
          userId: row.userId,
          name: row.name,
          resignedAt: departure.resignedAt.toISOString(),
          unassignedCustomers: unassigned,
          groups: owned.get(row.id) ?? 0,
        })),
        syncedAt: synced?.toISOString() ?? null,
      }
    },

    /** del_external_contact with Source=DELETE_BY_TRANSFER: WeCom handed the customer over (not churn). */
    async handedAway(tx: Tx, change: { customerId: number; staffId: number; at: Date }): Promise<void> {
      const waiting = await tx
        .select()
        .from(customerTransfers)
        .where(
          and(
            eq(customerTransfers.customerId, change.customerId),
            eq(customerTransfers.handoverStaffId, change.staffId),
            eq(customerTransfers.status, 'waiting'),
          ),
        )
      for (const transfer of waiting) await complete(tx, transfer, change.at)
      // Any follow WeCom took away without a transfer of ours (made in WeCom's admin console) ends the same way.
      await tx
        .update(customerFollows)
        .set({ status: 'transferred', endedAt: change.at })
        .where(and(eq(customerFollows.customerId, change.customerId), eq(customerFollows.staffId, change.staffId), eq(customerFollows.status, 'active')))
    },

    /** transfer_fail names the takeover guide and the customer: the one waiting transfer between them fails. */
    async transferFailed(tx: Tx, change: { customerId: number; takeoverStaffId: number; reason: string; at: Date }): Promise<void> {
      const status = FAIL_REASONS[change.reason] ?? 'refused'
      const waiting = await tx
        .select()
        .from(customerTransfers)
        .where(
          and(
            eq(customerTransfers.customerId, change.customerId),
            eq(customerTransfers.takeoverStaffId, change.takeoverStaffId),
            eq(customerTransfers.status, 'waiting'),
          ),
        )
      for (const transfer of waiting) await fail(tx, transfer, status, change.at)
    },
  }
}

export type InheritanceService = ReturnType<typeof createInheritanceService>

declare module 'fastify' {
  interface FastifyInstance {
    inheritance: InheritanceService
  }
}

export default fp(
  async (app, options: InheritanceOptions) => {
    const service = createInheritanceService({
      ...serviceDeps(app),
      ...options,
      wecom: app.wecom,
      customers: app.customers,
      staff: app.staff,
      scheduler: app.scheduler,
    })
    app.decorate('inheritance', service)
    app.scheduler.define(TRANSFER_POLL_JOB, ({ tx, now }) => service.pollJob(tx, now))
    // A guide's reminders on the customer go with the customer; notes stay on the customer, read by whoever follows them.
    service.onHandedOver((tx, handOver) => app.followUps.handOver(tx, handOver))
    app.wecomCallbacks.onTransfer({ handedAway: service.handedAway, transferFailed: service.transferFailed })
  },
  { name: 'inheritance', dependencies: ['db', 'clock', 'tencent-clients', 'customers', 'staff', 'scheduler', 'follow-ups', 'wecom-callbacks'] },
)
