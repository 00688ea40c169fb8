import fp from 'fastify-plugin'
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm'
import type {
  AdminOrder,
  AdminOrderPage,
  AdminOrdersQuery,
  CreateOrderRequest,
  CreateProductRequest,
  MyOrdersQuery,
  Order,
  OrderKind,
  OrderPage,
  PaymentStart,
  Product,
  UpdateProductRequest,
} from '@liuliang/shared'
import type { Db, DbOrTx, Tx } from '../db'
import { findByClientKey } from '../db/client-key'
import { cursorBefore, pageOf } from '../db/paging'
import { customers, orderItems, orders, products } from '../db/schema'
import { conflict, notFound } from '../errors'
import type { PaymentRow, PaymentService, RefundRow } from '../payments/payment-service'
import type { PointsService } from '../points/points-service'
import type { Scheduler } from '../scheduler/scheduler'
import { recordTimelineEvent } from '../timeline/record'

export type OrderRow = typeof orders.$inferSelect
type ProductRow = typeof products.$inferSelect

export const ORDER_EXPIRY_JOB = 'order-expiry'
export const ORDER_AUTO_COMPLETE_JOB = 'order-auto-complete'

/** An unpaid normal order keeps its stock this long. */
export const ORDER_PAY_MINUTES = 15
/** A paid order the customer never confirms completes by itself after this. */
const AUTO_COMPLETE_DAYS = 10
/** Order points: one per yuan, times the level's multiplier. */
const FEN_PER_POINT = 100

export type OrderHook = (tx: Tx, order: OrderRow, at: Date) => void

/** What a kind of order (group-buy) adds to the common flow. */
export interface OrderKindRules {
  /** Before paying: throws the 409 that says why this order cannot be paid now. */
  checkPayable?(tx: Tx, order: OrderRow, at: Date): void
  /** On payment: whether the order keeps the money (false: it is refunded at once). */
  admit?(tx: Tx, order: OrderRow, at: Date): boolean
  /** Whether a paid order may complete yet. */
  canComplete?(tx: Tx, order: OrderRow): boolean
}

const iso = (date: Date | null) => date?.toISOString() ?? null

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    imageUrl: row.imageUrl,
    priceFen: row.priceFen,
    stock: row.stock,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  }
}

export interface NewOrder {
  customerId: number
  kind: OrderKind
  items: { productId: number; name: string; priceFen: number; quantity: number }[]
  payDeadline: Date
  idempotencyKey?: string
  at: Date
}

export interface OrderDeps {
  db: Db
  now: () => Date
  scheduler: Scheduler
  points: PointsService
  payments: PaymentService
}

