// How the 360 view names things: lifecycle stages, profile fields and timeline events, in zh-CN.
import type { LifecycleStage, TimelineEventType, TimelineItem } from '@liuliang/shared'

export const LIFECYCLE_LABELS: Record<LifecycleStage, string> = {
  new: '新客户',
  prospect: '潜在客户',
  first_purchase: '首购客户',
  repeat: '复购客户',
  dormant: '沉睡客户',
  lost: '已流失',
}

export const PROFILE_FIELD_LABELS: Record<string, string> = {
  remark: '备注',
  city: '城市',
  birthday: '生日',
  phone: '手机号',
}

export interface EventDescription {
  title: string
  detail: string | null
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])

const count = (value: unknown): number => (typeof value === 'number' ? value : 0)
const signed = (value: unknown): string => (count(value) > 0 ? `+${count(value)}` : String(count(value)))

type Describe = (item: TimelineItem, staff: string) => EventDescription

/** Why a welcome message did not go out (WeCom allows one per add, within 20 seconds). */
const WELCOME_OUTCOMES: Record<string, string> = {
  already_sent: '已有其他欢迎语先发出',
  expired: '超过了发送时限',
  failed: '发送失败',
}

// A record over every event type, so a type added to the shared list fails the build until it has words here.
const DESCRIBE: Record<TimelineEventType, Describe> = {
  mp_registered: () => ({ title: '注册成为小程序会员', detail: null }),
  wecom_added: (item, staff) => {
    const channel = text(item.data?.channel)
    return {
      title: `添加了导购${staff}${item.data?.readded ? '（再次添加）' : ''}`,
      detail: channel ? `通过渠道活码「${channel}」添加` : text(item.data?.state) ? '通过渠道活码添加' : null,
    }
  },
  wecom_welcome: (item, staff) => ({
    title: item.data?.status === 'sent' ? `${staff}的欢迎语已发送` : `${staff}的欢迎语未发出`,
    detail: WELCOME_OUTCOMES[String(item.data?.status)] ?? null,
  }),
  wecom_lost: (_item, staff) => ({ title: `删除了导购${staff}`, detail: null }),
  wecom_removed: (_item, staff) => ({ title: `被导购${staff}删除`, detail: null }),
  wecom_profile_updated: () => ({ title: '更新了企业微信资料', detail: null }),
  tags_changed: (item, staff) => {
    const added = list(item.data?.added).map((name) => `+${name}`)
    const removed = list(item.data?.removed).map((name) => `−${name}`)
    return { title: `${staff}调整了标签`, detail: [...added, ...removed].join(' ') || null }
  },
  follow_up_added: (item, staff) => ({ title: `${staff}添加了跟进记录`, detail: text(item.data?.content) }),
  profile_updated: (item, staff) => ({
    title: `${staff}修改了客户资料`,
    detail: list(item.data?.fields).map((field) => PROFILE_FIELD_LABELS[field] ?? field).join('、') || null,
  }),
  script_sent: (item, staff) => ({ title: `${staff}发送了话术`, detail: text(item.data?.title) }),
  checked_in: (item) => ({
    title: `签到，连续 ${count(item.data?.streak)} 天`,
    detail: count(item.data?.points) > 0 ? `+${count(item.data?.points)} 积分` : null,
  }),
  makeup_checked_in: (item) => ({
    title: `补签 ${text(item.data?.date) ?? ''}`.trim(),
    detail: `${count(item.data?.points)} 积分`,
  }),
  points_adjusted: (item) => ({
    title: `积分调整 ${signed(item.data?.delta)}`,
    detail: text(item.data?.reason),
  }),
  points_expired: (item) => ({ title: `${count(item.data?.points)} 积分过期`, detail: null }),
  coupon_issued: (item) => ({ title: `获得优惠券「${text(item.data?.name) ?? ''}」`, detail: null }),
  coupon_used: (item) => ({ title: `使用优惠券「${text(item.data?.name) ?? ''}」`, detail: null }),
  coupon_expired: (item) => ({ title: `优惠券「${text(item.data?.name) ?? ''}」已过期`, detail: null }),
  mall_redeemed: (item) => ({
    title: `积分兑换「${text(item.data?.name) ?? ''}」`,
    detail: `${signed(item.data?.points)} 积分`,
  }),
}

export function describeTimelineEvent(item: TimelineItem): EventDescription {
  return DESCRIBE[item.type](item, item.staffName ?? '')
}
