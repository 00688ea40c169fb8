import { describe, expect, it } from 'vitest'
import {
  median,
  monetaryOf,
  RFM_SEGMENTS,
  RFM_SEGMENT_NAMES,
  rfmSegmentName,
  rfmThresholdsProblem,
  scoreRfm,
  segmentOf,
  suggestThresholds,
  type RfmThresholds,
} from './rules'

const thresholds: RfmThresholds = { windowDays: 365, recencyDays: 30, frequencyOrders: 3, monetaryFen: 10_000, monetaryMode: 'total' }

describe('RFM segments', () => {
  it('maps (R, F, M) to the classic segments, R high meaning recent', () => {
    expect(segmentOf({ recency: true, frequency: true, monetary: true })).toBe('important_value')
    expect(segmentOf({ recency: true, frequency: false, monetary: true })).toBe('important_develop')
    expect(segmentOf({ recency: false, frequency: true, monetary: true })).toBe('important_keep')
    expect(segmentOf({ recency: false, frequency: false, monetary: true })).toBe('important_retain')
    expect(segmentOf({ recency: true, frequency: true, monetary: false })).toBe('general_value')
    expect(segmentOf({ recency: true, frequency: false, monetary: false })).toBe('general_develop')
    expect(segmentOf({ recency: false, frequency: true, monetary: false })).toBe('general_keep')
    expect(segmentOf({ recency: false, frequency: false, monetary: false })).toBe('general_retain')
  })

  it('names each segment in Chinese, and a customer who never bought 未消费', () => {
    expect(RFM_SEGMENTS.map((segment) => RFM_SEGMENT_NAMES[segment])).toEqual([
      '重要价值客户',
      '重要发展客户',
      '重要保持客户',
      '重要挽留客户',
      '一般价值客户',
      '一般发展客户',
      '一般保持客户',
      '一般挽留客户',
    ])
    expect(rfmSegmentName(null)).toBe('未消费')
  })
})

describe('scoring against thresholds', () => {
  it('counts each threshold as high, inclusive', () => {
    expect(scoreRfm({ recencyDays: 30, orders: 3, spendFen: 10_000 }, thresholds)).toEqual({ recency: true, frequency: true, monetary: true })
    expect(scoreRfm({ recencyDays: 31, orders: 2, spendFen: 9_999 }, thresholds)).toEqual({ recency: false, frequency: false, monetary: false })
  })

  it('reads M as the total or the average per order, as the brand chose', () => {
    expect(monetaryOf({ orders: 3, spendFen: 10_000 }, 'total')).toBe(10_000)
    expect(monetaryOf({ orders: 3, spendFen: 10_000 }, 'average')).toBe(3_333)
    expect(monetaryOf({ orders: 0, spendFen: 0 }, 'average')).toBe(0)
    const average = { ...thresholds, monetaryMode: 'average' as const, monetaryFen: 4_000 }
    expect(scoreRfm({ recencyDays: 1, orders: 3, spendFen: 10_000 }, average).monetary).toBe(false)
    expect(scoreRfm({ recencyDays: 1, orders: 2, spendFen: 8_000 }, average).monetary).toBe(true)
  })

  it('refuses a recency beyond the window', () => {
    expect(rfmThresholdsProblem(thresholds)).toBeNull()
    expect(rfmThresholdsProblem({ ...thresholds, recencyDays: 400 })).toMatch(/统计周期/)
    expect(rfmThresholdsProblem({ ...thresholds, windowDays: 7, frequencyOrders: 8, recencyDays: 7 })).toMatch(/统计周期/)
  })
})

describe('the suggestion from medians', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull()
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('splits R and M at their medians and F just above it', () => {
    expect(suggestThresholds({ recencyDays: 42.5, orders: 1, monetaryFen: 12_345.5 }, 365)).toEqual({
      recencyDays: 43,
      frequencyOrders: 2,
      monetaryFen: 12_346,
    })
    expect(suggestThresholds({ recencyDays: 0, orders: 2.5, monetaryFen: 0 }, 365)).toEqual({ recencyDays: 1, frequencyOrders: 3, monetaryFen: 1 })
    expect(suggestThresholds({ recencyDays: 500, orders: 0, monetaryFen: 100 }, 365).recencyDays).toBe(365)
  })
})
