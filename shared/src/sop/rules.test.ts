import { describe, expect, it } from 'vitest'
import { inQuietHours, outOfQuietHours, stepTimes, warnAt, weekdayOf } from './rules'

const TZ = 'Asia/Shanghai'
const rule = { quietHours: { start: '22:00', end: '08:00' }, onTimeMinutes: 60 }

describe('SOP step times', () => {
  it('counts days from the anchor’s business day, at the step’s clock time', () => {
    // 2026-04-06 09:00 in Shanghai.
    const anchor = new Date('2026-04-06T01:00:00Z')
    expect(stepTimes(anchor, { day: 0, time: '10:00' }, rule, TZ)).toEqual({
      dueAt: new Date('2026-04-06T02:00:00Z'),
      lateAt: new Date('2026-04-06T03:00:00Z'),
      missedAt: new Date('2026-04-07T03:00:00Z'),
    })
    expect(stepTimes(anchor, { day: 3, time: '12:30' }, rule, TZ).dueAt).toEqual(new Date('2026-04-09T04:30:00Z'))
  })

  it('is never due before the anchor, and moves out of the quiet hours, across midnight too', () => {
    const anchor = new Date('2026-04-06T07:00:00Z') // 15:00
    expect(stepTimes(anchor, { day: 0, time: '10:00' }, rule, TZ).dueAt).toEqual(anchor)
    expect(stepTimes(anchor, { day: 0, time: '23:00' }, rule, TZ).dueAt).toEqual(new Date('2026-04-07T00:00:00Z'))
    expect(stepTimes(anchor, { day: 1, time: '06:00' }, rule, TZ).dueAt).toEqual(new Date('2026-04-07T00:00:00Z'))
    expect(outOfQuietHours(new Date('2026-04-06T13:59:00Z'), rule.quietHours, TZ)).toEqual(new Date('2026-04-06T13:59:00Z'))
    expect(inQuietHours(new Date('2026-04-06T14:00:00Z'), { start: '22:00', end: '22:00' }, TZ)).toBe(false)
  })

  it('warns at most 15 minutes, and at most half the window, before late', () => {
    expect(warnAt(stepTimes(new Date('2026-04-06T01:00:00Z'), { day: 0, time: '10:00' }, rule, TZ))).toEqual(new Date('2026-04-06T02:45:00Z'))
    const short = stepTimes(new Date('2026-04-06T01:00:00Z'), { day: 0, time: '10:00' }, { quietHours: null, onTimeMinutes: 10 }, TZ)
    expect(warnAt(short)).toEqual(new Date('2026-04-06T02:05:00Z'))
  })

  it('names weekdays Monday 1 to Sunday 7', () => {
    expect(weekdayOf('2026-04-06')).toBe(1)
    expect(weekdayOf('2026-04-12')).toBe(7)
  })
})
