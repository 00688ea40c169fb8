import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLocalServer, unusedPort, type LocalServer } from './testing/local-server'
import { ApiError, BAD_RESPONSE, NETWORK_ERROR, buildUrl, createHttpClient, type HttpClient } from './http'

describe('http client against a real server', () => {
  let server: LocalServer
  let client: HttpClient
  let token: string | null = 'staff-token'
  const unauthorized: ApiError[] = []

  beforeAll(async () => {
    server = await startLocalServer((request) => {
      switch (request.path) {
        case '/ok':
          return { status: 200, json: { hello: '世界', query: Object.fromEntries(request.query) } }
        case '/echo':
          return { status: 201, json: { received: request.body } }
        case '/empty':
          return { status: 204 }
        case '/forbidden':
          return { status: 403, json: { error: { code: 'CUSTOMER_NOT_FOLLOWED', message: '该客户不是你的客户' } } }
        case '/expired':
          return { status: 401, json: { error: { code: 'UNAUTHORIZED', message: '登录已失效' } } }
        case '/rate-limited':
          // A rate limiter answering in its own shape, not ours.
          return { status: 429, json: { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded' } }
        case '/proxy-error':
          return { status: 502, raw: '<html>Bad Gateway</html>', contentType: 'text/html' }
        case '/not-json':
          return { status: 200, raw: 'ok', contentType: 'text/plain' }
        default:
          return { status: 404, json: { error: { code: 'NOT_FOUND', message: '接口不存在' } } }
      }
    })
    client = createHttpClient({
      baseUrl: server.baseUrl,
      getToken: () => token,
      onUnauthorized: (error) => unauthorized.push(error),
    })
  })

  afterAll(async () => {
    await server.close()
  })

  it('sends the bearer token and parses JSON', async () => {
    const result = await client.get<{ hello: string }>('/ok')
    expect(result.hello).toBe('世界')
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer staff-token')
  })

  it('leaves out empty query values', async () => {
    const result = await client.get<{ query: Record<string, string> }>('/ok', {
      query: { q: '张 三', cursor: null, limit: 20, extra: undefined, blank: '' },
    })
    expect(result.query).toEqual({ q: '张 三', limit: '20' })
  })

  it('posts JSON bodies', async () => {
    const result = await client.post<{ received: unknown }>('/echo', { code: 'test_guide_li' })
    expect(result.received).toEqual({ code: 'test_guide_li' })
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/json')
  })

  it('sends a file as it is, with its own type', async () => {
    const result = await client.post<{ received: unknown }>('/echo', new Blob(['picture bytes'], { type: 'image/png' }))
    expect(result.received).toBe('picture bytes')
    expect(server.requests.at(-1)?.headers['content-type']).toBe('image/png')
  })

  it('answers undefined for 204', async () => {
    await expect(client.post('/empty')).resolves.toBeUndefined()
  })

  it('turns our error body into a typed ApiError', async () => {
    const error = await client.get('/forbidden').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 403, code: 'CUSTOMER_NOT_FOLLOWED', message: '该客户不是你的客户' })
  })

  it('falls back to a zh-CN message when the body is not ours', async () => {
    await expect(client.get('/rate-limited')).rejects.toMatchObject({
      status: 429,
      code: 'HTTP_429',
      message: '操作过于频繁，请稍后再试',
    })
    await expect(client.get('/proxy-error')).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_502',
      message: '服务暂时不可用，请稍后再试',
    })
  })

  it('rejects a 2xx body that is not JSON', async () => {
    await expect(client.get('/not-json')).rejects.toMatchObject({ code: BAD_RESPONSE })
  })

  it('reports a 401 on an authenticated call, then throws', async () => {
    unauthorized.length = 0
    await expect(client.get('/expired')).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' })
    expect(unauthorized.map((e) => e.code)).toEqual(['UNAUTHORIZED'])
  })

  it('sends no token and keeps a 401 to itself when auth is off (logins)', async () => {
    unauthorized.length = 0
    await expect(client.post('/expired', { code: 'x' }, { auth: false })).rejects.toMatchObject({ status: 401 })
    expect(unauthorized).toEqual([])
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined()
  })

  it('sends no header without a token', async () => {
    token = null
    await client.get('/ok')
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined()
    token = 'staff-token'
  })

  it('passes a cancellation through untouched', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await client.get('/ok', { signal: controller.signal }).catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(ApiError)
    expect((error as Error).name).toBe('AbortError')
  })
})

describe('http client without a server', () => {
  it('maps a refused connection to NETWORK_ERROR', async () => {
    const port = await unusedPort()
    const client = createHttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      getToken: () => null,
      onUnauthorized: () => undefined,
    })
    await expect(client.get('/anything')).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR })
  })
})

describe('buildUrl', () => {
  it('encodes query values', () => {
    expect(buildUrl('', '/api/sidebar/jssdk-config', { url: 'https://a.example/sidebar/?x=1&y=2' })).toBe(
      '/api/sidebar/jssdk-config?url=https%3A%2F%2Fa.example%2Fsidebar%2F%3Fx%3D1%26y%3D2',
    )
  })
})
