import { randomInt } from 'node:crypto'
import fp from 'fastify-plugin'
import { reportActivity } from '../tags/tag-rules'
import { and, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm'
import type {
  AdminDistributor,
  AdminDistributorPage,
  AdminWithdrawalPage,
  BindReferralResponse,
  Commission,
  CommissionPage,
  CursorQuery,
  Distributor,
  DistributorsQuery,
  Earnings,
  MyDistribution,
  Team,
  Withdrawal,
  WithdrawalPage,
  WithdrawalsQuery,
} from '@liuliang/shared'
import { first, rowsChanged, runStatement, withoutWaiting, type DbOrTx, type Tx } from '../db'
import { findByClientKey } from '../db/client-key'
import { cursorBefore, pageOf } from '../db/paging'
import {
  commissions,
  customers,
  distributorAccounts,
  distributors,
  orderReferrals,
  orders,
  referralBindings,
  withdrawals,
} from '../db/schema'
import { conflict, notFound } from '../errors'
import type { WechatClient } from '../clients/wechat-client'
import type { OrderRow } from '../orders/order-service'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps, type ServiceDeps } from '../services'
import type { SettingsService } from '../settings/settings-service'
import { recordTimelineEvent } from '../timeline/record'
import { recordChange } from '../audit/audit-service'
import { changedFields } from '../audit/changes'

type DistributorRow = typeof distributors.$inferSelect
type CommissionRow = typeof commissions.$inferSelect
type WithdrawalRow = typeof withdrawals.$inferSelect
type AccountRow = typeof distributorAccounts.$inferSelect

export const COMMISSION_SETTLE_JOB = 'commission-settle'
/** The page a share opens; the mini-program code carries the code as `d=<code>` in its scene. */
export const INVITE_PAGE = 'packages/distribution/invite/index'
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const DAY_MS = 86_400_000

const iso = (date: Date | null) => date?.toISOString() ?? null

function newCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
}

function toDistributor(row: DistributorRow): Distributor {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    sharePath: `${INVITE_PAGE}?code=${row.code}`,
    createdAt: row.createdAt.toISOString(),
    approvedAt: iso(row.approvedAt),
  }
}

function toWithdrawal(row: WithdrawalRow): Withdrawal {
  return {
    id: row.id,
    distributorId: row.distributorId,
    amountFen: row.amountFen,
    status: row.status,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    decidedAt: iso(row.decidedAt),
  }
}

export interface DistributionDeps extends ServiceDeps {
  scheduler: Scheduler
  settings: SettingsService
  wechat: WechatClient
}

/** Runs in the unit of work that settled a commission: it is the distributor's to withdraw now. */
export type CommissionSettledHook = (tx: Tx, settled: { distributorId: number; orderId: number; amountFen: number }, at: Date) => Promise<void> | void

