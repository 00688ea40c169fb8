// Activation SOP timing: when a step falls due for a customer, moved out of the quiet hours, and when it
// turns late and then missed. Pure, so the console's preview and the server's plan agree.
import { addDays, businessDate, startOfBusinessDay } from '../common/business-day'

export const SOP_TRIGGERS = ['added', 'live_code', 'tag', 'date', 'weekly', 'group_created'] as const
export type SopTrigger = (typeof SOP_TRIGGERS)[number]

export const SOP_TRIGGER_LABELS: Record<SopTrigger, string> = {
  added: '添加导购后第 N 天',
  live_code: '通过渠道活码添加',
  tag: '客户被打上标签',
  date: '指定日期',
  weekly: '每周固定一天',
  group_created: '新建客户群',
}

/** A step's to-do: waiting to be sent, sent, never sent, or dropped when its customer left the SOP. */
export const SOP_TASK_STATUSES = ['pending', 'done', 'missed', 'ended'] as const
export type SopTaskStatus = (typeof SOP_TASK_STATUSES)[number]

export const WEEKDAY_LABELS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const

/** A step not sent this long after it turned late is missed. */
export const SOP_MISSED_AFTER_HOURS = 24
/** The second reminder goes this long before a step turns late (at most half the window). */
export const SOP_WARN_BEFORE_LATE_MINUTES = 15
export const MAX_SOP_STEPS = 20
export const MAX_SOP_STEP_DAY = 365

export interface QuietHours {
  start: string
  end: string
}

const minutesOf = (time: string) => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number)
  return hours * 60 + minutes
}

/** Minutes after local midnight of an instant in the zone. */
function localMinutes(instant: Date, timeZone: string): number {
  const start = startOfBusinessDay(businessDate(instant, timeZone), timeZone)
  return Math.floor((instant.getTime() - start.getTime()) / 60_000)
}

/** Inside [start, end); an end before the start spans midnight; equal means no quiet hours. */
export function inQuietHours(instant: Date, quiet: QuietHours | null, timeZone: string): boolean {
  if (!quiet || quiet.start === quiet.end) return false
  const at = localMinutes(instant, timeZone)
  const start = minutesOf(quiet.start)
  const end = minutesOf(quiet.end)
  return start < end ? at >= start && at < end : at >= start || at < end
}

/** The instant `time` (HH:MM) falls on `date` in the zone. */
export const atClock = (date: string, time: string, timeZone: string) => new Date(startOfBusinessDay(date, timeZone).getTime() + minutesOf(time) * 60_000)

/** An instant in the quiet hours moves to their end; any other stays. */
export function outOfQuietHours(instant: Date, quiet: QuietHours | null, timeZone: string): Date {
  if (!quiet || !inQuietHours(instant, quiet, timeZone)) return instant
  const date = businessDate(instant, timeZone)
  const endToday = atClock(date, quiet.end, timeZone)
  return endToday.getTime() > instant.getTime() ? endToday : atClock(addDays(date, 1), quiet.end, timeZone)
}

export interface StepTimes {
  dueAt: Date
  /** Sent after this, the step was late. */
  lateAt: Date
  /** Not sent by this, the step was missed. */
  missedAt: Date
}

/**
 * When a step is due for someone who entered the SOP at `anchor`: `day` days after the anchor's day at
 * `time`, never before the anchor itself (a step of today whose time has passed is due at once), and
 * out of the quiet hours.
 */
export function stepTimes(
  anchor: Date,
  step: { day: number; time: string },
  rule: { quietHours: QuietHours | null; onTimeMinutes: number },
  timeZone: string,
): StepTimes {
  const planned = atClock(addDays(businessDate(anchor, timeZone), step.day), step.time, timeZone)
  const dueAt = outOfQuietHours(new Date(Math.max(planned.getTime(), anchor.getTime())), rule.quietHours, timeZone)
  const lateAt = new Date(dueAt.getTime() + rule.onTimeMinutes * 60_000)
  return { dueAt, lateAt, missedAt: new Date(lateAt.getTime() + SOP_MISSED_AFTER_HOURS * 3600_000) }
}

/** When the reminder that a step is about to turn late goes out. */
export const warnAt = (times: StepTimes) =>
  new Date(times.lateAt.getTime() - Math.min(SOP_WARN_BEFORE_LATE_MINUTES * 60_000, (times.lateAt.getTime() - times.dueAt.getTime()) / 2))

/** 1 Monday … 7 Sunday of a business date. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 ? 7 : day
}
