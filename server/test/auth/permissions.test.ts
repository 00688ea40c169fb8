// Roles and store scopes on every admin route. The routes come from the server's own OpenAPI document,
// where each names the permission it needs as its bearer scope: a route that names none fails here.
// Each built-in role, a custom role and a store manager limited to a department then call every route,
// and are refused exactly where their permissions (and, for the store manager, their scope) say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILT_IN_ROLE_DEFINITIONS, PERMISSIONS, businessDate, permits, type Permission, type PermissionArea, type PermissionLevel } from '@liuliang/shared'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

interface Operation {
  method: string
  path: string
  /** what the OpenAPI document says the route needs; null for the caller's own session */
  permission: Permission | null
}

/** The caller's own session: open to every signed-in admin, whatever their role. */
const SELF_ROUTES = new Set(['GET /me', 'POST /password', 'POST /logout'])

/** What a store manager, limited to departments, may reach (with the permission to): routes that narrow their answer to the scope. */
const SCOPED_ROUTES = new Set([
  'GET /roles',
  'GET /tags',
  'GET /tag-choices',
  'GET /customers',
  'GET /customers/{customerId}',
  'GET /customers/{customerId}/timeline',
  'GET /customers/{customerId}/follow-ups',
  'GET /customers/{customerId}/recommendations',
  'GET /dashboard',
  'GET /dashboard/growth',
  'GET /staff',
  'POST /audiences/count',
  'POST /audiences/customers',
  'POST /audiences/export',
  'GET /audiences/channels',
])

/** The policy as the brand reads it, checked against what the routes declare. */
const KEY_PERMISSIONS: Record<string, Permission> = {
  'PATCH /lotteries/{id}': 'activation:manage',
  'POST /orders/{id}/refund': 'finance:manage',
  'POST /after-sales/{id}/approve': 'finance:manage',
  'POST /withdrawals/{withdrawalId}/approve': 'finance:manage',
  'GET /withdrawals': 'finance:view',
  'POST /orders/{id}/ship': 'conversion:manage',
  'GET /customers': 'customers:view',
  'POST /audiences/export': 'customers:manage',
  'GET /dashboard': 'data:view',
  'GET /audit-entries': 'settings:view',
  'POST /admin-accounts': 'settings:manage',
  'PUT /roles/{id}': 'settings:manage',
  'POST /live-codes': 'acquisition:manage',
  'POST /materials/images': 'materials:manage',
  'GET /materials/images': 'materials:view',
  'POST /materials/files': 'materials:manage',
  'GET /materials/files': 'materials:view',
}

const NO_SUCH_ID = '2147483647'

let stack: Stack
let operations: Operation[]
const tokens = new Map<string, { token: string; permissions: readonly Permission[]; scoped: boolean }>()

const api = (path: string) => `${stack.appUrl}/api/admin${path}`

async function signIn(username: string, password: string): Promise<string> {
  const reply = await request(api('/login'), { body: { username, password } })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body.token
}

/** An invited account, past its one-time password. */
async function account(ownerToken: string, username: string, roleId: number, departmentIds: number[] = []): Promise<string> {
  const invited = await request(api('/admin-accounts'), { token: ownerToken, body: { username, displayName: username, roleId, departmentIds } })
  expect(invited.status, JSON.stringify(invited.body)).toBe(201)
  const first = await signIn(username, invited.body.temporaryPassword)
  const changed = await request(api('/password'), {
    token: first,
    body: { currentPassword: invited.body.temporaryPassword, newPassword: `${username}-password` },
  })
  expect(changed.status).toBe(204)
  return signIn(username, `${username}-password`)
}

/** Calls a route the way a console would if it tried: no real id, an empty body. */
function call(operation: Operation, token: string) {
  const path = operation.path.replace(/\{[^}]+\}/g, NO_SUCH_ID)
  const hasBody = !['GET', 'DELETE'].includes(operation.method)
  return request(api(path), { method: operation.method, token, ...(hasBody ? { body: {} } : {}) })
}

