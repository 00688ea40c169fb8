import fp from 'fastify-plugin'
import { and, desc, eq } from 'drizzle-orm'
import { PURCHASED_ORDER_STATUSES, type AdminAfterSale, type AdminAfterSalePage, type AdminAfterSalesQuery, type AfterSale, type RequestAfterSale } from '@liuliang/shared'
import { first, type DbOrTx, type Tx } from '../db'
import { findByClientKey } from '../db/client-key'
import { cursorBefore, pageOf } from '../db/paging'
import { afterSales, customers, orders } from '../db/schema'
import { badRequest, conflict, notFound } from '../errors'
import type { PaymentService } from '../payments/payment-service'
import { serviceDeps, type ServiceDeps } from '../services'
import type { SettingsService } from '../settings/settings-service'
import { recordTimelineEvent } from '../timeline/record'
import { recordChange } from '../audit/audit-service'
import { changedFields } from '../audit/changes'
import { afterSaleProblem, afterSaleView, type AfterSaleRow } from './after-sale-view'
import type { OrderRow, OrderService } from './order-service'

export interface AfterSalesDeps extends ServiceDeps {
  orders: OrderService
  payments: PaymentService
  settings: SettingsService
}

/**
 * After-sales: the customer asks for money back (refund only, or return and refund) with a reason and an amount up to
 * what the order still holds; an admin approves (the refund goes out through the payment provider) or rejects with a
 * reason the customer reads. An approval that returns all the order still holds closes it as a whole refund does.
 */
