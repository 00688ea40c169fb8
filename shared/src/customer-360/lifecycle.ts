// Where a customer is in their life with the brand, from facts every part of the 360 view already has.
import type { LifecycleStage } from '../common/values'

const DAY_MS = 24 * 3600 * 1000

export const LIFECYCLE_RULES = {
  /** A customer is new for this many days after they first reached us, until they buy. */
  newForDays: 7,
  /** A buyer with no order for this long is dormant. */
  dormantAfterDays: 90,
} as const

export interface LifecycleFacts {
  /** When they became a customer (first WeCom add or mini-program registration). */
  since: Date
  /** Whether any guide ever followed them, and how many still do. */
  everFollowed: boolean
  activeFollowers: number
  /** Paid orders; null where no orders domain reports, which means nobody can have bought yet. */
  orders: { count: number; lastPurchasedAt: Date | null } | null
  now: Date
}

export function lifecycleStage(facts: LifecycleFacts, rules = LIFECYCLE_RULES): LifecycleStage {
  if (facts.everFollowed && facts.activeFollowers === 0) return 'lost'
  const count = facts.orders?.count ?? 0
  const last = facts.orders?.lastPurchasedAt ?? null
  if (count > 0) {
    if (last && facts.now.getTime() - last.getTime() > rules.dormantAfterDays * DAY_MS) return 'dormant'
    return count > 1 ? 'repeat' : 'first_purchase'
  }
  return facts.now.getTime() - facts.since.getTime() <= rules.newForDays * DAY_MS ? 'new' : 'prospect'
}
