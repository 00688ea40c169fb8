import { addDays, businessDate, startOfBusinessDay } from '@liuliang/shared'

export const DAY = 86_400_000
export const MINUTE = 60_000

/**
 * The business days of the generated window, worked out once: tens of millions of rows need their
 * date, and the shared helpers (Intl) are far too slow to call per row.
 */
export function createCalendar(startMs: number, endMs: number, timeZone: string) {
  const dates: string[] = []
  const starts: number[] = []
  const last = businessDate(new Date(endMs), timeZone)
  for (let date = businessDate(new Date(startMs), timeZone); date <= last; date = addDays(date, 1)) {
    dates.push(date)
    starts.push(startOfBusinessDay(date, timeZone).getTime())
  }
  const expiries = new Map<number, number>()

  /** Index of the business day an instant falls on (clamped to the window). */
  const dayIndexOf = (ms: number): number => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((starts[mid] as number) <= ms) low = mid
      else high = mid - 1
    }
    return low
  }

  return {
    days: dates.length,
    dateAt: (index: number) => dates[index] as string,
    startOf: (index: number) => starts[index] as number,
    dayIndexOf,
    dateOf: (ms: number) => dates[dayIndexOf(ms)] as string,
    yearOf: (ms: number) => Number((dates[dayIndexOf(ms)] as string).slice(0, 4)),
    /** Points earned in year Y expire when Y+1 ends (the points service's rule). */
    expiryOfYear(year: number): number {
      let at = expiries.get(year)
      if (at === undefined) {
        at = startOfBusinessDay(`${year + 2}-01-01`, timeZone).getTime()
        expiries.set(year, at)
      }
      return at
    },
  }
}

export type Calendar = ReturnType<typeof createCalendar>
