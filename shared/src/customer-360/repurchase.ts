// A purchase suggestion from repeat-purchase history: a product the customer has bought more than once
// is due again about one average interval after the last purchase.
import type { PurchaseSuggestion } from './schemas'

const DAY_MS = 24 * 3600 * 1000

export interface PurchaseRecord {
  productId: number
  productName: string
  purchasedAt: Date
}

export const REPURCHASE_RULES = {
  /** Suggest a product this many days before it is due. */
  leadDays: 14,
  /** Overdue by more than this many intervals, the customer has likely moved on from it. */
  staleAfterIntervals: 2,
} as const

export function suggestRepurchase(purchases: readonly PurchaseRecord[], now: Date, rules = REPURCHASE_RULES): PurchaseSuggestion | null {
  const byProduct = new Map<number, PurchaseRecord[]>()
  for (const purchase of purchases) byProduct.set(purchase.productId, [...(byProduct.get(purchase.productId) ?? []), purchase])

  let best: (PurchaseSuggestion & { purchases: number; due: number }) | null = null
  for (const records of byProduct.values()) {
    // Several units in one day are one purchase.
    const days = [...new Set(records.map((r) => Math.floor(r.purchasedAt.getTime() / DAY_MS)))].sort((a, b) => a - b)
    if (days.length < 2) continue
    const last = Math.max(...records.map((r) => r.purchasedAt.getTime()))
    const interval = (((days.at(-1) as number) - (days[0] as number)) / (days.length - 1)) * DAY_MS
    const due = last + interval
    const untilDue = due - now.getTime()
    if (untilDue > rules.leadDays * DAY_MS || -untilDue > rules.staleAfterIntervals * interval) continue
    if (best && (due > best.due || (due === best.due && days.length <= best.purchases))) continue
    const latest = records.find((r) => r.purchasedAt.getTime() === last) as PurchaseRecord
    best = {
      productId: latest.productId,
      productName: latest.productName,
      lastPurchasedAt: new Date(last).toISOString(),
      averageIntervalDays: Math.round(interval / DAY_MS),
      dueAt: new Date(due).toISOString(),
      overdue: untilDue < 0,
      purchases: days.length,
      due,
    }
  }
  if (!best) return null
  const { purchases: _count, due: _due, ...suggestion } = best
  return suggestion
}
