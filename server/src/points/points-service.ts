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
import { first, prepared, rowsChanged, withoutWaiting, type DbOrTx, type Tx } from '../db'
import { admins, pointAccounts, pointLedger, pointLots } from '../db/schema'
import { conflict } from '../errors'
import type { Scheduler } from '../scheduler/scheduler'
import type { SettingsService } from '../settings/settings-service'
import { recordTimelineEvent } from '../timeline/record'
import { cursorBefore, pageOf } from '../db/paging'
import { serviceDeps, type ServiceDeps } from '../services'

export type LedgerRow = typeof pointLedger.$inferSelect

/** Credits that count towards growth (levels); refunds and reversals do not. */
const EARNING_REASONS: ReadonlySet<PointsReason> = new Set(['checkin', 'lottery_prize', 'order_reward', 'admin_adjust', 'fission_reward'])

export const POINTS_EXPIRY_JOB = 'points-expiry'

export interface PointsMove {
  customerId: number
  /** always positive; credit or debit says which way */
  amount: number
  reason: PointsReason
  title: string
  /** unique for what caused the move, so a retry finds the first entry instead of moving again */
  idempotencyKey: string
  /**
   * The caller has just inserted the row the key stands for, under that row's own unique index: no
   * entry can hold the key yet, so it is not looked up. The ledger's unique key still refuses a second.
   */
  keyIsNew?: boolean
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

export interface PointsDeps extends ServiceDeps {
  timeZone: string
  scheduler: Scheduler
  settings: SettingsService
}

const entryWithKey = prepared((handle: DbOrTx) => handle.select().from(pointLedger).where(eq(pointLedger.idempotencyKey, sql.placeholder('key'))))

const creditAccount = prepared((tx: Tx) =>
  tx
    .insert(pointAccounts)
    .values({ customerId: sql.placeholder('customerId'), balance: sql.placeholder('amount'), earnedTotal: sql.placeholder('earned') })
    .onConflictDoUpdate({
      target: pointAccounts.customerId,
      set: {
        balance: sql`${pointAccounts.balance} + ${sql.placeholder('amount')}`,
        earnedTotal: sql`${pointAccounts.earnedTotal} + ${sql.placeholder('earned')}`,
      },
    }),
)

/**
 * An entry, with the balance its account holds after the move: read in the same statement, so a move
 * need not wait for the account's answer first (one round trip less on PostgreSQL).
 */
const insertEntry = prepared((tx: Tx) =>
  tx
    .insert(pointLedger)
    .values({
      customerId: sql.placeholder('customerId'),
      delta: sql.placeholder('delta'),
      reason: sql.placeholder('reason'),
      title: sql.placeholder('title'),
      balanceAfter: sql`(select ${pointAccounts.balance} from ${pointAccounts} where ${pointAccounts.customerId} = ${sql.placeholder('customerId')})`,
      idempotencyKey: sql.placeholder('idempotencyKey'),
      adminId: sql.placeholder('adminId'),
      note: sql.placeholder('note'),
      createdAt: sql.placeholder('at'),
    })
    .returning(),
)

/** A credit's lot, of the ledger entry with the credit's key: written in the same unit just before. */
const insertLot = prepared((tx: Tx) =>
  tx.insert(pointLots).values({
    customerId: sql.placeholder('customerId'),
    ledgerId: sql`(select ${pointLedger.id} from ${pointLedger} where ${pointLedger.idempotencyKey} = ${sql.placeholder('idempotencyKey')})`,
    amount: sql.placeholder('amount'),
    remaining: sql.placeholder('amount'),
    expiresAt: sql.placeholder('expiresAt'),
  }),
)

/** Takes points off an account that holds them; none when the balance is short. */
const debitAccount = prepared((tx: Tx) =>
  tx
    .update(pointAccounts)
    .set({ balance: sql`${pointAccounts.balance} - ${sql.placeholder('amount')}` })
    .where(and(eq(pointAccounts.customerId, sql.placeholder('customerId')), gte(pointAccounts.balance, sql.placeholder('amount'))))
    .returning(),
)

/** The lots that still hold points, the soonest to expire first: what a debit spends. */
const lotsToSpend = prepared((tx: Tx) =>
  tx
    .select({ id: pointLots.id, remaining: pointLots.remaining })
    .from(pointLots)
    .where(and(eq(pointLots.customerId, sql.placeholder('customerId')), gt(pointLots.remaining, 0)))
    .orderBy(asc(pointLots.expiresAt), asc(pointLots.id)),
)

const takeFromLot = prepared((tx: Tx) =>
  tx
    .update(pointLots)
    .set({ remaining: sql`${pointLots.remaining} - ${sql.placeholder('take')}` })
    .where(and(eq(pointLots.id, sql.placeholder('lotId')), gte(pointLots.remaining, sql.placeholder('take')))),
)

/** A customer's account, for the balance alone and for balance and growth alike. */
const accountRow = prepared((handle: DbOrTx) => handle.select().from(pointAccounts).where(eq(pointAccounts.customerId, sql.placeholder('customerId'))))

export function createPointsService({ db, timeZone, now, scheduler, settings }: PointsDeps) {
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

  const entryByKey = (tx: Tx, key: string) => first(entryWithKey(tx, { key }))

  /** The move's entry, after its account has moved in the same unit of work. */
  const appendEntry = async (tx: Tx, move: PointsMove, delta: number): Promise<LedgerRow> => {
    const [entry] = await insertEntry(tx, {
      customerId: move.customerId,
      delta,
      reason: move.reason,
      title: move.title,
      idempotencyKey: move.idempotencyKey,
      adminId: move.adminId ?? null,
      note: move.note ?? null,
      at: move.at,
    })
    return entry as LedgerRow
  }

  /** Takes `amount` from these lots of the customer, the soonest to expire first; the writes go without waiting. */
  const consumeLots = (tx: Tx, customerId: number, lots: { id: number; remaining: number }[], amount: number) => {
    let left = amount
    for (const lot of lots) {
      if (left === 0) break
      const take = Math.min(lot.remaining, left)
      withoutWaiting(takeFromLot(tx, { lotId: lot.id, take }))
      left -= take
    }
    // The balance guard passed, so the lots must cover it; if not, the books disagree.
    if (left > 0) throw new Error(`points lots of customer ${customerId} are short by ${left}`)
  }

  const service = {
    /**
     * Adds points in the caller's transaction; a repeated idempotency key answers the first entry. A new
     * entry is written without waiting (on PostgreSQL it goes with the unit's commit): read it after the
     * unit has ended, or await it in the unit at the cost of a round trip.
     */
    async credit(tx: Tx, move: PointsMove): Promise<{ entry: Promise<LedgerRow>; replayed: boolean }> {
      const existing = move.keyIsNew ? undefined : await entryByKey(tx, move.idempotencyKey)
      if (existing) return { entry: Promise.resolve(existing), replayed: true }
      const earned = EARNING_REASONS.has(move.reason) ? move.amount : 0
      // One upsert opens the account on the first credit and adds to it on the others; the entry reads its balance.
      withoutWaiting(creditAccount(tx, { customerId: move.customerId, amount: move.amount, earned }))
      const entry = withoutWaiting(appendEntry(tx, move, move.amount))
      const { year, expiresAt } = expiryFor(move.at)
      withoutWaiting(insertLot(tx, { customerId: move.customerId, idempotencyKey: move.idempotencyKey, amount: move.amount, expiresAt }))
      await scheduler.schedule(tx, {
        kind: POINTS_EXPIRY_JOB,
        key: `${move.customerId}:${year}`,
        runAt: expiresAt,
        payload: { customerId: move.customerId },
      })
      return { entry, replayed: false }
    },

    /**
     * Spends points in the caller's transaction; 409 INSUFFICIENT_POINTS when the balance is short. The
     * account's guarded update and the lots to spend are read in one round trip; the lots' updates and
     * the entry are written without waiting, as a credit's are.
     */
    async debit(tx: Tx, move: PointsMove): Promise<{ entry: Promise<LedgerRow>; replayed: boolean }> {
      const existing = move.keyIsNew ? undefined : await entryByKey(tx, move.idempotencyKey)
      if (existing) return { entry: Promise.resolve(existing), replayed: true }
      // The lots are read behind the account's update: a concurrent debit's lots are read after it committed.
      const [[account], lots] = await Promise.all([
        debitAccount(tx, { customerId: move.customerId, amount: move.amount }),
        lotsToSpend(tx, { customerId: move.customerId }),
      ])
      if (!account) throw conflict('INSUFFICIENT_POINTS', `积分不足，需要 ${move.amount} 积分`)
      consumeLots(tx, move.customerId, lots, move.amount)
      return { entry: withoutWaiting(appendEntry(tx, move, -move.amount)), replayed: false }
    },

    async balanceOf(tx: DbOrTx, customerId: number): Promise<number> {
      const account = await first(accountRow(tx, { customerId }))
      return account?.balance ?? 0
    },

    /** Balance and growth, with the level the growth reaches under the configured thresholds. */
    async standingOf(customerId: number, tx: DbOrTx = db): Promise<MemberStanding> {
      const account = await first(accountRow(tx, { customerId }))
      const growth = account?.earnedTotal ?? 0
      return { balance: account?.balance ?? 0, growth, ...levelForGrowth(growth, await settings.levels(tx)) }
    },

    /** The customer's entries, newest first. */
    async ledger(customerId: number, query: CursorQuery): Promise<PointsLedgerPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select()
        .from(pointLedger)
        .where(and(eq(pointLedger.customerId, customerId), cursorBefore(pointLedger.id, query.cursor)))
        .orderBy(desc(pointLedger.id))
        .limit(limit + 1)
      return pageOf(rows, limit, toLedgerEntry)
    },

    /** The same, with who adjusted and why, for the console. */
    async ledgerForAdmin(customerId: number, query: CursorQuery): Promise<AdminPointsLedgerPage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ row: pointLedger, adminUsername: admins.username })
        .from(pointLedger)
        .leftJoin(admins, eq(admins.id, pointLedger.adminId))
        .where(and(eq(pointLedger.customerId, customerId), cursorBefore(pointLedger.id, query.cursor)))
        .orderBy(desc(pointLedger.id))
        .limit(limit + 1)
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
    async adjust(adminId: number, customerId: number, change: { delta: number; reason: string }, clientKey?: string): Promise<AdminPointsEntry> {
      const admin = await first(db.select({ username: admins.username }).from(admins).where(eq(admins.id, adminId)))
      const at = now()
      const entry = await db.transaction(
        async (tx) => {
          await ensureCustomerExists(tx, customerId)
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
          const moved = change.delta > 0 ? await service.credit(tx, move) : await service.debit(tx, move)
          const { replayed } = moved
          const entry = await moved.entry
          if (replayed) {
            if (entry.delta !== change.delta || entry.note !== change.reason) {
              throw conflict('IDEMPOTENCY_KEY_REUSED', '这个幂等键已用于另一笔调整')
            }
            return entry
          }
          await recordTimelineEvent(tx, {
            customerId,
            type: 'points_adjusted',
            occurredAt: at,
            data: { delta: change.delta, reason: change.reason, admin: admin?.username ?? null, balance: entry.balanceAfter },
          })
          return entry
        },
      )
      return { ...toLedgerEntry(entry), customerId, adminUsername: admin?.username ?? null, note: entry.note }
    },

    /** Expires every lot of the customer whose time has come, as one ledger entry; part of a scheduler job. */
    async expireDue(tx: Tx, customerId: number, at: Date, idempotencyKey: string): Promise<number> {
      const due = await tx
        .select({ id: pointLots.id, remaining: pointLots.remaining })
        .from(pointLots)
        .where(and(eq(pointLots.customerId, customerId), gt(pointLots.remaining, 0), lte(pointLots.expiresAt, at)))
      let expired = 0
      for (const lot of due) {
        const taken = await tx
          .update(pointLots)
          .set({ remaining: 0 })
          .where(and(eq(pointLots.id, lot.id), eq(pointLots.remaining, lot.remaining)))
        if (rowsChanged(taken) > 0) expired += lot.remaining
      }
      if (expired === 0) return 0
      const [account] = await tx
        .update(pointAccounts)
        .set({ balance: sql`${pointAccounts.balance} - ${expired}` })
        .where(and(eq(pointAccounts.customerId, customerId), gte(pointAccounts.balance, expired)))
        .returning()
      if (!account) throw new Error(`points balance of customer ${customerId} is below its unexpired lots`)
      const move: PointsMove = { customerId, amount: expired, reason: 'expire', title: '积分过期', idempotencyKey, at }
      await appendEntry(tx, move, -expired)
      await recordTimelineEvent(tx, { customerId, type: 'points_expired', occurredAt: at, data: { points: expired, balance: account.balance } })
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
    const points = createPointsService({ ...serviceDeps(app), timeZone, scheduler: app.scheduler, settings: app.settings })
    app.scheduler.define(POINTS_EXPIRY_JOB, async ({ tx, job, now }) => {
      const { customerId } = job.payload as { customerId: number }
      await points.expireDue(tx, customerId, now, `expire:job:${job.id}`)
    })
    app.decorate('points', points)
  },
  { name: 'points', dependencies: ['db', 'clock', 'scheduler', 'settings'] },
)