beforeAll(async () => {
  stack = await startStack()
  const document = (await request(`${stack.appUrl}/docs/json`)).body
  operations = Object.entries(document.paths as Record<string, Record<string, { security?: { bearer?: string[] }[] }>>)
    .filter(([path]) => path.startsWith('/api/admin/') && path !== '/api/admin/login')
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path: path.slice('/api/admin'.length),
        permission: (operation.security?.[0]?.bearer?.[0] ?? null) as Permission | null,
      })),
    )
  const owner = (await login.admin(stack)).token
  const roles = (await request(api('/roles'), { token: owner })).body.items as { id: number; builtIn: string | null; permissions: Permission[] }[]
  const roleId = (builtIn: string) => roles.find((role) => role.builtIn === builtIn)!.id
  tokens.set('owner', { token: owner, permissions: BUILT_IN_ROLE_DEFINITIONS.owner.permissions, scoped: false })
  for (const builtIn of ['operator', 'finance', 'readonly'] as const) {
    tokens.set(builtIn, { token: await account(owner, builtIn, roleId(builtIn)), permissions: BUILT_IN_ROLE_DEFINITIONS[builtIn].permissions, scoped: false })
  }
  const custom = await request(api('/roles'), { token: owner, body: { name: '活动审核', description: '', permissions: ['activation:view', 'acquisition:manage'] } })
  expect(custom.status).toBe(201)
  tokens.set('custom', { token: await account(owner, 'reviewer', custom.body.id), permissions: ['activation:view', 'acquisition:manage'], scoped: false })
  tokens.set('store_manager', {
    token: await account(owner, 'store_3', roleId('store_manager'), [3]),
    permissions: BUILT_IN_ROLE_DEFINITIONS.store_manager.permissions,
    scoped: true,
  })
}, 120_000)

afterAll(async () => {
  await stack?.close()
})

describe('every admin route', () => {
  it('names the permission it needs in the API document', () => {
    expect(operations.length).toBeGreaterThan(150)
    for (const operation of operations) {
      const key = `${operation.method} ${operation.path}`
      if (SELF_ROUTES.has(key)) expect(operation.permission, key).toBeNull()
      else expect(PERMISSIONS, key).toContain(operation.permission)
    }
    for (const [key, permission] of Object.entries(KEY_PERMISSIONS)) {
      const operation = operations.find(({ method, path }) => `${method} ${path}` === key)
      expect(operation?.permission, key).toBe(permission)
    }
  })

  it('is refused without a token', async () => {
    for (const operation of operations) expect((await call(operation, '')).status, `${operation.method} ${operation.path}`).toBe(401)
  })

  for (const holder of ['owner', 'operator', 'finance', 'readonly', 'custom', 'store_manager']) {
    it(`holds ${holder} to exactly its role${holder === 'store_manager' ? ' and its departments' : ''}`, async () => {
      const { token, permissions, scoped } = tokens.get(holder)!
      const mistakes: string[] = []
      for (const operation of operations) {
        const key = `${operation.method} ${operation.path}`
        if (key === 'POST /logout') continue
        const reply = await call(operation, token)
        const code = reply.body?.error?.code as string | undefined
        const [area, level] = (operation.permission?.split(':') ?? []) as [PermissionArea, PermissionLevel]
        const expected = !operation.permission
          ? null
          : !permits(permissions, area, level)
            ? 'PERMISSION_DENIED'
            : scoped && !SCOPED_ROUTES.has(key)
              ? 'OUTSIDE_SCOPE'
              : null
        const refused = reply.status === 403 && (code === 'PERMISSION_DENIED' || code === 'OUTSIDE_SCOPE') ? code : null
        if (refused !== expected) mistakes.push(`${key}: expected ${expected ?? 'through'}, got ${reply.status} ${code ?? ''}`)
        if (reply.status >= 500) mistakes.push(`${key}: ${reply.status}`)
      }
      expect(mistakes).toEqual([])
    }, 120_000)
  }
})

describe('a route the access table does not know', () => {
  it('stops the server at start rather than being open to every role', async () => {
    const { resolveAccess } = await import('../../src/access/route-access')
    expect(() => resolveAccess('GET', '/new-feature')).toThrow(/needs a permission/)
    expect(resolveAccess('POST', '/orders/:id/refund').permission).toBe('finance:manage')
    expect(resolveAccess('POST', '/orders/:id/complete').permission).toBe('conversion:manage')
    expect(resolveAccess('GET', '/customers/:customerId/points/ledger').permission).toBe('activation:view')
  })
})

