import { describe, expect, it } from 'vitest'
import { businessTimeInDays, formatBytes, formatFen } from './format'

describe('formatFen', () => {
  it('prints fen as yuan', () => {
    expect(formatFen(123450)).toBe('¥1,234.50')
    expect(formatFen(0)).toBe('¥0.00')
  })
})

describe('formatBytes', () => {
  it('reads as KB below a megabyte, never 0, and as MB to one place above', () => {
    expect([10, 1536, 1024 * 1024 - 1, 1024 * 1024, 20 * 1024 * 1024].map(formatBytes)).toEqual(['1 KB', '2 KB', '1024 KB', '1.0 MB', '20.0 MB'])
  })
})

describe('businessTimeInDays', () => {
  it("counts days in the brand's time zone, not the device's", () => {
    // 23:30 UTC on 1 May is already 2 May in Shanghai, so "tomorrow at 10" there is 3 May 10:00 (+08:00).
    const now = new Date('2025-05-01T23:30:00Z')
    expect(businessTimeInDays(1, 10, now, 'Asia/Shanghai').toISOString()).toBe('2025-05-03T02:00:00.000Z')
    expect(businessTimeInDays(0, 10, now, 'UTC').toISOString()).toBe('2025-05-01T10:00:00.000Z')
  })

  it('rolls over month ends and keeps the wall time across a daylight-saving change', () => {
    expect(businessTimeInDays(7, 10, new Date('2025-01-28T04:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2025-02-04T02:00:00.000Z')
    // New York moves to summer time on 9 March 2025: 10:00 is 15:00 UTC before and 14:00 UTC after.
    expect(businessTimeInDays(3, 10, new Date('2025-03-07T16:00:00Z'), 'America/New_York').toISOString()).toBe('2025-03-10T14:00:00.000Z')
  })
})
