import { describe, expect, it } from 'vitest'
import { daysBefore, todayInChina } from './date-range'

describe('dashboard date range', () => {
  it('takes today in China time', () => {
    expect(todayInChina(new Date('2026-03-10T16:30:00Z'))).toBe('2026-03-11')
    expect(todayInChina(new Date('2026-03-10T15:30:00Z'))).toBe('2026-03-10')
  })

  it('counts days back across month ends', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28')
    expect(daysBefore('2026-03-10', 6)).toBe('2026-03-04')
  })
})