describe('a store manager', () => {
  it('sees only the customers of their stores\' guides, and no other customer by id', async () => {
    const owner = tokens.get('owner')!.token
    const manager = tokens.get('store_manager')!.token
    // 南京西路店 (3): guide_li, guide_wang; 静安寺店 (4): guide_zhao.
    await addContact(stack, 'scope_a', 'guide_li', { state: 'poster_nanjing' })
    await addContact(stack, 'scope_b', 'guide_wang')
    await addContact(stack, 'scope_c', 'guide_zhao', { state: 'poster_jingan' })
    expect((await request(api('/departments/sync'), { method: 'POST', token: owner })).status).toBe(200)

    const everyone = (await request(api('/customers'), { token: owner })).body.items as { id: number; name: string }[]
    expect(everyone.map((customer) => customer.name).sort()).toEqual(['客户·scope_a', '客户·scope_b', '客户·scope_c'])
    const mine = (await request(api('/customers'), { token: manager })).body.items as { id: number; name: string }[]
    expect(mine.map((customer) => customer.name).sort()).toEqual(['客户·scope_a', '客户·scope_b'])

    const other = everyone.find((customer) => customer.name === '客户·scope_c')!
    const own = everyone.find((customer) => customer.name === '客户·scope_a')!
    expect((await request(api(`/customers/${own.id}`), { token: manager })).status).toBe(200)
    for (const path of [`/customers/${other.id}`, `/customers/${other.id}/timeline`, `/customers/${other.id}/follow-ups`]) {
      const reply = await request(api(path), { token: manager })
      expect(reply.status, path).toBe(404)
      expect(reply.body.error.code).toBe('CUSTOMER_NOT_FOUND')
    }
    expect((await request(api(`/customers/${other.id}`), { token: owner })).status).toBe(200)
  })

  it('counts, lists and exports audiences within their stores, and sees their stores\' guides only', async () => {
    const manager = tokens.get('store_manager')!.token
    const owner = tokens.get('owner')!.token
    for (const [token, expected] of [[owner, 3], [manager, 2]] as const) {
      expect((await request(api('/audiences/count'), { token, body: { filter: {} } })).body.count).toBe(expected)
      expect((await request(api('/audiences/customers'), { token, body: { filter: {} } })).body.items).toHaveLength(expected)
      const csv = await request(api('/audiences/export'), { token, body: { filter: {} } })
      expect(String(csv.body).trim().split('\r\n')).toHaveLength(expected + 1)
    }
    const channels = async (token: string) =>
      (await request(api('/audiences/channels'), { token })).body.channels.map((channel: { state: string }) => channel.state).sort()
    expect(await channels(owner)).toEqual(['poster_jingan', 'poster_nanjing'])
    expect(await channels(manager)).toEqual(['poster_nanjing'])
    const guides = (await request(api('/staff'), { token: manager })).body.items.map((member: { userId: string }) => member.userId)
    expect(guides.sort()).toEqual(['guide_li', 'guide_wang'])
  })

  it('sees the dashboard of their stores only', async () => {
    const today = businessDate(new Date(), stack.config.businessTimeZone)
    const range = `/dashboard?from=${today}&to=${today}`
    const brand = (await request(api(range), { token: tokens.get('owner')!.token })).body
    const store = (await request(api(range), { token: tokens.get('store_manager')!.token })).body
    expect(brand.totals.customers).toBe(3)
    expect(store.totals.customers).toBe(2)
    expect(store.guides.map((guide: { userId: string }) => guide.userId).sort()).toEqual(['guide_li', 'guide_wang'])
    expect(brand.guides.map((guide: { userId: string }) => guide.userId)).toContain('guide_zhao')
    expect(store.totals.added).toBeLessThanOrEqual(2)
    expect(store.totals.groupBuySuccessRate).toBeNull()

    const cohortSize = async (token: string) =>
      ((await request(api(`/dashboard/growth?from=${today}&to=${today}`), { token })).body.cohorts as { customers: number }[]).reduce(
        (sum, cohort) => sum + cohort.customers,
        0,
      )
    expect(await cohortSize(tokens.get('owner')!.token)).toBe(3)
    expect(await cohortSize(tokens.get('store_manager')!.token)).toBe(2)
  })
})
