// One customer's points, kept the way the points service keeps them: an append-only ledger with the
// balance after each entry, lots that expire when the year after they were earned ends, spending
// from the soonest-expiring lot, and the running account. The customer's events must come in time order.
import { DEFAULT_LEVELS, levelForGrowth, type PointsReason } from '@liuliang/shared'
import { POINTS_EXPIRY_JOB } from '@liuliang/server/points/points-service'
import type { Calendar } from './calendar'
import type { Sink } from './sink'

/** Credits that count towards growth (levels), as in the points service. */
const EARNING: ReadonlySet<PointsReason> = new Set(['checkin', 'lottery_prize', 'order_reward', 'admin_adjust'])

interface Lot {
  ledgerId: number
  amount: number
  remaining: number
  expiresAt: number
  at: number
}

export function createPointsBook(sink: Sink, calendar: Calendar, end: number, customerId: number) {
  let balance = 0
  let earned = 0
  let entries = 0
  const lots: Lot[] = []
  let firstOpen = 0
  /** business year of earning → when its lots expire, and when its expiry job was planned (first credit) */
  const creditYears = new Map<number, { runAt: number; plannedAt: number }>()

  const append = (delta: number, reason: PointsReason, title: string, key: string, at: number) => {
    entries++
    return sink.insert(sink.ledger, customerId, delta, reason, title, balance, key, at)
  }

  return {
    get balance() {
      return balance
    },
    multiplier: () => levelForGrowth(earned, DEFAULT_LEVELS).level.orderPointsMultiplier,

    credit(amount: number, reason: PointsReason, title: string, key: string, at: number): void {
      balance += amount
      if (EARNING.has(reason)) earned += amount
      const ledgerId = append(amount, reason, title, key, at)
      const year = calendar.yearOf(at)
      const expiresAt = calendar.expiryOfYear(year)
      if (!creditYears.has(year)) creditYears.set(year, { runAt: expiresAt, plannedAt: at })
      lots.push({ ledgerId, amount, remaining: amount, expiresAt, at })
    },

    /** Spends from the soonest-expiring lots; false (nothing written) when the balance is short. */
    debit(amount: number, reason: PointsReason, title: string, key: string, at: number): boolean {
      if (balance < amount) return false
      balance -= amount
      let left = amount
      while (left > 0) {
        const lot = lots[firstOpen] as Lot
        const take = Math.min(lot.remaining, left)
        lot.remaining -= take
        left -= take
        if (lot.remaining === 0) firstOpen++
      }
      append(-amount, reason, title, key, at)
      return true
    },

    /**
     * The expiry job of a business year, as the scheduler runs it at `at`: every lot due by then
     * goes, in one ledger entry keyed by the job. Nothing happens for a year the customer earned nothing in.
     */
    expireYear(year: number, at: number): void {
      const job = creditYears.get(year)
      if (!job) return
      creditYears.delete(year)
      const jobId = sink.job(POINTS_EXPIRY_JOB, `${customerId}:${year}`, job.runAt, { customerId }, at, job.plannedAt)
      let expired = 0
      for (let i = firstOpen; i < lots.length; i++) {
        const lot = lots[i] as Lot
        if (lot.expiresAt > at) break
        expired += lot.remaining
        lot.remaining = 0
      }
      while (firstOpen < lots.length && (lots[firstOpen] as Lot).remaining === 0) firstOpen++
      if (expired === 0) return
      balance -= expired
      append(-expired, 'expire', '积分过期', `expire:job:${jobId}`, at)
      sink.timeline(customerId, 'points_expired', at, { points: expired, balance })
    },

    /** Writes the lots, the account and the expiry jobs still to come. */
    close(): void {
      if (entries === 0) return
      for (const lot of lots) sink.lot.run(customerId, lot.ledgerId, lot.amount, lot.remaining, lot.expiresAt, lot.at)
      sink.account.run(customerId, balance, earned)
      for (const [year, job] of creditYears) {
        if (job.runAt > end) sink.job(POINTS_EXPIRY_JOB, `${customerId}:${year}`, job.runAt, { customerId }, null, job.plannedAt)
      }
    },
  }
}

export type PointsBook = ReturnType<typeof createPointsBook>