export function createAfterSalesService({ db, now, orders: orderService, payments, settings }: AfterSalesDeps) {
  const requestOr404 = async (tx: DbOrTx, id: number) => {
    const row = await first(tx.select().from(afterSales).where(eq(afterSales.id, id)))
    if (!row) throw notFound('AFTER_SALE_NOT_FOUND', '没有这个售后申请')
    return row
  }

  const adminViews = async (tx: DbOrTx, rows: { row: AfterSaleRow; customerName: string | null; order: OrderRow }[]): Promise<AdminAfterSale[]> => {
    const views: AdminAfterSale[] = []
    for (const { row, customerName, order } of rows) {
      views.push({
        ...(await afterSaleView(tx, payments, row)),
        customerId: row.customerId,
        customerName,
        orderAmountFen: order.amountFen,
        orderRefundableFen: (PURCHASED_ORDER_STATUSES as readonly string[]).includes(order.status) ? order.amountFen - (await payments.refundedOf(tx, order.paidPaymentId)) : 0,
        shipped: row.shippedWhenAsked,
      })
    }
    return views
  }

  const adminView = async (id: number): Promise<AdminAfterSale> => {
    const row = await requestOr404(db, id)
    const order = await orderService.orderOr404(db, row.orderId)
    const name = (await first(db.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId))))?.name ?? null
    return (await adminViews(db, [{ row, customerName: name, order }]))[0] as AdminAfterSale
  }

  /** pending → approved or rejected, once: the loser of two concurrent decisions gets the 409. */
  const decide = async (tx: Tx, id: number, set: Partial<AfterSaleRow>) => {
    const row = await first(
      tx
        .update(afterSales)
        .set(set)
        .where(and(eq(afterSales.id, id), eq(afterSales.status, 'pending')))
        .returning(),
    )
    if (!row) throw conflict('AFTER_SALE_DECIDED', '该售后申请已处理')
    await recordChange(tx, {
      objectType: 'after-sales',
      objectId: id,
      action: row.status === 'approved' ? 'approve' : 'reject',
      changes: changedFields({ status: 'pending', rejectReason: null }, { status: row.status, rejectReason: row.rejectReason }),
    })
    return row
  }

  const service = {
    /** The customer asks; one request under review per order, and a retry with the same Idempotency-Key answers the first. */
    async request(customerId: number, orderId: number, input: RequestAfterSale, clientKey?: string): Promise<AfterSale> {
      const at = now()
      return db.transaction(async (tx) => {
        const prior = await findByClientKey(tx, afterSales, { owner: afterSales.customerId, key: afterSales.idempotencyKey }, customerId, clientKey)
        if (prior) return afterSaleView(tx, payments, prior)
        const order = await orderService.orderOr404(tx, orderId, customerId)
        const refundedFen = await payments.refundedOf(tx, order.paidPaymentId)
        const pending = await first(tx.select({ id: afterSales.id }).from(afterSales).where(and(eq(afterSales.orderId, orderId), eq(afterSales.status, 'pending'))))
        const problem = afterSaleProblem(order, refundedFen, !!pending, await settings.fulfilmentRules(tx), at)
        if (problem) throw conflict('AFTER_SALE_NOT_ALLOWED', problem)
        // A seat of a group still open is refunded whole by the group if it fails; until it succeeds there is nothing to ask.
        if (!(await orderService.proceeds(tx, order))) throw conflict('AFTER_SALE_NOT_ALLOWED', '拼团成功前不能申请售后，未成团将自动全额退款')
        const left = order.amountFen - refundedFen
        if (input.amountFen > left) throw badRequest('REFUND_EXCEEDS_PAID', `退款金额最多 ¥${(left / 100).toFixed(2)}`)
        const shipped = order.status === 'shipped' || order.status === 'completed'
        if (input.kind === 'return_refund' && !shipped) throw badRequest('NOTHING_TO_RETURN', '订单尚未发货，请选择「仅退款」')
        // The partial unique index keeps a second concurrent request out: it fails the insert instead of adding one.
        const row = await first(
          tx
            .insert(afterSales)
            .values({
              orderId,
              customerId,
              kind: input.kind,
              reason: input.reason,
              amountFen: input.amountFen,
              shippedWhenAsked: shipped,
              idempotencyKey: clientKey ?? null,
              createdAt: at,
            })
            .onConflictDoNothing()
            .returning(),
        )
        if (!row) throw conflict('AFTER_SALE_NOT_ALLOWED', '已有售后申请在审核中')
        await recordTimelineEvent(tx, {
          customerId,
          type: 'after_sale_requested',
          occurredAt: at,
          data: { orderId, amountFen: input.amountFen, reason: input.reason, kind: input.kind },
        })
        return afterSaleView(tx, payments, row)
      })
    },

    async mine(customerId: number, orderId: number): Promise<{ items: AfterSale[] }> {
      await orderService.orderOr404(db, orderId, customerId)
      const rows = await db.select().from(afterSales).where(eq(afterSales.orderId, orderId)).orderBy(desc(afterSales.id)).limit(50)
      const items: AfterSale[] = []
      for (const row of rows) items.push(await afterSaleView(db, payments, row))
      return { items }
    },

    async list(query: AdminAfterSalesQuery): Promise<AdminAfterSalePage> {
      const limit = query.limit ?? 20
      const rows = await db
        .select({ row: afterSales, customerName: customers.name, order: orders })
        .from(afterSales)
        .innerJoin(customers, eq(customers.id, afterSales.customerId))
        .innerJoin(orders, eq(orders.id, afterSales.orderId))
        .where(and(query.status ? eq(afterSales.status, query.status) : undefined, cursorBefore(afterSales.id, query.cursor)))
        .orderBy(desc(afterSales.id))
        .limit(limit + 1)
      const page = pageOf(rows, limit, (entry) => ({ ...entry, id: entry.row.id }))
      return { items: await adminViews(db, page.items), nextCursor: page.nextCursor }
    },

    /**
     * Approves: the amount goes back through the payment provider. Goods that were never shipped, or that came back
     * (return and refund), go back on sale when the refund closes the order.
     */
    async approve(id: number): Promise<AdminAfterSale> {
      const at = now()
      await db.transaction(async (tx) => {
        const row = await decide(tx, id, { status: 'approved', decidedAt: at })
        await orderService.refundPart(
          tx,
          row.orderId,
          { amountFen: row.amountFen, reason: `售后退款：${row.reason}`, afterSaleId: row.id, restock: row.kind === 'return_refund' || !row.shippedWhenAsked },
          at,
        )
      })
      return adminView(id)
    },

    async reject(id: number, reason: string): Promise<AdminAfterSale> {
      const at = now()
      await db.transaction(async (tx) => {
        const row = await decide(tx, id, { status: 'rejected', rejectReason: reason, decidedAt: at })
        await recordTimelineEvent(tx, { customerId: row.customerId, type: 'after_sale_rejected', occurredAt: at, data: { orderId: row.orderId, reason } })
      })
      return adminView(id)
    },

    /** A whole refund by an admin answers the request under review: nothing is left for it to return. */
    async closeWithOrder(tx: Tx, order: OrderRow, at: Date): Promise<void> {
      await tx
        .update(afterSales)
        .set({ status: 'rejected', rejectReason: '订单已全额退款', decidedAt: at })
        .where(and(eq(afterSales.orderId, order.id), eq(afterSales.status, 'pending')))
    },
  }
  return service
}

export type AfterSalesService = ReturnType<typeof createAfterSalesService>

declare module 'fastify' {
  interface FastifyInstance {
    afterSales: AfterSalesService
  }
}

export default fp(
  async (app) => {
    const service = createAfterSalesService({ ...serviceDeps(app), orders: app.orders, payments: app.payments, settings: app.settings })
    app.orders.hooks.refunding.push(service.closeWithOrder)
    app.decorate('afterSales', service)
  },
  { name: 'after-sales', dependencies: ['db', 'clock', 'orders', 'payments', 'settings'] },
)
