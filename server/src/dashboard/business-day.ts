import { zoneOffset } from '@liuliang/shared'

/**
 * Business days are in the brand's time zone. SQLite knows only fixed offsets, so the zone's
 * offset is read once per query for the start of the range (exact for zones without daylight
 * saving, such as Asia/Shanghai).
 */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  return Math.round(zoneOffset(at, timeZone) / 60000)
}

/** The UTC instant at which a business day (YYYY-MM-DD) starts. */
export function businessDayStart(day: string, offsetMinutes: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60000)
}

/** Every business day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86400000) {
    days.push(new Date(t).toISOString().slice(0, 10))
  }
  return days
}
