import fp from 'fastify-plugin'
import { and, asc, count, desc, eq, like, lte, max, sql } from 'drizzle-orm'
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
import type { Db, DbOrTx } from '../db'
import { checkins } from '../db/schema'
import { conflict } from '../errors'
import type { PointsService } from '../points/points-service'
import type { SettingsService } from '../settings/settings-service'
import { recordTimelineEvent } from '../timeline/record'

/** Streaks longer than this are counted as this long; the ladder repeats long before. */
const STREAK_LOOKBACK = 400
const NEXT_REWARDS_SHOWN = 7

/** Streaks this long are an activity other domains react to (an automatic tag). */
export const LONG_STREAK_DAYS = 7

export interface CheckinDeps {
  db: Db
  timeZone: string
  now: () => Date
  points: PointsService
  settings: SettingsService
  /** Told, after the check-in has committed, when a customer's streak reaches LONG_STREAK_DAYS. */
  onLongStreak?: (customerId: number) => Promise<unknown>
}

export function createCheckinService({ db, timeZone, now, points, settings, onLongStreak }: CheckinDeps) {
  const p = sql.placeholder
  // Prepared once: check-in is the busiest value endpoint, and building SQL per call costs more
  // than SQLite's work. They run inside whatever transaction is open on the one connection.
  const q = {
    datesUpTo: db
      .select({ date: checkins.date })
      .from(checkins)
      .where(and(eq(checkins.customerId, p('customerId')), lte(checkins.date, p('date'))))
      .orderBy(desc(checkins.date))
      .limit(STREAK_LOOKBACK)
      .prepare(),
    byClientKey: db
      .select()
      .from(checkins)
      .where(and(eq(checkins.customerId, p('customerId')), eq(checkins.idempotencyKey, p('key'))))
      .prepare(),
    totals: db
      .select({ days: count(), last: max(checkins.date) })
      .from(checkins)
      .where(eq(checkins.customerId, p('customerId')))
      .prepare(),
    checkInToday: db
      .insert(checkins)
      .values({
        customerId: p('customerId'),
        date: p('date'),
        kind: 'regular',
        streak: p('streak'),
        pointsAwarded: p('points'),
        idempotencyKey: p('key'),
        createdAt: p('at'),
      })
      .onConflictDoNothing()
      .returning()
      .prepare(),
  }

  /** Consecutive checked-in days ending on `date` (0 when that day was missed). */
  const streakEndingOn = (customerId: number, date: string): number => {
    const dates = q.datesUpTo.all({ customerId, date })
    let streak = 0
    for (const row of dates) {
      if (row.date !== addDays(date, -streak)) break
      streak++
    }
    return streak
  }

  /** The streak as the customer sees it: ending today, or yesterday while today is still open. */
  const currentStreak = (tx: DbOrTx, customerId: number, today: string) =>
    streakEndingOn(customerId, today) || streakEndingOn(customerId, addDays(today, -1))

  const byClientKey = (customerId: number, clientKey: string | undefined) =>
    clientKey ? q.byClientKey.get({ customerId, key: clientKey }) : undefined

  const makeupsIn = (tx: DbOrTx, customerId: number, month: string) =>
    tx
      .select({ n: count() })
      .from(checkins)
      .where(and(eq(checkins.customerId, customerId), eq(checkins.makeupMonth, month)))
      .get()?.n ?? 0

  const afterCommit = async <T extends { streak: number }>(customerId: number, result: T): Promise<T> => {
    if (onLongStreak && result.streak >= LONG_STREAK_DAYS) await onLongStreak(customerId)
    return result
  }

  return {
    /** Today's check-in: the unique (customer, day) key lets exactly one of any concurrent attempts through. */
    async checkIn(customerId: number, clientKey?: string): Promise<CheckInResponse> {
      const at = now()
      const today = businessDate(at, timeZone)
      const result = db.transaction(
        (tx) => {
          const prior = byClientKey(customerId, clientKey)
          if (prior) {
            return { date: prior.date, streak: prior.streak, pointsAwarded: prior.pointsAwarded, balance: points.balanceOf(tx, customerId) }
          }
          const streak = streakEndingOn(customerId, addDays(today, -1)) + 1
          const reward = rewardForStreak(streak, settings.checkinRules(tx).ladder)
          const row = q.checkInToday.get({ customerId, date: today, streak, points: reward, key: clientKey ?? null, at })
          if (!row) throw conflict('ALREADY_CHECKED_IN', '今天已经签到过了，明天再来吧')
          if (reward > 0) {
            points.credit(tx, {
              customerId,
              amount: reward,
              reason: 'checkin',
              title: `每日签到 · 连续第 ${streak} 天`,
              idempotencyKey: `checkin:${customerId}:${today}`,
              at,
            })
          }
          recordTimelineEvent(tx, { customerId, type: 'checked_in', occurredAt: at, data: { date: today, streak, points: reward } })
          return { date: today, streak, pointsAwarded: reward, balance: points.balanceOf(tx, customerId) }
        },
        { behavior: 'immediate' },
      )
      return afterCommit(customerId, result)
    },

    /**
     * 补签: a missed day within the window, for points, a few times a month; it mends the streak
     * but earns nothing for the missed day.
     */
    async makeUp(customerId: number, date: string, clientKey?: string): Promise<MakeupResponse> {
      const at = now()
      const today = businessDate(at, timeZone)
      const month = today.slice(0, 7)
      const result = db.transaction(
        (tx) => {
          const rules = settings.checkinRules(tx)
          const prior = byClientKey(customerId, clientKey)
          if (prior) {
            return {
              date: prior.date,
              streak: currentStreak(tx, customerId, today),
              pointsCost: prior.pointsCost,
              balance: points.balanceOf(tx, customerId),
              makeupsLeftThisMonth: Math.max(rules.makeupMonthlyLimit - makeupsIn(tx, customerId, month), 0),
            }
          }
          const age = daysBetween(date, today)
          if (age <= 0) throw conflict('MAKEUP_NOT_PAST', '只能补签已经错过的日期')
          if (age > rules.makeupWindowDays) {
            throw conflict('MAKEUP_OUT_OF_WINDOW', `只能补签最近 ${rules.makeupWindowDays} 天内的日期`)
          }
          const used = makeupsIn(tx, customerId, month)
          if (used >= rules.makeupMonthlyLimit) {
            throw conflict('MAKEUP_LIMIT_REACHED', `每月最多补签 ${rules.makeupMonthlyLimit} 次，本月已用完`)
          }
          const row = tx
            .insert(checkins)
            .values({
              customerId,
              date,
              kind: 'makeup',
              streak: streakEndingOn(customerId, addDays(date, -1)) + 1,
              pointsCost: rules.makeupCost,
              makeupMonth: month,
              makeupSlot: used + 1,
              idempotencyKey: clientKey ?? null,
              createdAt: at,
            })
            .onConflictDoNothing()
            .returning()
            .get()
          if (!row) throw conflict('ALREADY_CHECKED_IN', '这一天已经签到过了')
          if (rules.makeupCost > 0) {
            points.debit(tx, {
              customerId,
              amount: rules.makeupCost,
              reason: 'makeup_checkin',
              title: `补签 ${date}`,
              idempotencyKey: `makeup:${customerId}:${date}`,
              at,
            })
          }
          const streak = currentStreak(tx, customerId, today)
          recordTimelineEvent(tx, {
            customerId,
            type: 'makeup_checked_in',
            occurredAt: at,
            data: { date, points: -rules.makeupCost, streak },
          })
          return {
            date,
            streak,
            pointsCost: rules.makeupCost,
            balance: points.balanceOf(tx, customerId),
            makeupsLeftThisMonth: rules.makeupMonthlyLimit - used - 1,
          }
        },
        { behavior: 'immediate' },
      )
      return afterCommit(customerId, result)
    },

    /** Streak, last and total check-ins, for the guide's 360 view. */
    summaryOf(tx: DbOrTx, customerId: number, at: Date): CheckInSection | null {
      const totals = q.totals.get({ customerId })
      if (!totals?.days) return null
      return { streak: currentStreak(tx, customerId, businessDate(at, timeZone)), lastCheckInDate: totals.last, totalDays: totals.days }
    },

    /** A month's calendar: days checked in, the streak, the next rewards and what a make-up can still cover. */
    month(customerId: number, requested?: string): CheckInMonth {
      const today = businessDate(now(), timeZone)
      const month = requested ?? today.slice(0, 7)
      const rules = settings.checkinRules()
      const days = db
        .select({ date: checkins.date, kind: checkins.kind, points: checkins.pointsAwarded })
        .from(checkins)
        .where(and(eq(checkins.customerId, customerId), like(checkins.date, `${month}-%`)))
        .orderBy(asc(checkins.date))
        .all()
      const checkedInToday =
        db
          .select({ id: checkins.id })
          .from(checkins)
          .where(and(eq(checkins.customerId, customerId), eq(checkins.date, today)))
          .get() !== undefined
      const streak = currentStreak(db, customerId, today)
      const first = checkedInToday ? addDays(today, 1) : today
      const nextRewards = Array.from({ length: NEXT_REWARDS_SHOWN }, (_, i) => ({
        date: addDays(first, i),
        streakDay: ladderDay(streak + 1 + i, rules.ladder),
        points: rewardForStreak(streak + 1 + i, rules.ladder),
      }))
      const windowDates = Array.from({ length: rules.makeupWindowDays }, (_, i) => addDays(today, -(i + 1)))
      const taken = new Set(
        db
          .select({ date: checkins.date })
          .from(checkins)
          .where(and(eq(checkins.customerId, customerId), lte(checkins.date, today)))
          .orderBy(desc(checkins.date))
          .limit(rules.makeupWindowDays + 1)
          .all()
          .map((row) => row.date),
      )
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
          usedThisMonth: makeupsIn(db, customerId, today.slice(0, 7)),
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
        db: app.db,
        timeZone,
        now: () => app.now(),
        points: app.points,
        settings: app.settings,
        onLongStreak: (customerId) => app.tagRules.onActivity(customerId, 'checkin_streak_7'),
      }),
    )
  },
  { name: 'checkins', dependencies: ['db', 'clock', 'points', 'settings', 'tag-rules'] },
)
