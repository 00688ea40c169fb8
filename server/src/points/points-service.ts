import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import { and, asc, desc, eq, gt, gte, lte, sql } from 'drizzle-orm'
import {
  businessDate,
  levelForGrowth,
  startOfBusinessDay,
  type AdminPointsEntry,
  type AdminPointsLedgerPage,
  type CursorQuery,
  type PointsLedgerEntry,
  type PointsLedgerPage,
  type PointsReason,
} from '@liuliang/shared'
import { ensureCustomerExists, type MemberStanding } from '../customers/customer-service'
import type { Db, DbOrTx } from '../db'
import { admins, pointAccounts, pointLedger, pointLots } from '../db/schema'
import { conflict } from '../errors'
import type { Scheduler } from '../scheduler/scheduler'
import type { SettingsService } from '../settings/settings-service'
import { recordTimelineEvent } from '../timeline/record'
import { cursorBefore, pageOf } from '../db/paging'

type LedgerRow = typeof pointLedger.$inferSelect

/** Credits that count towards growth (levels); refunds and reversals do not. */
const EARNING_REASONS: ReadonlySet<PointsReason> = new Set(['checkin', 'lottery_prize', 'order_reward', 'admin_adjust'])

export const POINTS_EXPIRY_JOB = 'points-expiry'

export interface PointsMove {
  customerId: number
  /** always positive; credit or debit says which way */
  amount: number
  reason: PointsReason
  title: string
  /** unique for what caused the move, so a retry finds the first entry instead of moving again */
  idempotencyKey: string
  at: Date
  adminId?: number
  note?: string
}

export function toLedgerEntry(row: LedgerRow): PointsLedgerEntry {
  return {
    id: row.id,
    delta: row.delta,
    reason: row.reason,
    title: row.title,
    balanceAfter: row.balanceAfter,
    createdAt: row.createdAt.toISOString(),
  }
}

export interface PointsDeps {
  db: Db
  timeZone: string
  now: () => Date
  scheduler: Scheduler
  settings: SettingsService
}

