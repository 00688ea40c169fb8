// An order's whole life, as the order, payment and distribution services leave it: placed, paid
// through the gateway (or left to lapse), refunded or completed, with the referral fixed when it
// was placed and the upline's commission earned, settled or reversed.
import { DEFAULT_DISTRIBUTION_SETTINGS } from '@liuliang/shared'
import { COMMISSION_SETTLE_JOB } from '@liuliang/server/distribution/distribution-service'
import { ORDER_AUTO_COMPLETE_JOB, ORDER_EXPIRY_JOB } from '@liuliang/server/orders/order-service'
import type { Random } from '../random'
import { DAY } from './calendar'
import type { BindingPlan } from './plans'
import { COMMISSION_PERCENT, totalsOf, type Product, type World } from './world'

/** A paid order the customer never confirms completes by itself after this (the order service's rule). */
export const AUTO_COMPLETE = 10 * DAY
const SETTLE = DEFAULT_DISTRIBUTION_SETTINGS.settleDays * DAY
/** How long the gateway takes to confirm a refund. */
const REFUND_TURNAROUND = 2000

export interface OrderSpec {
  customerId: number
  kind: 'normal' | 'groupbuy'
  items: { product: Product; priceFen: number; quantity: number }[]
  createdAt: number
  payDeadline: number
  /** null: never paid */
  paidAt: number | null
  refund: { at: number; reason: string } | null
  /** when it completes if nothing else happens first; null: not before the window ends */
  completeAt: number | null
  bindings: BindingPlan[] | undefined
}

export interface WrittenOrder {
  id: number
  amountFen: number
  status: 'pending_payment' | 'paid' | 'completed' | 'refunded' | 'cancelled'
  completedAt: number | null
}

const hex = (random: Random, length: number) => Array.from({ length }, () => random.int(0, 15).toString(16)).join('').toUpperCase()

export function writeOrder(world: World, random: Random, spec: OrderSpec): WrittenOrder {
  const { sink, end } = world
  const id = ++world.ids.order
  const amountFen = spec.items.reduce((sum, item) => sum + item.priceFen * item.quantity, 0)
  const paidAt = spec.paidAt !== null && spec.paidAt <= end ? spec.paidAt : null
  const refundAt = paidAt !== null && spec.refund && spec.refund.at <= end ? spec.refund.at : null
  const completedAt = paidAt !== null && refundAt === null && spec.completeAt !== null && spec.completeAt <= end ? spec.completeAt : null
  const status: WrittenOrder['status'] =
    paidAt === null
      ? spec.payDeadline <= end
        ? 'cancelled'
        : 'pending_payment'
      : refundAt !== null
        ? 'refunded'
        : completedAt !== null
          ? 'completed'
          : 'paid'
  const paymentId = paidAt === null ? null : ++world.ids.payment
  sink.order.run(
    id,
    spec.customerId,
    spec.kind,
    status,
    amountFen,
    spec.payDeadline,
    paymentId,
    paidAt,
    completedAt,
    status === 'cancelled' ? spec.payDeadline : null,
    refundAt === null ? null : refundAt + REFUND_TURNAROUND,
    spec.createdAt,
  )
  for (const item of spec.items) {
    sink.orderItem.run(id, item.product.id, item.product.name, item.priceFen, item.quantity)
    if (spec.kind === 'normal' && status !== 'cancelled') item.product.sold += item.quantity
  }
  const summary = spec.items.map((item) => `${item.product.name}×${item.quantity}`).join('、')
  sink.timeline(spec.customerId, 'order_created', spec.createdAt, { orderId: id, kind: spec.kind, amountFen, items: summary })
  if (status === 'cancelled') sink.timeline(spec.customerId, 'order_cancelled', spec.payDeadline, { orderId: id, reason: '超时未支付' })
  if (status === 'pending_payment') sink.job(ORDER_EXPIRY_JOB, String(id), spec.payDeadline, { orderId: id }, null, spec.createdAt)
  if (paidAt !== null && paymentId !== null) {
    const outTradeNo = `LL${String(id).padStart(8, '0')}${hex(random, 10)}`
    sink.payment.run(paymentId, id, 'gateway', outTradeNo, amountFen, 'succeeded', `wx${hex(random, 24).toLowerCase()}`, `4200${hex(random, 24)}`, paidAt, paidAt - random.int(5_000, 60_000))
    sink.timeline(spec.customerId, 'order_paid', paidAt, { orderId: id, amountFen })
    if (status === 'paid' && paidAt + AUTO_COMPLETE > end) sink.job(ORDER_AUTO_COMPLETE_JOB, String(id), paidAt + AUTO_COMPLETE, { orderId: id }, null, paidAt)
    if (refundAt !== null && spec.refund) {
      const { reason } = spec.refund
      sink.refund.run(id, paymentId, `RF${outTradeNo.slice(2)}`, amountFen, reason, 1, 'succeeded', `50${hex(random, 26)}`, refundAt, refundAt + REFUND_TURNAROUND, refundAt)
      sink.timeline(spec.customerId, 'order_refund_requested', refundAt, { orderId: id, amountFen, reason })
      sink.timeline(spec.customerId, 'order_refunded', refundAt + REFUND_TURNAROUND, { orderId: id, amountFen, reason })
    }
  }
  payUpline(world, spec, { id, amountFen, paidAt, refundAt, completedAt })
  return { id, amountFen, status, completedAt }
}

