import fp from 'fastify-plugin'
import { and, asc, eq, gt, inArray } from 'drizzle-orm'
import {
  bestCoupon,
  couponDiscountFen,
  orderRewardPoints,
  type CartLineProblem,
  type Order,
  type PlaceOrderRequest,
  type Quote,
  type QuoteCoupon,
  type QuoteRequest,
} from '@liuliang/shared'
import { toCoupon } from '../coupons/coupon-service'
import type { DbOrTx, Tx } from '../db'
import { findByClientKey } from '../db/client-key'
import { cartItems, coupons, orderCheckouts, orders } from '../db/schema'
import { AppError, conflict, notFound } from '../errors'
import { ORDER_PAY_MINUTES, type OrderRow, type OrderService } from '../orders/order-service'
import type { PointsService } from '../points/points-service'
import { serviceDeps, type ServiceDeps } from '../services'
import { recordTimelineEvent } from '../timeline/record'
import { describeLines, toAddress, type CartService } from './cart-service'
import { takeSkuStock } from './stock'

type CouponRow = typeof coupons.$inferSelect

/** The coupon an order used is marked with this, so it goes back to the customer with the order. */
const orderRef = (orderId: number) => `order:${orderId}`

const PROBLEM_REFUSALS: Record<CartLineProblem, { code: string; message: (name: string) => string }> = {
  unavailable: { code: 'PRODUCT_UNAVAILABLE', message: (name) => `「${name}」已下架` },
  sold_out: { code: 'OUT_OF_STOCK', message: (name) => `「${name}」已售罄` },
  short: { code: 'OUT_OF_STOCK', message: (name) => `「${name}」库存不足` },
}

export interface CheckoutDeps extends ServiceDeps {
  orders: OrderService
  cart: CartService
  points: PointsService
}

