import { describe, expect, it, vi } from 'vitest'
import {
  sandboxOAuthCode,
  JS_API_LIST,
  WecomError,
  buildOAuthUrl,
  createWecom,
  getWecom,
  isInsideWecom,
  readOAuthCode,
  sendChatMessage,
  withoutOAuthParams,
  type JsSdkConfig,
  type WecomEnvironment,
} from './wecom'

const WECOM_ANDROID =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh ColorScheme/Light'
const WECOM_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) wxwork/4.1.20 (MicroMessenger/6.2) WeChat/2.0.4 Safari/605.1.15'
const WECHAT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.42(0x18002a2c) NetType/WIFI Language/zh_CN'
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'

const SIDEBAR_URL = 'https://scrm.example.com/sidebar/'

function environment(overrides: Partial<WecomEnvironment> = {}): WecomEnvironment & {
  redirects: string[]
  reloads: number
} {
  const env = {
    userAgent: CHROME,
    href: () => SIDEBAR_URL,
    redirects: [] as string[],
    reloads: 0,
    redirect: (url: string) => {
      env.redirects.push(url)
    },
    reload: () => {
      env.reloads += 1
    },
    corpId: 'ww0000000000demo01',
    agentId: '1000002',
    loadSdk: () => Promise.reject(new Error('the real SDK must not load in tests')),
    now: () => new Date('2025-05-01T02:03:04.000Z'),
    ...overrides,
  }
  return env
}

describe('environment switch', () => {
  it('recognises WeCom by its user agent, and only WeCom', () => {
    expect(isInsideWecom(WECOM_ANDROID)).toBe(true)
    expect(isInsideWecom(WECOM_MAC)).toBe(true)
    expect(isInsideWecom(WECHAT)).toBe(false)
    expect(isInsideWecom(CHROME)).toBe(false)
    expect(isInsideWecom('')).toBe(false)
  })

  it('drives the SDK inside WeCom and the visible double elsewhere', () => {
    const inside = createWecom(environment({ userAgent: WECOM_ANDROID }))
    expect(inside.mode).toBe('wecom')
    expect(inside.double).toBeNull()

    const outside = createWecom(environment({ userAgent: CHROME }))
    expect(outside.mode).toBe('double')
    expect(outside.double).not.toBeNull()
  })

  it('uses the double for the page outside a browser (no user agent)', async () => {
    const wecom = getWecom()
    expect(wecom.mode).toBe('double')
    await sendChatMessage({ msgtype: 'text', text: { content: '模块级发送' } })
    expect(wecom.double?.getState().sent.map((s) => s.message)).toEqual([
      { msgtype: 'text', text: { content: '模块级发送' } },
    ])
  })
})

describe('OAuth URLs', () => {
  it('builds the authorize URL of WeCom doc 91022', () => {
    expect(
      buildOAuthUrl({ corpId: 'ww0000000000demo01', agentId: 1000002, redirectUri: 'https://scrm.example.com/sidebar/?a=1' }),
    ).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww0000000000demo01' +
        '&redirect_uri=https%3A%2F%2Fscrm.example.com%2Fsidebar%2F%3Fa%3D1' +
        '&response_type=code&scope=snsapi_base&state=liuliang&agentid=1000002#wechat_redirect',
    )
  })

  it('reads the code and strips the spent OAuth parameters', () => {
    const landed = 'https://scrm.example.com/sidebar/?from=menu&code=CODE123&state=liuliang#top'
    expect(readOAuthCode(landed)).toBe('CODE123')
    expect(readOAuthCode(SIDEBAR_URL)).toBeNull()
    expect(withoutOAuthParams(landed)).toBe('https://scrm.example.com/sidebar/?from=menu')
  })
})

