import { beforeEach, describe, expect, it, vi } from 'vitest'

const taro = vi.hoisted(() => ({ request: vi.fn(), showToast: vi.fn() }))
vi.mock('@tarojs/taro', () => ({ default: taro }))

// The store's real signIn talks to WeChat; here it just hands out the next token.
const session = vi.hoisted(() => ({ token: 'old' as string | null, signIn: vi.fn() }))
vi.mock('../stores/session', () => ({ useSessionStore: { getState: () => session } }))

const { http } = await import('./http')

function reply(statusCode: number, body: unknown) {
  taro.request.mockImplementationOnce(() => Promise.resolve({ statusCode, data: JSON.stringify(body), header: {} }))
}
const unauthorized = { error: { code: 'UNAUTHORIZED', message: '登录已过期' } }

describe('http', () => {
  beforeEach(() => {
    taro.request.mockReset()
    taro.showToast.mockReset()
    session.token = 'old'
    session.signIn.mockReset()
    session.signIn.mockImplementation(async () => {
      session.token = 'new'
      return { token: 'new' }
    })
  })

  it('sends the stored token', async () => {
    reply(200, { ok: true })
    await http.get('/api/mp/me')
    expect(taro.request.mock.calls[0]![0].header.Authorization).toBe('Bearer old')
  })

  it('signs in again once on 401 and replays the request with the new token', async () => {
    reply(401, unauthorized)
    reply(200, { points: { balance: 5 } })
    const res = await http.get('/api/mp/me')

    expect(res.data).toEqual({ points: { balance: 5 } })
    expect(session.signIn).toHaveBeenCalledTimes(1)
    expect(taro.request).toHaveBeenCalledTimes(2)
    expect(taro.request.mock.calls[1]![0].header.Authorization).toBe('Bearer new')
    expect(taro.showToast).not.toHaveBeenCalled()
  })

  it('gives up after the replay also gets 401, toasting the server message', async () => {
    reply(401, unauthorized)
    reply(401, unauthorized)
    await expect(http.get('/api/mp/me')).rejects.toMatchObject({ response: { status: 401 } })

    expect(session.signIn).toHaveBeenCalledTimes(1)
    expect(taro.request).toHaveBeenCalledTimes(2)
    expect(taro.showToast).toHaveBeenCalledTimes(1)
    expect(taro.showToast.mock.calls[0]![0].title).toBe('登录已过期')
  })

  it('does not replay when signing in fails', async () => {
    session.signIn.mockRejectedValueOnce(new Error('no code'))
    reply(401, unauthorized)
    await expect(http.get('/api/mp/me')).rejects.toMatchObject({ response: { status: 401 } })
    expect(taro.request).toHaveBeenCalledTimes(1)
  })

  it('toasts other errors with the server message, unless the caller is silent', async () => {
    reply(409, { error: { code: 'ALREADY_CHECKED_IN', message: '今天已经签到过了' } })
    await expect(http.post('/api/mp/checkins')).rejects.toBeTruthy()
    expect(session.signIn).not.toHaveBeenCalled()
    expect(taro.showToast.mock.calls[0]![0]).toMatchObject({ title: '今天已经签到过了', icon: 'none' })

    reply(409, { error: { code: 'ALREADY_CHECKED_IN', message: '今天已经签到过了' } })
    await expect(http.post('/api/mp/checkins', undefined, { silent: true })).rejects.toBeTruthy()
    expect(taro.showToast).toHaveBeenCalledTimes(1)
  })
})
