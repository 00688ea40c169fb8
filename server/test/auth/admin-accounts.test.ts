// The brand's admin accounts: invites with one-time passwords, disabling, resets, roles, and the owner
// who can never be locked out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { processDatabaseEngine } from '../../src/env'
import { login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let owner: string
let ownerId: number
let roleIds: Record<string, number>

const api = (path: string) => `${stack.appUrl}/api/admin${path}`
const signIn = (username: string, password: string) => request(api('/login'), { body: { username, password } })

async function invite(username: string, role: string, departmentIds: number[] = []) {
  const reply = await request(api('/admin-accounts'), { token: owner, body: { username, displayName: `${username} 同事`, roleId: roleIds[role], departmentIds } })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body as { account: { id: number }; temporaryPassword: string }
}

/** An invited account that has chosen its own password; its token. */
async function activeAccount(username: string, role: string) {
  const { account, temporaryPassword } = await invite(username, role)
  const first = (await signIn(username, temporaryPassword)).body.token
  await request(api('/password'), { token: first, body: { currentPassword: temporaryPassword, newPassword: `${username}-secret` } })
  return { id: account.id, token: (await signIn(username, `${username}-secret`)).body.token as string }
}

beforeAll(async () => {
  stack = await startStack()
  const session = await login.admin(stack)
  owner = session.token
  ownerId = session.admin.id
  const roles = (await request(api('/roles'), { token: owner })).body.items as { id: number; builtIn: string }[]
  roleIds = Object.fromEntries(roles.map((role) => [role.builtIn, role.id]))
})

afterAll(async () => {
  await stack?.close()
})

describe('an invited colleague', () => {
  it('must replace the one-time password before doing anything', async () => {
    const { temporaryPassword } = await invite('chen_ops', 'operator')
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{12}$/)
    const token = (await signIn('chen_ops', temporaryPassword)).body.token
    expect((await request(api('/me'), { token })).body).toMatchObject({ username: 'chen_ops', roleName: '运营', mustChangePassword: true })
    const blocked = await request(api('/lotteries'), { token })
    expect(blocked.status).toBe(403)
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED')

    expect((await request(api('/password'), { token, body: { currentPassword: temporaryPassword, newPassword: 'chen-own-pass' } })).status).toBe(204)
    const mine = (await signIn('chen_ops', 'chen-own-pass')).body.token
    expect((await request(api('/me'), { token: mine })).body.mustChangePassword).toBe(false)
    expect((await request(api('/lotteries'), { token: mine })).status).toBe(200)
  })

  it('cannot take a username already in use', async () => {
    const reply = await request(api('/admin-accounts'), { token: owner, body: { username: 'chen_ops', displayName: '重复', roleId: roleIds.readonly, departmentIds: [] } })
    expect(reply.status).toBe(409)
    expect(reply.body.error.code).toBe('USERNAME_TAKEN')
  })
})

describe('disabling and resetting', () => {
  it('a disabled account is signed out and cannot sign in until enabled again', async () => {
    const { id, token } = await activeAccount('wang_fin', 'finance')
    expect((await request(api('/withdrawals'), { token })).status).toBe(200)

    const disabled = await request(api(`/admin-accounts/${id}`), { method: 'PATCH', token: owner, body: { disabled: true } })
    expect(disabled.body.disabled).toBe(true)
    expect((await request(api('/withdrawals'), { token })).status).toBe(401)
    const refused = await signIn('wang_fin', 'wang_fin-secret')
    expect(refused.status).toBe(401)
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED')

    await request(api(`/admin-accounts/${id}`), { method: 'PATCH', token: owner, body: { disabled: false } })
    expect((await signIn('wang_fin', 'wang_fin-secret')).status).toBe(200)
  })

  it('a reset gives a new one-time password and ends the old one', async () => {
    const { id, token } = await activeAccount('zhao_ro', 'readonly')
    const reset = await request(api(`/admin-accounts/${id}/password-reset`), { method: 'POST', token: owner })
    expect(reset.status).toBe(200)
    expect((await request(api('/me'), { token })).status).toBe(401)
    expect((await signIn('zhao_ro', 'zhao_ro-secret')).status).toBe(401)
    const fresh = (await signIn('zhao_ro', reset.body.temporaryPassword)).body.token
    expect((await request(api('/me'), { token: fresh })).body.mustChangePassword).toBe(true)
  })

  it('a changed role applies at once: the old token is ended and the new role holds', async () => {
    const { id, token } = await activeAccount('li_switch', 'readonly')
    const changed = await request(api(`/admin-accounts/${id}`), { method: 'PATCH', token: owner, body: { roleId: roleIds.finance } })
    expect(changed.body.role.name).toBe('财务')
    expect((await request(api('/me'), { token })).status).toBe(401)
    const again = (await signIn('li_switch', 'li_switch-secret')).body.token
    expect((await request(api('/withdrawals'), { token: again })).status).toBe(200)
    expect((await request(api('/lotteries'), { token: again })).status).toBe(403)
  })
})

