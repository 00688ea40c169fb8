import fp from 'fastify-plugin'
import { and, asc, count, desc, eq, gte, like, lte, max, sql } from 'drizzle-orm'
import {
  addDays,
  businessDate,
  daysBetween,
  ladderDay,
  rewardForStreak,
  type CheckInMonth,
  type CheckInResponse,
  type MakeupResponse,
  type CheckInSection,
} from '@liuliang/shared'
import { first, prepared, type DbOrTx, type Tx } from '../db'
import { checkins } from '../db/schema'
import { conflict } from '../errors'
import type { PointsService } from '../points/points-service'
import type { SettingsService } from '../settings/settings-service'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'

type CheckinRow = typeof checkins.$inferSelect

/** Streaks longer than this are counted as this long; the ladder repeats long before. */
const STREAK_LOOKBACK = 400
const NEXT_REWARDS_SHOWN = 7

/** Streaks this long are an activity other domains react to (an automatic tag). */
export const LONG_STREAK_DAYS = 7

export interface CheckinDeps extends ServiceDeps {
  timeZone: string
  points: PointsService
  settings: SettingsService
  /** Told, after the check-in has committed, when a customer's streak reaches LONG_STREAK_DAYS. */
  onLongStreak?: (customerId: number) => Promise<unknown>
}

/** The customer's check-in dates up to a day, newest first. */
const datesUpTo = prepared((handle: DbOrTx) =>
  handle
    .select({ date: checkins.date })
    .from(checkins)
    .where(and(eq(checkins.customerId, sql.placeholder('customerId')), lte(checkins.date, sql.placeholder('date'))))
    .orderBy(desc(checkins.date))
    .limit(STREAK_LOOKBACK),
)

/** How many days the customer checked in, and the last: every 360 view reads it. */
const checkinTotals = prepared((handle: DbOrTx) =>
  handle.select({ days: count(), last: max(checkins.date) }).from(checkins).where(eq(checkins.customerId, sql.placeholder('customerId'))),
)

/**
 * A retry's first answer: the row the client's key made, looked for through the unique key its insert
 * went through: a check-in's among today's and yesterday's rows (a retry may arrive after midnight), a
 * make-up's among this month's and the last's. A retry later than that is a new request.
 */
const rowWithKeySince = (since: typeof checkins.date | typeof checkins.makeupMonth) =>
  prepared((handle: DbOrTx) =>
    handle
      .select()
      .from(checkins)
      .where(
        and(
          eq(checkins.customerId, sql.placeholder('customerId')),
          gte(since, sql.placeholder('since')),
          eq(checkins.idempotencyKey, sql.placeholder('key')),
        ),
      ),
  )
const checkinWithKey = rowWithKeySince(checkins.date)
const makeupWithKey = rowWithKeySince(checkins.makeupMonth)

const insertCheckin = prepared((tx: Tx) =>
  tx
    .insert(checkins)
    .values({
      customerId: sql.placeholder('customerId'),
      date: sql.placeholder('date'),
      kind: 'regular',
      streak: sql.placeholder('streak'),
      pointsAwarded: sql.placeholder('pointsAwarded'),
      idempotencyKey: sql.placeholder('idempotencyKey'),
      createdAt: sql.placeholder('at'),
    })
    .onConflictDoNothing()
    .returning(),
)

