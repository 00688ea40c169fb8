// Who may do what in the console. Permissions are by business area, each at two levels: `view` reads,
// `manage` also changes (and implies view). Built-in roles are defined here so every part agrees on them.

export const PERMISSION_AREAS = ['acquisition', 'activation', 'conversion', 'materials', 'customers', 'data', 'finance', 'settings'] as const
export type PermissionArea = (typeof PERMISSION_AREAS)[number]

export const PERMISSION_LEVELS = ['view', 'manage'] as const
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number]

export type Permission = `${PermissionArea}:${PermissionLevel}`

export const PERMISSIONS: readonly Permission[] = PERMISSION_AREAS.flatMap((area) => PERMISSION_LEVELS.map((level) => `${area}:${level}` as const))

export const PERMISSION_AREA_TEXT: Readonly<Record<PermissionArea, string>> = {
  acquisition: '获客',
  activation: '促活',
  conversion: '转化',
  materials: '素材',
  customers: '客户',
  data: '数据',
  finance: '财务',
  settings: '设置',
}

/** What each area covers, as the role editor explains it. */
export const PERMISSION_AREA_CONTENTS: Readonly<Record<PermissionArea, string>> = {
  acquisition: '渠道活码、欢迎语、群活码、入群欢迎语、任务宝',
  activation: '签到、会员等级、积分、优惠券与券运营、积分商城、抽奖、话术库、朋友圈、SOP、群发、订阅消息',
  conversion: '商品、商城装修、订单与发货、拼团、分销',
  materials: '素材库：商城、积分商城、欢迎语、群发、朋友圈与话术用的图片，导购发到聊天里的视频和文件',
  customers: '客户列表与 360、客户群、继承、标签、RFM 分群、线索中心、人群导出',
  data: '数据看板、增长漏斗、流失',
  finance: '退款、售后审核、佣金提现审核',
  settings: '账号与角色、部门、操作日志',
}

export const PERMISSION_LEVEL_TEXT: Readonly<Record<PermissionLevel, string>> = { view: '查看', manage: '管理' }

export const BUILT_IN_ROLES = ['owner', 'operator', 'finance', 'store_manager', 'readonly'] as const
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number]

const all = (level: PermissionLevel, except: PermissionArea[] = []): Permission[] =>
  PERMISSION_AREAS.filter((area) => !except.includes(area)).map((area) => `${area}:${level}` as const)

export const BUILT_IN_ROLE_DEFINITIONS: Readonly<Record<BuiltInRole, { name: string; description: string; permissions: readonly Permission[] }>> = {
  owner: { name: '所有者', description: '全部权限，且不能被停用', permissions: all('manage') },
  operator: {
    name: '运营',
    description: '获客、促活、转化、客户与数据；不含财务与设置',
    permissions: all('manage', ['finance', 'settings']),
  },
  finance: { name: '财务', description: '退款、售后与佣金提现审核，看订单与数据', permissions: ['finance:manage', 'conversion:view', 'data:view'] },
  store_manager: {
    name: '门店店长',
    description: '只看所辖门店（部门）导购的客户与数据',
    permissions: ['customers:manage', 'data:view'],
  },
  readonly: { name: '只读', description: '查看除财务与设置外的一切，不能修改', permissions: all('view', ['finance', 'settings']) },
}

/** Whether a set of permissions allows this: `manage` implies `view`. */
export function permits(granted: readonly Permission[], area: PermissionArea, level: PermissionLevel): boolean {
  return granted.includes(`${area}:manage`) || (level === 'view' && granted.includes(`${area}:view`))
}
