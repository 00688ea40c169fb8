import type { SidebarLoginResponse } from '@liuliang/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '@liuliang/ui/http'
import { startLocalServer, type LocalServer } from '@liuliang/ui/testing/local-server'
import { createWecom, type Wecom } from '../lib/wecom'
import { createBootController, type BootState } from './boot'

const STAFF: SidebarLoginResponse['staff'] = {
  id: 1,
  userId: 'guide_li',
  name: '李导购',
  avatarUrl: null,
  isAdmin: false,
}

function doubleWecom(): Wecom {
  return createWecom({
    userAgent: 'Mozilla/5.0 Chrome/126',
    href: () => 'http://127.0.0.1/sidebar/',
    redirect: () => undefined,
    reload: () => undefined,
    corpId: '',
    agentId: '',
    loadSdk: () => Promise.reject(new Error('the real SDK must not load in tests')),
  })
}

function waitFor(boot: { getState(): BootState; subscribe(l: () => void): () => void }, status: BootState['status']) {
  return new Promise<BootState>((resolve) => {
    const check = () => {
      const state = boot.getState()
      if (state.status === status) {
        unsubscribe()
        resolve(state)
      }
    }
    const unsubscribe = boot.subscribe(check)
    check()
  })
}

describe('sidebar boot through the development double', () => {
  let server: LocalServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  it('logs in the picked guide, then opens the picked customer', async () => {
    server = await startLocalServer((request) => {
      if (request.path === '/api/sidebar/login') {
        const { code } = request.body as { code: string }
        return code.startsWith('test_guide_li~')
          ? { status: 200, json: { token: 'tok-li', staff: STAFF } }
          : { status: 401, json: { error: { code: 'WECOM_LOGIN_FAILED', message: '企业微信登录失败' } } }
      }
      return { status: 404, json: { error: { code: 'NOT_FOUND', message: '接口不存在' } } }
    })
    const tokens: string[] = []
    const wecom = doubleWecom()
    const http = createHttpClient({ baseUrl: server.baseUrl, getToken: () => null, onUnauthorized: () => undefined })
    const boot = createBootController({ wecom, http, setToken: (token) => tokens.push(token) })

    boot.start()
    boot.start()
    expect(boot.getState()).toEqual({ status: 'booting', step: 'oauth' })
    expect(wecom.double!.getState().picker).toBe('guide')

    wecom.double!.pickGuide('guide_li')
    await new Promise<void>((resolve) => {
      const stop = wecom.double!.subscribe(() => {
        if (wecom.double!.getState().picker === 'contact') {
          stop()
          resolve()
        }
      })
    })
    expect(boot.getState()).toEqual({ status: 'booting', step: 'contact' })
    expect(tokens).toEqual(['tok-li'])

    wecom.double!.pickContact('wm_zhangsan')
    const ready = await waitFor(boot, 'ready')
    expect(ready).toEqual({
      status: 'ready',
      session: { staff: STAFF, chat: { kind: 'contact', externalUserId: 'wm_zhangsan' } },
    })
    // start() twice still logs in once: the OAuth code is single-use.
    expect(server.requests.filter((r) => r.path === '/api/sidebar/login')).toHaveLength(1)
    expect(server.requests[0]?.body).toEqual({ code: expect.stringMatching(/^test_guide_li~\w+$/) })
    expect(server.requests[0]?.headers.authorization).toBeUndefined()

    wecom.double!.openContactPicker()
    wecom.double!.pickContact('wm_lisi')
    expect(boot.getState()).toMatchObject({ session: { chat: { kind: 'contact', externalUserId: 'wm_lisi' } } })
  })

  it('fails at the login step with the server message', async () => {
    server = await startLocalServer(() => ({
      status: 401,
      json: { error: { code: 'WECOM_LOGIN_FAILED', message: '企业微信登录失败' } },
    }))
    const wecom = doubleWecom()
    const http = createHttpClient({ baseUrl: server.baseUrl, getToken: () => null, onUnauthorized: () => undefined })
    const boot = createBootController({ wecom, http, setToken: () => undefined })
    boot.start()
    wecom.double!.pickGuide('nobody')
    const failed = await waitFor(boot, 'failed')
    expect(failed).toMatchObject({ status: 'failed', step: 'login', error: { code: 'WECOM_LOGIN_FAILED' } })
  })
})
