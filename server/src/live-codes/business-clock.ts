// The brand's wall clock: business days for daily limits and stats, minutes for working hours.
import { utcOffsetMinutes } from '../dashboard/business-day'

/** The business date (YYYY-MM-DD) and minutes after local midnight of an instant. */
export function businessClock(instant: Date, timeZone: string): { date: string; minutes: number } {
  const local = new Date(instant.getTime() + utcOffsetMinutes(timeZone, instant) * 60_000)
  return { date: local.toISOString().slice(0, 10), minutes: local.getUTCHours() * 60 + local.getUTCMinutes() }
}

export const clockTimeToMinutes = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  return hours * 60 + minutes
}

export const minutesToClockTime = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** Inside [start, end); an end before the start spans midnight, an equal one means all day. */
export function isWithinShift(minutes: number, shift: { start: number; end: number } | null): boolean {
  if (!shift || shift.start === shift.end) return true
  return shift.start < shift.end
    ? minutes >= shift.start && minutes < shift.end
    : minutes >= shift.start || minutes < shift.end
}
