import { utcOffsetMinutes } from '@liuliang/shared'
import { env } from '@liuliang/ui/env'

// A datetime-local input holds wall-clock time without a zone; the console means the brand's time
// zone, the one every date on screen is shown in, whatever the admin's device says.

const offsetMs = (timeZone: string, at: Date) => utcOffsetMinutes(timeZone, at) * 60_000

/** An instant as `2026-07-01T10:00` in the business time zone, for a datetime-local input. */
export function toDateTimeInput(iso: string, timeZone = env.businessTimeZone): string {
  const at = new Date(iso)
  return new Date(at.getTime() + offsetMs(timeZone, at)).toISOString().slice(0, 16)
}

/** The instant a datetime-local value names in the business time zone; null when blank or unreadable. */
export function fromDateTimeInput(text: string, timeZone = env.businessTimeZone): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text)
  if (!match) return null
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number]
  const wall = Date.UTC(year, month - 1, day, hour, minute)
  // The offset at that moment, which daylight saving may make differ from today's.
  const at = new Date(wall - offsetMs(timeZone, new Date(wall - offsetMs(timeZone, new Date(wall)))))
  return Number.isNaN(at.getTime()) ? null : at.toISOString()
}
