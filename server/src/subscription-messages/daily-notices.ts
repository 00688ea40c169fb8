// The daily check-in reminder and notice of coupons about to expire, to everyone holding a subscription to them:
// walked over the customers in steps, each step's recipients read apart from the server's thread and written
// out as queued sends in a short unit of work, then sent in turn. A reminder to a whole brand neither holds the
// server while it is read nor lives only in one server's memory while it is sent.
import { sql } from 'drizzle-orm'
import { addDays, businessDate, type SubscriptionEvent, type SubscriptionSettings } from '@liuliang/shared'
import type { Db, Tx } from '../db'
import { customerWalkJob, joinedInStep, type CustomerRange } from '../customers/customer-steps'
import type { Scheduler } from '../scheduler/scheduler'
import type { QueuedNotice, SubscriptionMessageService } from './subscription-message-service'

const DAY_MS = 24 * 3600 * 1000

/** A daily run of one event's notices: the step's notices as of `at`, under the brand's settings as the step reads them. */
type ReadNotices = (step: CustomerRange, run: string, at: Date, settings: SubscriptionSettings) => Promise<QueuedNotice[]>

/**
 * Walks the customers for a daily run of `event` (its run named by the business date), queueing what `read`
 * finds for each step. Answers how to start a day's run.
 */
export function dailyNoticeWalk(scheduler: Scheduler, kind: string, service: SubscriptionMessageService, event: SubscriptionEvent, read: ReadNotices) {
  const walk = customerWalkJob(scheduler, kind, {
    read: async (run, step, at) => {
      const settings = await service.rules()
      return settings.templates[event].templateId ? read(step, run, at, settings) : []
    },
    step: (tx, _run, _step, at, found) => service.queue(tx, event, found, at),
  })
  return {
    /** Starts the day's run, unless the brand has not chosen the event's template. */
    async start(tx: Tx, date: string, at: Date): Promise<void> {
      if ((await service.rules(tx)).templates[event].templateId) await walk.start(tx, date, at)
    },
  }
}

/** Those holding the reminder's subscription who have not checked in on the run's date; the streak is the day before's. */
export const checkinRemindersOf =
  (db: Db): ReadNotices =>
  async (step, date, _at, { templates }) => {
    const rows = await db.readApart<{ customer_id: number; streak: number | null }>(
      sql`select g.customer_id, y.streak
        from customers c cross join subscription_grants g
        left join checkins t on t.customer_id = g.customer_id and t.date = ${date}
        left join checkins y on y.customer_id = g.customer_id and y.date = ${addDays(date, -1)}
        where ${joinedInStep(step, 'g.customer_id')} and g.template_id = ${templates.checkin_reminder.templateId} and g.remaining > 0
          and c.openid is not null and t.id is null`,
    )
    return rows.map((row) => ({
      customerId: Number(row.customer_id),
      key: `checkin_reminder:${date}:${row.customer_id}`,
      values: { streak: String(row.streak ?? 0), date },
    }))
  }

/** Unused coupons of subscribed customers ending within the notice window, each announced once. */
export const couponsEndingOf =
  (db: Db, timeZone: string): ReadNotices =>
  async (step, _run, at, { templates, couponNoticeDays }) => {
    const until = at.getTime() + couponNoticeDays * DAY_MS
    const rows = await db.readApart<{ id: number; customer_id: number; name: string; valid_until: number | string }>(
      sql`select cp.id, cp.customer_id, cp.name, cp.valid_until
        from customers c cross join coupons cp
        join subscription_grants g on g.customer_id = cp.customer_id and g.template_id = ${templates.coupon_expiring.templateId}
        where ${joinedInStep(step, 'cp.customer_id')} and cp.status = 'available'
          and cp.valid_until > ${at.getTime()} and cp.valid_until <= ${until} and g.remaining > 0 and c.openid is not null`,
    )
    return rows.map((row) => {
      const validUntil = Number(row.valid_until)
      return {
        customerId: Number(row.customer_id),
        key: `coupon_expiring:${row.id}`,
        values: {
          coupon: row.name,
          expiresAt: businessDate(new Date(validUntil), timeZone),
          days: String(Math.max(1, Math.ceil((validUntil - at.getTime()) / DAY_MS))),
        },
      }
    })
  }
