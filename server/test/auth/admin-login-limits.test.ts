// Password guessing against the console: failed logins are limited per client address and per
// account, and only the configured proxies are believed about who the client is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request, startStack, type Stack } from '../support/stack'
import { PRODUCTION_ENV, PRODUCTION_SECRETS } from '../support/production'

const attempt = (stack: Stack, password: string, forwardedFor?: string, username = PRODUCTION_SECRETS.ADMIN_USERNAME) =>
  request(`${stack.appUrl}/api/admin/login`, {
    body: { username, password },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  })

describe('in production with no proxy configured', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack(PRODUCTION_ENV)
  })
  afterAll(() => stack.close())

  it('limits a client that names a new X-Forwarded-For address with every guess', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) statuses.push((await attempt(stack, `guess-${i}`, `203.0.113.${i + 1}`)).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses.slice(10)).toEqual(Array(20).fill(429))
    const refused = await attempt(stack, 'one-more', '198.51.100.7')
    expect(refused.body.error.code).toBe('RATE_LIMITED')
  })
})

describe('behind one trusted proxy', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ ...PRODUCTION_ENV, TRUST_PROXY_HOPS: '1' })
  })
  afterAll(() => stack.close())

  it('keys on the address the proxy saw, whatever the client wrote before it', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await attempt(stack, 'wrong', `10.9.9.${i}, 198.51.100.20`, 'nobody')).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
    expect(statuses.slice(10)).toEqual([429, 429])
    // Another client behind the same proxy is not held back by the first one's failures.
    expect((await attempt(stack, 'wrong', '198.51.100.21', 'somebody')).status).toBe(401)
  })

  it('locks an account that many addresses guess at, even for its right password, and no other account', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) statuses.push((await attempt(stack, `guess-${i}`, `192.0.2.${i + 1}`)).status)
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401))
    expect(statuses.slice(20)).toEqual(Array(5).fill(429))
    const right = await attempt(stack, PRODUCTION_SECRETS.ADMIN_PASSWORD, '192.0.2.200')
    expect(right.status).toBe(429)
    expect(right.body.error.code).toBe('RATE_LIMITED')
    expect((await attempt(stack, 'wrong', '192.0.2.201', 'another-admin')).status).toBe(401)
  })

  it('counts failures, not logins: an admin who signs in often is never locked out', async () => {
    const address = '198.51.100.50'
    const username = 'frequent'
    await stack.app.admins.ensureBootstrapAdmin(username, 'frequent-password')
    for (let i = 0; i < 15; i++) expect((await attempt(stack, 'frequent-password', address, username)).status).toBe(200)
    for (let i = 0; i < 9; i++) expect((await attempt(stack, 'typo', address, username)).status).toBe(401)
    expect((await attempt(stack, 'frequent-password', address, username)).status).toBe(200)
    expect((await attempt(stack, 'frequent-password', address, username)).status).toBe(200)
  })
})
