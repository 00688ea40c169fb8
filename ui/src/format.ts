import { utcOffsetMinutes } from '@liuliang/shared'
import { env } from './env'

// Business days are in the brand's time zone, whatever the viewer's device says.
const dateFormat = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: env.businessTimeZone,
})

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: env.businessTimeZone,
})

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  timeZone: env.businessTimeZone,
})

/** `2024年3月5日`; an unreadable timestamp prints as a dash rather than "Invalid Date". */
export function formatDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '—' : dateFormat.format(date)
}

/** `2024/03/05 14:07` */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '—' : dateTimeFormat.format(date)
}

/** `14:07:09` */
export function formatTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '—' : timeFormat.format(date)
}

const fenFormat = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' })

/** Money is integer fen everywhere: 123450 → `¥1,234.50`. */
export function formatFen(fen: number): string {
  return fenFormat.format(fen / 100)
}

/** A file's size as people read it: KB below a megabyte (never 0 KB), else MB to one place. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/**
 * The instant it is `hour`:00 in the business time zone, `days` days after today there: "tomorrow at
 * 10" means the brand's tomorrow, whatever the guide's device says.
 */
export function businessTimeInDays(days: number, hour: number, now = new Date(), timeZone = env.businessTimeZone): Date {
  const offsetMs = (at: Date) => utcOffsetMinutes(timeZone, at) * 60_000
  const local = new Date(now.getTime() + offsetMs(now))
  const wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, hour)
  // The offset that day may differ from today's (daylight saving): read it at about that time.
  return new Date(wall - offsetMs(new Date(wall - offsetMs(now))))
}
