// The demo's colleagues beside the owner, so the console can be tried as each of them: a finance
// colleague and the manager of 南京西路店 (WeCom department 3, whose guides are 李娜 and 王芳). They are
// invited as a real owner would, then set their demo passwords. Safe to run again: existing accounts stay.
import { call } from './http'

interface SeedTarget {
  serverUrl: string
  admin: { username: string; password: string }
}

export const DEMO_ACCOUNTS = [
  { username: 'finance', displayName: '财务·周敏', role: 'finance', departmentIds: [], password: 'finance-demo' },
  { username: 'store_nanjing', displayName: '南京西路店·店长', role: 'store_manager', departmentIds: [3], password: 'store-demo' },
] as const

export async function seedAccounts({ serverUrl, admin }: SeedTarget): Promise<string> {
  const api = (path: string) => `${serverUrl}/api/admin${path}`
  const { token } = await call(api('/login'), { body: admin })
  const existing = new Set((await call(api('/admin-accounts'), { token })).items.map((account: { username: string }) => account.username))
  const roles: { id: number; builtIn: string | null }[] = (await call(api('/roles'), { token })).items
  for (const { role, password, ...account } of DEMO_ACCOUNTS) {
    if (existing.has(account.username)) continue
    const roleId = roles.find((candidate) => candidate.builtIn === role)!.id
    const { temporaryPassword } = await call(api('/admin-accounts'), { token, body: { ...account, departmentIds: [...account.departmentIds], roleId } })
    const first = await call(api('/login'), { body: { username: account.username, password: temporaryPassword } })
    await call(api('/password'), { token: first.token, body: { currentPassword: temporaryPassword, newPassword: password } })
  }
  return `Console colleagues: ${DEMO_ACCOUNTS.map((account) => `${account.username} / ${account.password} (${account.displayName})`).join(', ')}`
}