export function createOrderService({ db, now, scheduler, points, payments }: OrderDeps) {
  const hooks = { created: [] as OrderHook[], paid: [] as OrderHook[], completed: [] as OrderHook[], refunding: [] as OrderHook[], cancelled: [] as OrderHook[] }
  const kindRules = new Map<OrderKind, OrderKindRules>()
  const groupOf = new Map<OrderKind, (tx: DbOrTx, orderId: number) => number | null>()
  const run = (list: OrderHook[], tx: Tx, order: OrderRow, at: Date) => list.forEach((hook) => hook(tx, order, at))

  const p = sql.placeholder
  // Prepared once: placing and showing an order are on every purchase and group-buy join.
  const q = {
    insertOrder: db
      .insert(orders)
      .values({
        customerId: p('customerId'),
        kind: p('kind'),
        amountFen: p('amountFen'),
        payDeadline: p('payDeadline'),
        idempotencyKey: p('idempotencyKey'),
        createdAt: p('createdAt'),
      })
      .returning()
      .prepare(),
    insertItem: db
      .insert(orderItems)
      .values({ orderId: p('orderId'), productId: p('productId'), name: p('name'), priceFen: p('priceFen'), quantity: p('quantity') })
      .prepare(),
    itemsOfOrder: db.select().from(orderItems).where(eq(orderItems.orderId, p('orderId'))).prepare(),
  }

  const itemsOf = (tx: DbOrTx, orderIds: number[]) => {
    const rows =
      orderIds.length === 1
        ? q.itemsOfOrder.all({ orderId: orderIds[0] })
        : orderIds.length
          ? tx.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).all()
          : []
    const byOrder = new Map<number, typeof rows>()
    for (const row of rows) byOrder.set(row.orderId, [...(byOrder.get(row.orderId) ?? []), row])
    return byOrder
  }

  const toOrders = (tx: DbOrTx, rows: OrderRow[]): Order[] => {
    const items = itemsOf(
      tx,
      rows.map((row) => row.id),
    )
    return rows.map((row) => {
      const refund = payments.latestRefundOf(tx, row.id)
      return {
        id: row.id,
        kind: row.kind,
        status: row.status,
        amountFen: row.amountFen,
        items: (items.get(row.id) ?? []).map(({ productId, name, priceFen, quantity }) => ({ productId, name, priceFen, quantity })),
        groupId: groupOf.get(row.kind)?.(tx, row.id) ?? null,
        payDeadline: row.payDeadline.toISOString(),
        pointsAwarded: row.pointsAwarded,
        refund: refund
          ? {
              status: refund.status,
              amountFen: refund.amountFen,
              reason: refund.reason,
              requestedAt: refund.createdAt.toISOString(),
              refundedAt: iso(refund.succeededAt),
            }
          : null,
        paidAt: iso(row.paidAt),
        completedAt: iso(row.completedAt),
        cancelledAt: iso(row.cancelledAt),
        createdAt: row.createdAt.toISOString(),
      }
    })
  }
  const toOrder = (tx: DbOrTx, row: OrderRow) => toOrders(tx, [row])[0] as Order

  const orderOr404 = (tx: DbOrTx, id: number, customerId?: number) => {
    const row = tx.select().from(orders).where(eq(orders.id, id)).get()
    if (!row || (customerId !== undefined && row.customerId !== customerId)) throw notFound('ORDER_NOT_FOUND', '没有这个订单')
    return row
  }

  const moveStatus = (tx: DbOrTx, id: number, from: OrderRow['status'][], set: Partial<OrderRow>) =>
    tx
      .update(orders)
      .set(set)
      .where(and(eq(orders.id, id), inArray(orders.status, from)))
      .returning()
      .get()

  /** The money of a payment the order does not keep goes back; the order itself may close with it. */
  const returnPayment = (tx: Tx, order: OrderRow, payment: PaymentRow, reason: string, at: Date) => {
    // An order that never became paid goes to refunding with the money; a paid one keeps its own payment.
    const closes = order.status === 'pending_payment' || order.status === 'cancelled'
    if (closes) moveStatus(tx, order.id, ['pending_payment', 'cancelled'], { status: 'refunding', cancelledAt: order.cancelledAt ?? at })
    payments.refund(tx, { orderId: order.id, payment, reason, closesOrder: closes, at })
    recordTimelineEvent(tx, {
      customerId: order.customerId,
      type: 'order_refund_requested',
      occurredAt: at,
      data: { orderId: order.id, amountFen: payment.amountFen, reason },
    })
  }

  const service = {
    hooks,
    defineKind(kind: OrderKind, rules: OrderKindRules, group?: (tx: DbOrTx, orderId: number) => number | null): void {
      kindRules.set(kind, rules)
      if (group) groupOf.set(kind, group)
    },

    createProduct(input: CreateProductRequest): Product {
      return toProduct(db.insert(products).values({ ...input, createdAt: now() }).returning().get())
    },

    updateProduct(id: number, patch: UpdateProductRequest): Product {
      const current = service.productOr404(db, id)
      if (Object.keys(patch).length === 0) return toProduct(current)
      return toProduct(db.update(products).set(patch).where(eq(products.id, id)).returning().get() as ProductRow)
    },

    productOr404(tx: DbOrTx, id: number): ProductRow {
      const row = tx.select().from(products).where(eq(products.id, id)).get()
      if (!row) throw notFound('PRODUCT_NOT_FOUND', '没有这个商品')
      return row
    },

    listProducts: (): Product[] => db.select().from(products).orderBy(desc(products.id)).all().map(toProduct),

    listOnSale: (): Product[] => db.select().from(products).where(eq(products.active, true)).orderBy(desc(products.id)).all().map(toProduct),

    /** Inserts an order in the caller's transaction, plans its expiry and tells the other domains. */
    place(tx: Tx, input: NewOrder): OrderRow {
      const amountFen = input.items.reduce((sum, item) => sum + item.priceFen * item.quantity, 0)
      const row = q.insertOrder.get({
        customerId: input.customerId,
        kind: input.kind,
        amountFen,
        payDeadline: input.payDeadline,
        idempotencyKey: input.idempotencyKey ?? null,
        createdAt: input.at,
      }) as OrderRow
      for (const item of input.items) q.insertItem.run({ ...item, orderId: row.id })
      scheduler.schedule(tx, { kind: ORDER_EXPIRY_JOB, key: String(row.id), runAt: input.payDeadline, payload: { orderId: row.id } })
      recordTimelineEvent(tx, {
        customerId: input.customerId,
        type: 'order_created',
        occurredAt: input.at,
        data: { orderId: row.id, kind: input.kind, amountFen, items: input.items.map((item) => `${item.name}×${item.quantity}`).join('、') },
      })
      run(hooks.created, tx, row, input.at)
      return row
    },

    /** A normal order: each product's stock is taken by a guarded update, all or nothing. */
    createOrder(customerId: number, request: CreateOrderRequest, clientKey?: string): Order {
      const at = now()
      return db.transaction(
        (tx) => {
          const prior = findByClientKey(tx, orders, { owner: orders.customerId, key: orders.idempotencyKey }, customerId, clientKey)
          if (prior) return toOrder(tx, prior)
          const items = request.items.map(({ productId, quantity }) => {
            const product = service.productOr404(tx, productId)
            if (!product.active) throw conflict('PRODUCT_UNAVAILABLE', `「${product.name}」已下架`)
            const taken = tx
              .update(products)
              .set({ stock: sql`${products.stock} - ${quantity}` })
              .where(and(eq(products.id, productId), gte(products.stock, quantity)))
              .run()
            if (taken.changes === 0) throw conflict('OUT_OF_STOCK', `「${product.name}」库存不足`)
            return { productId, name: product.name, priceFen: product.priceFen, quantity }
          })
          const payDeadline = new Date(at.getTime() + ORDER_PAY_MINUTES * 60_000)
          return toOrder(tx, service.place(tx, { customerId, kind: 'normal', items, payDeadline, idempotencyKey: clientKey, at }))
        },
        { behavior: 'immediate' },
      )
    },

    getMine: (customerId: number, id: number): Order => toOrder(db, orderOr404(db, id, customerId)),

    view: (tx: DbOrTx, row: OrderRow): Order => toOrder(tx, row),

    orderOr404,

    myOrders(customerId: number, query: MyOrdersQuery): OrderPage {
      const limit = query.limit ?? 20
      const rows = db
        .select()
        .from(orders)
        .where(and(eq(orders.customerId, customerId), query.status ? eq(orders.status, query.status) : undefined, cursorBefore(orders.id, query.cursor)))
        .orderBy(desc(orders.id))
        .limit(limit + 1)
        .all()
      const page = pageOf(rows, limit, (row) => row)
      return { items: toOrders(db, page.items), nextCursor: page.nextCursor }
    },

    listForAdmin(query: AdminOrdersQuery): AdminOrderPage {
      const limit = query.limit ?? 20
      const rows = db
        .select({ row: orders, customerName: customers.name })
        .from(orders)
        .innerJoin(customers, eq(customers.id, orders.customerId))
        .where(
          and(
            query.status ? eq(orders.status, query.status) : undefined,
            query.customerId ? eq(orders.customerId, query.customerId) : undefined,
            cursorBefore(orders.id, query.cursor),
          ),
        )
        .orderBy(desc(orders.id))
        .limit(limit + 1)
        .all()
      const page = pageOf(rows, limit, (entry) => ({ ...entry, id: entry.row.id }))
      const views = toOrders(
        db,
        page.items.map((entry) => entry.row),
      )
      return {
        items: page.items.map(({ row, customerName }, index): AdminOrder => ({
          ...(views[index] as Order),
          customerId: row.customerId,
          customerName,
          pointsClawedBack: row.pointsClawedBack,
          pointsShortfall: row.pointsShortfall,
        })),
        nextCursor: page.nextCursor,
      }
    },

    /** Starts (or resumes) paying an unpaid order of the customer's. */
    async pay(customerId: number, id: number): Promise<PaymentStart> {
      const at = now()
      const { payment, fresh, order } = db.transaction(
        (tx) => {
          const row = orderOr404(tx, id, customerId)
          if (row.status !== 'pending_payment') {
            throw conflict('ORDER_NOT_PAYABLE', row.status === 'cancelled' ? '订单已取消' : '订单已支付，无需重复付款')
          }
          if (row.payDeadline <= at) throw conflict('ORDER_EXPIRED', '订单已超时，请重新下单')
          kindRules.get(row.kind)?.checkPayable?.(tx, row, at)
          return { ...payments.begin(tx, row.id, row.amountFen, at), order: row }
        },
        { behavior: 'immediate' },
      )
      if (!fresh) return payments.describe(payment)
      const buyer = db.select({ openid: customers.openid }).from(customers).where(eq(customers.id, order.customerId)).get()
      const items = itemsOf(db, [order.id]).get(order.id) ?? []
      const description = items.map((item) => item.name).join('、').slice(0, 120) || `订单 ${order.id}`
      return payments.request(payment, description, buyer?.openid ?? null)
    },

    /** A payment succeeded: the order is paid with it, or the money goes back. */
    settlePayment(tx: Tx, payment: PaymentRow, at: Date): void {
      const order = orderOr404(tx, payment.orderId)
      if (order.status !== 'pending_payment') {
        returnPayment(tx, order, payment, order.status === 'cancelled' || order.status === 'refunding' ? '订单已关闭，自动退款' : '重复支付，自动退款', at)
        return
      }
      const rules = kindRules.get(order.kind)
      if (rules?.admit && !rules.admit(tx, order, at)) {
        returnPayment(tx, order, payment, '拼团名额已满，自动退款', at)
        return
      }
      const paid = moveStatus(tx, order.id, ['pending_payment'], { status: 'paid', paidAt: at, paidPaymentId: payment.id }) as OrderRow
      scheduler.schedule(tx, {
        kind: ORDER_AUTO_COMPLETE_JOB,
        key: String(order.id),
        runAt: new Date(at.getTime() + AUTO_COMPLETE_DAYS * 86_400_000),
        payload: { orderId: order.id },
      })
      recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_paid', occurredAt: at, data: { orderId: order.id, amountFen: order.amountFen } })
      run(hooks.paid, tx, paid, at)
    },

    /** The provider returned money: an order waiting on it becomes refunded. */
    refundSucceeded(tx: Tx, refund: RefundRow, at: Date): void {
      const order = orderOr404(tx, refund.orderId)
      if (refund.closesOrder) moveStatus(tx, order.id, ['refunding'], { status: 'refunded', refundedAt: at })
      recordTimelineEvent(tx, {
        customerId: order.customerId,
        type: refund.closesOrder ? 'order_refunded' : 'payment_refunded',
        occurredAt: at,
        data: { orderId: order.id, amountFen: refund.amountFen, reason: refund.reason },
      })
    },

    /** Refunds a paid or completed order in full, in the caller's transaction; once. */
    refundPaid(tx: Tx, order: OrderRow, reason: string, at: Date): boolean {
      const moved = moveStatus(tx, order.id, ['paid', 'completed'], { status: 'refunding' })
      if (!moved) return false
      const payment = payments.succeededPaymentOf(tx, order.paidPaymentId)
      if (!payment) throw new Error(`order ${order.id} is paid without a succeeded payment`)
      payments.refund(tx, { orderId: order.id, payment, reason, closesOrder: true, at })
      service.clawBackPoints(tx, moved, at)
      recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_refund_requested', occurredAt: at, data: { orderId: order.id, amountFen: order.amountFen, reason } })
      run(hooks.refunding, tx, moved, at)
      return true
    },

    /** An admin refunds an order; a second refund of the same order is refused. */
    refundByAdmin(id: number, reason: string): AdminOrder {
      const at = now()
      db.transaction(
        (tx) => {
          const order = orderOr404(tx, id)
          if (!service.refundPaid(tx, order, reason, at)) {
            throw conflict('ORDER_NOT_REFUNDABLE', order.status === 'pending_payment' ? '订单未支付' : '订单已退款或已取消')
          }
        },
        { behavior: 'immediate' },
      )
      return service.adminView(id)
    },

    adminView(id: number): AdminOrder {
      const row = orderOr404(db, id)
      const name = db.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId)).get()?.name ?? null
      return { ...toOrder(db, row), customerId: row.customerId, customerName: name, pointsClawedBack: row.pointsClawedBack, pointsShortfall: row.pointsShortfall }
    },

    /** Order points go back with a refund, as far as the balance allows; the rest is recorded as a shortfall. */
    clawBackPoints(tx: Tx, order: OrderRow, at: Date): void {
      if (order.pointsAwarded === 0 || order.pointsClawedBack > 0 || order.pointsShortfall > 0) return
      const take = Math.min(order.pointsAwarded, points.balanceOf(tx, order.customerId))
      if (take > 0) {
        points.debit(tx, {
          customerId: order.customerId,
          amount: take,
          reason: 'order_refund',
          title: `订单 ${order.id} 退款，扣回积分`,
          idempotencyKey: `order:${order.id}:clawback`,
          at,
        })
      }
      tx.update(orders)
        .set({ pointsClawedBack: take, pointsShortfall: order.pointsAwarded - take })
        .where(eq(orders.id, order.id))
        .run()
    },

    /** paid → completed, once: order points by the customer's level, and the domains' follow-ups. */
    complete(tx: Tx, id: number, at: Date): OrderRow | null {
      const order = orderOr404(tx, id)
      if (order.status !== 'paid' || kindRules.get(order.kind)?.canComplete?.(tx, order) === false) return null
      const completed = moveStatus(tx, id, ['paid'], { status: 'completed', completedAt: at })
      if (!completed) return null
      const multiplier = points.standingOf(order.customerId).level.orderPointsMultiplier
      const award = Math.floor((order.amountFen / FEN_PER_POINT) * multiplier)
      if (award > 0) {
        points.credit(tx, {
          customerId: order.customerId,
          amount: award,
          reason: 'order_reward',
          title: `订单 ${order.id} 完成奖励`,
          idempotencyKey: `order:${order.id}:reward`,
          at,
        })
        tx.update(orders).set({ pointsAwarded: award }).where(eq(orders.id, id)).run()
      }
      recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_completed', occurredAt: at, data: { orderId: id, amountFen: order.amountFen, points: award } })
      const row = { ...completed, pointsAwarded: award }
      run(hooks.completed, tx, row, at)
      return row
    },

    /** The customer confirms receipt, or an admin completes the order. */
    completeOrder(id: number, customerId?: number): Order {
      const at = now()
      return db.transaction(
        (tx) => {
          const order = orderOr404(tx, id, customerId)
          if (!service.complete(tx, id, at)) {
            throw conflict('ORDER_NOT_COMPLETABLE', order.status === 'completed' ? '订单已完成' : '订单当前不能完成')
          }
          return toOrder(tx, orderOr404(tx, id))
        },
        { behavior: 'immediate' },
      )
    },

    /** Unpaid at its deadline: cancelled, with its stock back; once. */
    expire(tx: Tx, id: number, at: Date): void {
      const order = orderOr404(tx, id)
      if (order.payDeadline > at) return
      const cancelled = moveStatus(tx, id, ['pending_payment'], { status: 'cancelled', cancelledAt: at })
      if (!cancelled) return
      if (order.kind === 'normal') {
        for (const item of itemsOf(tx, [id]).get(id) ?? []) {
          tx.update(products)
            .set({ stock: sql`${products.stock} + ${item.quantity}` })
            .where(eq(products.id, item.productId))
            .run()
        }
      }
      recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_cancelled', occurredAt: at, data: { orderId: id, reason: '超时未支付' } })
      run(hooks.cancelled, tx, cancelled, at)
    },
  }
  return service
}

export type OrderService = ReturnType<typeof createOrderService>

declare module 'fastify' {
  interface FastifyInstance {
    orders: OrderService
  }
}

export default fp(
  async (app) => {
    const service = createOrderService({ db: app.db, now: () => app.now(), scheduler: app.scheduler, points: app.points, payments: app.payments })
    app.payments.listen({ paymentSucceeded: service.settlePayment, refundSucceeded: service.refundSucceeded })
    app.scheduler.define(ORDER_EXPIRY_JOB, ({ tx, job, now }) => service.expire(tx, (job.payload as { orderId: number }).orderId, now))
    app.scheduler.define(ORDER_AUTO_COMPLETE_JOB, ({ tx, job, now }) => {
      service.complete(tx, (job.payload as { orderId: number }).orderId, now)
    })
    app.decorate('orders', service)
  },
  { name: 'orders', dependencies: ['db', 'clock', 'scheduler', 'points', 'payments'] },
)
