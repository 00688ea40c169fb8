// The brand's wall clock: business days for daily limits and stats, minutes for working hours.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The business date (YYYY-MM-DD) and minutes after local midnight of an instant. */
export function businessClock(instant: Date, timeZone: string): { date: string; minutes: number } {
  const parts: Record<string, string> = {}
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  }
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