describe('inside WeCom', () => {
  it('redirects to OAuth when the page has no code, and never settles', async () => {
    const env = environment({ userAgent: WECOM_ANDROID, href: () => 'https://scrm.example.com/sidebar/?from=menu#x' })
    const wecom = createWecom(env)
    const outcome = await Promise.race([
      wecom.obtainOAuthCode().then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('pending'), 20)),
    ])
    expect(outcome).toBe('pending')
    expect(env.redirects).toEqual([
      buildOAuthUrl({ corpId: env.corpId, agentId: env.agentId, redirectUri: 'https://scrm.example.com/sidebar/?from=menu' }),
    ])
  })

  it('takes the code from the URL without redirecting', async () => {
    const env = environment({ userAgent: WECOM_ANDROID, href: () => `${SIDEBAR_URL}?code=abc&state=liuliang` })
    await expect(createWecom(env).obtainOAuthCode()).resolves.toBe('abc')
    expect(env.redirects).toEqual([])
  })

  it('names the missing settings instead of redirecting to a broken OAuth URL', async () => {
    const env = environment({ userAgent: WECOM_ANDROID, corpId: '', agentId: '' })
    const error = await createWecom(env).obtainOAuthCode().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WecomError)
    expect((error as Error).message).toContain('VITE_WECOM_CORP_ID')
    expect((error as Error).message).toContain('VITE_WECOM_AGENT_ID')
    expect(env.redirects).toEqual([])
  })

  it('answers what WeCom\'s scanner read, and refuses an empty scan', async () => {
    const scanQRCode = vi.fn(async () => ({ resultStr: '123456789012' }) as never)
    const sdk = {
      register: vi.fn(),
      ensureAgentConfigReady: vi.fn(async () => ({}) as never),
      getContext: vi.fn(),
      getCurExternalContact: vi.fn(),
      getCurExternalChat: vi.fn(),
      sendChatMessage: vi.fn(),
      scanQRCode,
    }
    const wecom = createWecom(environment({ userAgent: WECOM_ANDROID, loadSdk: async () => sdk }))
    expect(await wecom.scanQRCode()).toBe('123456789012')
    expect(scanQRCode).toHaveBeenCalledWith({ needResult: true, scanType: ['qrCode'] })
    scanQRCode.mockResolvedValueOnce({ resultStr: '' } as never)
    await expect(wecom.scanQRCode()).rejects.toThrow('没有扫到内容，请重试')
  })

  it('registers with the config fetched for the page and serves both signatures from one fetch', async () => {
    const register = vi.fn()
    const sdk = {
      register,
      ensureAgentConfigReady: vi.fn(async () => ({}) as never),
      getContext: vi.fn(),
      getCurExternalContact: vi.fn(),
      getCurExternalChat: vi.fn(),
      sendChatMessage: vi.fn(),
      scanQRCode: vi.fn(),
    }
    const env = environment({
      userAgent: WECOM_ANDROID,
      href: () => `${SIDEBAR_URL}?code=abc#hash`,
      loadSdk: async () => sdk,
    })
    const config: JsSdkConfig = {
      corpId: 'ww0000000000demo01',
      agentId: 1000002,
      corp: { timestamp: 1700000000, nonceStr: 'corp-nonce', signature: 'corp-sig' },
      agent: { timestamp: 1700000001, nonceStr: 'agent-nonce', signature: 'agent-sig' },
    }
    const fetchConfig = vi.fn(async () => config)

    await createWecom(env).register(fetchConfig)

    expect(fetchConfig).toHaveBeenCalledWith(`${SIDEBAR_URL}?code=abc`)
    const options = register.mock.calls[0]?.[0]
    expect(options).toMatchObject({ corpId: 'ww0000000000demo01', agentId: 1000002, jsApiList: [...JS_API_LIST] })
    await expect(options.getConfigSignature(`${SIDEBAR_URL}?code=abc`)).resolves.toEqual(config.corp)
    await expect(options.getAgentConfigSignature(`${SIDEBAR_URL}?code=abc`)).resolves.toEqual(config.agent)
    expect(fetchConfig).toHaveBeenCalledTimes(1)
    expect(sdk.ensureAgentConfigReady).toHaveBeenCalled()
  })

  it('turns SDK failures into readable errors', async () => {
    const sdk = {
      register: vi.fn(),
      ensureAgentConfigReady: vi.fn(async () => {
        throw { errMsg: 'agentConfig:fail invalid signature' }
      }),
      getContext: vi.fn(),
      getCurExternalContact: vi.fn(),
      getCurExternalChat: vi.fn(),
      sendChatMessage: vi.fn(),
      scanQRCode: vi.fn(),
    }
    const wecom = createWecom(environment({ userAgent: WECOM_ANDROID, loadSdk: async () => sdk }))
    const config: JsSdkConfig = {
      corpId: 'c',
      agentId: 1,
      corp: { timestamp: 1, nonceStr: 'n', signature: 's' },
      agent: { timestamp: 1, nonceStr: 'n', signature: 's' },
    }
    await expect(wecom.register(async () => config)).rejects.toThrow(
      new WecomError('企业微信 JS-SDK 注册失败（agentConfig:fail invalid signature）'),
    )
  })
})

