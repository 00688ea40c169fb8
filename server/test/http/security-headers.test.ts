// Every answer carries the security headers; production adds HSTS and keeps the API's map (/docs)
// to itself unless told otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRODUCTION_ENV } from '../support/production'
import { startStack, type Stack } from '../support/stack'

const headersOf = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init)
  await response.arrayBuffer()
  return { status: response.status, headers: response.headers }
}

/** A content security policy as directive → sources. */
const directives = (policy: string | null) =>
  Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name, sources]),
  )

describe('outside production', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  it('answers pages, API calls and errors with the security headers, and no HSTS', async () => {
    for (const [path, init] of [
      ['/healthz', undefined],
      ['/api/mp/me', undefined],
      ['/no/such/page', undefined],
      ['/api/admin/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }],
    ] as const) {
      const { headers } = await headersOf(`${stack.appUrl}${path}`, init)
      expect(headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(headers.get('x-frame-options'), path).toBe('DENY')
      expect(headers.get('strict-transport-security'), path).toBeNull()
      const policy = directives(headers.get('content-security-policy'))
      expect(policy['frame-ancestors'], path).toEqual(["'none'"])
      expect(policy['script-src'], path).toEqual(["'self'"])
      expect(policy['object-src'], path).toEqual(["'none'"])
      expect(policy['upgrade-insecure-requests'], path).toBeUndefined()
    }
  })

  it('lets pages show the sandbox’s images', async () => {
    const policy = directives((await headersOf(`${stack.appUrl}/healthz`)).headers.get('content-security-policy'))
    expect(policy['img-src']).toContain(new URL(stack.sandboxUrl).origin)
  })

  it('serves /docs', async () => {
    for (const path of ['/docs/', '/docs/json']) {
      const { status, headers } = await headersOf(`${stack.appUrl}${path}`)
      expect(status, path).toBe(200)
      expect(directives(headers.get('content-security-policy'))['script-src'], path).toEqual(["'self'"])
    }
  })
})

describe('in production', () => {
  let stack: Stack
  let open: Stack
  beforeAll(async () => {
    ;[stack, open] = await Promise.all([startStack(PRODUCTION_ENV), startStack({ ...PRODUCTION_ENV, DOCS_PUBLIC: 'true' })])
  })
  afterAll(async () => {
    await Promise.all([stack?.close(), open?.close()])
  })

  it('asks browsers to keep to https, and upgrades a page’s plain requests', async () => {
    const { headers } = await headersOf(`${stack.appUrl}/healthz`)
    expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}; includeSubDomains$/)
    const policy = directives(headers.get('content-security-policy'))
    expect(policy['upgrade-insecure-requests']).toEqual([])
    expect(policy['img-src']).not.toContain(new URL(stack.sandboxUrl).origin)
  })

  it('answers /docs with 404 unless DOCS_PUBLIC=true', async () => {
    for (const path of ['/docs', '/docs/', '/docs/json', '/docs/static/index.html']) {
      expect((await headersOf(`${stack.appUrl}${path}`)).status, path).toBe(404)
    }
    expect((await headersOf(`${open.appUrl}/docs/json`)).status).toBe(200)
    expect((await headersOf(`${open.appUrl}/docs/static/index.html`)).status).toBe(200)
  })
})
