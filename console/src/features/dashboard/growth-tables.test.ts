import { describe, expect, it } from 'vitest'
import { cohortTable, funnelTable, rate } from './growth-tables'

const channel = { liveCodeId: 1, name: '门店', added: 10, eligible7: 8, stayed7: 6, eligible30: 0, stayed30: 0, usedMiniProgram: 5, firstPurchase: 4, repeatPurchase: 1, revenueFen: 12_345 }

describe('growth tables', () => {
  it('gives each channel its rates and money in yuan, and no rate where nothing could reach the stage', () => {
    expect(funnelTable([channel]).rows[0]).toEqual(['门店', 10, 8, 6, '75.0%', 0, 0, '', 5, '50.0%', 4, '40.0%', 1, '25.0%', 123.45])
    expect(rate(1, 3)).toBe('33.3%')
  })

  it('writes cohorts with a blank for a week not begun', () => {
    expect(cohortTable([{ week: '2026-05-01', customers: 3, retained: [3, 2, null] }]).rows).toEqual([['2026-05-01', 3, 3, 2, null]])
  })
})