describe('the owner', () => {
  it('cannot disable their own account', async () => {
    const reply = await request(api(`/admin-accounts/${ownerId}`), { method: 'PATCH', token: owner, body: { disabled: true } })
    expect(reply.status).toBe(409)
    expect(reply.body.error.code).toBe('CANNOT_DISABLE_SELF')
  })

  it('cannot leave the brand without a full owner, by demotion or by a department limit', async () => {
    for (const body of [{ roleId: roleIds.operator }, { departmentIds: [3] }]) {
      const reply = await request(api(`/admin-accounts/${ownerId}`), { method: 'PATCH', token: owner, body })
      expect(reply.status, JSON.stringify(body)).toBe(409)
      expect(reply.body.error.code).toBe('LAST_OWNER')
    }
    expect((await request(api('/me'), { token: owner })).body.roleName).toBe('所有者')
  })

  it('may step down once another owner exists', async () => {
    const second = await activeAccount('owner_two', 'owner')
    const demote = await request(api(`/admin-accounts/${second.id}`), { method: 'PATCH', token: owner, body: { roleId: roleIds.readonly } })
    expect(demote.status).toBe(200)
    // the last full owner again: the second may not demote the first
    const back = await request(api(`/admin-accounts/${second.id}`), { method: 'PATCH', token: owner, body: { roleId: roleIds.owner } })
    expect(back.status).toBe(200)
    const ownerTwo = (await signIn('owner_two', 'owner_two-secret')).body.token
    expect((await request(api(`/admin-accounts/${ownerId}`), { method: 'PATCH', token: ownerTwo, body: { roleId: roleIds.operator } })).status).toBe(200)
    owner = ownerTwo
  })

  // SQLite runs one unit of work at a time, so only PostgreSQL can interleave two demotions.
  it.runIf(processDatabaseEngine() === 'postgres')(
    'an owner demoted by another server at the same moment is counted: the last owner cannot step down as well',
    async () => {
      const third = await activeAccount('owner_three', 'owner')
      const meId = (await request(api('/me'), { token: owner })).body.id as number
      const other = new pg.Client(stack.database)
      await other.connect()
      try {
        // Another unit of work demotes the third owner and has not committed yet.
        await other.query('begin')
        await other.query('update admins set role_id = $1 where id = $2', [roleIds.readonly, third.id])
        const stepDown = request(api(`/admin-accounts/${meId}`), { method: 'PATCH', token: owner, body: { roleId: roleIds.readonly } })
        await new Promise((resolve) => setTimeout(resolve, 300))
        await other.query('commit')
        const reply = await stepDown
        expect(reply.status, JSON.stringify(reply.body)).toBe(409)
        expect(reply.body.error.code).toBe('LAST_OWNER')
      } finally {
        await other.end()
      }
      expect((await request(api('/me'), { token: owner })).body.roleName).toBe('所有者')
    },
  )
})

describe('roles', () => {
  it('built-in roles are fixed; custom ones change, apply at the next request, and go only when unused', async () => {
    const builtIn = await request(api(`/roles/${roleIds.finance}`), { method: 'PUT', token: owner, body: { name: '财务', description: '', permissions: [] } })
    expect(builtIn.status).toBe(409)
    expect(builtIn.body.error.code).toBe('BUILT_IN_ROLE')
    const taken = await request(api('/roles'), { token: owner, body: { name: '财务', description: '', permissions: [] } })
    expect(taken.body.error.code).toBe('ROLE_NAME_TAKEN')

    const created = await request(api('/roles'), { token: owner, body: { name: '抽奖专员', description: '只管抽奖', permissions: ['activation:view'] } })
    expect(created.status).toBe(201)
    const roleId = created.body.id
    const { account, temporaryPassword } = await invite('sun_lottery', 'operator')
    await request(api(`/admin-accounts/${account.id}`), { method: 'PATCH', token: owner, body: { roleId } })
    const first = (await signIn('sun_lottery', temporaryPassword)).body.token
    await request(api('/password'), { token: first, body: { currentPassword: temporaryPassword, newPassword: 'sun-own-pass' } })
    const token = (await signIn('sun_lottery', 'sun-own-pass')).body.token
    expect((await request(api('/lotteries'), { token, method: 'POST', body: {} })).body.error.code).toBe('PERMISSION_DENIED')

    await request(api(`/roles/${roleId}`), { method: 'PUT', token: owner, body: { name: '抽奖专员', description: '', permissions: ['activation:manage'] } })
    expect((await request(api('/lotteries'), { token, method: 'POST', body: {} })).status).toBe(400)

    const inUse = await request(api(`/roles/${roleId}`), { method: 'DELETE', token: owner })
    expect(inUse.body.error.code).toBe('ROLE_IN_USE')
    await request(api(`/admin-accounts/${account.id}`), { method: 'PATCH', token: owner, body: { roleId: roleIds.readonly } })
    expect((await request(api(`/roles/${roleId}`), { method: 'DELETE', token: owner })).status).toBe(204)
  })

  it('every change of who may do what is in the audit log, with before and after', async () => {
    const entries = (await request(api('/audit-entries?objectType=admins'), { token: owner })).body.items as {
      action: string
      changes: { field: string; before: unknown; after: unknown }[] | null
    }[]
    const roleChange = entries.find((entry) => entry.changes?.some((change) => change.field === 'role' && change.after === '财务'))
    expect(roleChange).toMatchObject({ action: 'permission' })
    expect(roleChange!.changes).toContainEqual({ field: 'role', before: '只读', after: '财务' })
  })
})
