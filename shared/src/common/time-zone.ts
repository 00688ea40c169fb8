/**
 * Minutes the time zone is ahead of UTC at this instant (480 for Asia/Shanghai), read from Intl, so
 * business days and times follow the brand's zone whatever the machine's own.
 */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return Math.round((local - Math.floor(at.getTime() / 60000) * 60000) / 60000)
}
