import fp from 'fastify-plugin'
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import { coupons } from '../db/schema'

const EXPIRING_WITHIN_MS = 7 * 24 * 3600 * 1000

/** The loyalty domain's part of the guide's 360 view: membership, check-in and coupons about to expire. */
export default fp(
  async (app) => {
    app.customer360.registerSection('membership', (_tx, customer) => {
      const standing = app.points.standingOf(customer.id)
      return {
        level: { code: standing.level.code, name: standing.level.name },
        points: { balance: standing.balance },
        growth: { value: standing.growth, nextLevelAt: standing.nextLevelAt },
      }
    })
    app.customer360.registerSection('checkIn', (tx, customer, now) => app.checkins.summaryOf(tx, customer.id, now))
    const p = sql.placeholder
    // Prepared once: the 360 view asks for every customer a guide opens.
    const expiringCoupons = app.db
      .select({ id: coupons.id, name: coupons.name, validUntil: coupons.validUntil })
      .from(coupons)
      .where(and(eq(coupons.customerId, p('customerId')), eq(coupons.status, 'available'), gte(coupons.validUntil, p('from')), lte(coupons.validUntil, p('until'))))
      .orderBy(asc(coupons.validUntil))
      .limit(5)
      .prepare()
    app.customer360.registerSection('coupons', (_tx, customer, now) => {
      const expiring = expiringCoupons.all({ customerId: customer.id, from: now.getTime(), until: now.getTime() + EXPIRING_WITHIN_MS })
      return expiring.length > 0
        ? { expiringSoon: expiring.map((c) => ({ id: c.id, name: c.name, expiresAt: c.validUntil.toISOString() })) }
        : null
    })
  },
  { name: 'loyalty-360-sections', dependencies: ['customer-360', 'points', 'checkins', 'coupons'] },
)
