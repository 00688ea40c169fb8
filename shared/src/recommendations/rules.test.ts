import { describe, expect, it } from 'vitest'
import { gapsBetween, medianDays, medianOfBuckets, recommendNext, type CatalogProduct, type PurchasePatterns } from './rules'

const DAY = 86_400_000
const now = new Date('2026-03-11T00:00:00Z')
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY)
const product = (id: number, name: string): CatalogProduct => ({ id, name, imageUrl: null, priceFen: 9900, active: true })
const catalog = new Map([product(1, '洗面奶'), product(2, '爽肤水'), product(3, '面膜')].map((p) => [p.id, p]))
const patterns: PurchasePatterns = {
  productIntervals: new Map([[1, 40]]),
  categoryIntervals: new Map([[7, 60]]),
  together: new Map([[1, [{ productId: 3, orders: 4 }]]]),
}

describe('repeat-purchase intervals', () => {
  it('take one purchase per day and the median of the gaps', () => {
    expect(gapsBetween([10, 10, 50, 92])).toEqual([40, 42])
    expect(medianDays([38, 40, 42, 44])).toBe(41)
    expect(medianDays([])).toBeNull()
    expect(medianOfBuckets([{ value: 40, n: 1 }, { value: 38, n: 1 }, { value: 42, n: 1 }, { value: 44, n: 1 }, { value: 30, n: 1 }])).toBe(40)
  })
})

describe('recommendNext', () => {
  it('suggests a repurchase due by the brand’s interval, with the reason, then what is bought with it', () => {
    const items = recommendNext([{ productId: 1, categoryId: 7, purchasedAt: daysAgo(45) }], patterns, catalog, now)
    expect(items.map((item) => [item.productName, item.kind, item.reason])).toEqual([
      ['洗面奶', 'repurchase', '上次购买 45 天前，通常 40 天复购'],
      ['面膜', 'together', '常与「洗面奶」一起购买（4 单）'],
    ])
  })

  it('prefers the customer’s own interval, falls back to the category, and leaves out what is not due or long stale', () => {
    const own = recommendNext([0, 20, 25].map((n) => ({ productId: 1, categoryId: 7, purchasedAt: daysAgo(n + 8) })), patterns, catalog, now)
    // Own gaps 5 and 20: a median of 13 days, and the last was 8 days ago — due within the week ahead.
    expect(own[0]).toMatchObject({ productName: '洗面奶', reason: '上次购买 8 天前，通常 13 天复购' })
    const category = recommendNext([{ productId: 2, categoryId: 7, purchasedAt: daysAgo(58) }], patterns, catalog, now)
    expect(category[0]).toMatchObject({ productName: '爽肤水', reason: '上次购买 58 天前，通常 60 天复购' })
    expect(recommendNext([{ productId: 2, categoryId: 7, purchasedAt: daysAgo(10) }], patterns, catalog, now)).toEqual([])
    expect(recommendNext([{ productId: 2, categoryId: 7, purchasedAt: daysAgo(200) }], patterns, catalog, now)).toEqual([])
  })
})
