import type { CouponKind } from '../common/values'
import type { SkuOption } from './values'

/** How a SKU's options read on screen and in an order: 红色 / 大号; '' for a product's default SKU. */
export const specLabel = (options: readonly SkuOption[]): string => options.map((option) => option.value).join(' / ')

/** Order points: one per yuan paid, times the customer's level multiplier (what completing the order credits). */
export const FEN_PER_ORDER_POINT = 100
export const orderRewardPoints = (amountFen: number, multiplier: number): number => Math.floor((amountFen / FEN_PER_ORDER_POINT) * multiplier)

/** A coupon's terms as a customer holds them. */
export interface CouponTerms {
  kind: CouponKind
  amountOffFen: number | null
  discountPercent: number | null
  thresholdFen: number
}

/**
 * What a coupon takes off lines worth `subtotalFen`, or null when the order does not reach its
 * threshold. An order always leaves at least one fen to pay: WeChat Pay takes no zero payment.
 */
export function couponDiscountFen(coupon: CouponTerms, subtotalFen: number): number | null {
  if (subtotalFen <= 0 || subtotalFen < coupon.thresholdFen) return null
  const off =
    coupon.kind === 'amount_off'
      ? (coupon.amountOffFen ?? 0)
      : subtotalFen - Math.round((subtotalFen * (coupon.discountPercent ?? 100)) / 100)
  return Math.max(0, Math.min(off, subtotalFen - 1))
}

/**
 * The coupon a checkout preselects: the one taking most off; on a tie, the one ending first, so the
 * customer keeps the longer-lived one. Null when none applies.
 */
export function bestCoupon<C extends CouponTerms & { id: number; validUntil: string }>(coupons: readonly C[], subtotalFen: number): C | null {
  let best: { coupon: C; off: number } | null = null
  for (const coupon of coupons) {
    const off = couponDiscountFen(coupon, subtotalFen)
    if (off === null || off === 0) continue
    if (!best || off > best.off || (off === best.off && coupon.validUntil < best.coupon.validUntil)) best = { coupon, off }
  }
  return best?.coupon ?? null
}
