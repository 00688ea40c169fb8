import fp from 'fastify-plugin'
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import { placeholderFor, prepared, type DbOrTx } from '../db'
import { coupons } from '../db/schema'

const EXPIRING_WITHIN_MS = 7 * 24 * 3600 * 1000

/** A customer's coupons expiring between `from` and `until`, soonest first; every 360 view reads it, so it is built once. */
const couponsExpiring = prepared((handle: DbOrTx) =>
  handle
    .select({ id: coupons.id, name: coupons.name, validUntil: coupons.validUntil })
    .from(coupons)
    .where(
      and(
        eq(coupons.customerId, sql.placeholder('customerId')),
        eq(coupons.status, 'available'),
        gte(coupons.validUntil, placeholderFor(coupons.validUntil, 'from')),
        lte(coupons.validUntil, placeholderFor(coupons.validUntil, 'until')),
      ),
    )
    .orderBy(asc(coupons.validUntil))
    .limit(5),
)

/** The loyalty domain's part of the guide's 360 view: membership, check-in and coupons about to expire. */
export default fp(
  async (app) => {
    app.customer360.registerSection('membership', async (tx, customer) => {
      const standing = await app.points.standingOf(customer.id, tx)
      return {
        level: { code: standing.level.code, name: standing.level.name },
        points: { balance: standing.balance },
        growth: { value: standing.growth, nextLevelAt: standing.nextLevelAt },
      }
    })
    app.customer360.registerSection('checkIn', (tx, customer, now) => app.checkins.summaryOf(tx, customer.id, now))
    app.customer360.registerSection('coupons', async (tx, customer, now) => {
      const expiring = await couponsExpiring(tx, { customerId: customer.id, from: now, until: new Date(now.getTime() + EXPIRING_WITHIN_MS) })
      return expiring.length > 0
        ? { expiringSoon: expiring.map((c) => ({ id: c.id, name: c.name, expiresAt: c.validUntil.toISOString() })) }
        : null
    })
  },
  { name: 'loyalty-360-sections', dependencies: ['customer-360', 'points', 'checkins', 'coupons'] },
)
