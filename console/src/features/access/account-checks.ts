// What the server's AdminInviteRequestSchema and RoleInputSchema check, said before the form is sent.
import type { AdminAccount, AdminAccountUpdate } from '@liuliang/shared'

const USERNAME = /^[A-Za-z0-9_.@-]{2,64}$/

export function accountProblems(form: { username: string; displayName: string; roleId: number }): string[] {
  const problems: string[] = []
  if (!USERNAME.test(form.username.trim())) problems.push('用户名需 2–64 位，只能用字母、数字和 _ . @ -')
  const name = form.displayName.trim()
  if (name.length === 0 || name.length > 32) problems.push('请填写姓名（最多 32 字）')
  if (form.roleId <= 0) problems.push('请选择角色')
  return problems
}

/**
 * Only what the edit changed: a change of role or stores signs the colleague out, so an untouched field
 * is not sent as if it were one.
 */
export function accountChanges(
  account: Pick<AdminAccount, 'displayName' | 'role' | 'departmentIds'>,
  form: { displayName: string; roleId: number; departmentIds: number[] },
): AdminAccountUpdate {
  const sameStores = [...account.departmentIds].sort().join() === [...form.departmentIds].sort().join()
  return {
    ...(form.displayName.trim() === account.displayName ? {} : { displayName: form.displayName.trim() }),
    ...(form.roleId === account.role.id ? {} : { roleId: form.roleId }),
    ...(sameStores ? {} : { departmentIds: form.departmentIds }),
  }
}

export function roleProblems(form: { name: string; description: string }): string[] {
  const problems: string[] = []
  const name = form.name.trim()
  if (name.length === 0 || name.length > 32) problems.push('请填写角色名称（最多 32 字）')
  if (form.description.length > 200) problems.push('说明最多 200 字')
  return problems
}
