import fp from 'fastify-plugin'
import { and, desc, eq, exists, getTableColumns, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import type {
  AdminOrder,
  AdminOrderPage,
  AdminOrdersQuery,
  CreateOrderRequest,
  CreateProductRequest,
  MyOrdersQuery,
  Order,
  OrderCheckout,
  OrderKind,
  OrderPage,
  OrderTab,
  PaymentStart,
  Product,
  ShipOrderRequest,
  UpdateProductRequest,
} from '@liuliang/shared'
import { PURCHASED_ORDER_STATUSES, carrierLabel, shipmentProblem, specLabel } from '@liuliang/shared'
import { first, placeholderFor, prepared, preparedPerShape, rowsChanged, withoutWaiting, type DbOrTx, type Tx } from '../db'
import { findByClientKey } from '../db/client-key'
import { fieldsOf } from '../db/fields'
import { idList, inIdList } from '../db/id-list'
import { cursorBefore, cursorId, pageOf } from '../db/paging'
import { afterSales, customers, orderCheckouts, orderItems, orders, orderShipments, products } from '../db/schema'
import { badRequest, conflict, notFound, refuseIf } from '../errors'
import type { PaymentRow, PaymentService, RefundRow } from '../payments/payment-service'
import type { PointsService } from '../points/points-service'
import type { Scheduler } from '../scheduler/scheduler'
import type { SettingsService } from '../settings/settings-service'
import { serviceDeps, type ServiceDeps } from '../services'
import { productCoverUrl } from '../shop/product-cover'
import { createDefaultSku, followSingleSku, returnSkuStock, skusOf, takeSkuStock } from '../shop/stock'
import { recordTimelineEvent } from '../timeline/record'
import { recordChange } from '../audit/audit-service'
import { changedFields, pick } from '../audit/changes'
import { afterSaleProblem, afterSaleView } from './after-sale-view'
import { addToGroup } from '../grouping'

export type OrderRow = typeof orders.$inferSelect
type ProductRow = typeof products.$inferSelect

export const ORDER_EXPIRY_JOB = 'order-expiry'
export const ORDER_AUTO_COMPLETE_JOB = 'order-auto-complete'

/** An unpaid normal order keeps its stock this long. */
export const ORDER_PAY_MINUTES = 15
const DAY_MS = 86_400_000
/** Order points: one per yuan, times the level's multiplier. */
const FEN_PER_POINT = 100

/** Runs inside the unit of work that moved the order, with its tx. */
export type OrderHook = (tx: Tx, order: OrderRow, at: Date) => Promise<void>
/** A part of the order's money goes back (the order stays as it is): `heldBeforeFen` is what it held until now. */
export type PartRefundHook = (tx: Tx, order: OrderRow, part: { amountFen: number; heldBeforeFen: number; refundId: number }, at: Date) => Promise<void>

// An order's own statements, built once and run with their values (see `prepared`): placing one and
// showing one are on the hot paths of every purchase.
const orderById = prepared((handle: DbOrTx) => handle.select().from(orders).where(eq(orders.id, sql.placeholder('id'))))
const latestAfterSale = prepared((handle: DbOrTx) =>
  handle.select().from(afterSales).where(eq(afterSales.orderId, sql.placeholder('orderId'))).orderBy(desc(afterSales.id)).limit(1),
)
const insertOrder = prepared((tx: Tx) =>
  tx
    .insert(orders)
    .values({
      customerId: sql.placeholder('customerId'),
      kind: sql.placeholder('kind'),
      amountFen: sql.placeholder('amountFen'),
      payDeadline: placeholderFor(orders.payDeadline, 'payDeadline'),
      idempotencyKey: sql.placeholder('idempotencyKey'),
      createdAt: placeholderFor(orders.createdAt, 'createdAt'),
    })
    .returning(),
)
const insertItem = prepared((tx: Tx) =>
  tx.insert(orderItems).values({
    orderId: sql.placeholder('orderId'),
    productId: sql.placeholder('productId'),
    skuId: sql.placeholder('skuId'),
    name: sql.placeholder('name'),
    spec: sql.placeholder('spec'),
    priceFen: sql.placeholder('priceFen'),
    quantity: sql.placeholder('quantity'),
  }),
)
/** The rows of a table keyed by order, of one order or a page of them, in one statement built once. */
function rowsOfOrders<T extends typeof orderItems | typeof orderCheckouts | typeof orderShipments>(table: T) {
  const ofOrders = prepared((handle: DbOrTx) => handle.select().from(table as typeof orderItems).where(inIdList(table.orderId, 'orderIds')))
  return async (handle: DbOrTx, orderIds: number[]): Promise<T['$inferSelect'][]> =>
    orderIds.length === 0 ? [] : ((await ofOrders(handle, { orderIds: idList(orderIds) })) as T['$inferSelect'][])
}
const itemsOfOrders = rowsOfOrders(orderItems)
const checkoutsOfOrders = rowsOfOrders(orderCheckouts)
const shipmentsOfOrders = rowsOfOrders(orderShipments)

/** Which orders each tab of the status strip holds. */
const TAB_FILTERS: Record<OrderTab, () => SQL | undefined> = {
  unpaid: () => eq(orders.status, 'pending_payment'),
  to_ship: () => eq(orders.status, 'paid'),
  to_receive: () => eq(orders.status, 'shipped'),
  completed: () => eq(orders.status, 'completed'),
  after_sales: () =>
    or(
      inArray(orders.status, ['refunding', 'refunded']),
      exists(sql`(select 1 from ${afterSales} where ${afterSales.orderId} = ${orders.id})`),
    ),
}

/** A page of a customer's orders, a statement per shape of query (a status, a tab, a cursor). */
type MyOrdersShape = { status: boolean; tab: OrderTab | undefined; after: boolean }
const myOrdersPage = preparedPerShape(
  ({ status, tab, after }: MyOrdersShape) => `${status}:${tab}:${after}`,
  ({ status, tab, after }, handle: DbOrTx) =>
    handle
      .select()
      .from(orders)
      .where(
        and(
          eq(orders.customerId, sql.placeholder('customerId')),
          status ? eq(orders.status, sql.placeholder('status')) : undefined,
          tab ? TAB_FILTERS[tab]() : undefined,
          after ? lt(orders.id, sql.placeholder('before')) : undefined,
        ),
      )
      .orderBy(desc(orders.id))
      .limit(sql.placeholder('limit')),
)

/** What a kind of order (group-buy) adds to the common flow. */
export interface OrderKindRules {
  /** Before paying: throws the 409 that says why this order cannot be paid now. */
  checkPayable?(tx: Tx, order: OrderRow, at: Date): Promise<void>
  /** On payment: whether the order keeps the money (false: it is refunded at once). */
  admit?(tx: Tx, order: OrderRow, at: Date): Promise<boolean>
  /** Whether a paid order may ship (and so complete) yet: a group-buy's once its group has succeeded. */
  canComplete?(tx: DbOrTx, order: OrderRow): Promise<boolean>
  /** Before a product's price changes: throws the 409 that says why it cannot (a group price above it). */
  checkProductPrice?(tx: Tx, productId: number, priceFen: number): Promise<void>
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

/** Products as lists show them, with their cover for a picture. */
const listedProducts = (db: DbOrTx) => db.select({ ...getTableColumns(products), imageUrl: productCoverUrl }).from(products)

export interface NewOrder {
  customerId: number
  kind: OrderKind
  items: { productId: number; skuId?: number; name: string; spec?: string; priceFen: number; quantity: number }[]
  /** taken off the lines' sum by a coupon */
  discountFen?: number
  payDeadline: Date
  idempotencyKey?: string
  at: Date
}

export interface OrderDeps extends ServiceDeps {
  scheduler: Scheduler
  points: PointsService
  payments: PaymentService
  settings: SettingsService
}

export function createOrderService({ db, now, scheduler, points, payments, settings }: OrderDeps) {
  const hooks = {
    created: [] as OrderHook[],
    paid: [] as OrderHook[],
    shipped: [] as OrderHook[],
    completed: [] as OrderHook[],
    refunding: [] as OrderHook[],
    partRefunded: [] as PartRefundHook[],
    cancelled: [] as OrderHook[],
  }
  const kindRules = new Map<OrderKind, OrderKindRules>()
  const groupOf = new Map<OrderKind, (tx: DbOrTx, orderId: number) => Promise<number | null>>()
  const run = async (list: OrderHook[], tx: Tx, order: OrderRow, at: Date) => {
    for (const hook of list) await hook(tx, order, at)
  }

  const itemsOf = async (tx: DbOrTx, orderIds: number[]) => {
    const rows = await itemsOfOrders(tx, orderIds)
    const byOrder = new Map<number, typeof rows>()
    for (const row of rows) addToGroup(byOrder, row.orderId, row)
    return byOrder
  }

  const checkoutsOf = async (tx: DbOrTx, orderIds: number[]) => {
    const rows = await checkoutsOfOrders(tx, orderIds)
    return new Map(
      rows.map((row): [number, OrderCheckout] => [
        row.orderId,
        { subtotalFen: row.subtotalFen, discountFen: row.discountFen, couponName: row.couponName, address: row.address },
      ]),
    )
  }

  /** An order as its customer and the console see it, from its row and what the other tables hold of it. */
  const orderView = (
    row: OrderRow,
    parts: Pick<Order, 'items' | 'groupId' | 'checkout' | 'refund' | 'shipment' | 'refundedFen' | 'afterSaleAllowed' | 'afterSale'>,
  ): Order => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    amountFen: row.amountFen,
    items: parts.items.map(({ productId, skuId, name, spec, priceFen, quantity }) => ({ productId, skuId, name, spec, priceFen, quantity })),
    groupId: parts.groupId,
    payDeadline: row.payDeadline.toISOString(),
    pointsAwarded: row.pointsAwarded,
    checkout: parts.checkout,
    refund: parts.refund,
    shipment: parts.shipment,
    refundedFen: parts.refundedFen,
    afterSaleAllowed: parts.afterSaleAllowed,
    afterSale: parts.afterSale,
    paidAt: iso(row.paidAt),
    completedAt: iso(row.completedAt),
    cancelledAt: iso(row.cancelledAt),
    createdAt: row.createdAt.toISOString(),
  })

  const toOrders = async (tx: DbOrTx, rows: OrderRow[]): Promise<Order[]> => {
    const ids = rows.map((row) => row.id)
    // Read together, for every order of the page at once: on PostgreSQL they share a round trip.
    const [items, checkouts, shipmentRows, rules, ofEach] = await Promise.all([
      itemsOf(tx, ids),
      checkoutsOf(tx, ids),
      shipmentsOfOrders(tx, ids),
      settings.fulfilmentRules(tx),
      Promise.all(
        rows.map((row) =>
          Promise.all([
            payments.latestRefundOf(tx, row.id),
            groupOf.get(row.kind)?.(tx, row.id) ?? null,
            payments.refundedOf(tx, row.paidPaymentId),
            first(latestAfterSale(tx, { orderId: row.id })),
          ]),
        ),
      ),
    ])
    const shipments = new Map(shipmentRows.map((row) => [row.orderId, row]))
    const at = now()
    return Promise.all(
      rows.map(async (row, index): Promise<Order> => {
        const [refund, groupId, refundedFen, afterSale] = ofEach[index] as (typeof ofEach)[number]
        const shipment = shipments.get(row.id)
        const [afterSaleAllowed, afterSaleShown] = await Promise.all([
          afterSaleProblem(row, refundedFen, afterSale?.status === 'pending', rules, at) === null && proceeds(tx, row),
          afterSale ? afterSaleView(tx, payments, afterSale) : null,
        ])
        return orderView(row, {
          items: items.get(row.id) ?? [],
          groupId,
          checkout: checkouts.get(row.id) ?? null,
          refund: refund
            ? {
                status: refund.status,
                amountFen: refund.amountFen,
                reason: refund.reason,
                requestedAt: refund.createdAt.toISOString(),
                refundedAt: iso(refund.succeededAt),
                failure: refund.failure,
              }
            : null,
          shipment: shipment
            ? {
                carrier: shipment.carrier,
                carrierName: shipment.carrierName,
                trackingNo: shipment.trackingNo,
                shippedAt: shipment.shippedAt.toISOString(),
                autoCompleteAt: new Date(shipment.shippedAt.getTime() + rules.autoCompleteDays * DAY_MS).toISOString(),
              }
            : null,
          refundedFen,
          afterSaleAllowed,
          afterSale: afterSaleShown,
        })
      }),
    )
  }
  const toOrder = async (tx: DbOrTx, row: OrderRow) => (await toOrders(tx, [row]))[0] as Order

  const orderOr404 = async (tx: DbOrTx, id: number, customerId?: number) => {
    const row = await first(orderById(tx, { id }))
    if (!row || (customerId !== undefined && row.customerId !== customerId)) throw notFound('ORDER_NOT_FOUND', '没有这个订单')
    return row
  }

  const moveStatus = async (tx: Tx, id: number, from: OrderRow['status'][], set: Partial<OrderRow>) =>
    first(
      tx
        .update(orders)
        .set(set)
        .where(and(eq(orders.id, id), inArray(orders.status, from)))
        .returning(),
    )

  /** A normal order's units go back on sale (a group-buy's seats are the campaign's, not the product's). */
  const restock = async (tx: Tx, order: OrderRow) => {
    if (order.kind !== 'normal') return
    for (const item of (await itemsOf(tx, [order.id])).get(order.id) ?? []) {
      if (item.skuId !== null) await returnSkuStock(tx, item.skuId, item.quantity)
    }
  }

  /** Whether its kind lets a paid order go on (ship, be asked about): a group-buy seat only once its group has succeeded. */
  const proceeds = async (tx: DbOrTx, order: OrderRow) => (await kindRules.get(order.kind)?.canComplete?.(tx, order)) !== false

  const paidPaymentOf = async (tx: Tx, order: OrderRow): Promise<PaymentRow> => {
    const payment = await payments.succeededPaymentOf(tx, order.paidPaymentId)
    if (!payment) throw new Error(`order ${order.id} is paid without a succeeded payment`)
    return payment
  }

  /** The money of a payment the order does not keep goes back; the order itself may close with it. */
  /** An admin's refund in the audit log: the order's status and the money it has given back, before and after. */
  const recordRefund = (tx: Tx, order: OrderRow, refunded: { beforeFen: number; amountFen: number }, statusAfter: OrderRow['status']) =>
    recordChange(tx, {
      objectType: 'orders',
      objectId: order.id,
      action: 'refund',
      changes: changedFields(
        { status: order.status, refundedFen: refunded.beforeFen },
        { status: statusAfter, refundedFen: refunded.beforeFen + refunded.amountFen },
      ),
    })

  const returnPayment = async (tx: Tx, order: OrderRow, payment: PaymentRow, reason: string, at: Date) => {
    // An order that never became paid goes to refunding with the money; a paid one keeps its own payment.
    const closes = order.status === 'pending_payment' || order.status === 'cancelled'
    if (closes) await moveStatus(tx, order.id, ['pending_payment', 'cancelled'], { status: 'refunding', cancelledAt: order.cancelledAt ?? at })
    await payments.refund(tx, { orderId: order.id, payment, reason, closesOrder: closes, at })
    await recordTimelineEvent(tx, {
      customerId: order.customerId,
      type: 'order_refund_requested',
      occurredAt: at,
      data: { orderId: order.id, amountFen: payment.amountFen, reason },
    })
  }

  const service = {
    hooks,
    defineKind(kind: OrderKind, rules: OrderKindRules, group?: (tx: DbOrTx, orderId: number) => Promise<number | null>): void {
      kindRules.set(kind, rules)
      if (group) groupOf.set(kind, group)
    },

    async createProduct(input: CreateProductRequest): Promise<Product> {
      const at = now()
      const row = await db.transaction(async (tx) => {
        const [inserted] = (await tx
          .insert(products)
          .values({
            name: input.name,
            priceFen: input.priceFen,
            stock: input.stock,
            description: input.description ?? '',
            imageUrl: input.imageUrl ?? null,
            createdAt: at,
          })
          .returning()) as [ProductRow]
        await createDefaultSku(tx, inserted)
        return inserted
      })
      return toProduct(row)
    },

    async updateProduct(id: number, patch: UpdateProductRequest): Promise<Product> {
      return db.transaction(async (tx) => {
        const current = await service.productOr404(tx, id)
        const set = fieldsOf(patch, ['name', 'priceFen', 'stock', 'description', 'imageUrl', 'active'])
        if (Object.keys(set).length === 0) return toProduct(current)
        if (set.priceFen !== undefined && set.priceFen !== current.priceFen) await service.checkProductPrice(tx, id, set.priceFen)
        if (!(await followSingleSku(tx, id, set))) throw conflict('PRODUCT_HAS_SKUS', '这个商品有多个规格，请在规格里修改价格和库存')
        const [row] = await tx.update(products).set(set).where(eq(products.id, id)).returning()
        await recordChange(tx, { objectType: 'products', objectId: id, changes: changedFields(pick(current, Object.keys(set)), pick(row as ProductRow, Object.keys(set))) })
        return toProduct(row as ProductRow)
      })
    },

    /** Every kind's say on a product's new price (a group-buy's price may not end up above it). */
    async checkProductPrice(tx: Tx, productId: number, priceFen: number): Promise<void> {
      for (const rules of kindRules.values()) await rules.checkProductPrice?.(tx, productId, priceFen)
    },

    async productOr404(tx: DbOrTx, id: number): Promise<ProductRow> {
      const row = await first(tx.select().from(products).where(eq(products.id, id)))
      if (!row) throw notFound('PRODUCT_NOT_FOUND', '没有这个商品')
      return row
    },

    listProducts: async (): Promise<Product[]> => (await listedProducts(db).orderBy(desc(products.id))).map(toProduct),

    listOnSale: async (): Promise<Product[]> => (await listedProducts(db).where(eq(products.active, true)).orderBy(desc(products.id))).map(toProduct),

    /** Inserts an order in the caller's transaction, plans its expiry and tells the other domains. */
    async place(tx: Tx, input: NewOrder): Promise<OrderRow> {
      const amountFen = input.items.reduce((sum, item) => sum + item.priceFen * item.quantity, 0) - (input.discountFen ?? 0)
      const [row] = (await insertOrder(tx, {
        customerId: input.customerId,
        kind: input.kind,
        amountFen,
        payDeadline: input.payDeadline,
        idempotencyKey: input.idempotencyKey ?? null,
        createdAt: input.at,
      })) as [OrderRow]
      for (const item of input.items) withoutWaiting(insertItem(tx, { ...item, skuId: item.skuId ?? null, spec: item.spec ?? '', orderId: row.id }))
      await scheduler.schedule(tx, { kind: ORDER_EXPIRY_JOB, key: String(row.id), runAt: input.payDeadline, payload: { orderId: row.id } })
      await recordTimelineEvent(tx, {
        customerId: input.customerId,
        type: 'order_created',
        occurredAt: input.at,
        data: { orderId: row.id, kind: input.kind, amountFen, items: input.items.map((item) => `${item.name}×${item.quantity}`).join('、') },
      })
      await run(hooks.created, tx, row, input.at)
      return row
    },

    /** A normal order: each product's stock is taken by a guarded update, all or nothing. */
    async createOrder(customerId: number, request: CreateOrderRequest, clientKey?: string): Promise<Order> {
      const at = now()
      return db.transaction(async (tx) => {
        const prior = await findByClientKey(tx, orders, { owner: orders.customerId, key: orders.idempotencyKey }, customerId, clientKey)
        if (prior) return toOrder(tx, prior)
        const items: NewOrder['items'] = []
        for (const { productId, skuId, quantity } of request.items) {
          const product = await service.productOr404(tx, productId)
          if (!product.active) throw conflict('PRODUCT_UNAVAILABLE', `「${product.name}」已下架`)
          const onSale = (await skusOf(tx, productId)).filter((sku) => sku.active)
          const sku = skuId === undefined ? (onSale.length === 1 ? onSale[0] : undefined) : onSale.find((candidate) => candidate.id === skuId)
          if (!sku) throw badRequest('SKU_REQUIRED', skuId === undefined ? `请选择「${product.name}」的规格` : `「${product.name}」没有这个规格`)
          if (!(await takeSkuStock(tx, sku, quantity))) throw conflict('OUT_OF_STOCK', `「${product.name}」库存不足`)
          items.push({ productId, skuId: sku.id, name: product.name, spec: specLabel(sku.options), priceFen: sku.priceFen, quantity })
        }
        const payDeadline = new Date(at.getTime() + ORDER_PAY_MINUTES * 60_000)
        return toOrder(tx, await service.place(tx, { customerId, kind: 'normal', items, payDeadline, idempotencyKey: clientKey, at }))
      })
    },

    getMine: (customerId: number, id: number): Promise<Order> =>
      db.readTogether(async (reads) => toOrder(reads, await orderOr404(reads, id, customerId))),

    view: (tx: DbOrTx, row: OrderRow): Promise<Order> => toOrder(tx, row),

    /**
     * The view of an order this unit of work has just placed, from what placing it wrote: nothing of it
     * is read back. It has no checkout, shipment, refund or after-sale yet, and unpaid it takes none.
     */
    placedView: (row: OrderRow, placed: Pick<NewOrder, 'items'>, groupId: number | null): Order =>
      orderView(row, {
        items: placed.items.map((item) => ({ ...item, skuId: item.skuId ?? null, spec: item.spec ?? '' })),
        groupId,
        checkout: null,
        refund: null,
        shipment: null,
        refundedFen: 0,
        afterSaleAllowed: false,
        afterSale: null,
      }),

    orderOr404,

    proceeds: (tx: DbOrTx, order: OrderRow) => proceeds(tx, order),

    async myOrders(customerId: number, query: MyOrdersQuery): Promise<OrderPage> {
      const limit = query.limit ?? 20
      const before = cursorId(query.cursor)
      return db.readTogether(async (reads) => {
        const rows = await myOrdersPage(
          reads,
          { status: query.status !== undefined, tab: query.tab, after: before !== undefined },
          { customerId, status: query.status, before, limit: limit + 1 },
        )
        const page = pageOf(rows, limit, (row) => row)
        return { items: await toOrders(reads, page.items), nextCursor: page.nextCursor }
      })
    },

    async listForAdmin(query: AdminOrdersQuery): Promise<AdminOrderPage> {
      const limit = query.limit ?? 20
      const { page, views } = await db.readTogether(async (reads) => {
        const rows = await reads
          .select({ row: orders, customerName: customers.name })
          .from(orders)
          .innerJoin(customers, eq(customers.id, orders.customerId))
          .where(
            and(
              query.status ? eq(orders.status, query.status) : undefined,
              query.tab ? TAB_FILTERS[query.tab]() : undefined,
              query.customerId ? eq(orders.customerId, query.customerId) : undefined,
              cursorBefore(orders.id, query.cursor),
            ),
          )
          .orderBy(desc(orders.id))
          .limit(limit + 1)
        const page = pageOf(rows, limit, (entry) => ({ ...entry, id: entry.row.id }))
        return { page, views: await toOrders(reads, page.items.map((entry) => entry.row)) }
      })
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

    /** Starts (or resumes) paying an unpaid order of the customer's; the provider is asked after the attempt has committed. */
    async pay(customerId: number, id: number): Promise<PaymentStart> {
      const at = now()
      const { payment, fresh, order } = await db.transaction(async (tx) => {
        const row = await orderOr404(tx, id, customerId)
        if (row.status !== 'pending_payment') {
          throw conflict('ORDER_NOT_PAYABLE', row.status === 'cancelled' ? '订单已取消' : '订单已支付，无需重复付款')
        }
        if (row.payDeadline <= at) throw conflict('ORDER_EXPIRED', '订单已超时，请重新下单')
        await kindRules.get(row.kind)?.checkPayable?.(tx, row, at)
        return { ...(await payments.begin(tx, row.id, row.amountFen, at)), order: row }
      })
      if (!fresh) return payments.describe(payment)
      const buyer = await first(db.select({ openid: customers.openid }).from(customers).where(eq(customers.id, order.customerId)))
      const items = (await itemsOf(db, [order.id])).get(order.id) ?? []
      const description = items.map((item) => item.name).join('、').slice(0, 120) || `订单 ${order.id}`
      return payments.request(payment, description, buyer?.openid ?? null, order.payDeadline)
    },

    /** A payment succeeded: the order is paid with it, or the money goes back. */
    async settlePayment(tx: Tx, payment: PaymentRow, at: Date): Promise<void> {
      const order = await orderOr404(tx, payment.orderId)
      if (order.status !== 'pending_payment') {
        await returnPayment(tx, order, payment, order.status === 'cancelled' || order.status === 'refunding' ? '订单已关闭，自动退款' : '重复支付，自动退款', at)
        return
      }
      const rules = kindRules.get(order.kind)
      if (rules?.admit && !(await rules.admit(tx, order, at))) {
        await returnPayment(tx, order, payment, '拼团名额已满，自动退款', at)
        return
      }
      const paid = (await moveStatus(tx, order.id, ['pending_payment'], {
        status: 'paid',
        paidAt: at,
        paidPaymentId: payment.id,
      })) as OrderRow
      await recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_paid', occurredAt: at, data: { orderId: order.id, amountFen: order.amountFen } })
      await run(hooks.paid, tx, paid, at)
    },

    /** The provider returned money: an order waiting on it becomes refunded. */
    async refundSucceeded(tx: Tx, refund: RefundRow, at: Date): Promise<void> {
      const order = await orderOr404(tx, refund.orderId)
      if (refund.closesOrder) await moveStatus(tx, order.id, ['refunding'], { status: 'refunded', refundedAt: at })
      await recordTimelineEvent(tx, {
        customerId: order.customerId,
        type: refund.closesOrder ? 'order_refunded' : refund.afterSaleId ? 'order_part_refunded' : 'payment_refunded',
        occurredAt: at,
        data: { orderId: order.id, amountFen: refund.amountFen, reason: refund.reason },
      })
    },

    /**
     * Refunds what a paid, shipped or completed order still holds, in the caller's transaction; once, and its stock
     * goes back with it.
     */
    async refundPaid(tx: Tx, order: OrderRow, reason: string, at: Date): Promise<boolean> {
      const moved = await moveStatus(tx, order.id, [...PURCHASED_ORDER_STATUSES], { status: 'refunding' })
      if (!moved) return false
      await restock(tx, moved)
      const payment = await paidPaymentOf(tx, order)
      const amountFen = payment.amountFen - (await payments.refundedOf(tx, payment.id))
      await payments.refund(tx, { orderId: order.id, payment, reason, closesOrder: true, at, amountFen })
      await recordRefund(tx, order, { beforeFen: payment.amountFen - amountFen, amountFen }, 'refunding')
      await service.clawBackPoints(tx, moved, at)
      await recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_refund_requested', occurredAt: at, data: { orderId: order.id, amountFen, reason } })
      await run(hooks.refunding, tx, moved, at)
      return true
    },

    /**
     * Returns part (or the rest) of what an order holds for an after-sales request, in the caller's transaction.
     * The rest closes the order as a whole refund does; a part leaves it as it is, and its points and commission
     * shrink in proportion to the money it still holds. Throws the 409 when the order cannot give that much back.
     */
    async refundPart(tx: Tx, orderId: number, part: { amountFen: number; reason: string; afterSaleId: number; restock: boolean }, at: Date) {
      // Touching the row first holds it: a concurrent whole refund or approval waits, then sees this one.
      const order = await moveStatus(tx, orderId, [...PURCHASED_ORDER_STATUSES], { status: sql`${orders.status}` as unknown as OrderRow['status'] })
      if (!order) throw conflict('ORDER_NOT_REFUNDABLE', '订单已退款或未支付，不能再退款')
      const payment = await paidPaymentOf(tx, order)
      const heldBeforeFen = payment.amountFen - (await payments.refundedOf(tx, payment.id))
      if (part.amountFen > heldBeforeFen) throw conflict('REFUND_EXCEEDS_PAID', `退款金额超过订单剩余可退金额 ¥${(heldBeforeFen / 100).toFixed(2)}`)
      const closes = part.amountFen === heldBeforeFen
      const refund = await payments.refund(tx, { orderId, payment, reason: part.reason, closesOrder: closes, at, amountFen: part.amountFen, afterSaleId: part.afterSaleId })
      await recordRefund(tx, order, { beforeFen: payment.amountFen - heldBeforeFen, amountFen: part.amountFen }, closes ? 'refunding' : order.status)
      await recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_refund_requested', occurredAt: at, data: { orderId, amountFen: part.amountFen, reason: part.reason } })
      if (closes) {
        const moved = (await moveStatus(tx, orderId, [...PURCHASED_ORDER_STATUSES], { status: 'refunding' })) as OrderRow
        if (part.restock) await restock(tx, moved)
        await service.clawBackPoints(tx, moved, at)
        await run(hooks.refunding, tx, moved, at)
      } else {
        await service.clawBackPoints(tx, order, at, { amountFen: part.amountFen, heldBeforeFen, key: `part${refund.id}` })
        for (const hook of hooks.partRefunded) await hook(tx, order, { amountFen: part.amountFen, heldBeforeFen, refundId: refund.id }, at)
      }
      return refund
    },

    /** An admin refunds an order; a second refund of the same order is refused. */
    async refundByAdmin(id: number, reason: string): Promise<AdminOrder> {
      const at = now()
      await db.transaction(async (tx) => {
        const order = await orderOr404(tx, id)
        if (!(await service.refundPaid(tx, order, reason, at))) {
          throw conflict('ORDER_NOT_REFUNDABLE', order.status === 'pending_payment' ? '订单未支付' : '订单已退款或已取消')
        }
      })
      return service.adminView(id)
    },

    adminView: (id: number): Promise<AdminOrder> =>
      db.readTogether(async (reads) => {
        const row = await orderOr404(reads, id)
        const [[named], order] = await Promise.all([
          reads.select({ name: customers.name }).from(customers).where(eq(customers.id, row.customerId)),
          toOrder(reads, row),
        ])
        const customerName = named?.name ?? null
        return { ...order, customerId: row.customerId, customerName, pointsClawedBack: row.pointsClawedBack, pointsShortfall: row.pointsShortfall }
      }),

    /**
     * Order points go back with a refund, as far as the balance allows; the rest is recorded as a shortfall. A whole
     * refund takes back all the order's points still standing, a part of the money the same share of them.
     */
    async clawBackPoints(tx: Tx, order: OrderRow, at: Date, part?: { amountFen: number; heldBeforeFen: number; key: string }): Promise<void> {
      const standing = order.pointsAwarded - order.pointsClawedBack - order.pointsShortfall
      const owed = part ? Math.floor((standing * part.amountFen) / part.heldBeforeFen) : standing
      if (owed <= 0) return
      const take = Math.min(owed, await points.balanceOf(tx, order.customerId))
      if (take > 0) {
        await points.debit(tx, {
          customerId: order.customerId,
          amount: take,
          reason: 'order_refund',
          title: `订单 ${order.id} ${part ? '部分' : ''}退款，扣回积分`,
          idempotencyKey: `order:${order.id}:clawback${part ? `:${part.key}` : ''}`,
          at,
        })
      }
      await tx
        .update(orders)
        .set({ pointsClawedBack: sql`${orders.pointsClawedBack} + ${take}`, pointsShortfall: sql`${orders.pointsShortfall} + ${owed - take}` })
        .where(eq(orders.id, order.id))
    },

    /**
     * paid → shipped, once: the carrier and waybill are recorded and the order completes by itself N days later
     * unless the customer confirms first. Shipping again with the same waybill answers the order as it is.
     */
    async ship(id: number, input: ShipOrderRequest): Promise<AdminOrder> {
      const at = now()
      refuseIf(shipmentProblem(input.carrier, input.trackingNo, input.carrierName), 'INVALID_SHIPMENT')
      await db.transaction(async (tx) => {
        const order = await orderOr404(tx, id)
        const shipped = await first(tx.select().from(orderShipments).where(eq(orderShipments.orderId, id)))
        if (shipped) {
          if (shipped.carrier === input.carrier && shipped.trackingNo === input.trackingNo) return
          throw conflict('ORDER_NOT_SHIPPABLE', '订单已发货')
        }
        if (order.status !== 'paid') throw conflict('ORDER_NOT_SHIPPABLE', order.status === 'pending_payment' ? '订单未支付，不能发货' : '订单已退款或已取消，不能发货')
        if (!(await proceeds(tx, order))) throw conflict('ORDER_NOT_SHIPPABLE', '拼团尚未成团，成团后才能发货')
        const pending = await first(tx.select({ id: afterSales.id }).from(afterSales).where(and(eq(afterSales.orderId, id), eq(afterSales.status, 'pending'))))
        if (pending) throw conflict('AFTER_SALE_PENDING', '订单有待审核的售后申请，请先处理再发货')
        const moved = await moveStatus(tx, id, ['paid'], { status: 'shipped' })
        if (!moved) throw conflict('ORDER_NOT_SHIPPABLE', '订单状态已变化，请刷新后重试')
        const carrierName = carrierLabel(input.carrier, input.carrierName)
        await tx.insert(orderShipments).values({ orderId: id, carrier: input.carrier, carrierName, trackingNo: input.trackingNo, shippedAt: at })
        await recordChange(tx, {
          objectType: 'orders',
          objectId: id,
          action: 'ship',
          changes: changedFields({ status: order.status, trackingNo: null }, { status: moved.status, trackingNo: `${carrierName} ${input.trackingNo}` }),
        })
        const runAt = new Date(at.getTime() + (await settings.fulfilmentRules(tx)).autoCompleteDays * DAY_MS)
        await scheduler.schedule(tx, { kind: ORDER_AUTO_COMPLETE_JOB, key: `shipped:${id}:${runAt.getTime()}`, runAt, payload: { orderId: id } })
        await recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_shipped', occurredAt: at, data: { orderId: id, shipment: `${carrierName} ${input.trackingNo}` } })
        await run(hooks.shipped, tx, moved, at)
      })
      return service.adminView(id)
    },

    /**
     * A shipped order the customer has not confirmed completes once the days since shipping have passed; a job
     * that comes early (the days were made longer) plans the next one.
     */
    async autoComplete(tx: Tx, id: number, at: Date): Promise<void> {
      const order = await orderOr404(tx, id)
      const shipment = await first(tx.select().from(orderShipments).where(eq(orderShipments.orderId, id)))
      if (order.status !== 'shipped' || !shipment) return
      const due = new Date(shipment.shippedAt.getTime() + (await settings.fulfilmentRules(tx)).autoCompleteDays * DAY_MS)
      if (due > at) {
        await scheduler.schedule(tx, { kind: ORDER_AUTO_COMPLETE_JOB, key: `shipped:${id}:${due.getTime()}`, runAt: due, payload: { orderId: id } })
        return
      }
      await service.complete(tx, id, at)
    },

    /** shipped → completed, once: order points by the customer's level on the money it holds, and the domains' follow-ups. */
    async complete(tx: Tx, id: number, at: Date): Promise<OrderRow | null> {
      const order = await orderOr404(tx, id)
      if (order.status !== 'shipped' || (await kindRules.get(order.kind)?.canComplete?.(tx, order)) === false) return null
      const completed = await moveStatus(tx, id, ['shipped'], { status: 'completed', completedAt: at })
      if (!completed) return null
      const multiplier = (await points.standingOf(order.customerId, tx)).level.orderPointsMultiplier
      const heldFen = order.amountFen - (await payments.refundedOf(tx, order.paidPaymentId))
      const award = Math.floor((heldFen / FEN_PER_POINT) * multiplier)
      if (award > 0) {
        await points.credit(tx, {
          customerId: order.customerId,
          amount: award,
          reason: 'order_reward',
          title: `订单 ${order.id} 完成奖励`,
          idempotencyKey: `order:${order.id}:reward`,
          at,
        })
        await tx.update(orders).set({ pointsAwarded: award }).where(eq(orders.id, id))
      }
      await recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_completed', occurredAt: at, data: { orderId: id, amountFen: order.amountFen, points: award } })
      const row = { ...completed, pointsAwarded: award }
      await run(hooks.completed, tx, row, at)
      return row
    },

    /** The customer confirms receipt of a shipped order, or an admin completes one (delivered). */
    async completeOrder(id: number, customerId?: number): Promise<Order> {
      const at = now()
      return db.transaction(async (tx) => {
        const order = await orderOr404(tx, id, customerId)
        if (!(await service.complete(tx, id, at))) {
          const why = order.status === 'completed' ? '订单已完成' : order.status === 'paid' ? '订单尚未发货，发货后才能确认收货' : '订单当前不能完成'
          throw conflict('ORDER_NOT_COMPLETABLE', why)
        }
        return toOrder(tx, await orderOr404(tx, id))
      })
    },

    /** Unpaid at its deadline: cancelled, with its stock back; once. */
    async expire(tx: Tx, id: number, at: Date): Promise<void> {
      const order = await orderOr404(tx, id)
      if (order.payDeadline > at) return
      const cancelled = await moveStatus(tx, id, ['pending_payment'], { status: 'cancelled', cancelledAt: at })
      if (!cancelled) return
      await restock(tx, cancelled)
      await recordTimelineEvent(tx, { customerId: order.customerId, type: 'order_cancelled', occurredAt: at, data: { orderId: id, reason: '超时未支付' } })
      await run(hooks.cancelled, tx, cancelled, at)
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
    const service = createOrderService({ ...serviceDeps(app), scheduler: app.scheduler, points: app.points, payments: app.payments, settings: app.settings })
    app.payments.listen({ paymentSucceeded: service.settlePayment, refundSucceeded: service.refundSucceeded })
    app.scheduler.define(ORDER_EXPIRY_JOB, ({ tx, job, now }) => service.expire(tx, (job.payload as { orderId: number }).orderId, now))
    app.scheduler.define(ORDER_AUTO_COMPLETE_JOB, ({ tx, job, now }) => service.autoComplete(tx, (job.payload as { orderId: number }).orderId, now))
    app.decorate('orders', service)
  },
  { name: 'orders', dependencies: ['db', 'clock', 'scheduler', 'points', 'payments', 'settings'] },
)