export function createDistributionService({ db, now, scheduler, settings, wechat }: DistributionDeps) {
  const hooks = { settled: [] as CommissionSettledHook[] }
  const distributorOf = (tx: DbOrTx, customerId: number) =>
    first(tx.select().from(distributors).where(eq(distributors.customerId, customerId)))
  const byId = (tx: DbOrTx, id: number) => first(tx.select().from(distributors).where(eq(distributors.id, id)))
  const approvedOr404 = async (tx: DbOrTx, customerId: number) => {
    const row = await distributorOf(tx, customerId)
    if (!row || row.status !== 'approved') throw notFound('NOT_A_DISTRIBUTOR', '你还不是分销员')
    return row
  }
  const accountOf = async (tx: DbOrTx, distributorId: number) =>
    (await first(tx.select().from(distributorAccounts).where(eq(distributorAccounts.distributorId, distributorId)))) as AccountRow
  const moveAccount = async (tx: Tx, distributorId: number, set: Record<string, unknown>, guard?: ReturnType<typeof sql>) =>
    rowsChanged(
      await tx
        .update(distributorAccounts)
        .set(set)
        .where(and(eq(distributorAccounts.distributorId, distributorId), guard)),
    ) === 1

  /** Whether the customer came through a distributor's link that is still binding. */
  const activeBinding = (tx: DbOrTx, customerId: number, at: Date) =>
    first(tx.select().from(referralBindings).where(and(eq(referralBindings.customerId, customerId), gt(referralBindings.expiresAt, at))))

  const note = async (
    tx: Tx,
    distributorId: number,
    type: 'commission_earned' | 'commission_settled' | 'commission_reversed',
    at: Date,
    data: Record<string, unknown>,
  ) => {
    const owner = await byId(tx, distributorId)
    if (owner) await recordTimelineEvent(tx, { customerId: owner.customerId, type, occurredAt: at, data })
  }

  /** Whether following inviters up from `start` reaches `target`: the chain stays acyclic. */
  const chainReaches = async (tx: DbOrTx, start: number | null, target: number) => {
    const seen = new Set<number>()
    for (let id = start; id !== null && !seen.has(id); id = (await byId(tx, id))?.inviterId ?? null) {
      if (id === target) return true
      seen.add(id)
    }
    return false
  }

  const approve = async (tx: Tx, row: DistributorRow, at: Date) => {
    const inviterId = row.inviterId !== null && (await chainReaches(tx, row.inviterId, row.id)) ? null : row.inviterId
    const approved = await first(
      tx
        .update(distributors)
        .set({ status: 'approved', approvedAt: at, inviterId })
        .where(and(eq(distributors.id, row.id), inArray(distributors.status, ['pending', 'rejected'])))
        .returning(),
    )
    if (approved) await recordTimelineEvent(tx, { customerId: row.customerId, type: 'distributor_approved', occurredAt: at, data: { code: row.code } })
    return approved ?? row
  }

  /** Rows for one page, newest first: one more than the limit, to tell whether more follow. */
  const newestFirst = async <T extends typeof commissions | typeof withdrawals>(
    table: T,
    where: SQL | undefined,
    query: CursorQuery,
  ): Promise<T['$inferSelect'][]> =>
    (await db
      .select()
      .from(table as typeof withdrawals)
      .where(and(where, cursorBefore(table.id, query.cursor)))
      .orderBy(desc(table.id))
      .limit((query.limit ?? 20) + 1)) as T['$inferSelect'][]

  const toCommissions = async (tx: DbOrTx, rows: CommissionRow[]): Promise<Commission[]> => {
    const orderIds = rows.map((row) => row.orderId)
    const buyers = orderIds.length
      ? await tx
          .select({ orderId: orders.id, amountFen: orders.amountFen, name: customers.name })
          .from(orders)
          .innerJoin(customers, eq(customers.id, orders.customerId))
          .where(inArray(orders.id, orderIds))
      : []
    const byOrder = new Map(buyers.map((buyer) => [buyer.orderId, buyer]))
    return rows.map((row) => ({
      id: row.id,
      orderId: row.orderId,
      level: row.level,
      amountFen: row.amountFen,
      status: row.status,
      buyerName: byOrder.get(row.orderId)?.name ?? null,
      orderAmountFen: byOrder.get(row.orderId)?.amountFen ?? 0,
      settleAt: iso(row.settleAt),
      owedFen: row.owedFen,
      createdAt: row.createdAt.toISOString(),
    }))
  }

  const service = {
    hooks,
    /** Become a distributor; approved at once when the setting says so. Applying again answers the same. */
    async apply(customerId: number): Promise<Distributor> {
      const at = now()
      return db.transaction(async (tx) => {
        const existing = await distributorOf(tx, customerId)
        if (existing) return toDistributor(existing)
        const inviter = await activeBinding(tx, customerId, at)
        let row: DistributorRow | undefined
        while (!row) {
          row = await first(
            tx
              .insert(distributors)
              .values({ customerId, code: newCode(), status: 'pending', inviterId: inviter?.distributorId ?? null, createdAt: at })
              .onConflictDoNothing({ target: distributors.code })
              .returning(),
          )
        }
        await tx.insert(distributorAccounts).values({ distributorId: row.id })
        await recordTimelineEvent(tx, { customerId, type: 'distributor_applied', occurredAt: at, data: { code: row.code } })
        return toDistributor((await settings.distributionRules(tx)).autoApprove ? await approve(tx, row, at) : row)
      })
    },

    async mine(customerId: number): Promise<MyDistribution> {
      const at = now()
      const row = await distributorOf(db, customerId)
      const binding = await activeBinding(db, customerId, at)
      const boundTo = binding
        ? await first(
            db
              .select({ code: distributors.code, name: customers.name })
              .from(distributors)
              .innerJoin(customers, eq(customers.id, distributors.customerId))
              .where(eq(distributors.id, binding.distributorId)),
          )
        : undefined
      return {
        distributor: row ? toDistributor(row) : null,
        binding: binding && boundTo ? { distributorName: boundTo.name, code: boundTo.code, expiresAt: binding.expiresAt.toISOString() } : null,
      }
    },

    /**
     * Opening a distributor's link binds a customer who is not a distributor to the first such
     * distributor, for the configured days; never to themselves.
     */
    async bind(customerId: number, code: string): Promise<BindReferralResponse> {
      const at = now()
      return db.transaction(async (tx) => {
        const target = await first(
          tx
            .select({ row: distributors, name: customers.name })
            .from(distributors)
            .innerJoin(customers, eq(customers.id, distributors.customerId))
            .where(and(eq(distributors.code, code), eq(distributors.status, 'approved'))),
        )
        if (!target) throw notFound('DISTRIBUTOR_NOT_FOUND', '这个分享码无效')
        const distributor = { code: target.row.code, name: target.name }
        const refuse = (reason: string): BindReferralResponse => ({ bound: false, distributor, reason })
        if (target.row.customerId === customerId) return refuse('不能绑定自己')
        if (await distributorOf(tx, customerId)) return refuse('分销员不绑定其他分销员')
        const expiresAt = new Date(at.getTime() + (await settings.distributionRules(tx)).bindingDays * DAY_MS)
        const bound = await tx
          .insert(referralBindings)
          .values({ customerId, distributorId: target.row.id, boundAt: at, expiresAt })
          .onConflictDoUpdate({
            target: referralBindings.customerId,
            set: { distributorId: target.row.id, boundAt: at, expiresAt },
            setWhere: lte(referralBindings.expiresAt, at),
          })
        if (rowsChanged(bound) === 0) {
          const current = await activeBinding(tx, customerId, at)
          return current?.distributorId === target.row.id ? { bound: true, distributor, reason: null } : refuse('已绑定其他分销员')
        }
        await recordTimelineEvent(tx, { customerId, type: 'referral_bound', occurredAt: at, data: { code, until: expiresAt.toISOString() } })
        return { bound: true, distributor, reason: null }
      })
    },

    /** Fixes who earns on an order when it is placed. */
    async snapshotUpline(tx: Tx, order: OrderRow, at: Date): Promise<void> {
      // The insert reads the binding and both distributors itself: one write sent without waiting, so
      // placing an order waits for no read of its upline. The level-2 distributor is kept only while
      // approved, and never the buyer themself.
      withoutWaiting(
        runStatement(
          tx,
          sql`insert into order_referrals (order_id, level1_id, level2_id)
              select cast(${order.id} as integer), level1.id,
                     (select level2.id from distributors level2
                       where level2.id = level1.inviter_id and level2.status = 'approved' and level2.customer_id <> ${order.customerId})
                from referral_bindings binding
                join distributors level1 on level1.id = binding.distributor_id and level1.status = 'approved'
               where binding.customer_id = ${order.customerId} and binding.expires_at > ${at.getTime()}`,
        ),
      )
    },

    /** A paid order earns its upline frozen commission. */
    async earn(tx: Tx, order: OrderRow, at: Date): Promise<void> {
      const referral = await first(tx.select().from(orderReferrals).where(eq(orderReferrals.orderId, order.id)))
      if (!referral) return
      const rules = await settings.distributionRules(tx)
      const shares: [number, number | null, number][] = [
        [1, referral.level1Id, rules.level1Percent],
        [2, referral.level2Id, rules.level2Percent],
      ]
      for (const [level, distributorId, percent] of shares) {
        const amountFen = Math.floor((order.amountFen * percent) / 100)
        if (!distributorId || amountFen === 0) continue
        const row = await first(
          tx
            .insert(commissions)
            .values({ orderId: order.id, distributorId, level, amountFen, createdAt: at })
            .onConflictDoNothing()
            .returning(),
        )
        if (!row) continue
        await moveAccount(tx, distributorId, { frozenFen: sql`${distributorAccounts.frozenFen} + ${amountFen}` })
        await note(tx, distributorId, 'commission_earned', at, { orderId: order.id, level, amountFen })
      }
    },

    /** The order completed: its commission settles once the refund window has passed. */
    async planSettlement(tx: Tx, order: OrderRow, at: Date): Promise<void> {
      const settleAt = new Date(at.getTime() + (await settings.distributionRules(tx)).settleDays * DAY_MS)
      const planned = await tx
        .update(commissions)
        .set({ settleAt })
        .where(and(eq(commissions.orderId, order.id), eq(commissions.status, 'frozen')))
      if (rowsChanged(planned) > 0) {
        await scheduler.schedule(tx, { kind: COMMISSION_SETTLE_JOB, key: String(order.id), runAt: settleAt, payload: { orderId: order.id } })
      }
    },

    /** Frozen → settled, once; reversals still owed are paid off first. */
    async settle(tx: Tx, orderId: number, at: Date): Promise<void> {
      const due = await tx
        .select()
        .from(commissions)
        .where(and(eq(commissions.orderId, orderId), eq(commissions.status, 'frozen'), lte(commissions.settleAt, at)))
      for (const row of due) {
        const settled = await tx
          .update(commissions)
          .set({ status: 'settled', settledAt: at })
          .where(and(eq(commissions.id, row.id), eq(commissions.status, 'frozen')))
        if (rowsChanged(settled) === 0) continue
        const payOff = Math.min((await accountOf(tx, row.distributorId)).owedFen, row.amountFen)
        await moveAccount(tx, row.distributorId, {
          frozenFen: sql`${distributorAccounts.frozenFen} - ${row.amountFen}`,
          settledFen: sql`${distributorAccounts.settledFen} + ${row.amountFen}`,
          owedFen: sql`${distributorAccounts.owedFen} - ${payOff}`,
          withdrawableFen: sql`${distributorAccounts.withdrawableFen} + ${row.amountFen - payOff}`,
        })
        await note(tx, row.distributorId, 'commission_settled', at, { orderId, amountFen: row.amountFen, paidOffFen: payOff })
        for (const hook of hooks.settled) await hook(tx, { distributorId: row.distributorId, orderId, amountFen: row.amountFen }, at)
      }
    },

    /** A refund takes the commission back, even when that leaves the distributor owing; the debt is kept. */
    async reverse(tx: Tx, order: OrderRow, at: Date): Promise<void> {
      const rows = await tx
        .select()
        .from(commissions)
        .where(and(eq(commissions.orderId, order.id), inArray(commissions.status, ['frozen', 'settled'])))
      for (const row of rows) {
        if (row.status === 'frozen') {
          await tx.update(commissions).set({ status: 'reversed', reversedAt: at }).where(eq(commissions.id, row.id))
          await moveAccount(tx, row.distributorId, { frozenFen: sql`${distributorAccounts.frozenFen} - ${row.amountFen}` })
          await note(tx, row.distributorId, 'commission_reversed', at, { orderId: order.id, amountFen: row.amountFen, owedFen: 0 })
          continue
        }
        const take = Math.min((await accountOf(tx, row.distributorId)).withdrawableFen, row.amountFen)
        const owed = row.amountFen - take
        await tx.update(commissions).set({ status: 'reversed', reversedAt: at, owedFen: owed }).where(eq(commissions.id, row.id))
        await moveAccount(tx, row.distributorId, {
          settledFen: sql`${distributorAccounts.settledFen} - ${row.amountFen}`,
          withdrawableFen: sql`${distributorAccounts.withdrawableFen} - ${take}`,
          owedFen: sql`${distributorAccounts.owedFen} + ${owed}`,
        })
        await note(tx, row.distributorId, 'commission_reversed', at, { orderId: order.id, amountFen: row.amountFen, owedFen: owed })
      }
    },

    /**
     * Part of the order's money went back: each commission shrinks in the same proportion to what the order still
     * holds (frozen at once; settled out of the withdrawable balance, the rest owed), so the whole refund that may
     * follow reverses exactly what is left.
     */
    async reducePart(tx: Tx, order: OrderRow, part: { amountFen: number; heldBeforeFen: number }, at: Date): Promise<void> {
      const rows = await tx
        .select()
        .from(commissions)
        .where(and(eq(commissions.orderId, order.id), inArray(commissions.status, ['frozen', 'settled'])))
      for (const row of rows) {
        const cut = Math.floor((row.amountFen * part.amountFen) / part.heldBeforeFen)
        if (cut <= 0) continue
        await tx.update(commissions).set({ amountFen: row.amountFen - cut }).where(eq(commissions.id, row.id))
        if (row.status === 'frozen') {
          await moveAccount(tx, row.distributorId, { frozenFen: sql`${distributorAccounts.frozenFen} - ${cut}` })
          await note(tx, row.distributorId, 'commission_reversed', at, { orderId: order.id, amountFen: cut, owedFen: 0 })
          continue
        }
        const take = Math.min((await accountOf(tx, row.distributorId)).withdrawableFen, cut)
        await moveAccount(tx, row.distributorId, {
          settledFen: sql`${distributorAccounts.settledFen} - ${cut}`,
          withdrawableFen: sql`${distributorAccounts.withdrawableFen} - ${take}`,
          owedFen: sql`${distributorAccounts.owedFen} + ${cut - take}`,
        })
        await note(tx, row.distributorId, 'commission_reversed', at, { orderId: order.id, amountFen: cut, owedFen: cut - take })
      }
    },

    async earnings(customerId: number): Promise<Earnings> {
      const distributor = await approvedOr404(db, customerId)
      const account = await accountOf(db, distributor.id)
      const recent = await db.select().from(commissions).where(eq(commissions.distributorId, distributor.id)).orderBy(desc(commissions.id)).limit(10)
      return {
        frozen: account.frozenFen,
        settled: account.settledFen,
        withdrawable: account.withdrawableFen,
        withdrawn: account.withdrawnFen,
        pendingWithdrawal: account.pendingWithdrawalFen,
        owed: account.owedFen,
        recent: await toCommissions(db, recent),
      }
    },

    async commissionsOf(customerId: number, query: CursorQuery): Promise<CommissionPage> {
      const distributor = await approvedOr404(db, customerId)
      const limit = query.limit ?? 20
      const rows = await newestFirst(commissions, eq(commissions.distributorId, distributor.id), query)
      const page = pageOf(rows, limit, (row) => row)
      return { items: await toCommissions(db, page.items), nextCursor: page.nextCursor }
    },

    async team(customerId: number): Promise<Team> {
      const distributor = await approvedOr404(db, customerId)
      const at = now()
      const members = await db
        .select({ binding: referralBindings, name: customers.name, avatarUrl: customers.avatarUrl })
        .from(referralBindings)
        .innerJoin(customers, eq(customers.id, referralBindings.customerId))
        .where(and(eq(referralBindings.distributorId, distributor.id), gt(referralBindings.expiresAt, at)))
        .orderBy(desc(referralBindings.boundAt))
        .limit(200)
      const invited = await db.select({ customerId: distributors.customerId }).from(distributors).where(eq(distributors.inviterId, distributor.id))
      const invitedIds = new Set(invited.map((row) => row.customerId))
      return {
        members: members.map(({ binding, name, avatarUrl }) => ({
          customerId: binding.customerId,
          name,
          avatarUrl,
          boundAt: binding.boundAt.toISOString(),
          expiresAt: binding.expiresAt.toISOString(),
          isDistributor: invitedIds.has(binding.customerId),
        })),
        subDistributors: invited.length,
      }
    },

    /** Money leaves the withdrawable balance by a guarded update, so concurrent requests cannot overdraw it. */
    async withdraw(customerId: number, amountFen: number, clientKey?: string): Promise<Withdrawal> {
      const at = now()
      return db.transaction(async (tx) => {
        const distributor = await approvedOr404(tx, customerId)
        const prior = await findByClientKey(tx, withdrawals, { owner: withdrawals.distributorId, key: withdrawals.idempotencyKey }, distributor.id, clientKey)
        if (prior) return toWithdrawal(prior)
        const { minWithdrawalFen } = await settings.distributionRules(tx)
        if (amountFen < minWithdrawalFen) throw conflict('BELOW_MINIMUM_WITHDRAWAL', `最低提现 ${(minWithdrawalFen / 100).toFixed(2)} 元`)
        const taken = await moveAccount(
          tx,
          distributor.id,
          {
            withdrawableFen: sql`${distributorAccounts.withdrawableFen} - ${amountFen}`,
            pendingWithdrawalFen: sql`${distributorAccounts.pendingWithdrawalFen} + ${amountFen}`,
          },
          sql`${distributorAccounts.withdrawableFen} >= ${amountFen}`,
        )
        if (!taken) throw conflict('INSUFFICIENT_BALANCE', '可提现余额不足')
        const [row] = (await tx
          .insert(withdrawals)
          .values({ distributorId: distributor.id, amountFen, idempotencyKey: clientKey ?? null, createdAt: at })
          .returning()) as [WithdrawalRow]
        await recordTimelineEvent(tx, { customerId, type: 'withdrawal_requested', occurredAt: at, data: { withdrawalId: row.id, amountFen } })
        return toWithdrawal(row)
      })
    },

    async myWithdrawals(customerId: number, query: CursorQuery): Promise<WithdrawalPage> {
      const distributor = await approvedOr404(db, customerId)
      return pageOf(await newestFirst(withdrawals, eq(withdrawals.distributorId, distributor.id), query), query.limit ?? 20, toWithdrawal)
    },

    /** An admin pays (approved) or refuses a pending withdrawal; deciding twice is refused. */
    async decideWithdrawal(
      withdrawalId: number,
      adminId: number,
      decision: { approve: true } | { approve: false; note: string },
    ): Promise<Withdrawal> {
      const at = now()
      return db.transaction(async (tx) => {
        const decided = await first(
          tx
            .update(withdrawals)
            .set({ status: decision.approve ? 'paid' : 'rejected', note: decision.approve ? null : decision.note, decidedBy: adminId, decidedAt: at })
            .where(and(eq(withdrawals.id, withdrawalId), eq(withdrawals.status, 'pending')))
            .returning(),
        )
        if (!decided) {
          if (!(await first(tx.select({ id: withdrawals.id }).from(withdrawals).where(eq(withdrawals.id, withdrawalId))))) {
            throw notFound('WITHDRAWAL_NOT_FOUND', '没有这笔提现')
          }
          throw conflict('WITHDRAWAL_DECIDED', '这笔提现已处理')
        }
        const amount = decided.amountFen
        await recordChange(tx, {
          objectType: 'withdrawals',
          objectId: withdrawalId,
          action: decision.approve ? 'approve' : 'reject',
          changes: changedFields({ status: 'pending', note: null }, { status: decided.status, note: decided.note }),
        })
        await moveAccount(
          tx,
          decided.distributorId,
          decision.approve
            ? { pendingWithdrawalFen: sql`${distributorAccounts.pendingWithdrawalFen} - ${amount}`, withdrawnFen: sql`${distributorAccounts.withdrawnFen} + ${amount}` }
            : { pendingWithdrawalFen: sql`${distributorAccounts.pendingWithdrawalFen} - ${amount}`, withdrawableFen: sql`${distributorAccounts.withdrawableFen} + ${amount}` },
        )
        const owner = (await byId(tx, decided.distributorId)) as DistributorRow
        await recordTimelineEvent(tx, {
          customerId: owner.customerId,
          type: decision.approve ? 'withdrawal_paid' : 'withdrawal_rejected',
          occurredAt: at,
          data: { withdrawalId, amountFen: amount, note: decided.note },
        })
        return toWithdrawal(decided)
      })
    },

    async listWithdrawals(query: WithdrawalsQuery): Promise<AdminWithdrawalPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ row: withdrawals, customerId: distributors.customerId, name: customers.name })
        .from(withdrawals)
        .innerJoin(distributors, eq(distributors.id, withdrawals.distributorId))
        .innerJoin(customers, eq(customers.id, distributors.customerId))
        .where(and(query.status ? eq(withdrawals.status, query.status) : undefined, cursorBefore(withdrawals.id, query.cursor)))
        .orderBy(desc(withdrawals.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ row, customerId, name }) => ({ ...toWithdrawal(row), customerId, distributorName: name }))
    },

    async listDistributors(query: DistributorsQuery): Promise<AdminDistributorPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ row: distributors, name: customers.name, account: distributorAccounts })
        .from(distributors)
        .innerJoin(customers, eq(customers.id, distributors.customerId))
        .innerJoin(distributorAccounts, eq(distributorAccounts.distributorId, distributors.id))
        .where(and(query.status ? eq(distributors.status, query.status) : undefined, cursorBefore(distributors.id, query.cursor)))
        .orderBy(desc(distributors.id))
        .limit(limit + 1)
      return pageOf(rows, limit, ({ row, name, account }): AdminDistributor => ({
        ...toDistributor(row),
        customerId: row.customerId,
        name,
        inviterId: row.inviterId,
        earnings: { frozen: account.frozenFen, withdrawable: account.withdrawableFen, withdrawn: account.withdrawnFen, owed: account.owedFen },
      }))
    },

    async decideApplication(distributorId: number, approveIt: boolean): Promise<Distributor> {
      const at = now()
      return db.transaction(async (tx) => {
        const row = await byId(tx, distributorId)
        if (!row) throw notFound('DISTRIBUTOR_NOT_FOUND', '没有这位分销员')
        if (approveIt) return toDistributor(await approve(tx, row, at))
        const rejected = await first(
          tx
            .update(distributors)
            .set({ status: 'rejected' })
            .where(and(eq(distributors.id, distributorId), eq(distributors.status, 'pending')))
            .returning(),
        )
        if (!rejected) throw conflict('APPLICATION_DECIDED', '这份申请已处理')
        return toDistributor(rejected)
      })
    },

    /** The distributor's mini-program code, opening the invite page with their code as the scene. */
    async shareCode(customerId: number) {
      const { code } = await approvedOr404(db, customerId)
      return wechat.getUnlimitedQrCode({ scene: `d=${code}`, page: INVITE_PAGE, check_path: false, width: 430 })
    },
  }
  return service
}

