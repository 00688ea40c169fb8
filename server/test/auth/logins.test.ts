import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.close())

describe('logins, one per audience', () => {
  it('logs a consumer in through code2Session and reuses their customer next time', async () => {
    const first = await login.consumer(stack, 'alice')
    expect(first.token).toEqual(expect.any(String))
    expect(first.customer).toMatchObject({ isMiniProgramUser: true, isWecomContact: false })
    const again = await login.consumer(stack, 'alice')
    expect(again.customer.id).toBe(first.customer.id)

    const me = await request(`${stack.appUrl}/api/mp/me`, { token: first.token })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ customer: { id: first.customer.id }, points: { balance: 0 }, level: { code: 'V1' } })
  })

  it('refuses a bad or reused WeChat code with 401 WECHAT_LOGIN_FAILED', async () => {
    const bad = await request(`${stack.appUrl}/api/mp/login`, { body: { code: 'not-a-code' } })
    expect(bad.status).toBe(401)
    expect(bad.body.error.code).toBe('WECHAT_LOGIN_FAILED')

    const code = 'test_bob~once'
    expect((await request(`${stack.appUrl}/api/mp/login`, { body: { code } })).status).toBe(200)
    const reused = await request(`${stack.appUrl}/api/mp/login`, { body: { code } })
    expect(reused.status).toBe(401)
    expect(reused.body.error.code).toBe('WECHAT_LOGIN_FAILED')
  })

  it('logs a guide in through WeCom OAuth and creates their staff record from the directory', async () => {
    const reply = await login.staff(stack, 'guide_li')
    expect(reply.staff).toMatchObject({ userId: 'guide_li', isAdmin: false })
    expect(reply.staff.name).not.toBe('')
    const bad = await request(`${stack.appUrl}/api/sidebar/login`, { body: { code: 'expired-code' } })
    expect(bad.status).toBe(401)
    expect(bad.body.error.code).toBe('WECOM_LOGIN_FAILED')
  })

  it('logs the admin in with the configured password and refuses a wrong one', async () => {
    const ok = await login.admin(stack)
    expect(ok.token).toEqual(expect.any(String))
    expect(Date.parse(ok.expiresAt)).toBeGreaterThan(Date.now())
    const wrong = await request(`${stack.appUrl}/api/admin/login`, {
      body: { username: stack.config.admin.username, password: 'wrong-password' },
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS')
    const unknown = await request(`${stack.appUrl}/api/admin/login`, { body: { username: 'nobody', password: 'x' } })
    expect(unknown.status).toBe(401)
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS')
  })
})

describe('a token works only on its own prefix', () => {
  it('refuses each audience on the others’ routes and accepts it on its own', async () => {
    const tokens = {
      mp: (await login.consumer(stack, 'carol')).token,
      sidebar: (await login.staff(stack, 'guide_wang')).token,
      admin: (await login.admin(stack)).token,
    }
    const routes = { mp: '/api/mp/me', sidebar: '/api/sidebar/customers', admin: '/api/admin/customers' }
    for (const [owner, token] of Object.entries(tokens)) {
      for (const [prefix, path] of Object.entries(routes)) {
        const reply = await request(`${stack.appUrl}${path}`, { token })
        if (owner === prefix) {
          expect(reply.status, `${owner} on ${prefix}`).toBe(200)
        } else {
          expect(reply.status, `${owner} on ${prefix}`).toBe(401)
          expect(reply.body.error.code).toBe('INVALID_TOKEN')
        }
      }
    }
  })

  it('refuses missing, forged and malformed tokens', async () => {
    const missing = await request(`${stack.appUrl}/api/mp/me`)
    expect(missing.status).toBe(401)
    expect(missing.body.error.code).toBe('UNAUTHENTICATED')
    const { token } = await login.consumer(stack, 'dave')
    const [head, payload] = token.split('.')
    const forged = await request(`${stack.appUrl}/api/mp/me`, { token: `${head}.${payload}.c2lnbmF0dXJl` })
    expect(forged.status).toBe(401)
    const garbage = await request(`${stack.appUrl}/api/mp/me`, { headers: { authorization: 'Basic abc' } })
    expect(garbage.status).toBe(401)
  })
})

describe('guides see only the customers they follow', () => {
  it('answers 403 for another guide’s customer and lets staff with admin rights see everyone', async () => {
    const externalUserId = await addContact(stack, 'erin', 'guide_zhao')
    const zhao = await login.staff(stack, 'guide_zhao')
    const li = await login.staff(stack, 'guide_li')

    const own = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}`, { token: zhao.token })
    expect(own.status).toBe(200)
    expect(own.body.followers).toEqual([expect.objectContaining({ staffUserId: 'guide_zhao', status: 'active' })])
    const list = await request(`${stack.appUrl}/api/sidebar/customers`, { token: zhao.token })
    expect(list.body.items.map((c: { externalUserId: string }) => c.externalUserId)).toContain(externalUserId)

    const other = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}`, { token: li.token })
    expect(other.status).toBe(403)
    expect(other.body.error.code).toBe('CUSTOMER_NOT_FOLLOWED')
    const otherList = await request(`${stack.appUrl}/api/sidebar/customers`, { token: li.token })
    expect(otherList.body.items.map((c: { externalUserId: string }) => c.externalUserId)).not.toContain(externalUserId)

    await stack.query("update staff set is_admin = true where user_id = 'guide_li'")
    const asAdmin = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}`, { token: li.token })
    expect(asAdmin.status).toBe(200)

    const unknown = await request(`${stack.appUrl}/api/sidebar/customers/wmDoesNotExist`, { token: zhao.token })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('CUSTOMER_NOT_FOUND')
  })
})

describe('admin login is rate-limited', () => {
  it('answers 429 RATE_LIMITED after ten attempts a minute from one address', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      statuses.push((await request(`${stack.appUrl}/api/admin/login`, { body: { username: 'x', password: 'y' } })).status)
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0)
    const last = await request(`${stack.appUrl}/api/admin/login`, { body: { username: 'x', password: 'y' } })
    expect(last.status).toBe(429)
    expect(last.body.error.code).toBe('RATE_LIMITED')
  })
})

describe('admin password change', () => {
  it('needs the current password, then only the new one logs in', async () => {
    const fresh = await startStack({ ADMIN_PASSWORD: 'first-password' })
    try {
      const { token } = (
        await request(`${fresh.appUrl}/api/admin/login`, { body: { username: 'admin', password: 'first-password' } })
      ).body
      const wrong = await request(`${fresh.appUrl}/api/admin/password`, {
        token,
        body: { currentPassword: 'not-it', newPassword: 'second-password' },
      })
      expect(wrong.status).toBe(401)
      const short = await request(`${fresh.appUrl}/api/admin/password`, {
        token,
        body: { currentPassword: 'first-password', newPassword: 'short' },
      })
      expect(short.status).toBe(400)
      const changed = await request(`${fresh.appUrl}/api/admin/password`, {
        token,
        body: { currentPassword: 'first-password', newPassword: 'second-password' },
      })
      expect(changed.status).toBe(204)
      const old = await request(`${fresh.appUrl}/api/admin/login`, { body: { username: 'admin', password: 'first-password' } })
      expect(old.status).toBe(401)
      const next = await request(`${fresh.appUrl}/api/admin/login`, { body: { username: 'admin', password: 'second-password' } })
      expect(next.status).toBe(200)
    } finally {
      await fresh.close()
    }
  })
})
