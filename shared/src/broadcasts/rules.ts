// Customer broadcasts (客户群发): WeCom sends nothing by itself, every message waits for a staff member to
// confirm it in their client. These are WeCom's limits and the receive rule the product counts itself, so a
// customer WeCom would refuse (status 3) is shown before sending rather than lost after.
import { businessDate, startOfBusinessDay } from '../common/business-day'

export const BROADCAST_CHAT_TYPES = ['single', 'group'] as const
export type BroadcastChatType = (typeof BROADCAST_CHAT_TYPES)[number]

/** scheduled → sending → waiting (for staff) → done; or cancelled, or failed when WeCom took none of it. */
export const BROADCAST_STATUSES = ['scheduled', 'sending', 'waiting', 'done', 'cancelled', 'failed'] as const
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number]
export const BROADCAST_STATUS_LABELS: Record<BroadcastStatus, string> = {
  scheduled: '待发送',
  sending: '发送中',
  waiting: '待员工确认',
  done: '已完成',
  cancelled: '已取消',
  failed: '发送失败',
}

/** One add_msg_template call: queued, calling (WeCom asked), then waiting for the staff member, sent once they confirmed. */
export const BROADCAST_TASK_STATUSES = ['queued', 'calling', 'waiting', 'sent', 'cancelled', 'failed'] as const
export type BroadcastTaskStatus = (typeof BROADCAST_TASK_STATUSES)[number]
export const BROADCAST_TASK_STATUS_LABELS: Record<BroadcastTaskStatus, string> = {
  queued: '排队中',
  calling: '创建中',
  waiting: '未确认',
  sent: '已确认发送',
  cancelled: '已取消',
  failed: '创建失败',
}

/** WeCom's per-recipient result (0 未发送, 1 已发送, 2 not a friend, 3 over the receive rule), plus ours: WeCom refused it (fail_list). */
export const BROADCAST_RECIPIENT_STATUSES = ['pending', 'sent', 'not_friend', 'over_quota', 'failed'] as const
export type BroadcastRecipientStatus = (typeof BROADCAST_RECIPIENT_STATUSES)[number]
export const BROADCAST_RECIPIENT_STATUS_LABELS: Record<BroadcastRecipientStatus, string> = {
  pending: '未发送',
  sent: '已送达',
  not_friend: '非好友',
  over_quota: '超出接收上限',
  failed: '无法发送',
}

/**
 * How many broadcasts each customer (or group) may receive, as set in 企业微信 → 群发助手 → 设置群发规则.
 * WeCom's current default is the month's days; seven a week and one a day are its alternatives, four a month
 * its older rule. The product counts what it delivered against it.
 */
export const BROADCAST_QUOTA_RULES = ['month_days', 'week_7', 'day_1', 'month_4'] as const
export type BroadcastQuotaRule = (typeof BROADCAST_QUOTA_RULES)[number]
export const BROADCAST_QUOTA_RULE_LABELS: Record<BroadcastQuotaRule, string> = {
  month_days: '每月接收条数为当月天数',
  week_7: '每周接收 7 条',
  day_1: '每天接收 1 条',
  month_4: '每月接收 4 条',
}
export const DEFAULT_BROADCAST_SETTINGS = { quotaRule: 'month_days' as BroadcastQuotaRule }

export const MAX_BROADCAST_ATTACHMENTS = 9
/** add_msg_template: external_userid at most 10,000 a call, chat_id_list at most 2,000. */
export const MAX_BROADCAST_CUSTOMERS_PER_CALL = 10_000
export const MAX_BROADCAST_GROUPS_PER_CALL = 2000
/** remind_groupmsg_send: three per broadcast in 24 hours. */
export const MAX_BROADCAST_REMINDERS_PER_DAY = 3
/** WeCom counts these in UTF-8 bytes, so a Chinese character takes three. */
export const BROADCAST_BYTE_LIMITS = { text: 4000, linkTitle: 128, linkDesc: 512, url: 2048, miniprogramTitle: 64 } as const

/** The period the rule counts in at `at` (from, in the brand's days) and how many it allows in it. */
export function quotaPeriod(rule: BroadcastQuotaRule, at: Date, timeZone: string): { from: Date; allowed: number } {
  const today = businessDate(at, timeZone)
  const [year, month, day] = today.split('-').map(Number) as [number, number, number]
  if (rule === 'day_1') return { from: startOfBusinessDay(today, timeZone), allowed: 1 }
  if (rule === 'week_7') {
    const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7
    const monday = new Date(Date.UTC(year, month - 1, day - weekday)).toISOString().slice(0, 10)
    return { from: startOfBusinessDay(monday, timeZone), allowed: 7 }
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return { from: startOfBusinessDay(`${today.slice(0, 7)}-01`, timeZone), allowed: rule === 'month_4' ? 4 : daysInMonth }
}
