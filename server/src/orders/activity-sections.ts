import fp from 'fastify-plugin'
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { PURCHASED_ORDER_STATUSES, suggestRepurchase } from '@liuliang/shared'
import { first, prepared, type DbOrTx } from '../db'
import { lotteryDraws, lotteryPrizes, orderItems, orders } from '../db/schema'

const RECENT = 5

/** The customer's orders that count as purchases. */
const purchasedByCustomer = and(eq(orders.customerId, sql.placeholder('customerId')), inArray(orders.status, [...PURCHASED_ORDER_STATUSES]))

// Every 360 view reads these, so they are built once and run with the customer (see `prepared`).
const purchaseTotals = prepared((handle: DbOrTx) =>
  handle
    .select({
      count: count(),
      total: sql<number>`coalesce(sum(${orders.amountFen}), 0)`,
      last: sql<number | null>`max(coalesce(${orders.paidAt}, ${orders.createdAt}))`,
    })
    .from(orders)
    .where(purchasedByCustomer),
)
const recentOrders = prepared((handle: DbOrTx) =>
  handle
    .select({ id: orders.id, status: orders.status, amountFen: orders.amountFen, createdAt: orders.createdAt })
    .from(orders)
    .where(eq(orders.customerId, sql.placeholder('customerId')))
    .orderBy(desc(orders.id))
    .limit(RECENT),
)
const purchasedItems = prepared((handle: DbOrTx) =>
  handle
    .select({ orderId: orderItems.orderId, productId: orderItems.productId, name: orderItems.name, quantity: orderItems.quantity, at: orders.createdAt })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(purchasedByCustomer),
)
const drawCount = prepared((handle: DbOrTx) => handle.select({ n: count() }).from(lotteryDraws).where(eq(lotteryDraws.customerId, sql.placeholder('customerId'))))
const recentPrizes = prepared((handle: DbOrTx) =>
  handle
    .select({ prizeName: lotteryPrizes.name, prizeType: lotteryPrizes.type, drawnAt: lotteryDraws.createdAt })
    .from(lotteryDraws)
    .innerJoin(lotteryPrizes, eq(lotteryPrizes.id, lotteryDraws.prizeId))
    .where(and(eq(lotteryDraws.customerId, sql.placeholder('customerId')), eq(lotteryDraws.won, true)))
    .orderBy(desc(lotteryDraws.id))
    .limit(RECENT),
)

/** The activity domains' part of the guide's 360 view: what they bought and what they drew. */
export default fp(
  async (app) => {
    app.customer360.registerSection('orders', async (tx, customer, now) => {
      const customerId = customer.id
      const totals = await first(purchaseTotals(tx, { customerId }))
      const recent = await recentOrders(tx, { customerId })
      if (!totals?.count && recent.length === 0) return null
      const items = await purchasedItems(tx, { customerId })
      const byProduct = new Map<number, { productId: number; name: string; quantity: number }>()
      for (const item of items) {
        const entry = byProduct.get(item.productId) ?? { productId: item.productId, name: item.name, quantity: 0 }
        entry.quantity += item.quantity
        byProduct.set(item.productId, entry)
      }
      const titles = new Map<number, string>()
      for (const item of items) titles.set(item.orderId, titles.has(item.orderId) ? `${titles.get(item.orderId)}等` : item.name)
      const purchases = totals?.count ?? 0
      return {
        count: purchases,
        totalSpendFen: totals?.total ?? 0,
        averageOrderValueFen: purchases > 0 ? Math.round((totals?.total ?? 0) / purchases) : 0,
        lastPurchasedAt: totals?.last ? new Date(totals.last).toISOString() : null,
        favouriteProducts: [...byProduct.values()].sort((a, b) => b.quantity - a.quantity).slice(0, 3),
        recent: recent.map((o) => ({
          id: o.id,
          title: titles.get(o.id) ?? `订单 ${o.id}`,
          status: o.status,
          amountFen: o.amountFen,
          createdAt: o.createdAt.toISOString(),
        })),
        purchaseSuggestion: suggestRepurchase(
          items.map((item) => ({ productId: item.productId, productName: item.name, purchasedAt: item.at })),
          now,
        ),
      }
    })

    app.customer360.registerSection('draws', async (tx, customer) => {
      const total = (await first(drawCount(tx, { customerId: customer.id })))?.n ?? 0
      if (total === 0) return null
      const prizes = await recentPrizes(tx, { customerId: customer.id })
      return { total, recentPrizes: prizes.map((p) => ({ ...p, drawnAt: p.drawnAt.toISOString() })) }
    })
  },
  { name: 'activity-360-sections', dependencies: ['customer-360'] },
)
