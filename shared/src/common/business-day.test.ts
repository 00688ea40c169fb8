import { describe, expect, it } from 'vitest'
import { addDays, businessDate, businessDateTime, datesOfMonth, daysBetween, startOfBusinessDay } from './business-day'

describe('business days', () => {
  it('puts 23:59 and 00:01 Shanghai time on two dates', () => {
    expect(businessDate(new Date('2026-03-09T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-03-09')
    expect(businessDate(new Date('2026-03-09T16:01:00Z'), 'Asia/Shanghai')).toBe('2026-03-10')
  })

  it('finds local midnight, across a DST change too', () => {
    expect(startOfBusinessDay('2027-01-01', 'Asia/Shanghai').toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(startOfBusinessDay('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z')
    expect(startOfBusinessDay('2026-03-07', 'America/New_York').toISOString()).toBe('2026-03-07T05:00:00.000Z')
  })

  it('does calendar arithmetic over month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3)
    expect(datesOfMonth('2028-02')).toHaveLength(29)
  })
})

describe('businessDateTime', () => {
  it("reads an instant on the brand's wall clock", () => {
    expect(businessDateTime(new Date('2026-03-04T16:05:09Z'), 'Asia/Shanghai')).toBe('2026-03-05 00:05:09')
    expect(businessDateTime(new Date('2026-07-01T03:00:00Z'), 'America/New_York')).toBe('2026-06-30 23:00:00')
  })
})

describe('the wall clock read minute by minute', () => {
  it('reads either side of a DST change, and a zone asked about between two others', () => {
    expect(businessDateTime(new Date('2026-03-08T06:59:59Z'), 'America/New_York')).toBe('2026-03-08 01:59:59')
    expect(businessDateTime(new Date('2026-03-08T06:59:30Z'), 'Asia/Shanghai')).toBe('2026-03-08 14:59:30')
    expect(businessDateTime(new Date('2026-03-08T07:00:00Z'), 'America/New_York')).toBe('2026-03-08 03:00:00')
    expect(businessDateTime(new Date('2026-03-08T06:59:01Z'), 'America/New_York')).toBe('2026-03-08 01:59:01')
  })

  it('reads each second of a minute in which the offset changed (Shanghai leaving local mean time)', () => {
    expect(businessDateTime(new Date('1900-12-31T15:54:16Z'), 'Asia/Shanghai')).toBe('1900-12-31 23:59:59')
    expect(businessDateTime(new Date('1900-12-31T15:54:17Z'), 'Asia/Shanghai')).toBe('1900-12-31 23:54:17')
    expect(businessDateTime(new Date('1900-12-31T15:54:00Z'), 'Asia/Shanghai')).toBe('1900-12-31 23:59:43')
  })
})
