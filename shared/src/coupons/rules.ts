import type { CouponKind } from '../common/values'

/** A template's terms as requested (absent values) or as stored (null values). */
interface Terms {
  kind: CouponKind
  amountOffFen?: number | null
  discountPercent?: number | null
  thresholdFen: number
}

/** Why a template's terms cannot stand, if they cannot: each kind has exactly its own value, and a
 * threshold coupon never takes the whole threshold off (that is a free order, not a discount). */
export function couponTermsProblem(terms: Terms): string | null {
  if (terms.kind === 'amount_off' && (terms.amountOffFen == null || terms.discountPercent != null)) {
    return '满减券需要填写减免金额，且不能设置折扣'
  }
  if (terms.kind === 'discount' && (terms.discountPercent == null || terms.amountOffFen != null)) {
    return '折扣券需要填写折扣，且不能设置减免金额'
  }
  if (terms.kind === 'amount_off' && terms.thresholdFen > 0 && terms.amountOffFen! >= terms.thresholdFen) {
    return '减免金额必须小于使用门槛'
  }
  return null
}