export type DistributionService = ReturnType<typeof createDistributionService>

declare module 'fastify' {
  interface FastifyInstance {
    distribution: DistributionService
  }
}

export default fp(
  async (app) => {
    const service = createDistributionService({ ...serviceDeps(app), scheduler: app.scheduler, settings: app.settings, wechat: app.wechat })
    app.orders.hooks.created.push(service.snapshotUpline)
    app.orders.hooks.paid.push(service.earn)
    app.orders.hooks.completed.push(service.planSettlement)
    app.orders.hooks.refunding.push(service.reverse)
    app.orders.hooks.partRefunded.push(service.reducePart)
    app.scheduler.define(COMMISSION_SETTLE_JOB, ({ tx, job, now }) => service.settle(tx, (job.payload as { orderId: number }).orderId, now))
    // Called after the unit of work that approved the distributor has committed.
    const approved = (distributor: Distributor, customerId: number) => {
      if (distributor.status === 'approved') reportActivity(app, customerId, 'distributor_joined')
      return distributor
    }
    const customerOf = async (distributorId: number) => {
      const row = await first(app.db.select({ customerId: distributors.customerId }).from(distributors).where(eq(distributors.id, distributorId)))
      return row?.customerId
    }
    app.decorate('distribution', {
      ...service,
      apply: async (customerId: number) => approved(await service.apply(customerId), customerId),
      decideApplication: async (distributorId: number, approveIt: boolean) => {
        const decided = await service.decideApplication(distributorId, approveIt)
        const customerId = await customerOf(distributorId)
        return customerId === undefined ? decided : approved(decided, customerId)
      },
    })
  },
  { name: 'distribution', dependencies: ['db', 'clock', 'scheduler', 'settings', 'orders', 'tencent-clients', 'tag-rules'] },
)
