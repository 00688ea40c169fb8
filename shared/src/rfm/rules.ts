// RFM segments: recency, frequency and monetary value each scored high or low against the brand's
// thresholds, and the three scores mapped to the eight classic segments. "R high" means bought
// recently. A customer who never bought (or whose every purchase was refunded) has no segment.

/** The eight segments, as (R, F, M) high/low; M high are the 重要 ones. */
export const RFM_SEGMENTS = [
  'important_value',
  'important_develop',
  'important_keep',
  'important_retain',
  'general_value',
  'general_develop',
  'general_keep',
  'general_retain',
] as const
export type RfmSegment = (typeof RFM_SEGMENTS)[number]

export const RFM_SEGMENT_NAMES: Record<RfmSegment, string> = {
  important_value: '重要价值客户',
  important_develop: '重要发展客户',
  important_keep: '重要保持客户',
  important_retain: '重要挽留客户',
  general_value: '一般价值客户',
  general_develop: '一般发展客户',
  general_keep: '一般保持客户',
  general_retain: '一般挽留客户',
}

/** What a customer with no paid, unrefunded order is called instead of a segment. */
export const RFM_NO_SEGMENT_NAME = '未消费'

export const rfmSegmentName = (segment: RfmSegment | null): string => (segment === null ? RFM_NO_SEGMENT_NAME : RFM_SEGMENT_NAMES[segment])

/** Whether M is the spend in the window (total) or the spend per order in it (average). */
export const RFM_MONETARY_MODES = ['total', 'average'] as const
export type RfmMonetaryMode = (typeof RFM_MONETARY_MODES)[number]

export const RFM_MONETARY_MODE_NAMES: Record<RfmMonetaryMode, string> = { total: '统计周期内累计消费', average: '统计周期内客单价' }

export interface RfmScores {
  recency: boolean
  frequency: boolean
  monetary: boolean
}

export const RFM_SEGMENT_SCORES: Record<RfmSegment, RfmScores> = {
  important_value: { recency: true, frequency: true, monetary: true },
  important_develop: { recency: true, frequency: false, monetary: true },
  important_keep: { recency: false, frequency: true, monetary: true },
  important_retain: { recency: false, frequency: false, monetary: true },
  general_value: { recency: true, frequency: true, monetary: false },
  general_develop: { recency: true, frequency: false, monetary: false },
  general_keep: { recency: false, frequency: true, monetary: false },
  general_retain: { recency: false, frequency: false, monetary: false },
}

/** The segment of three high/low scores. */
export function segmentOf({ recency, frequency, monetary }: RfmScores): RfmSegment {
  const found = RFM_SEGMENTS.find((segment) => {
    const high = RFM_SEGMENT_SCORES[segment]
    return high.recency === recency && high.frequency === frequency && high.monetary === monetary
  })
  // The eight segments cover every combination of three scores.
  return found as RfmSegment
}

export interface RfmThresholds {
  /** the window F and M are counted in, in days up to now */
  windowDays: number
  /** R is high when the last purchase is at most this many days ago */
  recencyDays: number
  /** F is high at this many paid orders in the window or more */
  frequencyOrders: number
  /** M is high at this many fen or more */
  monetaryFen: number
  monetaryMode: RfmMonetaryMode
}

/** One customer's raw figures: whole days since the last purchase, orders and spend in the window. */
export interface RfmFigures {
  recencyDays: number
  orders: number
  spendFen: number
}

/** M as the brand reads it; an average over no orders is 0, and averages round down to the fen. */
export const monetaryOf = (figures: Pick<RfmFigures, 'orders' | 'spendFen'>, mode: RfmMonetaryMode): number =>
  mode === 'total' ? figures.spendFen : figures.orders === 0 ? 0 : Math.floor(figures.spendFen / figures.orders)

export function scoreRfm(figures: RfmFigures, thresholds: RfmThresholds): RfmScores {
  return {
    recency: figures.recencyDays <= thresholds.recencyDays,
    frequency: figures.orders >= thresholds.frequencyOrders,
    monetary: monetaryOf(figures, thresholds.monetaryMode) >= thresholds.monetaryFen,
  }
}

/** Thresholds a form or request may not carry: R beyond the window would score customers on orders it does not count. */
export function rfmThresholdsProblem(thresholds: RfmThresholds): string | null {
  if (thresholds.recencyDays > thresholds.windowDays) return '“最近消费”天数不能超过统计周期'
  if (thresholds.frequencyOrders > thresholds.windowDays) return '消费次数门槛不能超过统计周期的天数'
  return null
}

/** The median of a list (the mean of the middle two for an even count); null for an empty one. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

export interface RfmMedians {
  recencyDays: number
  orders: number
  monetaryFen: number
}

/**
 * Thresholds that split the buyers at their medians. R and M take the median itself (half are at
 * or within it). F takes the first whole number above the median: most customers buy once, and a
 * threshold of one would call every buyer in the window frequent. Never below one, nor R beyond the window.
 */
export function suggestThresholds(medians: RfmMedians, windowDays: number): Pick<RfmThresholds, 'recencyDays' | 'frequencyOrders' | 'monetaryFen'> {
  return {
    recencyDays: Math.min(windowDays, Math.max(1, Math.round(medians.recencyDays))),
    frequencyOrders: Math.min(windowDays, Math.floor(medians.orders) + 1),
    monetaryFen: Math.max(1, Math.round(medians.monetaryFen)),
  }
}