export function createCheckoutService({ db, now, orders: orderService, cart, points }: CheckoutDeps) {
  /** "Buy now" lines (one per SKU), or the cart's lines. */
  const linesOf = async (tx: DbOrTx, customerId: number, asked: QuoteRequest['lines']) => {
    if (asked) {
      const merged = new Map<number, number>()
      for (const line of asked) merged.set(line.skuId, Math.min(99, (merged.get(line.skuId) ?? 0) + line.quantity))
      const lines = await describeLines(
        tx,
        [...merged].map(([skuId, quantity]) => ({ skuId, quantity })),
      )
      if (lines.length !== merged.size) throw notFound('SKU_NOT_FOUND', '没有这个商品规格')
      return lines
    }
    const items = await tx.select().from(cartItems).where(eq(cartItems.customerId, customerId)).orderBy(asc(cartItems.id))
    return describeLines(tx, items)
  }

  const usableCoupons = (tx: DbOrTx, customerId: number, at: Date) =>
    tx
      .select()
      .from(coupons)
      .where(and(eq(coupons.customerId, customerId), eq(coupons.status, 'available'), gt(coupons.validUntil, at)))
      .orderBy(asc(coupons.validUntil))
      .limit(100)

  const service = {
    /** What an order would be: its lines as they stand, the address, the coupons with the best one chosen, the points it earns. */
    async quote(customerId: number, request: QuoteRequest): Promise<Quote> {
      const at = now()
      const lines = await linesOf(db, customerId, request.lines)
      const subtotalFen = lines.reduce((sum, line) => sum + line.priceFen * line.quantity, 0)
      const address = request.addressId ? await cart.addressOr404(db, customerId, request.addressId) : await cart.defaultAddress(db, customerId)
      const held = await usableCoupons(db, customerId, at)
      const offers: QuoteCoupon[] = held
        .map((coupon) => ({ coupon: toCoupon(coupon, at), discountFen: couponDiscountFen(coupon, subtotalFen) }))
        .sort((a, b) => (b.discountFen ?? -1) - (a.discountFen ?? -1))
      let chosen: CouponRow | null = null
      if (request.couponId === undefined) chosen = bestCoupon(held.map((row) => ({ ...row, validUntil: row.validUntil.toISOString(), row })), subtotalFen)?.row ?? null
      else if (request.couponId !== null) chosen = applicableCoupon(held, request.couponId, subtotalFen)
      const discountFen = chosen ? (couponDiscountFen(chosen, subtotalFen) ?? 0) : 0
      const amountFen = subtotalFen - discountFen
      const multiplier = (await points.standingOf(customerId)).level.orderPointsMultiplier
      return {
        lines: lines.map(({ skuId, productId, name, spec, imageUrl, priceFen, quantity, stock, problem }) => ({
          skuId,
          productId,
          name,
          spec,
          imageUrl,
          priceFen,
          quantity,
          stock,
          problem,
        })),
        subtotalFen,
        address: address ? toAddress(address) : null,
        coupons: offers,
        couponId: chosen?.id ?? null,
        discountFen,
        amountFen,
        pointsEstimate: orderRewardPoints(amountFen, multiplier),
        placeable: lines.length > 0 && lines.every((line) => line.problem === null) && address !== undefined,
      }
    },

    /**
     * Places the order a quote showed: each SKU's units are taken by a guarded update and the coupon
     * is redeemed by one, all or nothing; a retry with the same Idempotency-Key answers the first order.
     */
    async place(customerId: number, request: PlaceOrderRequest, clientKey?: string): Promise<Order> {
      try {
        return await placeOnce(customerId, request, clientKey)
      } catch (error) {
        // A retry racing the first request can find the coupon and stock already taken by it: it answers that order.
        const prior = error instanceof AppError && clientKey ? await findByClientKey(db, orders, { owner: orders.customerId, key: orders.idempotencyKey }, customerId, clientKey) : undefined
        if (prior) return orderService.view(db, prior)
        throw error
      }
    },

    /** An order closed without keeping its money (cancelled unpaid, refunded in full) gives its coupon back, once. */
    async returnCoupon(tx: Tx, order: OrderRow): Promise<void> {
      await tx
        .update(coupons)
        .set({ status: 'available', usedAt: null, usedOrderRef: null })
        .where(and(eq(coupons.usedOrderRef, orderRef(order.id)), eq(coupons.status, 'used')))
    },
  }

  async function placeOnce(customerId: number, request: PlaceOrderRequest, clientKey?: string): Promise<Order> {
      const at = now()
      return db.transaction(async (tx) => {
        const prior = await findByClientKey(tx, orders, { owner: orders.customerId, key: orders.idempotencyKey }, customerId, clientKey)
        if (prior) return orderService.view(tx, prior)
        const lines = await linesOf(tx, customerId, request.lines)
        if (lines.length === 0) throw conflict('CART_EMPTY', '购物车是空的')
        const address = await cart.addressOr404(tx, customerId, request.addressId)
        for (const line of lines) {
          if (line.problem) {
            const refusal = PROBLEM_REFUSALS[line.problem]
            throw conflict(refusal.code, refusal.message(line.name))
          }
          if (!(await takeSkuStock(tx, { id: line.skuId, productId: line.productId }, line.quantity))) {
            throw conflict('OUT_OF_STOCK', `「${line.name}」库存不足`)
          }
        }
        const subtotalFen = lines.reduce((sum, line) => sum + line.priceFen * line.quantity, 0)
        const coupon = request.couponId === null ? null : applicableCoupon(await usableCoupons(tx, customerId, at), request.couponId, subtotalFen)
        const discountFen = coupon ? (couponDiscountFen(coupon, subtotalFen) ?? 0) : 0
        if (request.expectedAmountFen !== undefined && request.expectedAmountFen !== subtotalFen - discountFen) {
          throw conflict('PRICE_CHANGED', '商品价格有变动，请确认后再提交')
        }
        const order = await orderService.place(tx, {
          customerId,
          kind: 'normal',
          items: lines.map((line) => ({ productId: line.productId, skuId: line.skuId, name: line.name, spec: line.spec, priceFen: line.priceFen, quantity: line.quantity })),
          discountFen,
          payDeadline: new Date(at.getTime() + ORDER_PAY_MINUTES * 60_000),
          idempotencyKey: clientKey,
          at,
        })
        if (coupon) await redeem(tx, coupon, order, at)
        await tx.insert(orderCheckouts).values({
          orderId: order.id,
          subtotalFen,
          discountFen,
          couponId: coupon?.id ?? null,
          couponName: coupon?.name ?? null,
          address: { name: address.name, phone: address.phone, region: address.region, detail: address.detail },
        })
        if (!request.lines) {
          await tx.delete(cartItems).where(and(eq(cartItems.customerId, customerId), inArray(cartItems.skuId, lines.map((line) => line.skuId))))
        }
        return orderService.view(tx, order)
      })
  }

  /** The customer's usable coupon by id, and it must apply to this order. */
  function applicableCoupon(held: CouponRow[], couponId: number, subtotalFen: number): CouponRow {
    const coupon = held.find((row) => row.id === couponId)
    if (!coupon) throw conflict('COUPON_NOT_USABLE', '这张券已经用过、已过期或不属于你')
    if (!couponDiscountFen(coupon, subtotalFen)) throw conflict('COUPON_NOT_APPLICABLE', `订单未满 ${(coupon.thresholdFen / 100).toFixed(2)} 元，不能用「${coupon.name}」`)
    return coupon
  }

  /** Marks the coupon used by this order; a checkout that used it a moment ago wins and this one is refused. */
  async function redeem(tx: Tx, coupon: CouponRow, order: OrderRow, at: Date) {
    const [used] = await tx
      .update(coupons)
      .set({ status: 'used', usedAt: at, usedOrderRef: orderRef(order.id) })
      .where(and(eq(coupons.id, coupon.id), eq(coupons.status, 'available')))
      .returning()
    if (!used) throw conflict('COUPON_NOT_USABLE', '这张券已经用过了')
    await recordTimelineEvent(tx, { customerId: order.customerId, type: 'coupon_used', occurredAt: at, data: { couponId: coupon.id, name: coupon.name, orderRef: orderRef(order.id) } })
  }

  return service
}

export type CheckoutService = ReturnType<typeof createCheckoutService>

declare module 'fastify' {
  interface FastifyInstance {
    checkout: CheckoutService
  }
}

export default fp(
  async (app) => {
    const service = createCheckoutService({ ...serviceDeps(app), orders: app.orders, cart: app.cart, points: app.points })
    app.orders.hooks.cancelled.push(service.returnCoupon)
    app.orders.hooks.refunding.push(service.returnCoupon)
    app.decorate('checkout', service)
  },
  { name: 'checkout', dependencies: ['db', 'clock', 'orders', 'cart', 'points'] },
)
