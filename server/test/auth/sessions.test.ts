// Tokens are sessions that end: at an admin's password change and logout, and when the customer or
// guide they were issued to is gone. Each token is for exactly one audience and expires.
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.close())

const ROUTES = { mp: '/api/mp/me', staff: '/api/sidebar/customers', admin: '/api/admin/customers' } as const

const statusOn = async (path: string, token: string) => (await request(`${stack.appUrl}${path}`, { token })).status

/** A token signed with the server's own secret, written here byte by byte: what the server must refuse even so. */
function signed(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const body = `${part(header)}.${part(claims)}`
  return `${body}.${createHmac('sha256', stack.config.jwtSecret).update(body).digest('base64url')}`
}

const nowSeconds = () => Math.floor(Date.now() / 1000)

describe('admin sessions', () => {
  it('end everywhere when the password changes, the session that changed it too', async () => {
    const fresh = await startStack({ ADMIN_PASSWORD: 'first-password' })
    try {
      const signIn = async (password: string) =>
        (await request(`${fresh.appUrl}/api/admin/login`, { body: { username: 'admin', password } })).body.token as string
      const [here, elsewhere] = [await signIn('first-password'), await signIn('first-password')]
      const changed = await request(`${fresh.appUrl}/api/admin/password`, {
        token: here,
        body: { currentPassword: 'first-password', newPassword: 'second-password' },
      })
      expect(changed.status).toBe(204)
      for (const token of [here, elsewhere]) {
        const reply = await request(`${fresh.appUrl}${ROUTES.admin}`, { token })
        expect(reply.status).toBe(401)
        expect(reply.body.error.code).toBe('INVALID_TOKEN')
      }
      const next = await signIn('second-password')
      expect((await request(`${fresh.appUrl}${ROUTES.admin}`, { token: next })).status).toBe(200)
    } finally {
      await fresh.close()
    }
  })

  it('end at logout', async () => {
    const { token } = await login.admin(stack)
    expect(await statusOn(ROUTES.admin, token)).toBe(200)
    const out = await request(`${stack.appUrl}/api/admin/logout`, { method: 'POST', token })
    expect(out.status).toBe(204)
    expect(await statusOn(ROUTES.admin, token)).toBe(401)
    expect((await request(`${stack.appUrl}/api/admin/logout`, { method: 'POST', token })).status).toBe(401)
    expect(await statusOn(ROUTES.admin, (await login.admin(stack)).token)).toBe(200)
  })

  it('never belonged to an admin who does not exist', async () => {
    const iat = nowSeconds()
    expect(await statusOn(ROUTES.admin, signed({ sub: '424242', aud: 'admin', sv: 0, iat, exp: iat + 600 }))).toBe(401)
  })
})

describe('tokens', () => {
  it('count only with one audience, an expiry within their audience’s lifetime, and HS256', async () => {
    const { admin } = await login.admin(stack)
    const { sv } = JSON.parse(Buffer.from((await login.admin(stack)).token.split('.')[1], 'base64url').toString())
    const iat = nowSeconds()
    const claims = { sub: String(admin.id), sv, iat, exp: iat + 600 }
    expect(await statusOn(ROUTES.admin, signed({ ...claims, aud: 'admin' }))).toBe(200)

    const refused = {
      'no audience': signed(claims),
      'several audiences': signed({ ...claims, aud: ['admin', 'mp', 'staff'] }),
      'no expiry': signed({ sub: claims.sub, sv, iat, aud: 'admin' }),
      'a year to live': signed({ ...claims, aud: 'admin', exp: iat + 365 * 24 * 3600 }),
      'expired': signed({ ...claims, aud: 'admin', iat: iat - 1200, exp: iat - 600 }),
      'unsigned': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, aud: 'admin' })).toString('base64url')}.`,
    }
    for (const [what, token] of Object.entries(refused)) {
      for (const path of Object.values(ROUTES)) {
        const reply = await request(`${stack.appUrl}${path}`, { token })
        expect(reply.status, `${what} on ${path}`).toBe(401)
        expect(reply.body.error.code, `${what} on ${path}`).toBe('INVALID_TOKEN')
      }
    }
  })

  it('end with the customer they were issued to: 401, never 500', async () => {
    const { token, customer } = await login.consumer(stack, 'gone')
    expect(await statusOn(ROUTES.mp, token)).toBe(200)
    // Nothing in the product deletes a customer yet; an erasure would, so the test does it by hand.
    await stack.query('delete from timeline_events where customer_id = ?', customer.id)
    await stack.query('delete from customers where id = ?', customer.id)
    const calls = [
      ['GET', '/api/mp/me'],
      ['POST', '/api/mp/checkins'],
      // These check the session in their unit of work: the check's 401 wins over the lottery's or group's 404.
      ['POST', '/api/mp/lotteries/999999/draws'],
      ['POST', '/api/mp/groupbuy-groups/999999/members'],
      ['POST', '/api/mp/distributor'],
      ['GET', '/api/mp/coupons'],
    ]
    for (const [method, path] of calls) {
      const reply = await request(`${stack.appUrl}${path}`, { method, token })
      expect(reply.status, `${method} ${path}`).toBe(401)
      expect(reply.body.error.code, `${method} ${path}`).toBe('INVALID_TOKEN')
    }
  })

  it('end with the guide they were issued to', async () => {
    const { token, staff } = await login.staff(stack, 'guide_gone')
    expect(await statusOn(ROUTES.staff, token)).toBe(200)
    await stack.query('delete from staff_departments where staff_id = ?', staff.id)
    await stack.query('delete from staff where id = ?', staff.id)
    expect(await statusOn(ROUTES.staff, token)).toBe(401)
  })
})
