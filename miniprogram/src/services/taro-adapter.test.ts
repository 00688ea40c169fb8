import { beforeEach, describe, expect, it, vi } from 'vitest'
import axios, { AxiosError, AxiosHeaders } from 'axios'

// Only Taro.request is needed: the adapter is the unit under test, WeChat is not.
const request = vi.hoisted(() => vi.fn())
vi.mock('@tarojs/taro', () => ({ default: { request } }))

const { taroRequestAdapter } = await import('./taro-adapter')

const client = axios.create({ baseURL: 'http://127.0.0.1:8080', adapter: taroRequestAdapter, timeout: 5000 })

function reply(statusCode: number, body: unknown, header: Record<string, string> = {}) {
  request.mockImplementationOnce(() =>
    Promise.resolve({ statusCode, data: JSON.stringify(body), header: { 'Content-Type': 'application/json', ...header } }),
  )
}

describe('taroRequestAdapter', () => {
  beforeEach(() => {
    request.mockReset()
  })

  it('sends the full URL with query, upper-case method, JSON body and headers', async () => {
    reply(201, { ok: true })
    await client.post('/api/mp/checkins', { date: '2025-11-22' }, { params: { a: 1, b: 'x y' }, headers: { Authorization: 'Bearer t1' } })

    expect(request).toHaveBeenCalledTimes(1)
    const option = request.mock.calls[0]![0]
    expect(option.url).toBe('http://127.0.0.1:8080/api/mp/checkins?a=1&b=x+y')
    expect(option.method).toBe('POST')
    expect(JSON.parse(option.data)).toEqual({ date: '2025-11-22' })
    expect(option.header.Authorization).toBe('Bearer t1')
    expect(option.header['Content-Type']).toBe('application/json')
    expect(option.timeout).toBe(5000)
    // Taro must not parse the body itself: axios does, as on h5.
    expect(option.dataType).toBe('text')
  })

  it('resolves 2xx with parsed JSON and AxiosHeaders', async () => {
    reply(200, { customer: { id: 7 } }, { 'X-Request-Id': 'r1' })
    const res = await client.get('/api/mp/me')

    expect(res.status).toBe(200)
    expect(res.data).toEqual({ customer: { id: 7 } })
    expect(res.headers).toBeInstanceOf(AxiosHeaders)
    expect((res.headers as AxiosHeaders).get('x-request-id')).toBe('r1')
  })

  it('rejects a 4xx with an AxiosError that carries the server error body', async () => {
    reply(409, { error: { code: 'ALREADY_CHECKED_IN', message: '今天已签到' } })
    const error = await client.post('/api/mp/checkins').catch((e: unknown) => e)

    expect(error).toBeInstanceOf(AxiosError)
    const axiosError = error as AxiosError<{ error: { code: string } }>
    expect(axiosError.code).toBe(AxiosError.ERR_BAD_REQUEST)
    expect(axiosError.response?.status).toBe(409)
    expect(axiosError.response?.data.error.code).toBe('ALREADY_CHECKED_IN')
  })

  it('marks a 5xx as a bad response', async () => {
    reply(503, { error: { code: 'UNAVAILABLE', message: 'x' } })
    const error = (await client.get('/healthz').catch((e: unknown) => e)) as AxiosError
    expect(error.code).toBe(AxiosError.ERR_BAD_RESPONSE)
  })

  it('honours a custom validateStatus', async () => {
    reply(404, { error: { code: 'NOT_FOUND', message: 'x' } })
    const res = await client.get('/api/mp/orders/1', { validateStatus: (status) => status < 500 })
    expect(res.status).toBe(404)
  })

  it('maps a failed request to a network error and a timeout to ETIMEDOUT', async () => {
    request.mockImplementationOnce(() => Promise.reject({ errMsg: 'request:fail url not in domain list' }))
    const network = (await client.get('/api/mp/me').catch((e: unknown) => e)) as AxiosError
    expect(network).toBeInstanceOf(AxiosError)
    expect(network.code).toBe(AxiosError.ERR_NETWORK)

    request.mockImplementationOnce(() => Promise.reject({ errMsg: 'request:fail timeout' }))
    const timeout = (await client.get('/api/mp/me').catch((e: unknown) => e)) as AxiosError
    expect(timeout.code).toBe(AxiosError.ETIMEDOUT)
  })

  it('does not call Taro.request when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await client.get('/api/mp/me', { signal: controller.signal }).catch((e: unknown) => e)
    expect(axios.isCancel(error)).toBe(true)
    expect(request).not.toHaveBeenCalled()
  })
})
