// Who exists in the sandbox: any well-formed member id is a member of the corp, and any `<who>` is a
// WeChat user. Names, genders and external ids are derived from the ids so every run agrees.
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
/** Department ids: 1 is the corp itself; guides sit in 2 (门店导购部). */
const ROOT_DEPARTMENT = 1
const ROLE_DEPARTMENTS = new Map([['guide', 2]])

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
  department: number
}

/** `guide_li` → 李娜 (demo staff); `guide_sun` → 导购·sun; `zhangsan` → 成员·zhangsan. Guides are in department 2. */
export function describeMember(userid: string): Member {
  const [role = '', ...rest] = userid.split('_')
  const title = ROLE_TITLES.get(role)
  const demoName = DEMO_MEMBERS.get(userid)
  const name = demoName ?? (title && rest.length > 0 ? `${title}·${rest.join('_')}` : `成员·${userid}`)
  return {
    userid,
    name,
    position: title ?? '成员',
    gender: demoName ? 2 : genderOf(userid),
    department: ROLE_DEPARTMENTS.get(role) ?? ROOT_DEPARTMENT,
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
