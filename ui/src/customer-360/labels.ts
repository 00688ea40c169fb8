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
const money = (fen: unknown): string => `¥${(count(fen) / 100).toFixed(2)}`
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
  coupon_used: (item) => ({
    title: `使用优惠券「${text(item.data?.name) ?? ''}」`,
    // Redeemed in store (核销) by a guide, in the store they named.
    detail: item.data?.channel === 'store' ? ['到店核销', item.staffName, text(item.data?.store)].filter(Boolean).join(' · ') : null,
  }),
  coupon_expired: (item) => ({ title: `优惠券「${text(item.data?.name) ?? ''}」已过期`, detail: null }),
  order_created: (item) => ({ title: `下单 ${money(item.data?.amountFen)}`, detail: text(item.data?.items) }),
  order_paid: (item) => ({ title: `支付订单 ${money(item.data?.amountFen)}`, detail: null }),
  order_completed: (item) => ({
    title: `订单完成 ${money(item.data?.amountFen)}`,
    detail: count(item.data?.points) > 0 ? `+${count(item.data?.points)} 积分` : null,
  }),
  order_cancelled: (item) => ({ title: '订单已取消', detail: text(item.data?.reason) }),
  order_refund_requested: (item) => ({ title: `申请退款 ${money(item.data?.amountFen)}`, detail: text(item.data?.reason) }),
  order_refunded: (item) => ({ title: `订单已退款 ${money(item.data?.amountFen)}`, detail: null }),
  payment_refunded: (item) => ({ title: `款项已退回 ${money(item.data?.amountFen)}`, detail: null }),
  order_shipped: (item) => ({ title: '订单已发货', detail: text(item.data?.shipment) }),
  after_sale_requested: (item) => ({ title: `申请售后 ${money(item.data?.amountFen)}`, detail: text(item.data?.reason) }),
  after_sale_rejected: (item) => ({ title: '售后申请被拒绝', detail: text(item.data?.reason) }),
  order_part_refunded: (item) => ({ title: `部分退款已退回 ${money(item.data?.amountFen)}`, detail: text(item.data?.reason) }),
  lottery_drawn: (item) => ({
    title: `参与抽奖「${text(item.data?.lottery) ?? ''}」`,
    detail: text(item.data?.prize) ? `抽中「${text(item.data?.prize)}」` : '未中奖',
  }),
  lottery_prize_claimed: () => ({ title: '领取了抽奖奖品', detail: null }),
  groupbuy_opened: () => ({ title: '发起拼团', detail: null }),
  groupbuy_joined: () => ({ title: '参与拼团', detail: null }),
  groupbuy_succeeded: () => ({ title: '拼团成功', detail: null }),
  groupbuy_failed: () => ({ title: '拼团未成团，已退款', detail: null }),
  distributor_applied: () => ({ title: '申请成为分销员', detail: null }),
  distributor_approved: (item) => ({ title: '成为分销员', detail: text(item.data?.code) }),
  referral_bound: (item) => ({ title: '通过分销链接绑定了分销员', detail: text(item.data?.code) }),
  commission_earned: (item) => ({ title: `获得佣金 ${money(item.data?.amountFen)}（冻结中）`, detail: null }),
  commission_settled: (item) => ({ title: `佣金结算 ${money(item.data?.amountFen)}`, detail: null }),
  commission_reversed: (item) => ({ title: `佣金冲回 ${money(item.data?.amountFen)}`, detail: null }),
  withdrawal_requested: (item) => ({ title: `申请提现 ${money(item.data?.amountFen)}`, detail: null }),
  withdrawal_paid: (item) => ({ title: `提现到账 ${money(item.data?.amountFen)}`, detail: null }),
  withdrawal_rejected: (item) => ({ title: `提现被驳回 ${money(item.data?.amountFen)}`, detail: text(item.data?.reason) }),
  mall_redeemed: (item) => ({
    title: `积分兑换「${text(item.data?.name) ?? ''}」`,
    detail: `${signed(item.data?.points)} 积分`,
  }),
  customer_transferred: (item) => ({
    title: `由${text(item.data?.fromName) ?? '原导购'}转接给${text(item.data?.toName) ?? '新导购'}`,
    detail: item.data?.kind === 'resigned' ? '离职继承' : '在职继承',
  }),
  transfer_failed: (item) => ({
    title: `转接给${text(item.data?.toName) ?? '新导购'}未成功`,
    detail: item.data?.status === 'takeover_full' ? '接替导购的客户数已达上限' : '客户拒绝了转接',
  }),
}

export function describeTimelineEvent(item: TimelineItem): EventDescription {
  return DESCRIBE[item.type](item, item.staffName ?? '')
}
