// Business days are calendar dates (YYYY-MM-DD) in the brand's time zone; instants are UTC.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

function wallClock(instant: Date, timeZone: string) {
  const parts: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The business date an instant falls on. */
export function businessDate(instant: Date, timeZone: string): string {
  const { year, month, day } = wallClock(instant, timeZone)
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

/** An instant as the brand's wall clock reads it: `2026-03-05 09:07:03`. */
export function businessDateTime(instant: Date, timeZone: string): string {
  const { hour, minute, second } = wallClock(instant, timeZone)
  return `${businessDate(instant, timeZone)} ${pad(hour)}:${pad(minute)}:${pad(second)}`
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
export function zoneOffset(instant: Date, timeZone: string): number {
  const c = wallClock(instant, timeZone)
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second)
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000
}

/** The instant a business date starts (local midnight). */
export function startOfBusinessDay(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const guess = Date.UTC(year, month - 1, day)
  // Offsets can differ either side of a DST change; the second pass settles on the right one.
  const first = guess - zoneOffset(new Date(guess), timeZone)
  return new Date(guess - zoneOffset(new Date(first), timeZone))
}

/** A date n days after (or before, for negative n) another; calendar arithmetic, no time zone. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** Whole days from one date to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Every date of a month (YYYY-MM), in order. */
export function datesOfMonth(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number]
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return Array.from({ length: count }, (_, i) => `${month}-${pad(i + 1)}`)
}

/** Minutes the zone is ahead of UTC at an instant (480 for Asia/Shanghai). */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  return Math.round(zoneOffset(at, timeZone) / 60000)
}