export function createCheckinService({ db, timeZone, now, points, settings, onLongStreak }: CheckinDeps) {
  /** Consecutive checked-in days ending on `date` (0 when that day was missed). */
  const streakEndingOn = async (tx: DbOrTx, customerId: number, date: string): Promise<number> => {
    const dates = await datesUpTo(tx, { customerId, date })
    let streak = 0
    for (const row of dates) {
      if (row.date !== addDays(date, -streak)) break
      streak++
    }
    return streak
  }

  /** The streak as the customer sees it: ending today, or yesterday while today is still open. */
  const currentStreak = async (tx: DbOrTx, customerId: number, today: string) =>
    (await streakEndingOn(tx, customerId, today)) || streakEndingOn(tx, customerId, addDays(today, -1))

  const checkinByClientKey = async (tx: Tx, customerId: number, clientKey: string | undefined, today: string) =>
    clientKey ? first(checkinWithKey(tx, { customerId, since: addDays(today, -1), key: clientKey })) : undefined

  const makeupByClientKey = async (tx: Tx, customerId: number, clientKey: string | undefined, today: string) =>
    clientKey ? first(makeupWithKey(tx, { customerId, since: addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7), key: clientKey })) : undefined

  const makeupsIn = async (tx: DbOrTx, customerId: number, month: string) =>
    (await first(tx.select({ n: count() }).from(checkins).where(and(eq(checkins.customerId, customerId), eq(checkins.makeupMonth, month)))))
      ?.n ?? 0

  const afterCommit = async <T extends { streak: number }>(customerId: number, result: T): Promise<T> => {
    if (onLongStreak && result.streak >= LONG_STREAK_DAYS) await onLongStreak(customerId)
    return result
  }

  return {
    /** Today's check-in: the unique (customer, day) key lets exactly one of any concurrent attempts through. */
    async checkIn(customerId: number, clientKey?: string): Promise<CheckInResponse> {
      const at = now()
      const today = businessDate(at, timeZone)
      const result = await db.transaction(async (tx) => {
        const answer = async (row: CheckinRow) => ({
          date: row.date,
          streak: row.streak,
          pointsAwarded: row.pointsAwarded,
          balance: await points.balanceOf(tx, customerId),
        })
        // Read together: on PostgreSQL they share a round trip.
        const [prior, streakToYesterday, rules] = await Promise.all([
          checkinByClientKey(tx, customerId, clientKey, today),
          streakEndingOn(tx, customerId, addDays(today, -1)),
          settings.checkinRules(tx),
        ])
        if (prior) return answer(prior)
        const streak = streakToYesterday + 1
        const reward = rewardForStreak(streak, rules.ladder)
        const [row] = await insertCheckin(tx, { customerId, date: today, streak, pointsAwarded: reward, idempotencyKey: clientKey ?? null, at })
        if (!row) {
          // A concurrent retry with the same key may have committed today's row meanwhile: answer it.
          const retried = await checkinByClientKey(tx, customerId, clientKey, today)
          if (retried) return answer(retried)
          throw conflict('ALREADY_CHECKED_IN', '今天已经签到过了，明天再来吧')
        }
        const credited =
          reward > 0
            ? await points.credit(tx, {
                customerId,
                amount: reward,
                reason: 'checkin',
                title: `每日签到 · 连续第 ${streak} 天`,
                // Day first: the day's keys sit together in the ledger's key index, whose pages stay cached.
                idempotencyKey: `checkin:${today}:${customerId}`,
                keyIsNew: true,
                at,
              })
            : null
        await recordTimelineEvent(tx, { customerId, type: 'checked_in', occurredAt: at, data: { date: today, streak, points: reward } })
        // The new entry's balance, read once the unit has committed: its write goes with the commit.
        const balance = credited && !credited.replayed ? credited.entry.then((entry) => entry.balanceAfter) : await points.balanceOf(tx, customerId)
        return { date: today, streak, pointsAwarded: reward, balance }
      })
      return afterCommit(customerId, { ...result, balance: await result.balance })
    },

    /**
     * 补签: a missed day within the window, for points, a few times a month; it mends the streak
     * but earns nothing for the missed day.
     */
    async makeUp(customerId: number, date: string, clientKey?: string): Promise<MakeupResponse> {
      const at = now()
      const today = businessDate(at, timeZone)
      const month = today.slice(0, 7)
      const result = await db.transaction(async (tx) => {
        const rules = await settings.checkinRules(tx)
        const answer = async (row: CheckinRow) => ({
          date: row.date,
          streak: await currentStreak(tx, customerId, today),
          pointsCost: row.pointsCost,
          balance: await points.balanceOf(tx, customerId),
          makeupsLeftThisMonth: Math.max(rules.makeupMonthlyLimit - (await makeupsIn(tx, customerId, month)), 0),
        })
        const prior = await makeupByClientKey(tx, customerId, clientKey, today)
        if (prior) return answer(prior)
        const age = daysBetween(date, today)
        if (age <= 0) throw conflict('MAKEUP_NOT_PAST', '只能补签已经错过的日期')
        if (age > rules.makeupWindowDays) {
          throw conflict('MAKEUP_OUT_OF_WINDOW', `只能补签最近 ${rules.makeupWindowDays} 天内的日期`)
        }
        const used = await makeupsIn(tx, customerId, month)
        if (used >= rules.makeupMonthlyLimit) {
          throw conflict('MAKEUP_LIMIT_REACHED', `每月最多补签 ${rules.makeupMonthlyLimit} 次，本月已用完`)
        }
        const [row] = await tx
          .insert(checkins)
          .values({
            customerId,
            date,
            kind: 'makeup',
            streak: (await streakEndingOn(tx, customerId, addDays(date, -1))) + 1,
            pointsCost: rules.makeupCost,
            makeupMonth: month,
            makeupSlot: used + 1,
            idempotencyKey: clientKey ?? null,
            createdAt: at,
          })
          .onConflictDoNothing()
          .returning()
        if (!row) {
          const retried = await makeupByClientKey(tx, customerId, clientKey, today)
          if (retried) return answer(retried)
          throw conflict('ALREADY_CHECKED_IN', '这一天已经签到过了')
        }
        if (rules.makeupCost > 0) {
          await points.debit(tx, {
            customerId,
            amount: rules.makeupCost,
            reason: 'makeup_checkin',
            title: `补签 ${date}`,
            idempotencyKey: `makeup:${date}:${customerId}`,
            keyIsNew: true,
            at,
          })
        }
        const streak = await currentStreak(tx, customerId, today)
        await recordTimelineEvent(tx, {
          customerId,
          type: 'makeup_checked_in',
          occurredAt: at,
          data: { date, points: -rules.makeupCost, streak },
        })
        return {
          date,
          streak,
          pointsCost: rules.makeupCost,
          balance: await points.balanceOf(tx, customerId),
          makeupsLeftThisMonth: rules.makeupMonthlyLimit - used - 1,
        }
      })
      return afterCommit(customerId, result)
    },

    /** Streak, last and total check-ins, for the guide's 360 view. */
    async summaryOf(tx: DbOrTx, customerId: number, at: Date): Promise<CheckInSection | null> {
      const totals = await first(checkinTotals(tx, { customerId }))
      if (!totals?.days) return null
      return { streak: await currentStreak(tx, customerId, businessDate(at, timeZone)), lastCheckInDate: totals.last, totalDays: totals.days }
    },

    /** A month's calendar: days checked in, the streak, the next rewards and what a make-up can still cover. */
    async month(customerId: number, requested?: string): Promise<CheckInMonth> {
      const today = businessDate(now(), timeZone)
      const month = requested ?? today.slice(0, 7)
      const rules = await settings.checkinRules()
      const days = await db
        .select({ date: checkins.date, kind: checkins.kind, points: checkins.pointsAwarded })
        .from(checkins)
        .where(and(eq(checkins.customerId, customerId), like(checkins.date, `${month}-%`)))
        .orderBy(asc(checkins.date))
      const checkedInToday =
        (await first(db.select({ id: checkins.id }).from(checkins).where(and(eq(checkins.customerId, customerId), eq(checkins.date, today))))) !==
        undefined
      const streak = await currentStreak(db, customerId, today)
      const firstDay = checkedInToday ? addDays(today, 1) : today
      const nextRewards = Array.from({ length: NEXT_REWARDS_SHOWN }, (_, i) => ({
        date: addDays(firstDay, i),
        streakDay: ladderDay(streak + 1 + i, rules.ladder),
        points: rewardForStreak(streak + 1 + i, rules.ladder),
      }))
      const windowDates = Array.from({ length: rules.makeupWindowDays }, (_, i) => addDays(today, -(i + 1)))
      const recent = await db
        .select({ date: checkins.date })
        .from(checkins)
        .where(and(eq(checkins.customerId, customerId), lte(checkins.date, today)))
        .orderBy(desc(checkins.date))
        .limit(rules.makeupWindowDays + 1)
      const taken = new Set(recent.map((row) => row.date))
      return {
        month,
        today,
        checkedInToday,
        streak,
        days,
        nextRewards,
        ladder: rules.ladder,
        makeup: {
          pointsCost: rules.makeupCost,
          windowDays: rules.makeupWindowDays,
          monthlyLimit: rules.makeupMonthlyLimit,
          usedThisMonth: await makeupsIn(db, customerId, today.slice(0, 7)),
          eligibleDates: windowDates.filter((date) => !taken.has(date)),
        },
      }
    },
  }
}

export type CheckinService = ReturnType<typeof createCheckinService>

declare module 'fastify' {
  interface FastifyInstance {
    checkins: CheckinService
  }
}

export default fp<{ timeZone: string }>(
  async (app, { timeZone }) => {
    app.decorate(
      'checkins',
      createCheckinService({
        ...serviceDeps(app),
        timeZone,
        points: app.points,
        settings: app.settings,
        onLongStreak: (customerId) => app.tagRules.onActivity(customerId, 'checkin_streak_7'),
      }),
    )
  },
  { name: 'checkins', dependencies: ['db', 'clock', 'points', 'settings', 'tag-rules'] },
)