describe('development double', () => {
  it('stands in for OAuth with the guide picker: a fresh code test_<userid>~… each time', async () => {
    const wecom = createWecom(environment())
    const double = wecom.double!
    const code = wecom.obtainOAuthCode()
    expect(double.getState().picker).toBe('guide')

    expect(() => double.pickGuide('bad id!')).toThrow(WecomError)
    double.pickGuide(' guide_li ')
    await expect(code).resolves.toMatch(/^test_guide_li~\w+$/)
    expect(sandboxOAuthCode('guide_li')).not.toBe(sandboxOAuthCode('guide_li'))
    expect(double.getState()).toMatchObject({ picker: null, guideUserId: 'guide_li' })
  })

  it('stands in for getContext and getCurExternalContact with the customer picker', async () => {
    const wecom = createWecom(environment())
    const double = wecom.double!
    double.pickGuide('guide_wang')
    await wecom.register(async () => {
      throw new Error('the double signs nothing')
    })
    await expect(wecom.getContext()).resolves.toEqual({ entry: 'single_chat_tools' })

    const contact = wecom.getCurExternalContact()
    expect(double.getState().picker).toBe('contact')
    double.pickContact('wm_zhangsan')
    await expect(contact).resolves.toEqual({ userId: 'wm_zhangsan' })
    await expect(wecom.getCurExternalChat()).rejects.toBeInstanceOf(WecomError)
  })

  it('opens as a customer group’s toolbar when the address names a group', async () => {
    const wecom = createWecom(environment({ href: () => `${SIDEBAR_URL}?groupChat=wr_demo_group` }))
    wecom.double!.pickGuide('guide_li')
    await expect(wecom.getContext()).resolves.toEqual({ entry: 'group_chat_tools' })
    await expect(wecom.getCurExternalChat()).resolves.toEqual({ chatId: 'wr_demo_group' })
  })

  it('reports a customer switch after the first pick', async () => {
    const wecom = createWecom(environment())
    const double = wecom.double!
    const switched: string[] = []
    wecom.onContactChange((id) => switched.push(id))
    double.pickGuide('guide_li')
    double.pickContact('wm_a')
    double.openContactPicker()
    expect(double.getState().picker).toBe('contact')
    double.pickContact('wm_a')
    double.openContactPicker()
    double.pickContact('wm_b')
    expect(switched).toEqual(['wm_b'])
    expect(double.getState()).toMatchObject({ picker: null, externalUserId: 'wm_b' })
  })

  it('records every message sendChatMessage would have sent, in order, and tells its panel', async () => {
    const wecom = createWecom(environment())
    const double = wecom.double!
    let notified = 0
    const unsubscribe = double.subscribe(() => {
      notified += 1
    })

    await wecom.sendChatMessage({ msgtype: 'text', text: { content: '您好' } })
    await wecom.sendChatMessage({
      msgtype: 'miniprogram',
      miniprogram: { appid: 'wx123', title: '签到领积分', imgUrl: 'https://img.example/a.png', page: 'pages/checkin/index.html' },
    })
    unsubscribe()
    await wecom.sendChatMessage({ msgtype: 'text', text: { content: '不再通知' } })

    const { sent } = double.getState()
    expect(sent.map((s) => s.id)).toEqual([1, 2, 3])
    expect(sent[0]).toEqual({ id: 1, sentAt: '2025-05-01T02:03:04.000Z', message: { msgtype: 'text', text: { content: '您好' } } })
    expect(sent[1]?.message.msgtype).toBe('miniprogram')
    expect(notified).toBe(2)
  })

  it('starts over for a new login or another guide', () => {
    const env = environment()
    const wecom = createWecom(env)
    wecom.restartLogin()
    wecom.double!.switchGuide()
    expect(env.reloads).toBe(2)
    expect(env.redirects).toEqual([])
  })
})
