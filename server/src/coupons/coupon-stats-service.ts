// Usage statistics per template: what was issued and by which door, what was used and where, what
// expired, and the paid amount of the orders that used one.
import { and, count, desc, eq, inArray, like, lte, or, sql, sum } from 'drizzle-orm'
import { PURCHASED_ORDER_STATUSES, type CouponStatsList, type CouponTemplateStats } from '@liuliang/shared'
import { couponStoreRedemptions, couponTemplates, coupons, orderCheckouts, orders } from '../db/schema'
import type { ServiceDeps } from '../services'

/** Counts the rows meeting a condition, the same on both engines. */
const countWhere = (condition: ReturnType<typeof sql>) => sql<number>`count(case when ${condition} then 1 end)`

export function createCouponStatsService({ db, now }: ServiceDeps) {
  return {
    async perTemplate(): Promise<CouponStatsList> {
      const at = now()
      const [templates, bySource, byUse, gmv] = await Promise.all([
        db.select({ id: couponTemplates.id, name: couponTemplates.name }).from(couponTemplates).orderBy(desc(couponTemplates.id)),
        db.select({ templateId: coupons.templateId, source: coupons.source, n: count() }).from(coupons).groupBy(coupons.templateId, coupons.source),
        db
          .select({
            templateId: coupons.templateId,
            used: countWhere(sql`${coupons.status} = 'used'`),
            checkout: countWhere(sql`${coupons.status} = 'used' and ${like(coupons.usedOrderRef, 'order:%')}`),
            store: countWhere(sql`${coupons.status} = 'used' and ${couponStoreRedemptions.couponId} is not null`),
            expired: countWhere(sql`${or(eq(coupons.status, 'expired'), and(eq(coupons.status, 'available'), lte(coupons.validUntil, at)))}`),
          })
          .from(coupons)
          .leftJoin(couponStoreRedemptions, eq(couponStoreRedemptions.couponId, coupons.id))
          .groupBy(coupons.templateId),
        db
          .select({ templateId: coupons.templateId, fen: sum(orders.amountFen) })
          .from(orderCheckouts)
          .innerJoin(orders, eq(orders.id, orderCheckouts.orderId))
          .innerJoin(coupons, eq(coupons.id, orderCheckouts.couponId))
          .where(inArray(orders.status, [...PURCHASED_ORDER_STATUSES]))
          .groupBy(coupons.templateId),
      ])
      const uses = new Map(byUse.map((row) => [row.templateId, row]))
      const gmvOf = new Map(gmv.map((row) => [row.templateId, Number(row.fen ?? 0)]))
      const items = templates.map(({ id, name }): CouponTemplateStats => {
        const issued = { total: 0, audience: 0, claim: 0, admin: 0, other: 0 }
        for (const row of bySource) {
          if (row.templateId !== id) continue
          const n = Number(row.n)
          issued.total += n
          if (row.source === 'audience' || row.source === 'claim' || row.source === 'admin') issued[row.source] += n
          else issued.other += n
        }
        const use = uses.get(id)
        const used = Number(use?.used ?? 0)
        const checkout = Number(use?.checkout ?? 0)
        const store = Number(use?.store ?? 0)
        return {
          templateId: id,
          name,
          issued,
          used: { total: used, checkout, store, other: used - checkout - store },
          expired: Number(use?.expired ?? 0),
          useRate: issued.total > 0 ? used / issued.total : 0,
          gmvFen: gmvOf.get(id) ?? 0,
        }
      })
      return { items }
    },
  }
}

export type CouponStatsService = ReturnType<typeof createCouponStatsService>
