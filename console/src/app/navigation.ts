import { permits, type AdminSelf, type Permission, type PermissionArea, type PermissionLevel } from '@liuliang/shared'

/** The console's pages; each has its own `#/key` address. */
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
  | 'accounts'
  | 'roles'
  | 'materials'

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
    title: '素材',
    items: [{ key: 'materials', label: '素材库' }],
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
    ],
  },
  {
    title: '设置',
    items: [
      { key: 'accounts', label: '账号管理' },
      { key: 'roles', label: '角色权限' },
      { key: 'audit-log', label: '操作日志' },
    ],
  },
]

/**
 * The business area whose `view` permission opens each page: the area of the API the page reads, as the
 * server's access table (server/src/access/route-access.ts) files it. Its changes need the same area's `manage`.
 */
export const PAGE_AREA: Readonly<Record<Exclude<PageKey, 'password'>, PermissionArea>> = {
  'live-codes': 'acquisition',
  'welcome-messages': 'acquisition',
  'group-live-codes': 'acquisition',
  'group-welcomes': 'acquisition',
  fission: 'acquisition',
  'checkin-rules': 'activation',
  levels: 'activation',
  coupons: 'activation',
  'coupon-operations': 'activation',
  mall: 'activation',
  points: 'activation',
  lotteries: 'activation',
  scripts: 'activation',
  moments: 'activation',
  sops: 'activation',
  broadcasts: 'activation',
  'subscription-messages': 'activation',
  products: 'conversion',
  shop: 'conversion',
  groupbuys: 'conversion',
  distribution: 'conversion',
  orders: 'conversion',
  materials: 'materials',
  'after-sales': 'finance',
  withdrawals: 'finance',
  customers: 'customers',
  'customer-groups': 'customers',
  inheritance: 'customers',
  tags: 'customers',
  rfm: 'customers',
  leads: 'customers',
  dashboard: 'data',
  accounts: 'settings',
  roles: 'settings',
  'audit-log': 'settings',
}

/**
 * The pages an account limited to departments (a store manager) can use: those whose API narrows its
 * answer to the account's stores (the customer list with each customer's 360, the dashboard's figures).
 * Every other page is refused to such an account by the server.
 */
export const SCOPED_PAGES: ReadonlySet<PageKey> = new Set<PageKey>(['customers', 'dashboard'])

/** What the console knows of the signed-in admin to decide what to offer. */
export type Access = Pick<AdminSelf, 'permissions' | 'departmentIds'>

/** Why a page is closed to an admin, or null when it is open to them. */
export type PageRefusal = { kind: 'permission'; permission: Permission } | { kind: 'scope' } | null

export function pageRefusal(access: Access, page: PageKey): PageRefusal {
  if (page === 'password') return null
  const area = PAGE_AREA[page]
  if (!permits(access.permissions, area, 'view')) return { kind: 'permission', permission: `${area}:view` }
  if (access.departmentIds.length > 0 && !SCOPED_PAGES.has(page)) return { kind: 'scope' }
  return null
}

/** Whether the admin may do this on the page: `view` opens it, `manage` changes what it shows. */
export function canOnPage(access: Access, page: PageKey, level: PermissionLevel): boolean {
  return pageRefusal(access, page) === null && (page === 'password' || permits(access.permissions, PAGE_AREA[page], level))
}

/** The navigation as this admin sees it: only the pages open to them, and only groups that keep a page. */
export function visibleGroups(access: Access): NavGroup[] {
  return NAV_GROUPS.map((group) => ({ ...group, items: group.items.filter((item) => pageRefusal(access, item.key) === null) })).filter(
    (group) => group.items.length > 0,
  )
}

/** Where the console opens when the address names no page: the customer list, else the first page open to the admin. */
export function homePage(access: Access): PageKey {
  if (pageRefusal(access, 'customers') === null) return 'customers'
  return visibleGroups(access)[0]?.items[0]?.key ?? 'password'
}

/** The page a `#/key` address names, or null when it names none (then the default page shows). */
export function pageFromHash(hash: string): PageKey | null {
  const key = hash.replace(/^#\/?/, '')
  const known = key === 'password' || NAV_GROUPS.some((group) => group.items.some((item) => item.key === key))
  return known ? (key as PageKey) : null
}

/** A page's name as the navigation shows it. */
export function pageLabel(page: PageKey): string {
  if (page === 'password') return '修改密码'
  return NAV_GROUPS.flatMap((group) => group.items).find((item) => item.key === page)?.label ?? page
}
