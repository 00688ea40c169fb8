/** Pages that exist; a group without pages is shown as a heading until its first page lands. */
export type PageKey =
  | 'customers'
  | 'dashboard'
  | 'password'
  | 'checkin-rules'
  | 'levels'
  | 'coupons'
  | 'coupon-operations'
  | 'mall'
  | 'points'
  | 'orders'
  | 'after-sales'
  | 'lotteries'
  | 'withdrawals'
  | 'tags'
  | 'scripts'
  | 'products'
  | 'shop'
  | 'groupbuys'
  | 'distribution'
  | 'live-codes'
  | 'welcome-messages'
  | 'customer-groups'
  | 'group-live-codes'
  | 'group-welcomes'
  | 'inheritance'
  | 'rfm'
  | 'subscription-messages'
  | 'leads'
  | 'moments'
  | 'sops'
  | 'broadcasts'
  | 'fission'
  | 'audit-log'

export interface NavGroup {
  title: string
  items: readonly { key: PageKey; label: string }[]
}

// Ordered by the growth loop: acquire → activate → convert → manage, then data.
export const NAV_GROUPS: readonly NavGroup[] = [
  {
    title: '获客',
    items: [
      { key: 'live-codes', label: '渠道活码' },
      { key: 'welcome-messages', label: '欢迎语' },
      { key: 'group-live-codes', label: '群活码' },
      { key: 'group-welcomes', label: '入群欢迎语' },
      { key: 'fission', label: '任务宝' },
    ],
  },
  {
    title: '促活',
    items: [
      { key: 'checkin-rules', label: '签到规则' },
      { key: 'levels', label: '会员等级' },
      { key: 'coupons', label: '优惠券' },
      { key: 'coupon-operations', label: '券运营' },
      { key: 'mall', label: '积分商城' },
      { key: 'points', label: '积分调整' },
      { key: 'lotteries', label: '抽奖活动' },
      { key: 'scripts', label: '话术库' },
      { key: 'moments', label: '客户朋友圈' },
      { key: 'sops', label: '激活SOP' },
      { key: 'broadcasts', label: '客户群发' },
      { key: 'subscription-messages', label: '订阅消息' },
    ],
  },
  {
    title: '转化',
    items: [
      { key: 'products', label: '商品' },
      { key: 'shop', label: '商城装修' },
      { key: 'groupbuys', label: '拼团活动' },
      { key: 'distribution', label: '分销设置' },
      { key: 'orders', label: '订单' },
      { key: 'after-sales', label: '售后' },
      { key: 'withdrawals', label: '提现审核' },
    ],
  },
  {
    title: '客户',
    items: [
      { key: 'customers', label: '客户列表' },
      { key: 'customer-groups', label: '客户群' },
      { key: 'inheritance', label: '客户继承' },
      { key: 'tags', label: '标签管理' },
      { key: 'rfm', label: 'RFM 分群' },
      { key: 'leads', label: '线索中心' },
    ],
  },
  {
    title: '数据',
    items: [
      { key: 'dashboard', label: '数据看板' },
      { key: 'audit-log', label: '操作日志' },
    ],
  },
]

/** The page a `#/key` address names, or null when it names none (then the default page shows). */
export function pageFromHash(hash: string): PageKey | null {
  const key = hash.replace(/^#\/?/, '')
  const known = key === 'password' || NAV_GROUPS.some((group) => group.items.some((item) => item.key === key))
  return known ? (key as PageKey) : null
}
