// Subscription messages on the events that call for them: group-buy results, prizes, settled commissions, shipped
// orders, and each day a check-in reminder and a notice of coupons about to expire, for those who subscribed.
import fp from 'fastify-plugin'
import { eq } from 'drizzle-orm'
import { addDays, businessDate, businessDateTime, startOfBusinessDay } from '@liuliang/shared'
import { first, type Tx } from '../db'
import {
  distributors,
  groupbuyCampaigns,
  groupbuyGroups,
  lotteries,
  orderItems,
  orderShipments,
  products,
} from '../db/schema'
import { runPeriodically } from '../scheduler/periodic'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps } from '../services'
import { checkinRemindersOf, couponsEndingOf, dailyNoticeWalk } from './daily-notices'
import { createSubscriptionMessageService, type SubscriptionMessageService } from './subscription-message-service'

export const CHECKIN_REMINDER_JOB = 'subscription-checkin-reminder'
export const COUPON_NOTICE_JOB = 'subscription-coupon-notice'
const CHECKIN_REMINDER_STEP_JOB = 'subscription-checkin-reminder-step'
const COUPON_NOTICE_STEP_JOB = 'subscription-coupon-notice-step'
/** Coupons about to expire are announced in the morning, business time. */
const COUPON_NOTICE_HOUR = 10
const HOUR_MS = 3600 * 1000

