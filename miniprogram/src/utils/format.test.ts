import { describe, expect, it } from 'vitest'
import { couponCondition, couponValue, yuan } from './format'

describe('formatting', () => {
  it('shows fen as yuan', () => {
    expect(yuan(1000)).toBe('10')
    expect(yuan(1050)).toBe('10.5')
    expect(yuan(1)).toBe('0.01')
  })

  it('reads coupons the way shoppers do', () => {
    expect(couponValue({ kind: 'amount_off', amountOffFen: 2000, discountPercent: null, thresholdFen: 10000 })).toBe('¥20')
    expect(couponValue({ kind: 'discount', amountOffFen: null, discountPercent: 85, thresholdFen: 0 })).toBe('8.5折')
    expect(couponCondition({ kind: 'discount', amountOffFen: null, discountPercent: 85, thresholdFen: 0 })).toBe('无门槛')
    expect(couponCondition({ kind: 'amount_off', amountOffFen: 2000, discountPercent: null, thresholdFen: 10000 })).toBe('满100元可用')
  })
})
