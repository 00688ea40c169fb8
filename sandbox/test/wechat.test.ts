import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, WECHAT, type Sandbox } from './helpers'
import { readCode } from './read-code'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const login = (code: string, overrides: Record<string, string> = {}) => {
  const query = new URLSearchParams({
    appid: WECHAT.appId,
    secret: WECHAT.secret,
    js_code: code,
    grant_type: 'authorization_code',
    ...overrides,
  })
  return sandbox.request('GET', `/sns/jscode2session?${query}`)
}

const qrCode = async (body: unknown, token?: string) =>
  sandbox.request('POST', `/wxa/getwxacodeunlimit?access_token=${token ?? (await sandbox.wechatToken())}`, body)

describe('access token', () => {
  const tokenUrl = (appid: string, secret: string) =>
    `/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`

  it('issues one token for its lifetime, through both token endpoints', async () => {
    const first = await sandbox.request('GET', tokenUrl(WECHAT.appId, WECHAT.secret))
    expect(first.json).toEqual({ access_token: expect.any(String), expires_in: expect.any(Number) })
    expect(first.json.expires_in).toBeGreaterThan(7100)
    expect(first.json.expires_in).toBeLessThanOrEqual(7200)
    const again = await sandbox.request('GET', tokenUrl(WECHAT.appId, WECHAT.secret))
    expect(again.json.access_token).toBe(first.json.access_token)
    const stable = await sandbox.request('POST', '/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: WECHAT.appId,
      secret: WECHAT.secret,
    })
    expect(stable.json.access_token).toBe(first.json.access_token)
  })

  it('rejects a wrong appid, a wrong secret and a missing grant_type', async () => {
    expect((await sandbox.request('GET', tokenUrl('wxother', WECHAT.secret))).json.errcode).toBe(40013)
    expect((await sandbox.request('GET', tokenUrl(WECHAT.appId, 'nope'))).json.errcode).toBe(40001)
    const missing = await sandbox.request('GET', `/cgi-bin/token?appid=${WECHAT.appId}&secret=${WECHAT.secret}`)
    expect(missing.json.errcode).toBe(40002)
    const stable = await sandbox.request('POST', '/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: WECHAT.appId,
      secret: 'nope',
    })
    expect(stable.status).toBe(200)
    expect(stable.json.errcode).toBe(40001)
    expect(stable.json.errmsg).toMatch(/^invalid credential.*, rid: /)
  })

  it('stable_token with force_refresh replaces the token at once', async () => {
    const old = await sandbox.wechatToken()
    const { json } = await sandbox.request('POST', '/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: WECHAT.appId,
      secret: WECHAT.secret,
      force_refresh: true,
    })
    expect(json.access_token).not.toBe(old)
    expect((await qrCode({ scene: 'a' }, old)).json.errcode).toBe(40014)
    expect((await qrCode({ scene: 'a' }, json.access_token)).status).toBe(200)
  })

  it('validates the token of other APIs: missing, unknown, a WeCom one', async () => {
    const missing = await sandbox.request('POST', '/wxa/getwxacodeunlimit', { scene: 'a' })
    expect(missing.json.errcode).toBe(41001)
    expect((await qrCode({ scene: 'a' }, 'made-up')).json.errcode).toBe(40014)
    expect((await qrCode({ scene: 'a' }, await sandbox.wecomToken())).json.errcode).toBe(40014)
  })

  it('answers 42001 or 40014 for a token the control API expired, then issues a fresh one', async () => {
    for (const [mode, errcode] of [
      ['expired', 42001],
      ['invalid', 40014],
    ] as const) {
      const old = await sandbox.wechatToken()
      const hook = await sandbox.request('POST', '/sandbox/tokens/expire', { platform: 'wechat', mode })
      expect(hook.status).toBe(200)
      expect((await qrCode({ scene: 'a' }, old)).json.errcode).toBe(errcode)
      const fresh = await sandbox.wechatToken()
      expect(fresh).not.toBe(old)
      expect((await qrCode({ scene: 'a' }, fresh)).type).toBe('image/jpeg')
    }
  })

  it('leaves the WeCom token alone when the WeChat one is expired', async () => {
    const wecom = await sandbox.wecomToken()
    await sandbox.request('POST', '/sandbox/tokens/expire', { platform: 'wechat', mode: 'expired' })
    const { json } = await sandbox.request('GET', `/cgi-bin/get_jsapi_ticket?access_token=${wecom}`)
    expect(json.errcode).toBe(0)
  })

  it('rejects a malformed expire request', async () => {
    const response = await sandbox.request('POST', '/sandbox/tokens/expire', { platform: 'qq', mode: 'expired' })
    expect(response.status).toBe(400)
    expect(response.json.error.code).toBe('INVALID_REQUEST')
  })
})