declare module 'fastify' {
  interface FastifyInstance {
    subscriptionMessages: SubscriptionMessageService
  }
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`

/** `queuedEveryMs`: how often to look for sends another server left queued (0: only at start and after queueing). */
export default fp<{ timeZone: string; queuedEveryMs: number }>(
  async (app, { timeZone, queuedEveryMs }) => {
    const service = createSubscriptionMessageService({ ...serviceDeps(app), wechat: app.wechat })
    app.decorate('subscriptionMessages', service)
    const { db } = app
    const minute = (instant: Date) => businessDateTime(instant, timeZone).slice(0, 16)

    app.groupbuy.hooks.closed.push((_tx, closed) =>
      service.notify({
        event: 'groupbuy_result',
        customerId: closed.customerId,
        key: `groupbuy_result:${closed.groupId}:${closed.orderId}`,
        values: async () => {
          const row = await first(
            db
              .select({ product: products.name, priceFen: groupbuyCampaigns.priceFen })
              .from(groupbuyGroups)
              .innerJoin(groupbuyCampaigns, eq(groupbuyCampaigns.id, groupbuyGroups.campaignId))
              .innerJoin(products, eq(products.id, groupbuyCampaigns.productId))
              .where(eq(groupbuyGroups.id, closed.groupId)),
          )
          return {
            product: row?.product ?? '拼团商品',
            result: closed.succeeded ? '拼团成功' : '拼团失败',
            price: yuan(row?.priceFen ?? 0),
            note: closed.succeeded ? '拼团成功，我们会尽快为你发货' : '人数未满，款项将原路退回',
            groupId: String(closed.groupId),
            orderId: String(closed.orderId),
          }
        },
      }),
    )

    app.lottery.hooks.won.push((_tx, draw, prize, at) =>
      service.notify({
        event: 'prize_won',
        customerId: draw.customerId,
        key: `prize_won:${draw.id}`,
        values: async () => {
          const lottery = await first(db.select({ name: lotteries.name }).from(lotteries).where(eq(lotteries.id, draw.lotteryId)))
          return { lottery: lottery?.name ?? '抽奖活动', prize: prize.name, time: minute(at) }
        },
      }),
    )

    app.distribution.hooks.settled.push(async (tx, settled, at) => {
      const owner = await first(tx.select({ customerId: distributors.customerId }).from(distributors).where(eq(distributors.id, settled.distributorId)))
      if (!owner) return
      service.notify({
        event: 'commission_settled',
        customerId: owner.customerId,
        key: `commission_settled:${settled.distributorId}:${settled.orderId}`,
        values: async () => ({ amount: yuan(settled.amountFen), orderNo: String(settled.orderId), time: minute(at) }),
      })
    })

    app.orders.hooks.shipped.push(async (_tx, order, at) =>
      service.notify({
        event: 'order_shipped',
        customerId: order.customerId,
        key: `order_shipped:${order.id}`,
        values: async () => {
          const shipment = await first(db.select().from(orderShipments).where(eq(orderShipments.orderId, order.id)))
          const items = await db.select({ name: orderItems.name, quantity: orderItems.quantity }).from(orderItems).where(eq(orderItems.orderId, order.id))
          const [firstItem] = items
          const product = firstItem ? `${firstItem.name}${items.length > 1 ? `等${items.length}件` : ''}` : '订单商品'
          return {
            orderNo: String(order.id),
            product,
            carrier: shipment?.carrierName ?? '',
            trackingNo: shipment?.trackingNo ?? '',
            time: minute(shipment?.shippedAt ?? at),
            orderId: String(order.id),
          }
        },
      }),
    )

    /** The instant a business date reaches an hour of its wall clock. */
    const hourOf = (date: string, hour: number) => new Date(startOfBusinessDay(date, timeZone).getTime() + hour * HOUR_MS)
    /** Plans a daily job for the first of today and tomorrow whose hour is still ahead. */
    const planDaily = async (tx: Tx, scheduler: Scheduler, kind: string, hour: number, after: Date) => {
      const today = businessDate(after, timeZone)
      const date = hourOf(today, hour) > after ? today : addDays(today, 1)
      await scheduler.schedule(tx, { kind, key: date, runAt: hourOf(date, hour) })
    }

    // Each day's job starts the day's walk and plans the next day's first.
    const reminders = dailyNoticeWalk(app.scheduler, CHECKIN_REMINDER_STEP_JOB, service, 'checkin_reminder', checkinRemindersOf(db))
    app.scheduler.define(CHECKIN_REMINDER_JOB, async ({ tx, job, now }) => {
      await planDaily(tx, app.scheduler, CHECKIN_REMINDER_JOB, (await service.rules(tx)).checkinReminderHour, now)
      await reminders.start(tx, job.key, now)
    })
    const couponNotices = dailyNoticeWalk(app.scheduler, COUPON_NOTICE_STEP_JOB, service, 'coupon_expiring', couponsEndingOf(db, timeZone))
    app.scheduler.define(COUPON_NOTICE_JOB, async ({ tx, job, now }) => {
      await planDaily(tx, app.scheduler, COUPON_NOTICE_JOB, COUPON_NOTICE_HOUR, now)
      await couponNotices.start(tx, job.key, now)
    })
    // Sends a server left queued (stopped, or gone) are taken up at start and looked for now and then; those it
    // left waiting for WeChat's answer are marked unanswered.
    const takeUpLeftSends = async () => {
      await service.giveUpUnanswered()
      service.sendQueued()
    }
    app.addHook('onReady', takeUpLeftSends)
    runPeriodically(app, { name: 'queued subscription messages', everyMs: queuedEveryMs, work: takeUpLeftSends })

    // The first runs, when no server has planned them yet: a new database, or days with no server up.
    const at = app.now()
    const rules = await service.rules()
    await db.transaction(async (tx) => {
      await planDaily(tx, app.scheduler, CHECKIN_REMINDER_JOB, rules.checkinReminderHour, at)
      await planDaily(tx, app.scheduler, COUPON_NOTICE_JOB, COUPON_NOTICE_HOUR, at)
    })
    // Closing, the server takes no more queued sends (they wait for the next server), and the database closes only
    // once the messages under way have gone.
    app.addHook('preClose', () => service.stop())
    app.addHook('onClose', () => service.idle())
  },
  { name: 'subscription-messages', dependencies: ['db', 'clock', 'scheduler', 'tencent-clients', 'orders', 'groupbuy', 'lottery', 'distribution'] },
)
