// Who exists in the sandbox: any well-formed member id is a member of the corp, sitting in a department of
// a fixed tree, and any `<who>` is a WeChat user. Names, genders and external ids are derived from the ids so every run agrees.
import { createHash } from 'node:crypto'
import { ApiError } from './tencent-api'

export const USER_ID_PATTERN = '^[A-Za-z0-9_.@-]{1,64}$'
export const WHO_PATTERN = '^[A-Za-z0-9_]{1,32}$'
const USER_ID = new RegExp(USER_ID_PATTERN)

// The demo's staff, so the sidebar and the console show real-looking names.
const DEMO_MEMBERS = new Map([
  ['guide_li', '李娜'],
  ['guide_wang', '王芳'],
  ['guide_zhao', '赵敏'],
  ['guide_sun', '孙丽'],
  ['admin_chen', '陈静'],
])
const ROLE_TITLES = new Map([
  ['guide', '导购'],
  ['admin', '管理员'],
])
/** The corp's department tree, as department/list answers it (parentid 0: the root, the corp itself). */
export interface Department {
  id: number
  name: string
  name_en: string
  parentid: number
  /** position among its siblings; WeCom puts a larger order first */
  order: number
}

const ROOT_DEPARTMENT = 1
const STORE_DEPARTMENTS = [3, 4]
export const DEPARTMENTS: readonly Department[] = [
  { id: 1, name: '留量品牌', name_en: 'Liuliang', parentid: 0, order: 100000000 },
  { id: 2, name: '门店', name_en: 'Stores', parentid: 1, order: 100000000 },
  { id: 3, name: '南京西路店', name_en: 'West Nanjing Road', parentid: 2, order: 100000000 },
  { id: 4, name: '静安寺店', name_en: 'Jing\'an Temple', parentid: 2, order: 99999000 },
  { id: 5, name: '运营中心', name_en: 'Operations', parentid: 1, order: 99999000 },
]
/** The demo guides' stores; any other guide_* sits in one of the stores by a hash of the id. */
const DEMO_DEPARTMENTS = new Map([
  ['guide_li', 3],
  ['guide_wang', 3],
  ['guide_zhao', 4],
  ['guide_sun', 4],
])
const LEADERS = new Map([
  [3, ['guide_li']],
  [4, ['guide_zhao']],
])
const ROLE_DEPARTMENTS = new Map([['admin', 5]])

export const leadersOf = (departmentId: number): string[] => LEADERS.get(departmentId) ?? []

/** The department and every department under it, the department first. */
export function departmentSubtree(id: number): Department[] {
  const found = DEPARTMENTS.find((department) => department.id === id)
  if (!found) return []
  return [found, ...DEPARTMENTS.filter((department) => department.parentid === id).flatMap((child) => departmentSubtree(child.id))]
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** 1 male or 2 female, stable per id. */
function genderOf(id: string): 1 | 2 {
  return (((digest(id)[0] ?? 0) % 2) + 1) as 1 | 2
}

export function isUserId(value: string): boolean {
  return USER_ID.test(value)
}

/** The member directory's answer to "does this userid exist", as WeCom phrases its errors. */
export function checkUserId(value: string | undefined): string {
  if (!value) throw new ApiError(41009, 'missing userid')
  if (!isUserId(value)) throw new ApiError(60111, `userid not found: ${value}`)
  return value
}

export interface Member {
  userid: string
  name: string
  position: string
  gender: 1 | 2
  /** Each member sits in one department here (WeCom allows several). */
  department: number[]
  main_department: number
  /** 1 where the member leads the department at the same position of `department` */
  is_leader_in_dept: (0 | 1)[]
}

function departmentOf(userid: string, role: string): number {
  const fixed = DEMO_DEPARTMENTS.get(userid) ?? ROLE_DEPARTMENTS.get(role)
  if (fixed) return fixed
  if (role !== 'guide') return ROOT_DEPARTMENT
  return STORE_DEPARTMENTS[(digest(`department:${userid}`)[0] ?? 0) % STORE_DEPARTMENTS.length] as number
}

/**
 * `guide_li` → 李娜 (demo staff); `guide_sun` → 导购·sun; `zhangsan` → 成员·zhangsan. Guides sit in a store (3 or 4),
 * admins in 运营中心 (5), everyone else in the root.
 */
export function describeMember(userid: string): Member {
  const [role = '', ...rest] = userid.split('_')
  const title = ROLE_TITLES.get(role)
  const demoName = DEMO_MEMBERS.get(userid)
  const name = demoName ?? (title && rest.length > 0 ? `${title}·${rest.join('_')}` : `成员·${userid}`)
  const department = departmentOf(userid, role)
  return {
    userid,
    name,
    position: title ?? '成员',
    gender: demoName ? 2 : genderOf(userid),
    department: [department],
    main_department: department,
    is_leader_in_dept: [leadersOf(department).includes(userid) ? 1 : 0],
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `wm` + 30 base62 characters: the same person always gets the same id within one corp, as in WeCom. */
export function externalUserIdFor(corpId: string, who: string): string {
  let n = BigInt(`0x${digest(`${corpId}:${who}`).toString('hex')}`)
  let id = ''
  for (let i = 0; i < 30; i++) {
    id += BASE62[Number(n % 62n)]
    n /= 62n
  }
  return `wm${id}`
}

export function describePerson(who: string): { name: string; gender: 1 | 2; unionid: string } {
  return { name: `客户·${who}`, gender: genderOf(`person:${who}`), unionid: `u_${who}` }
}

/**
 * The members the corp lists (user/list_id): the demo staff, every member id seen in a request since start, and
 * the members following a stored customer (seen before a restart).
 */
export function createMemberRoster(followers: () => string[]) {
  const seen = new Set<string>(DEMO_MEMBERS.keys())
  return {
    see(userid: unknown): void {
      if (typeof userid === 'string' && userid !== '@all' && isUserId(userid)) seen.add(userid)
    },
    all: (): string[] => [...new Set([...seen, ...followers().filter(isUserId)])].sort(),
  }
}

export type MemberRoster = ReturnType<typeof createMemberRoster>

/** Fields of a request that name members (never `external_userid`, a customer). */
const MEMBER_FIELDS = new Set(['userid', 'userId', 'owner', 'handover_userid', 'takeover_userid', 'oper_userid', 'invitor', 'sender'])
const MEMBER_LIST_FIELDS = new Set(['user', 'userid_list', 'user_list', 'owner_list', 'userIds', 'staffUserIds'])

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object') return false
  // JSON bodies are Object's; Fastify's query objects inherit from a prototype-less one.
  const prototype = Object.getPrototypeOf(value) as object | null
  return prototype === null || Object.getPrototypeOf(prototype) === null
}

/** Every member id a query or JSON body names, however deep (uploads and other non-JSON bodies name none). */
export function memberIdsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) memberIdsIn(item, found)
  else if (isPlainObject(value)) {
    for (const [key, field] of Object.entries(value)) {
      if (MEMBER_FIELDS.has(key) && typeof field === 'string') found.push(field)
      else if (MEMBER_LIST_FIELDS.has(key) && Array.isArray(field)) found.push(...field.filter((item): item is string => typeof item === 'string'))
      else if (key === 'touser' && typeof field === 'string') found.push(...field.split('|'))
      else memberIdsIn(field, found)
    }
  }
  return found
}
