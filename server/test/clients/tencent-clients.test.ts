import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TencentApiError, TencentTransportError } from '../../src/clients/tencent-client'
import { createWechatClient } from '../../src/clients/wechat-client'
import { createWecomClient } from '../../src/clients/wecom-client'
import { buildSandbox } from '../../src/sandbox/app'
import { loadConfig } from '../../src/env'
import { request } from '../support/stack'

const config = loadConfig({})
let sandbox: Awaited<ReturnType<typeof buildSandbox>>
let sandboxUrl: string
beforeAll(async () => {
  sandbox = await buildSandbox({
    wechat: config.wechat,
    wecom: config.wecom,
    payment: { mchId: config.payment.mchId, key: config.payment.notifyKey },
    callbackUrl: () => '',
    statePath: null,
  })
  sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' })
})
afterAll(() => sandbox.close())

const wecomClient = (overrides: Partial<typeof config.wecom> = {}) =>
  createWecomClient({ ...config.wecom, apiBase: sandboxUrl, ...overrides })

const expireToken = (platform: 'wecom' | 'wechat', mode: 'expired' | 'invalid') =>
  request(`${sandboxUrl}/sandbox/tokens/expire`, { body: { platform, mode } })

describe('Tencent clients', () => {
  it('caches the access token across calls', async () => {
    const client = wecomClient()
    const first = await client.accessToken()
    await client.getMember('guide_li')
    expect(await client.accessToken()).toBe(first)
  })

  it.each(['expired', 'invalid'] as const)('fetches a new token once and retries when the token is %s', async (mode) => {
    const client = wecomClient()
    const before = await client.accessToken()
    await expireToken('wecom', mode)
    const member = await client.getMember('guide_wang')
    expect(member.userid).toBe('guide_wang')
    expect(await client.accessToken()).not.toBe(before)
  })

  it('refreshes the mini-program token the same way', async () => {
    const client = createWechatClient({ ...config.wechat, apiBase: sandboxUrl })
    const before = await client.accessToken()
    await expireToken('wechat', 'expired')
    const code = await client.getUnlimitedQrCode({ scene: 'd=ABC123', check_path: false })
    expect(code.contentType).toContain('image/jpeg')
    expect(code.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    expect(await client.accessToken()).not.toBe(before)
  })

  it('turns errcodes into typed errors carrying the code', async () => {
    const client = wecomClient()
    const error = await client.getExternalContact('wmNoSuchContact').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TencentApiError)
    expect(error).toMatchObject({ platform: 'wecom', errcode: 40096, api: 'cgi-bin/externalcontact/get' })

    const wrongSecret = await wecomClient({ secret: 'wrong' })
      .getMember('guide_li')
      .catch((e: unknown) => e)
    expect(wrongSecret).toMatchObject({ errcode: 40001 })

    const wechat = createWechatClient({ ...config.wechat, apiBase: sandboxUrl })
    await expect(wechat.code2Session('bogus')).rejects.toMatchObject({ platform: 'wechat', errcode: 40029 })
    await expect(wechat.getUnlimitedQrCode({ scene: 'x'.repeat(33) })).rejects.toMatchObject({ errcode: 40169 })
  })

  it('reports an unreachable host as a transport error, not an API error', async () => {
    const client = wecomClient({ apiBase: 'http://127.0.0.1:9' })
    await expect(client.getMember('guide_li')).rejects.toBeInstanceOf(TencentTransportError)
  })

  it('caches both jsapi tickets, which differ from each other', async () => {
    const client = wecomClient()
    const corp = await client.jsapiTicket('corp')
    const agent = await client.jsapiTicket('agent')
    expect(corp).not.toBe(agent)
    expect(await client.jsapiTicket('corp')).toBe(corp)
  })
})
