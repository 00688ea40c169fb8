import { describe, expect, it } from 'vitest'
import { fromDateTimeInput, toDateTimeInput } from './datetime-input'

describe('datetime inputs in the business time zone', () => {
  it('reads wall-clock time in the given zone', () => {
    expect(fromDateTimeInput('2026-07-01T10:00', 'Asia/Shanghai')).toBe('2026-07-01T02:00:00.000Z')
    expect(toDateTimeInput('2026-07-01T02:00:00.000Z', 'Asia/Shanghai')).toBe('2026-07-01T10:00')
  })

  it('follows daylight saving on the day itself', () => {
    expect(fromDateTimeInput('2026-01-15T09:30', 'America/New_York')).toBe('2026-01-15T14:30:00.000Z')
    expect(fromDateTimeInput('2026-07-15T09:30', 'America/New_York')).toBe('2026-07-15T13:30:00.000Z')
    expect(toDateTimeInput('2026-07-15T13:30:00.000Z', 'America/New_York')).toBe('2026-07-15T09:30')
  })

  it('answers null for a blank or partial value', () => {
    expect(fromDateTimeInput('')).toBeNull()
    expect(fromDateTimeInput('2026-07-01')).toBeNull()
  })
})