/**
 * The referral is fixed when the order is placed (an active binding's distributor and their
 * inviter); a paid order earns them frozen commission, which settles once the refund window after
 * completion has passed, or is reversed by a refund.
 */
function payUpline(
  world: World,
  spec: OrderSpec,
  order: { id: number; amountFen: number; paidAt: number | null; refundAt: number | null; completedAt: number | null },
) {
  const binding = spec.bindings?.find((b) => b.boundAt <= spec.createdAt && spec.createdAt < b.expiresAt)
  if (!binding) return
  const { sink, end } = world
  const level1 = binding.distributor
  const level2 = level1.inviter && level1.inviter.customerId !== spec.customerId ? level1.inviter : null
  sink.orderReferral.run(order.id, level1.id, level2?.id ?? null, spec.createdAt)
  if (order.paidAt === null) return
  const settleAt = order.completedAt === null ? null : order.completedAt + SETTLE
  let pendingSettlement = false
  for (const [index, distributor] of [level1, level2].entries()) {
    const amountFen = distributor ? Math.floor((order.amountFen * (COMMISSION_PERCENT[index] as number)) / 100) : 0
    if (!distributor || amountFen === 0) continue
    const level = index + 1
    const owner = distributor.customerId
    const totals = totalsOf(world, distributor.id)
    sink.timeline(owner, 'commission_earned', order.paidAt, { orderId: order.id, level, amountFen })
    if (order.refundAt !== null) {
      sink.commission.run(order.id, distributor.id, level, amountFen, 'reversed', null, null, order.refundAt, order.paidAt)
      sink.timeline(owner, 'commission_reversed', order.refundAt, { orderId: order.id, amountFen, owedFen: 0 })
    } else if (settleAt !== null && settleAt <= end) {
      sink.commission.run(order.id, distributor.id, level, amountFen, 'settled', settleAt, settleAt, null, order.paidAt)
      sink.timeline(owner, 'commission_settled', settleAt, { orderId: order.id, amountFen, paidOffFen: 0 })
      totals.settlements.push([settleAt, amountFen])
    } else {
      sink.commission.run(order.id, distributor.id, level, amountFen, 'frozen', settleAt, null, null, order.paidAt)
      totals.frozen += amountFen
      pendingSettlement ||= settleAt !== null
    }
  }
  if (pendingSettlement && settleAt !== null) {
    sink.job(COMMISSION_SETTLE_JOB, String(order.id), settleAt, { orderId: order.id }, null, order.completedAt as number)
  }
}
