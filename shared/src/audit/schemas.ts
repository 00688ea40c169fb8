import { Type, type Static } from 'typebox'
import { CursorQuerySchema, PageSchema } from '../common/pagination'
import { CalendarDate, Instant } from '../common/schema-parts'
import { Nullable } from '../common/nullable'

/** What an admin did: derived from the request for every admin route, named by the service where it knows better. */
export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'refund',
  'approve',
  'reject',
  'ship',
  'export',
  'password',
  'permission',
  'login',
  'login_failed',
  'logout',
  'operate',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const AUDIT_ACTION_TEXT: Readonly<Record<AuditAction, string>> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  refund: '退款',
  approve: '审核通过',
  reject: '驳回',
  ship: '发货',
  export: '导出',
  password: '修改密码',
  permission: '权限变更',
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  operate: '操作',
}

/** The objects admins change, by the route segment that names them; an unknown one is shown as it is. */
export const AUDIT_OBJECT_TEXT: Readonly<Record<string, string>> = {
  admins: '管理员',
  lotteries: '抽奖活动',
  orders: '订单',
  'after-sales': '售后',
  withdrawals: '提现',
  'coupon-templates': '优惠券',
  coupons: '优惠券',
  groupbuys: '拼团活动',
  products: '商品',
  'shop/categories': '商品分类',
  'shop/banners': '首页横幅',
  // uploads made before the library kept them
  'shop/images': '商城图片',
  'materials/images': '素材库图片',
  'mall/items': '积分商城',
  'mall/redemptions': '积分兑换',
  customers: '客户',
  'live-codes': '渠道活码',
  'group-live-codes': '群活码',
  'welcome-messages': '欢迎语',
  'group-welcome-templates': '入群欢迎语',
  tags: '标签',
  'tag-groups': '标签组',
  'tag-rules': '标签规则',
  scripts: '话术',
  'script-categories': '话术分类',
  'loyalty/checkin-rules': '签到规则',
  'loyalty/levels': '会员等级',
  'distribution/settings': '分销设置',
  distributors: '分销员',
  'fulfilment/settings': '售后设置',
  'rfm/settings': 'RFM 设置',
  rfm: 'RFM',
  'subscription-messages/settings': '订阅消息设置',
  audiences: '客户筛选',
  'customer-groups': '客户群',
  inheritance: '客户继承',
  'inheritance/resigned': '离职继承',
  'inheritance/on-job': '在职继承',
  'inheritance/guides': '导购继承',
  settings: '系统设置',
}

/** One field that changed: `item` names the element of a list (a prize by its name) the field belongs to. */
export const AuditChangeSchema = Type.Object({
  field: Type.String(),
  item: Type.Optional(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
})
export type AuditChange = Static<typeof AuditChangeSchema>

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Instant,
  /** null for a failed login under a name no admin has */
  adminId: Nullable(Type.Integer()),
  /** the admin's username then (for a failed login, the name typed) */
  adminName: Nullable(Type.String()),
  action: Type.Enum(AUDIT_ACTIONS),
  objectType: Nullable(Type.String()),
  objectId: Nullable(Type.String()),
  method: Nullable(Type.String()),
  /** the route as declared (`/api/admin/lotteries/:id`) */
  route: Nullable(Type.String()),
  /** the HTTP status answered; null for a change recorded with its own commit */
  status: Nullable(Type.Integer()),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  /** what was sent, secrets replaced */
  requestBody: Type.Unknown(),
  changes: Type.Array(AuditChangeSchema),
})
export type AuditEntry = Static<typeof AuditEntrySchema>

export const AuditQuerySchema = Type.Object(
  {
    ...CursorQuerySchema.properties,
    admin: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    objectType: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    objectId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    action: Type.Optional(Type.Enum(AUDIT_ACTIONS)),
    from: Type.Optional(CalendarDate('business day, YYYY-MM-DD')),
    to: Type.Optional(CalendarDate('business day, YYYY-MM-DD')),
  },
  { additionalProperties: false },
)
export type AuditQuery = Static<typeof AuditQuerySchema>

export const AuditPageSchema = PageSchema(AuditEntrySchema)
export type AuditPage = Static<typeof AuditPageSchema>
