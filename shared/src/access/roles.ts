// Who may do what in the console. Permissions are by business area, each at two levels: `view` reads,
// `manage` also changes (and implies view). Built-in roles are defined here so every part agrees on them.

export const PERMISSION_AREAS = ['acquisition', 'activation', 'conversion', 'customers', 'data', 'finance', 'settings'] as const
export type PermissionArea = (typeof PERMISSION_AREAS)[number]

export const PERMISSION_LEVELS = ['view', 'manage'] as const
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number]

export type Permission = `${PermissionArea}:${PermissionLevel}`

export const PERMISSIONS: readonly Permission[] = PERMISSION_AREAS.flatMap((area) => PERMISSION_LEVELS.map((level) => `${area}:${level}` as const))

export const PERMISSION_AREA_TEXT: Readonly<Record<PermissionArea, string>> = {
  acquisition: '获客（活码、欢迎语、任务宝）',
  activation: '促活（话术、群发、朋友圈、SOP、积分、抽奖）',
  conversion: '转化（商城、拼团、分销、优惠券）',
  customers: '客户（客户列表、360、标签、客户群、继承）',
  data: '数据（看板、漏斗、RFM、线索）',
  finance: '财务（退款、售后、佣金提现、对账）',
  settings: '设置（账号与角色、部门、订阅消息、操作日志）',
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
    description: '获客、促活、转化与客户运营，看数据；不碰财务与设置',
    permissions: [...all('manage', ['data', 'finance', 'settings']), 'data:view'],
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
