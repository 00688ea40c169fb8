// Subscription messages on the events that call for them: group-buy results, prizes, settled commissions, shipped
// orders, and each day a check-in reminder and a notice of coupons about to expire, for those who subscribed.
import fp from 'fastify-plugin'
import { and, eq, gt, isNull, lte } from 'drizzle-orm'
import { addDays, businessDate, businessDateTime, startOfBusinessDay } from '@liuliang/shared'
import { first, type Tx } from '../db'
import {
  checkins,
  coupons,
  distributors,
  groupbuyCampaigns,
  groupbuyGroups,
  lotteries,
  orderItems,
  orderShipments,
  products,
  subscriptionGrants,
} from '../db/schema'
import type { Scheduler } from '../scheduler/scheduler'
import { serviceDeps } from '../services'
import { createSubscriptionMessageService, type SubscriptionMessageService } from './subscription-message-service'

export const CHECKIN_REMINDER_JOB = 'subscription-checkin-reminder'
export const COUPON_NOTICE_JOB = 'subscription-coupon-notice'
/** Coupons about to expire are announced in the morning, business time. */
const COUPON_NOTICE_HOUR = 10
const HOUR_MS = 3600 * 1000
const DAY_MS = 24 * HOUR_MS

declare module 'fastify' {
  interface FastifyInstance {
    subscriptionMessages: SubscriptionMessageService
  }
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`

export default fp<{ timeZone: string }>(
  async (app, { timeZone }) => {
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

    // Those holding a subscription to the reminder who have not checked in today; the streak is yesterday's.
    // Each job plans the next day's first: a notice is queued for after the commit, so nothing that could still fail follows it.
    app.scheduler.define(CHECKIN_REMINDER_JOB, async ({ tx, job, now }) => {
      const rules = await service.rules(tx)
      await planDaily(tx, app.scheduler, CHECKIN_REMINDER_JOB, rules.checkinReminderHour, now)
      const templateId = rules.templates.checkin_reminder.templateId
      if (templateId) {
        const date = job.key
        const due = await tx
          .select({ customerId: subscriptionGrants.customerId })
          .from(subscriptionGrants)
          .leftJoin(checkins, and(eq(checkins.customerId, subscriptionGrants.customerId), eq(checkins.date, date)))
          .where(and(eq(subscriptionGrants.templateId, templateId), gt(subscriptionGrants.remaining, 0), isNull(checkins.id)))
        for (const { customerId } of due) {
          service.notify({
            event: 'checkin_reminder',
            customerId,
            key: `checkin_reminder:${date}:${customerId}`,
            values: async () => {
              const yesterday = await first(
                db.select({ streak: checkins.streak }).from(checkins).where(and(eq(checkins.customerId, customerId), eq(checkins.date, addDays(date, -1)))),
              )
              return { streak: String(yesterday?.streak ?? 0), date }
            },
          })
        }
      }
    })

    // Unused coupons ending within the notice window, each announced once.
    app.scheduler.define(COUPON_NOTICE_JOB, async ({ tx, now }) => {
      const rules = await service.rules(tx)
      await planDaily(tx, app.scheduler, COUPON_NOTICE_JOB, COUPON_NOTICE_HOUR, now)
      const templateId = rules.templates.coupon_expiring.templateId
      if (templateId) {
        const ending = await tx
          .select({ id: coupons.id, customerId: coupons.customerId, name: coupons.name, validUntil: coupons.validUntil })
          .from(coupons)
          .innerJoin(subscriptionGrants, and(eq(subscriptionGrants.customerId, coupons.customerId), eq(subscriptionGrants.templateId, templateId)))
          .where(
            and(
              eq(coupons.status, 'available'),
              gt(coupons.validUntil, now),
              lte(coupons.validUntil, new Date(now.getTime() + rules.couponNoticeDays * DAY_MS)),
              gt(subscriptionGrants.remaining, 0),
            ),
          )
        for (const coupon of ending) {
          service.notify({
            event: 'coupon_expiring',
            customerId: coupon.customerId,
            key: `coupon_expiring:${coupon.id}`,
            values: async () => ({
              coupon: coupon.name,
              expiresAt: businessDate(coupon.validUntil, timeZone),
              days: String(Math.max(1, Math.ceil((coupon.validUntil.getTime() - now.getTime()) / DAY_MS))),
            }),
          })
        }
      }
    })

    // The first runs, when no server has planned them yet: a new database, or days with no server up.
    const at = app.now()
    const rules = await service.rules()
    await db.transaction(async (tx) => {
      await planDaily(tx, app.scheduler, CHECKIN_REMINDER_JOB, rules.checkinReminderHour, at)
      await planDaily(tx, app.scheduler, COUPON_NOTICE_JOB, COUPON_NOTICE_HOUR, at)
    })
    // Messages still going out finish before the database closes.
    app.addHook('onClose', () => service.idle())
  },
  { name: 'subscription-messages', dependencies: ['db', 'clock', 'scheduler', 'tencent-clients', 'orders', 'groupbuy', 'lottery', 'distribution'] },
)
