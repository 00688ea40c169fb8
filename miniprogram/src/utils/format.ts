import type { Coupon, CouponTemplate } from '@liuliang/shared'

const pad = (n: number) => String(n).padStart(2, '0')

/** Fen as yuan without trailing zeros: 1000 → 10, 1050 → 10.5. */
export function yuan(fen: number): string {
  return String(Number((fen / 100).toFixed(2)))
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function formatDate(iso: string): string {
  return formatDateTime(iso).slice(0, 10)
}

export type CouponTerms = Pick<Coupon | CouponTemplate, 'kind' | 'amountOffFen' | 'discountPercent' | 'thresholdFen'>

/** The big number on a coupon: ¥20 or 8.5折. */
export function couponValue(coupon: CouponTerms): string {
  if (coupon.kind === 'amount_off') return `¥${yuan(coupon.amountOffFen ?? 0)}`
  return `${(coupon.discountPercent ?? 100) / 10}折`
}

export function couponCondition(coupon: CouponTerms): string {
  return coupon.thresholdFen > 0 ? `满${yuan(coupon.thresholdFen)}元可用` : '无门槛'
}

/** The coupon's last valid moment is one millisecond before its end; show that day. */
export function couponValidity(coupon: Pick<Coupon, 'validUntil'>): string {
  return `有效期至 ${formatDate(new Date(Date.parse(coupon.validUntil) - 1).toISOString())}`
}


/** "mm:ss" or "h:mm:ss" left until `deadline`; "00:00" once passed. */
export function countdown(deadline: string, now: number): string {
  const left = Math.max(0, Math.floor((new Date(deadline).getTime() - now) / 1000))
  const hours = Math.floor(left / 3600)
  const rest = `${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`
  return hours > 0 ? `${hours}:${rest}` : rest
}