describe('jscode2session', () => {
  it('logs in test_<who> as o_<who> / u_<who> with a random session_key', async () => {
    const { json } = await login('test_alice')
    expect(json).toEqual({ openid: 'o_alice', unionid: 'u_alice', session_key: expect.any(String) })
    expect(Buffer.from(json.session_key, 'base64')).toHaveLength(16)
    const again = await login('test_alice~second')
    expect(again.json.openid).toBe('o_alice')
    expect(again.json.session_key).not.toBe(json.session_key)
  })

  it('accepts a code once: the second use is 40163', async () => {
    expect((await login('test_bob~once')).json.openid).toBe('o_bob')
    const second = await login('test_bob~once')
    expect(second.json.errcode).toBe(40163)
    expect(second.json.errmsg).toMatch(/^code been used, rid: /)
  })

  it('answers 40029 for any other code', async () => {
    for (const code of ['alice', 'test_', 'test_a-b', `test_${'x'.repeat(33)}`, 'TEST_alice', 'test_a b']) {
      const { json } = await login(code)
      expect(json.errcode, code).toBe(40029)
      expect(json.errmsg).toMatch(/^invalid code, rid: /)
    }
  })

  it('checks appid, secret, grant_type and the code being present', async () => {
    expect((await login('test_carol', { appid: 'wxother' })).json.errcode).toBe(40013)
    expect((await login('test_carol', { secret: 'nope' })).json.errcode).toBe(40001)
    expect((await login('test_carol', { grant_type: 'client_credential' })).json.errcode).toBe(40002)
    expect((await login('')).json.errcode).toBe(41008)
    // None of the failures above used the code up.
    expect((await login('test_carol')).json.openid).toBe('o_carol')
  })
})

describe('getwxacodeunlimit', () => {
  it('answers a real JPEG', async () => {
    const response = await qrCode({ scene: "d=ABC123&x=!#$'()*+,/:;=?@-._~", page: 'pages/index/index', width: 430 })
    expect(response.status).toBe(200)
    expect(response.type).toBe('image/jpeg')
    expect([...response.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    expect([...response.bytes.subarray(-2)]).toEqual([0xff, 0xd9])
  })

  it('draws a code that scans to its scene, at the width asked for (430 px by default)', async () => {
    const scene = "d=ABC123&x=!#$'()*+,/:;=?@-._~"
    const asked = await qrCode({ scene, width: 280 })
    expect(readCode(asked.bytes, 'image/jpeg')).toEqual({ text: scene, width: 280, height: 280 })
    const plain = await qrCode({ scene: 'd=VYZ3G9TF' })
    expect(readCode(plain.bytes, 'image/jpeg')).toEqual({ text: 'd=VYZ3G9TF', width: 430, height: 430 })
  })

  it('applies the scene rules: at most 32 characters of the allowed set', async () => {
    expect((await qrCode({ scene: 'a'.repeat(32) })).type).toBe('image/jpeg')
    const long = await qrCode({ scene: 'a'.repeat(33) })
    expect(long.type).toContain('application/json')
    expect(long.json.errcode).toBe(40169)
    expect((await qrCode({ scene: 'id%3D1' })).json.errcode).toBe(40097)
    expect((await qrCode({ scene: '分销' })).json.errcode).toBe(40097)
    expect((await qrCode({ scene: 'a b' })).json.errcode).toBe(40097)
    expect((await qrCode({})).json.errcode).toBe(40097)
  })

  it('applies the width, page and env_version rules', async () => {
    expect((await qrCode({ scene: 'a', width: 280 })).type).toBe('image/jpeg')
    expect((await qrCode({ scene: 'a', width: 1280 })).type).toBe('image/jpeg')
    expect((await qrCode({ scene: 'a', width: 279 })).json.errcode).toBe(40097)
    expect((await qrCode({ scene: 'a', width: 1281 })).json.errcode).toBe(40097)
    expect((await qrCode({ scene: 'a', page: '/pages/index/index' })).json.errcode).toBe(41030)
    expect((await qrCode({ scene: 'a', page: 'pages/index/index?x=1' })).json.errcode).toBe(41030)
    expect((await qrCode({ scene: 'a', env_version: 'beta' })).json.errcode).toBe(40097)
    expect((await qrCode({ scene: 'a', env_version: 'trial' })).type).toBe('image/jpeg')
  })

  it('answers 47001 for a body that is not a JSON object', async () => {
    const token = await sandbox.wechatToken()
    const response = await fetch(`${sandbox.base}/wxa/getwxacodeunlimit?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"scene": ',
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { errcode: number }).errcode).toBe(47001)
    expect((await qrCode({ scene: 42 })).json.errcode).toBe(47001)
  })
})
