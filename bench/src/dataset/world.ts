// What every customer's pass shares: the catalogue with what it has sold, the lotteries' stock,
// the group-buy seats and distributors planned up front, commission totals per distributor, the
// script library, and the id counters for rows other rows must name before they are written.
import { DEFAULT_DISTRIBUTION_SETTINGS } from '@liuliang/shared'
import type { Calendar } from './calendar'
import type { LotteryPlan } from './catalog'
import type { DistributionPlan, SeatPlan } from './plans'
import type { Sink } from './sink'

export interface Product {
  id: number
  name: string
  priceFen: number
  sold: number
}

export interface LibraryEntry {
  id: number
  type: string
  title: string
}

export interface CommissionTotals {
  frozen: number
  /** settlements in time order of settling: [at, fen] */
  settlements: [number, number][]
}

export interface World {
  sink: Sink
  calendar: Calendar
  end: number
  seed: number
  products: Product[]
  lotteries: LotteryPlan[]
  /** prize id → what is left */
  prizeLeft: Map<number, number>
  seatsOf: Map<number, SeatPlan[]>
  distribution: DistributionPlan
  commissions: Map<number, CommissionTotals>
  scripts: LibraryEntry[]
  /** cumulative popularity of `scripts`, for weighted picks */
  scriptWeights: Float64Array
  scriptUses: Int32Array
  ids: { order: number; payment: number }
}

export const COMMISSION_PERCENT = [DEFAULT_DISTRIBUTION_SETTINGS.level1Percent, DEFAULT_DISTRIBUTION_SETTINGS.level2Percent] as const

/** Index into a cumulative weight table for a roll in [0, 1). */
export function weightedIndex(cumulative: Float64Array, roll: number): number {
  const target = roll * (cumulative[cumulative.length - 1] as number)
  let low = 0
  let high = cumulative.length - 1
  while (low < high) {
    const mid = (low + high) >> 1
    if ((cumulative[mid] as number) > target) high = mid
    else low = mid + 1
  }
  return low
}

export function totalsOf(world: World, distributorId: number): CommissionTotals {
  let totals = world.commissions.get(distributorId)
  if (!totals) {
    totals = { frozen: 0, settlements: [] }
    world.commissions.set(distributorId, totals)
  }
  return totals
}
