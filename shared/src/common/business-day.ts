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

/** How far the zone's wall clock is ahead of UTC at `at` (ms since the epoch), read from the formatter. */
function formattedOffset(at: number, timeZone: string): number {
  const c: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') c[part.type] = Number(part.value)
  }
  const asUtc = Date.UTC(c.year as number, (c.month as number) - 1, c.day, c.hour, c.minute, c.second)
  return asUtc - Math.floor(at / 1000) * 1000
}

/**
 * Each zone's offset over the last minute asked about: one request reads the same minute several times,
 * and formatting takes microseconds each time. A minute in which the offset changes (old local mean
 * times changed on odd seconds) is not kept.
 */
const minuteOffsets = new Map<string, { minute: number; offset: number | null }>()

function offsetAt(at: number, timeZone: string): number {
  const minute = Math.floor(at / 60_000)
  let known = minuteOffsets.get(timeZone)
  if (known?.minute !== minute) {
    const start = formattedOffset(minute * 60_000, timeZone)
    known = { minute, offset: start === formattedOffset(minute * 60_000 + 59_999, timeZone) ? start : null }
    minuteOffsets.set(timeZone, known)
  }
  return known.offset ?? formattedOffset(at, timeZone)
}

function wallClock(instant: Date, timeZone: string) {
  const at = instant.getTime()
  const wall = new Date(Math.floor(at / 1000) * 1000 + offsetAt(at, timeZone))
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  }
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
  return offsetAt(instant.getTime(), timeZone)
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
