import { describe, expect, it } from 'vitest'
import { suggestRepurchase, type PurchaseRecord } from './repurchase'

const now = new Date('2025-06-30T04:00:00Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600 * 1000)
const bought = (productId: number, productName: string, ...ago: number[]): PurchaseRecord[] =>
  ago.map((days) => ({ productId, productName, purchasedAt: daysAgo(days) }))

describe('suggestRepurchase', () => {
  it('suggests a product bought at a steady interval when it is nearly due', () => {
    const suggestion = suggestRepurchase(bought(1, '玻尿酸精华', 85, 55, 25), now)
    expect(suggestion).toEqual({
      productId: 1,
      productName: '玻尿酸精华',
      lastPurchasedAt: daysAgo(25).toISOString(),
      averageIntervalDays: 30,
      dueAt: daysAgo(-5).toISOString(),
      overdue: false,
    })
  })

  it('says when the product is already overdue', () => {
    expect(suggestRepurchase(bought(1, '洁面乳', 70, 40), now)?.overdue).toBe(true)
  })

  it('picks the product due soonest among several', () => {
    const history = [...bought(1, '面霜', 60, 30), ...bought(2, '卸妆油', 50, 25, 0), ...bought(3, '面膜', 21, 14)]
    expect(suggestRepurchase(history, now)?.productName).toBe('面膜')
  })

  it('suggests nothing from single purchases, far-off due dates or long-abandoned products', () => {
    expect(suggestRepurchase(bought(1, '香水', 3), now)).toBeNull()
    expect(suggestRepurchase(bought(1, '香水', 3, 3), now)).toBeNull()
    expect(suggestRepurchase(bought(1, '防晒', 300, 100), now)).toBeNull()
    expect(suggestRepurchase(bought(1, '眼霜', 200, 190), now)).toBeNull()
    expect(suggestRepurchase([], now)).toBeNull()
  })
})