export function createPointsService({ db, timeZone, now, scheduler, settings }: PointsDeps) {
  const p = sql.placeholder
  // Prepared once: building the SQL on every call costs more than SQLite's own work on these hot
  // paths. better-sqlite3 has one connection, so they run inside whatever transaction is open.
  const q = {
    entryByKey: db.select().from(pointLedger).where(eq(pointLedger.idempotencyKey, p('key'))).prepare(),
    openAccount: db.insert(pointAccounts).values({ customerId: p('customerId') }).onConflictDoNothing().prepare(),
    addToAccount: db
      .update(pointAccounts)
      .set({
        balance: sql`${pointAccounts.balance} + ${p('amount')}`,
        earnedTotal: sql`${pointAccounts.earnedTotal} + ${p('earned')}`,
      })
      .where(eq(pointAccounts.customerId, p('customerId')))
      .returning()
      .prepare(),
    takeFromAccount: db
      .update(pointAccounts)
      .set({ balance: sql`${pointAccounts.balance} - ${p('amount')}` })
      .where(and(eq(pointAccounts.customerId, p('customerId')), gte(pointAccounts.balance, p('amount'))))
      .returning()
      .prepare(),
    balance: db.select({ balance: pointAccounts.balance }).from(pointAccounts).where(eq(pointAccounts.customerId, p('customerId'))).prepare(),
    account: db.select().from(pointAccounts).where(eq(pointAccounts.customerId, p('customerId'))).prepare(),
    appendEntry: db
      .insert(pointLedger)
      .values({
        customerId: p('customerId'),
        delta: p('delta'),
        reason: p('reason'),
        title: p('title'),
        balanceAfter: p('balanceAfter'),
        idempotencyKey: p('key'),
        adminId: p('adminId'),
        note: p('note'),
        createdAt: p('at'),
      })
      .returning()
      .prepare(),
    addLot: db
      .insert(pointLots)
      .values({ customerId: p('customerId'), ledgerId: p('ledgerId'), amount: p('amount'), remaining: p('amount'), expiresAt: p('expiresAt') })
      .prepare(),
    openLots: db
      .select({ id: pointLots.id, remaining: pointLots.remaining })
      .from(pointLots)
      .where(and(eq(pointLots.customerId, p('customerId')), gt(pointLots.remaining, 0)))
      .orderBy(asc(pointLots.expiresAt), asc(pointLots.id))
      .prepare(),
    takeFromLot: db
      .update(pointLots)
      .set({ remaining: sql`${pointLots.remaining} - ${p('take')}` })
      .where(and(eq(pointLots.id, p('lotId')), gte(pointLots.remaining, p('take'))))
      .prepare(),
  }

  /** Points earned in year Y expire when year Y+1 ends, in the brand's time zone. */
  const expiryByYear = new Map<number, Date>()
  const expiryFor = (at: Date) => {
    const year = Number(businessDate(at, timeZone).slice(0, 4))
    let expiresAt = expiryByYear.get(year)
    if (!expiresAt) {
      expiresAt = startOfBusinessDay(`${year + 2}-01-01`, timeZone)
      expiryByYear.set(year, expiresAt)
    }
    return { year, expiresAt }
  }

  const appendEntry = (move: PointsMove, delta: number, balanceAfter: number): LedgerRow =>
    q.appendEntry.get({
      customerId: move.customerId,
      delta,
      reason: move.reason,
      title: move.title,
      balanceAfter,
      key: move.idempotencyKey,
      adminId: move.adminId ?? null,
      note: move.note ?? null,
      at: move.at,
    }) as LedgerRow

  /** Takes `amount` from the customer's lots, the soonest to expire first. */
  const consumeLots = (customerId: number, amount: number) => {
    let left = amount
    for (const lot of q.openLots.all({ customerId })) {
      if (left === 0) break
      const take = Math.min(lot.remaining, left)
      q.takeFromLot.run({ lotId: lot.id, take })
      left -= take
    }
    // The balance guard passed, so the lots must cover it; if not, the books disagree.
    if (left > 0) throw new Error(`points lots of customer ${customerId} are short by ${left}`)
  }

  const service = {
    /** Adds points in the caller's transaction; a repeated idempotency key answers the first entry. */
    credit(tx: DbOrTx, move: PointsMove): { entry: LedgerRow; replayed: boolean } {
      const existing = q.entryByKey.get({ key: move.idempotencyKey })
      if (existing) return { entry: existing, replayed: true }
      q.openAccount.run({ customerId: move.customerId })
      const earned = EARNING_REASONS.has(move.reason) ? move.amount : 0
      const account = q.addToAccount.get({ customerId: move.customerId, amount: move.amount, earned }) as typeof pointAccounts.$inferSelect
      const entry = appendEntry(move, move.amount, account.balance)
      const { year, expiresAt } = expiryFor(move.at)
      q.addLot.run({ customerId: move.customerId, ledgerId: entry.id, amount: move.amount, expiresAt })
      scheduler.schedule(tx, {
        kind: POINTS_EXPIRY_JOB,
        key: `${move.customerId}:${year}`,
        runAt: expiresAt,
        payload: { customerId: move.customerId },
      })
      return { entry, replayed: false }
    },

    /** Spends points in the caller's transaction; 409 INSUFFICIENT_POINTS when the balance is short. */
    debit(_tx: DbOrTx, move: PointsMove): { entry: LedgerRow; replayed: boolean } {
      const existing = q.entryByKey.get({ key: move.idempotencyKey })
      if (existing) return { entry: existing, replayed: true }
      const account = q.takeFromAccount.get({ customerId: move.customerId, amount: move.amount })
      if (!account) throw conflict('INSUFFICIENT_POINTS', `积分不足，需要 ${move.amount} 积分`)
      consumeLots(move.customerId, move.amount)
      return { entry: appendEntry(move, -move.amount, account.balance), replayed: false }
    },

    balanceOf(_tx: DbOrTx, customerId: number): number {
      return q.balance.get({ customerId })?.balance ?? 0
    },

    /** Balance and growth, with the level the growth reaches under the configured thresholds. */
    standingOf(customerId: number): MemberStanding {
      const account = q.account.get({ customerId })
      const growth = account?.earnedTotal ?? 0
      return { balance: account?.balance ?? 0, growth, ...levelForGrowth(growth, settings.levels()) }
    },

    /** The customer's entries, newest first. */
    ledger(customerId: number, query: CursorQuery): PointsLedgerPage {
      const limit = query.limit ?? 20
      const rows = db
        .select()
        .from(pointLedger)
        .where(and(eq(pointLedger.customerId, customerId), cursorBefore(pointLedger.id, query.cursor)))
        .orderBy(desc(pointLedger.id))
        .limit(limit + 1)
        .all()
      return pageOf(rows, limit, toLedgerEntry)
    },

    /** The same, with who adjusted and why, for the console. */
    ledgerForAdmin(customerId: number, query: CursorQuery): AdminPointsLedgerPage {
      const limit = query.limit ?? 20
      const rows = db
        .select({ row: pointLedger, adminUsername: admins.username })
        .from(pointLedger)
        .leftJoin(admins, eq(admins.id, pointLedger.adminId))
        .where(and(eq(pointLedger.customerId, customerId), cursorBefore(pointLedger.id, query.cursor)))
        .orderBy(desc(pointLedger.id))
        .limit(limit + 1)
        .all()
      return pageOf(rows, limit, ({ row, adminUsername }) => ({
        ...toLedgerEntry(row),
        customerId: row.customerId,
        adminUsername,
        note: row.note,
      }))
    },

    /**
     * An admin's adjustment, audited with who and why, on the customer's timeline. A client
     * idempotency key makes a retry answer the first entry; reusing it for a different change is refused.
     */
    adjust(adminId: number, customerId: number, change: { delta: number; reason: string }, clientKey?: string): AdminPointsEntry {
      const admin = db.select({ username: admins.username }).from(admins).where(eq(admins.id, adminId)).get()
      const at = now()
      const entry = db.transaction(
        (tx) => {
          ensureCustomerExists(tx, customerId)
          const move: PointsMove = {
            customerId,
            amount: Math.abs(change.delta),
            reason: 'admin_adjust',
            title: '积分调整',
            idempotencyKey: `admin:${customerId}:${clientKey ?? randomUUID()}`,
            at,
            adminId,
            note: change.reason,
          }
          const { entry, replayed } = change.delta > 0 ? service.credit(tx, move) : service.debit(tx, move)
          if (replayed) {
            if (entry.delta !== change.delta || entry.note !== change.reason) {
              throw conflict('IDEMPOTENCY_KEY_REUSED', '这个幂等键已用于另一笔调整')
            }
            return entry
          }
          recordTimelineEvent(tx, {
            customerId,
            type: 'points_adjusted',
            occurredAt: at,
            data: { delta: change.delta, reason: change.reason, admin: admin?.username ?? null, balance: entry.balanceAfter },
          })
          return entry
        },
        { behavior: 'immediate' },
      )
      return { ...toLedgerEntry(entry), customerId, adminUsername: admin?.username ?? null, note: entry.note }
    },

    /** Expires every lot of the customer whose time has come, as one ledger entry; part of a scheduler job. */
    expireDue(tx: DbOrTx, customerId: number, at: Date, idempotencyKey: string): number {
      const due = tx
        .select({ id: pointLots.id, remaining: pointLots.remaining })
        .from(pointLots)
        .where(and(eq(pointLots.customerId, customerId), gt(pointLots.remaining, 0), lte(pointLots.expiresAt, at)))
        .all()
      let expired = 0
      for (const lot of due) {
        const taken = tx
          .update(pointLots)
          .set({ remaining: 0 })
          .where(and(eq(pointLots.id, lot.id), eq(pointLots.remaining, lot.remaining)))
          .run()
        if (taken.changes > 0) expired += lot.remaining
      }
      if (expired === 0) return 0
      const account = tx
        .update(pointAccounts)
        .set({ balance: sql`${pointAccounts.balance} - ${expired}` })
        .where(and(eq(pointAccounts.customerId, customerId), gte(pointAccounts.balance, expired)))
        .returning()
        .get()
      if (!account) throw new Error(`points balance of customer ${customerId} is below its unexpired lots`)
      const move: PointsMove = { customerId, amount: expired, reason: 'expire', title: '积分过期', idempotencyKey, at }
      appendEntry(move, -expired, account.balance)
      recordTimelineEvent(tx, { customerId, type: 'points_expired', occurredAt: at, data: { points: expired, balance: account.balance } })
      return expired
    },
  }
  return service
}

export type PointsService = ReturnType<typeof createPointsService>

declare module 'fastify' {
  interface FastifyInstance {
    points: PointsService
  }
}

export default fp<{ timeZone: string }>(
  async (app, { timeZone }) => {
    const points = createPointsService({ db: app.db, timeZone, now: () => app.now(), scheduler: app.scheduler, settings: app.settings })
    app.scheduler.define(POINTS_EXPIRY_JOB, ({ tx, job, now }) => {
      const { customerId } = job.payload as { customerId: number }
      points.expireDue(tx, customerId, now, `expire:job:${job.id}`)
    })
    app.decorate('points', points)
  },
  { name: 'points', dependencies: ['db', 'clock', 'scheduler', 'settings'] },
)
