import { describe, expect, it } from 'vitest'
import { bestCoupon, couponDiscountFen, orderRewardPoints, specLabel } from './rules'

const coupon = (id: number, terms: Partial<Parameters<typeof couponDiscountFen>[0]>, validUntil = '2026-06-01T00:00:00.000Z') => ({
  id,
  kind: 'amount_off' as const,
  amountOffFen: null,
  discountPercent: null,
  thresholdFen: 0,
  validUntil,
  ...terms,
})

describe('shop rules', () => {
  it('takes a coupon off only from its threshold, and always leaves a fen to pay', () => {
    expect(couponDiscountFen(coupon(1, { amountOffFen: 2000, thresholdFen: 10_000 }), 9_999)).toBeNull()
    expect(couponDiscountFen(coupon(1, { amountOffFen: 2000, thresholdFen: 10_000 }), 10_000)).toBe(2000)
    expect(couponDiscountFen(coupon(1, { amountOffFen: 2000 }), 1500)).toBe(1499)
    expect(couponDiscountFen(coupon(1, { kind: 'discount', discountPercent: 85 }), 10_000)).toBe(1500)
  })

  it('preselects the coupon taking most off, and of equals the one ending first', () => {
    const list = [
      coupon(1, { amountOffFen: 1000 }),
      coupon(2, { kind: 'discount', discountPercent: 80 }),
      coupon(3, { amountOffFen: 5000, thresholdFen: 30_000 }),
      coupon(4, { amountOffFen: 3000 }, '2026-05-10T00:00:00.000Z'),
      coupon(5, { amountOffFen: 3000 }),
    ]
    expect(bestCoupon(list, 12_000)?.id).toBe(4)
    expect(bestCoupon(list, 20_000)?.id).toBe(2)
    expect(bestCoupon(list, 30_000)?.id).toBe(2)
    expect(bestCoupon(list, 0)).toBeNull()
    expect(bestCoupon([coupon(3, { amountOffFen: 5000, thresholdFen: 30_000 })], 100)).toBeNull()
  })

  it('names a SKU by its option values and counts a yuan a point', () => {
    expect(specLabel([{ name: '颜色', value: '红色' }, { name: '规格', value: '大号' }])).toBe('红色 / 大号')
    expect(specLabel([])).toBe('')
    expect(orderRewardPoints(12_950, 1.5)).toBe(194)
  })
})
