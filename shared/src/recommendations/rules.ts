// Purchase recommendations (猜你想买): from the customer's own purchases and the brand's patterns, the
// products they are likely to buy next, each with the reason the guide can say out loud. Pure, so the
// server's 360 section and the lead centre's repurchase rule read the same intervals.
import type { Recommendation } from './schemas'

const DAY_MS = 86_400_000

export const RECOMMENDATION_RULES = {
  /** A repurchase is suggested from this many days before it is due. */
  leadDays: 7,
  /** Overdue by more than this many intervals, the customer has likely moved on from it. */
  staleAfterIntervals: 3,
  /** Bought together in at least this many orders before it counts as a pattern. */
  minTogetherOrders: 2,
  /** The most the guide is shown. */
  limit: 3,
  /** A purchase of a sent product within this many days counts as the recommendation's hit. */
  hitWindowDays: 30,
} as const

/** The brand's patterns, computed daily from paid, unrefunded orders. */
export interface PurchasePatterns {
  /** Median days between two purchases of a product by the same customer. */
  productIntervals: ReadonlyMap<number, number>
  /** The same per category (a repurchase of any product of the category). */
  categoryIntervals: ReadonlyMap<number, number>
  /** Products bought in the same order as a product, most orders first. */
  together: ReadonlyMap<number, readonly { productId: number; orders: number }[]>
}

export interface PurchasedItem {
  productId: number
  categoryId: number | null
  purchasedAt: Date
}

export interface CatalogProduct {
  id: number
  name: string
  imageUrl: string | null
  priceFen: number
  active: boolean
}

/** The median of a list of whole days, rounded to a whole day; null for none. */
export function medianDays(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length / 2
  const value = sorted.length % 2 === 1 ? (sorted[Math.floor(middle)] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
  return Math.round(value)
}

/** The median from (value, how many) buckets, as the database counts them. */
export function medianOfBuckets(buckets: readonly { value: number; n: number }[]): number | null {
  const total = buckets.reduce((sum, bucket) => sum + bucket.n, 0)
  if (total === 0) return null
  const sorted = [...buckets].sort((a, b) => a.value - b.value)
  const at = (position: number) => {
    let seen = 0
    for (const bucket of sorted) {
      seen += bucket.n
      if (position < seen) return bucket.value
    }
    return (sorted.at(-1) as { value: number }).value
  }
  const middle = total / 2
  return Math.round(total % 2 === 1 ? at(Math.floor(middle)) : (at(middle - 1) + at(middle)) / 2)
}

/** Whole days between consecutive purchase days of one customer (several in a day are one purchase). */
export function gapsBetween(days: readonly number[]): number[] {
  const distinct = [...new Set(days)].sort((a, b) => a - b)
  return distinct.slice(1).map((day, i) => day - (distinct[i] as number))
}

/** The brand's usual interval before a product is bought again: the product's own, else its category's. */
export function typicalInterval(productId: number, categoryId: number | null, patterns: PurchasePatterns): number | null {
  return patterns.productIntervals.get(productId) ?? (categoryId === null ? undefined : patterns.categoryIntervals.get(categoryId)) ?? null
}

export const repurchaseReason = (daysAgo: number, intervalDays: number) => `上次购买 ${daysAgo} 天前，通常 ${intervalDays} 天复购`
export const togetherReason = (boughtName: string, orders: number) => `常与「${boughtName}」一起购买（${orders} 单）`

/**
 * The customer's likely next purchases, due repurchases first (the most overdue first), then products
 * often bought with what they bought. A repurchase interval is the customer's own median when they
 * bought the product on two days or more, else the brand's.
 */
export function recommendNext(
  history: readonly PurchasedItem[],
  patterns: PurchasePatterns,
  catalog: ReadonlyMap<number, CatalogProduct>,
  now: Date,
  rules = RECOMMENDATION_RULES,
): Recommendation[] {
  const byProduct = new Map<number, PurchasedItem[]>()
  for (const item of history) byProduct.set(item.productId, [...(byProduct.get(item.productId) ?? []), item])
  const today = Math.floor(now.getTime() / DAY_MS)

  const due: (Recommendation & { ratio: number })[] = []
  for (const [productId, items] of byProduct) {
    const product = catalog.get(productId)
    if (!product?.active) continue
    const days = items.map((item) => Math.floor(item.purchasedAt.getTime() / DAY_MS))
    const interval = medianDays(gapsBetween(days)) ?? typicalInterval(productId, (items[0] as PurchasedItem).categoryId, patterns)
    if (interval === null || interval <= 0) continue
    const last = Math.max(...days)
    const daysAgo = today - last
    if (daysAgo < interval - rules.leadDays || daysAgo > interval * rules.staleAfterIntervals) continue
    due.push({
      ...card(product),
      kind: 'repurchase',
      reason: repurchaseReason(daysAgo, interval),
      dueAt: new Date((last + interval) * DAY_MS).toISOString(),
      ratio: daysAgo / interval,
    })
  }
  due.sort((a, b) => b.ratio - a.ratio || a.productId - b.productId)

  const together = new Map<number, Recommendation & { orders: number }>()
  for (const productId of byProduct.keys()) {
    const bought = catalog.get(productId)
    for (const other of patterns.together.get(productId) ?? []) {
      const product = catalog.get(other.productId)
      if (!bought || !product?.active || byProduct.has(other.productId) || other.orders < rules.minTogetherOrders) continue
      const known = together.get(other.productId)
      if (known && known.orders >= other.orders) continue
      together.set(other.productId, { ...card(product), kind: 'together', reason: togetherReason(bought.name, other.orders), dueAt: null, orders: other.orders })
    }
  }
  const alsoBought = [...together.values()].sort((a, b) => b.orders - a.orders || a.productId - b.productId)

  return [...due.map(({ ratio: _ratio, ...rest }) => rest), ...alsoBought.map(({ orders: _orders, ...rest }) => rest)].slice(0, rules.limit)
}

function card(product: CatalogProduct) {
  return { productId: product.id, productName: product.name, imageUrl: product.imageUrl, priceFen: product.priceFen }
}
