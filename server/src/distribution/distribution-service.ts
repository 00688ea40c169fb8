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
import type { Db, DbOrTx, Tx } from '../db'
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
import type { SettingsService } from '../settings/settings-service'
import { recordTimelineEvent } from '../timeline/record'

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

export interface DistributionDeps {
  db: Db
  now: () => Date
  scheduler: Scheduler
  settings: SettingsService
  wechat: WechatClient
}

export function createDistributionService({ db, now, scheduler, settings, wechat }: DistributionDeps) {
  const distributorOf = (tx: DbOrTx, customerId: number) => tx.select().from(distributors).where(eq(distributors.customerId, customerId)).get()
  const byId = (tx: DbOrTx, id: number) => tx.select().from(distributors).where(eq(distributors.id, id)).get()
  const approvedOr404 = (tx: DbOrTx, customerId: number) => {
    const row = distributorOf(tx, customerId)
    if (!row || row.status !== 'approved') throw notFound('NOT_A_DISTRIBUTOR', '你还不是分销员')
    return row
  }
  const accountOf = (tx: DbOrTx, distributorId: number) =>
    tx.select().from(distributorAccounts).where(eq(distributorAccounts.distributorId, distributorId)).get() as AccountRow
  const moveAccount = (tx: DbOrTx, distributorId: number, set: Record<string, unknown>, guard?: ReturnType<typeof sql>) =>
    tx
      .update(distributorAccounts)
      .set(set)
      .where(and(eq(distributorAccounts.distributorId, distributorId), guard))
      .run().changes === 1

  // Prepared once: every order placed asks whether its buyer came through a distributor's link.
  const bindingAt = db
    .select()
    .from(referralBindings)
    .where(and(eq(referralBindings.customerId, sql.placeholder('customerId')), gt(referralBindings.expiresAt, sql.placeholder('at'))))
    .prepare()
  const activeBinding = (customerId: number, at: Date) => bindingAt.get({ customerId, at: at.getTime() })

  const note = (tx: DbOrTx, distributorId: number, type: 'commission_earned' | 'commission_settled' | 'commission_reversed', at: Date, data: Record<string, unknown>) => {
    const owner = byId(tx, distributorId)
    if (owner) recordTimelineEvent(tx, { customerId: owner.customerId, type, occurredAt: at, data })
  }

  /** Whether following inviters up from `start` reaches `target`: the chain stays acyclic. */
  const chainReaches = (tx: DbOrTx, start: number | null, target: number) => {
    const seen = new Set<number>()
    for (let id = start; id !== null && !seen.has(id); id = byId(tx, id)?.inviterId ?? null) {
      if (id === target) return true
      seen.add(id)
    }
    return false
  }

  const approve = (tx: Tx, row: DistributorRow, at: Date) => {
    const inviterId = row.inviterId !== null && chainReaches(tx, row.inviterId, row.id) ? null : row.inviterId
    const approved = tx
      .update(distributors)
      .set({ status: 'approved', approvedAt: at, inviterId })
      .where(and(eq(distributors.id, row.id), inArray(distributors.status, ['pending', 'rejected'])))
      .returning()
      .get()
    if (approved) recordTimelineEvent(tx, { customerId: row.customerId, type: 'distributor_approved', occurredAt: at, data: { code: row.code } })
    return approved ?? row
  }

  /** Rows for one page, newest first: one more than the limit, to tell whether more follow. */
  const newestFirst = <T extends typeof commissions | typeof withdrawals>(table: T, where: SQL | undefined, query: CursorQuery): T['$inferSelect'][] =>
    db
      .select()
      .from(table as typeof withdrawals)
      .where(and(where, cursorBefore(table.id, query.cursor)))
      .orderBy(desc(table.id))
      .limit((query.limit ?? 20) + 1)
      .all() as T['$inferSelect'][]

  const toCommissions = (tx: DbOrTx, rows: CommissionRow[]): Commission[] => {
    const orderIds = rows.map((row) => row.orderId)
    const buyers = orderIds.length
      ? tx
          .select({ orderId: orders.id, amountFen: orders.amountFen, name: customers.name })
          .from(orders)
          .innerJoin(customers, eq(customers.id, orders.customerId))
          .where(inArray(orders.id, orderIds))
          .all()
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
    /** Become a distributor; approved at once when the setting says so. Applying again answers the same. */
    apply(customerId: number): Distributor {
      const at = now()
      return db.transaction(
        (tx) => {
          const existing = distributorOf(tx, customerId)
          if (existing) return toDistributor(existing)
          const inviter = activeBinding(customerId, at)
          let row: DistributorRow | undefined
          while (!row) {
            row = tx
              .insert(distributors)
              .values({ customerId, code: newCode(), status: 'pending', inviterId: inviter?.distributorId ?? null, createdAt: at })
              .onConflictDoNothing({ target: distributors.code })
              .returning()
              .get()
          }
          tx.insert(distributorAccounts).values({ distributorId: row.id }).run()
          recordTimelineEvent(tx, { customerId, type: 'distributor_applied', occurredAt: at, data: { code: row.code } })
          return toDistributor(settings.distributionRules(tx).autoApprove ? approve(tx, row, at) : row)
        },
        { behavior: 'immediate' },
      )
    },

    mine(customerId: number): MyDistribution {
      const at = now()
      const row = distributorOf(db, customerId)
      const binding = activeBinding(customerId, at)
      const boundTo = binding
        ? db
            .select({ code: distributors.code, name: customers.name })
            .from(distributors)
            .innerJoin(customers, eq(customers.id, distributors.customerId))
            .where(eq(distributors.id, binding.distributorId))
            .get()
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
    bind(customerId: number, code: string): BindReferralResponse {
      const at = now()
      return db.transaction(
        (tx) => {
          const target = tx
            .select({ row: distributors, name: customers.name })
            .from(distributors)
            .innerJoin(customers, eq(customers.id, distributors.customerId))
            .where(and(eq(distributors.code, code), eq(distributors.status, 'approved')))
            .get()
          if (!target) throw notFound('DISTRIBUTOR_NOT_FOUND', '这个分享码无效')
          const distributor = { code: target.row.code, name: target.name }
          const refuse = (reason: string): BindReferralResponse => ({ bound: false, distributor, reason })
          if (target.row.customerId === customerId) return refuse('不能绑定自己')
          if (distributorOf(tx, customerId)) return refuse('分销员不绑定其他分销员')
          const expiresAt = new Date(at.getTime() + settings.distributionRules(tx).bindingDays * DAY_MS)
          const bound = tx
            .insert(referralBindings)
            .values({ customerId, distributorId: target.row.id, boundAt: at, expiresAt })
            .onConflictDoUpdate({
              target: referralBindings.customerId,
              set: { distributorId: target.row.id, boundAt: at, expiresAt },
              setWhere: lte(referralBindings.expiresAt, at),
            })
            .run()
          if (bound.changes === 0) {
            const current = activeBinding(customerId, at)
            return current?.distributorId === target.row.id ? { bound: true, distributor, reason: null } : refuse('已绑定其他分销员')
          }
          recordTimelineEvent(tx, { customerId, type: 'referral_bound', occurredAt: at, data: { code, until: expiresAt.toISOString() } })
          return { bound: true, distributor, reason: null }
        },
        { behavior: 'immediate' },
      )
    },

    /** Fixes who earns on an order when it is placed. */
    snapshotUpline(tx: Tx, order: OrderRow, at: Date): void {
      const binding = activeBinding(order.customerId, at)
      if (!binding) return
      const level1 = byId(tx, binding.distributorId)
      if (!level1 || level1.status !== 'approved') return
      const level2 = level1.inviterId ? byId(tx, level1.inviterId) : undefined
      tx.insert(orderReferrals)
        .values({ orderId: order.id, level1Id: level1.id, level2Id: level2?.status === 'approved' && level2.customerId !== order.customerId ? level2.id : null })
        .run()
    },

    /** A paid order earns its upline frozen commission. */
    earn(tx: Tx, order: OrderRow, at: Date): void {
      const referral = tx.select().from(orderReferrals).where(eq(orderReferrals.orderId, order.id)).get()
      if (!referral) return
      const rules = settings.distributionRules(tx)
      const shares: [number, number | null, number][] = [
        [1, referral.level1Id, rules.level1Percent],
        [2, referral.level2Id, rules.level2Percent],
      ]
      for (const [level, distributorId, percent] of shares) {
        const amountFen = Math.floor((order.amountFen * percent) / 100)
        if (!distributorId || amountFen === 0) continue
        const row = tx
          .insert(commissions)
          .values({ orderId: order.id, distributorId, level, amountFen, createdAt: at })
          .onConflictDoNothing()
          .returning()
          .get()
        if (!row) continue
        moveAccount(tx, distributorId, { frozenFen: sql`${distributorAccounts.frozenFen} + ${amountFen}` })
        note(tx, distributorId, 'commission_earned', at, { orderId: order.id, level, amountFen })
      }
    },

    /** The order completed: its commission settles once the refund window has passed. */
    planSettlement(tx: Tx, order: OrderRow, at: Date): void {
      const settleAt = new Date(at.getTime() + settings.distributionRules(tx).settleDays * DAY_MS)
      const planned = tx
        .update(commissions)
        .set({ settleAt })
        .where(and(eq(commissions.orderId, order.id), eq(commissions.status, 'frozen')))
        .run()
      if (planned.changes > 0) scheduler.schedule(tx, { kind: COMMISSION_SETTLE_JOB, key: String(order.id), runAt: settleAt, payload: { orderId: order.id } })
    },

    /** Frozen → settled, once; reversals still owed are paid off first. */
    settle(tx: Tx, orderId: number, at: Date): void {
      const due = tx
        .select()
        .from(commissions)
        .where(and(eq(commissions.orderId, orderId), eq(commissions.status, 'frozen'), lte(commissions.settleAt, at)))
        .all()
      for (const row of due) {
        const settled = tx
          .update(commissions)
          .set({ status: 'settled', settledAt: at })
          .where(and(eq(commissions.id, row.id), eq(commissions.status, 'frozen')))
          .run()
        if (settled.changes === 0) continue
        const payOff = Math.min(accountOf(tx, row.distributorId).owedFen, row.amountFen)
        moveAccount(tx, row.distributorId, {
          frozenFen: sql`${distributorAccounts.frozenFen} - ${row.amountFen}`,
          settledFen: sql`${distributorAccounts.settledFen} + ${row.amountFen}`,
          owedFen: sql`${distributorAccounts.owedFen} - ${payOff}`,
          withdrawableFen: sql`${distributorAccounts.withdrawableFen} + ${row.amountFen - payOff}`,
        })
        note(tx, row.distributorId, 'commission_settled', at, { orderId, amountFen: row.amountFen, paidOffFen: payOff })
      }
    },

    /** A refund takes the commission back, even when that leaves the distributor owing; the debt is kept. */
    reverse(tx: Tx, order: OrderRow, at: Date): void {
      const rows = tx
        .select()
        .from(commissions)
        .where(and(eq(commissions.orderId, order.id), inArray(commissions.status, ['frozen', 'settled'])))
        .all()
      for (const row of rows) {
        if (row.status === 'frozen') {
          tx.update(commissions).set({ status: 'reversed', reversedAt: at }).where(eq(commissions.id, row.id)).run()
          moveAccount(tx, row.distributorId, { frozenFen: sql`${distributorAccounts.frozenFen} - ${row.amountFen}` })
          note(tx, row.distributorId, 'commission_reversed', at, { orderId: order.id, amountFen: row.amountFen, owedFen: 0 })
          continue
        }
        const take = Math.min(accountOf(tx, row.distributorId).withdrawableFen, row.amountFen)
        const owed = row.amountFen - take
        tx.update(commissions).set({ status: 'reversed', reversedAt: at, owedFen: owed }).where(eq(commissions.id, row.id)).run()
        moveAccount(tx, row.distributorId, {
          settledFen: sql`${distributorAccounts.settledFen} - ${row.amountFen}`,
          withdrawableFen: sql`${distributorAccounts.withdrawableFen} - ${take}`,
          owedFen: sql`${distributorAccounts.owedFen} + ${owed}`,
        })
        note(tx, row.distributorId, 'commission_reversed', at, { orderId: order.id, amountFen: row.amountFen, owedFen: owed })
      }
    },

    earnings(customerId: number): Earnings {
      const distributor = approvedOr404(db, customerId)
      const account = accountOf(db, distributor.id)
      const recent = db.select().from(commissions).where(eq(commissions.distributorId, distributor.id)).orderBy(desc(commissions.id)).limit(10).all()
      return {
        frozen: account.frozenFen,
        settled: account.settledFen,
        withdrawable: account.withdrawableFen,
        withdrawn: account.withdrawnFen,
        pendingWithdrawal: account.pendingWithdrawalFen,
        owed: account.owedFen,
        recent: toCommissions(db, recent),
      }
    },

    commissionsOf(customerId: number, query: CursorQuery): CommissionPage {
      const distributor = approvedOr404(db, customerId)
      const limit = query.limit ?? 20
      const rows = newestFirst(commissions, eq(commissions.distributorId, distributor.id), query)
      const page = pageOf(rows, limit, (row) => row)
      return { items: toCommissions(db, page.items), nextCursor: page.nextCursor }
    },

    team(customerId: number): Team {
      const distributor = approvedOr404(db, customerId)
      const at = now()
      const members = db
        .select({ binding: referralBindings, name: customers.name, avatarUrl: customers.avatarUrl })
        .from(referralBindings)
        .innerJoin(customers, eq(customers.id, referralBindings.customerId))
        .where(and(eq(referralBindings.distributorId, distributor.id), gt(referralBindings.expiresAt, at)))
        .orderBy(desc(referralBindings.boundAt))
        .limit(200)
        .all()
      const invited = db.select({ customerId: distributors.customerId }).from(distributors).where(eq(distributors.inviterId, distributor.id)).all()
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
    withdraw(customerId: number, amountFen: number, clientKey?: string): Withdrawal {
      const at = now()
      return db.transaction(
        (tx) => {
          const distributor = approvedOr404(tx, customerId)
          const prior = findByClientKey(tx, withdrawals, { owner: withdrawals.distributorId, key: withdrawals.idempotencyKey }, distributor.id, clientKey)
          if (prior) return toWithdrawal(prior)
          const { minWithdrawalFen } = settings.distributionRules(tx)
          if (amountFen < minWithdrawalFen) throw conflict('BELOW_MINIMUM_WITHDRAWAL', `最低提现 ${(minWithdrawalFen / 100).toFixed(2)} 元`)
          const taken = moveAccount(
            tx,
            distributor.id,
            {
              withdrawableFen: sql`${distributorAccounts.withdrawableFen} - ${amountFen}`,
              pendingWithdrawalFen: sql`${distributorAccounts.pendingWithdrawalFen} + ${amountFen}`,
            },
            sql`${distributorAccounts.withdrawableFen} >= ${amountFen}`,
          )
          if (!taken) throw conflict('INSUFFICIENT_BALANCE', '可提现余额不足')
          const row = tx
            .insert(withdrawals)
            .values({ distributorId: distributor.id, amountFen, idempotencyKey: clientKey ?? null, createdAt: at })
            .returning()
            .get()
          recordTimelineEvent(tx, { customerId, type: 'withdrawal_requested', occurredAt: at, data: { withdrawalId: row.id, amountFen } })
          return toWithdrawal(row)
        },
        { behavior: 'immediate' },
      )
    },

    myWithdrawals(customerId: number, query: CursorQuery): WithdrawalPage {
      const distributor = approvedOr404(db, customerId)
      return pageOf(newestFirst(withdrawals, eq(withdrawals.distributorId, distributor.id), query), query.limit ?? 20, toWithdrawal)
    },

    /** An admin pays (approved) or refuses a pending withdrawal; deciding twice is refused. */
    decideWithdrawal(withdrawalId: number, adminId: number, decision: { approve: true } | { approve: false; note: string }): Withdrawal {
      const at = now()
      return db.transaction(
        (tx) => {
          const decided = tx
            .update(withdrawals)
            .set({ status: decision.approve ? 'paid' : 'rejected', note: decision.approve ? null : decision.note, decidedBy: adminId, decidedAt: at })
            .where(and(eq(withdrawals.id, withdrawalId), eq(withdrawals.status, 'pending')))
            .returning()
            .get()
          if (!decided) {
            if (!tx.select({ id: withdrawals.id }).from(withdrawals).where(eq(withdrawals.id, withdrawalId)).get()) {
              throw notFound('WITHDRAWAL_NOT_FOUND', '没有这笔提现')
            }
            throw conflict('WITHDRAWAL_DECIDED', '这笔提现已处理')
          }
          const amount = decided.amountFen
          moveAccount(
            tx,
            decided.distributorId,
            decision.approve
              ? { pendingWithdrawalFen: sql`${distributorAccounts.pendingWithdrawalFen} - ${amount}`, withdrawnFen: sql`${distributorAccounts.withdrawnFen} + ${amount}` }
              : { pendingWithdrawalFen: sql`${distributorAccounts.pendingWithdrawalFen} - ${amount}`, withdrawableFen: sql`${distributorAccounts.withdrawableFen} + ${amount}` },
          )
          const owner = byId(tx, decided.distributorId) as DistributorRow
          recordTimelineEvent(tx, {
            customerId: owner.customerId,
            type: decision.approve ? 'withdrawal_paid' : 'withdrawal_rejected',
            occurredAt: at,
            data: { withdrawalId, amountFen: amount, note: decided.note },
          })
          return toWithdrawal(decided)
        },
        { behavior: 'immediate' },
      )
    },

    listWithdrawals(query: WithdrawalsQuery): AdminWithdrawalPage {
      const limit = query.limit ?? 20
      const rows = db
        .select({ row: withdrawals, customerId: distributors.customerId, name: customers.name })
        .from(withdrawals)
        .innerJoin(distributors, eq(distributors.id, withdrawals.distributorId))
        .innerJoin(customers, eq(customers.id, distributors.customerId))
        .where(and(query.status ? eq(withdrawals.status, query.status) : undefined, cursorBefore(withdrawals.id, query.cursor)))
        .orderBy(desc(withdrawals.id))
        .limit(limit + 1)
        .all()
      return pageOf(rows, limit, ({ row, customerId, name }) => ({ ...toWithdrawal(row), customerId, distributorName: name }))
    },

    listDistributors(query: DistributorsQuery): AdminDistributorPage {
      const limit = query.limit ?? 20
      const rows = db
        .select({ row: distributors, name: customers.name, account: distributorAccounts })
        .from(distributors)
        .innerJoin(customers, eq(customers.id, distributors.customerId))
        .innerJoin(distributorAccounts, eq(distributorAccounts.distributorId, distributors.id))
        .where(and(query.status ? eq(distributors.status, query.status) : undefined, cursorBefore(distributors.id, query.cursor)))
        .orderBy(desc(distributors.id))
        .limit(limit + 1)
        .all()
      return pageOf(rows, limit, ({ row, name, account }): AdminDistributor => ({
        ...toDistributor(row),
        customerId: row.customerId,
        name,
        inviterId: row.inviterId,
        earnings: { frozen: account.frozenFen, withdrawable: account.withdrawableFen, withdrawn: account.withdrawnFen, owed: account.owedFen },
      }))
    },

    decideApplication(distributorId: number, approveIt: boolean): Distributor {
      const at = now()
      return db.transaction(
        (tx) => {
          const row = byId(tx, distributorId)
          if (!row) throw notFound('DISTRIBUTOR_NOT_FOUND', '没有这位分销员')
          if (approveIt) return toDistributor(approve(tx, row, at))
          const rejected = tx
            .update(distributors)
            .set({ status: 'rejected' })
            .where(and(eq(distributors.id, distributorId), eq(distributors.status, 'pending')))
            .returning()
            .get()
          if (!rejected) throw conflict('APPLICATION_DECIDED', '这份申请已处理')
          return toDistributor(rejected)
        },
        { behavior: 'immediate' },
      )
    },

    /** The distributor's mini-program code, opening the invite page with their code as the scene. */
    shareCode(customerId: number) {
      const { code } = approvedOr404(db, customerId)
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
    const service = createDistributionService({ db: app.db, now: () => app.now(), scheduler: app.scheduler, settings: app.settings, wechat: app.wechat })
    app.orders.hooks.created.push(service.snapshotUpline)
    app.orders.hooks.paid.push(service.earn)
    app.orders.hooks.completed.push(service.planSettlement)
    app.orders.hooks.refunding.push(service.reverse)
    app.scheduler.define(COMMISSION_SETTLE_JOB, ({ tx, job, now }) => service.settle(tx, (job.payload as { orderId: number }).orderId, now))
    const approved = (distributor: Distributor, customerId: number) => {
      if (distributor.status === 'approved') reportActivity(app, customerId, 'distributor_joined')
      return distributor
    }
    const customerOf = (distributorId: number) =>
      app.db.select({ customerId: distributors.customerId }).from(distributors).where(eq(distributors.id, distributorId)).get()?.customerId
    app.decorate('distribution', {
      ...service,
      apply: (customerId: number) => approved(service.apply(customerId), customerId),
      decideApplication: (distributorId: number, approveIt: boolean) => {
        const decided = service.decideApplication(distributorId, approveIt)
        const customerId = customerOf(distributorId)
        return customerId === undefined ? decided : approved(decided, customerId)
      },
    })
  },
  { name: 'distribution', dependencies: ['db', 'clock', 'scheduler', 'settings', 'orders', 'tencent-clients', 'tag-rules'] },
)
