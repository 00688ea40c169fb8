import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqlite } from '../../src/db'
import { databaseCredentials, type CredentialStore } from '../../src/clients/shared-credentials'
import { TencentApiError, TencentTransportError } from '../../src/clients/tencent-client'
import { createWechatClient } from '../../src/clients/wechat-client'
import { createWecomClient } from '../../src/clients/wecom-client'
import { loadConfig } from '../../src/env'
import { startSandbox, type Sandbox } from '../support/sandbox'
import { request } from '../support/stack'

const config = loadConfig({})
let sandbox: Sandbox
let sandboxUrl: string
beforeAll(async () => {
  ;({ sandbox, url: sandboxUrl } = await startSandbox(config))
})
const now = () => new Date()

// Each client stands for a server with a database of its own, unless a test hands two the same store.
const dir = mkdtempSync(join(tmpdir(), 'liuliang-clients-'))
const databases: ReturnType<typeof openSqlite>[] = []
const credentialStore = (): CredentialStore => {
  const database = openSqlite(join(dir, `servers-${databases.length}.db`))
  databases.push(database)
  return databaseCredentials(database.db, now)
}
afterAll(async () => {
  await sandbox.close()
  for (const database of databases) database.close()
  rmSync(dir, { recursive: true, force: true })
})

const wecomClient = (overrides: Partial<typeof config.wecom> = {}, credentials = credentialStore()) =>
  createWecomClient({ ...config.wecom, apiBase: sandboxUrl, now, credentials, ...overrides })
const wechatClient = () => createWechatClient({ ...config.wechat, apiBase: sandboxUrl, now, credentials: credentialStore() })

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
    const client = wechatClient()
    const before = await client.accessToken()
    await expireToken('wechat', 'expired')
    const code = await client.getUnlimitedQrCode({ scene: 'd=ABC123', check_path: false })
    expect(code.contentType).toContain('image/jpeg')
    expect(code.bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]))
    expect(await client.accessToken()).not.toBe(before)
  })

  it('shares one token between servers on one database: it is fetched once, and a refresh reaches both', async () => {
    const shared = credentialStore()
    let fetches = 0
    const counting: CredentialStore = (credential, fetchValue) =>
      shared(credential, () => {
        fetches++
        return fetchValue()
      })
    const [a, b] = [wecomClient({}, counting), wecomClient({}, counting)]
    const tokens = await Promise.all([a.accessToken(), b.accessToken(), a.accessToken(), b.accessToken()])
    expect(new Set(tokens).size).toBe(1)
    expect(fetches).toBe(1)

    await expireToken('wecom', 'invalid')
    expect((await a.getMember('guide_li')).userid).toBe('guide_li')
    expect(fetches).toBe(2)
    // b still holds the refused token: Tencent refuses it, b finds a's fresh one instead of fetching.
    expect((await b.getMember('guide_wang')).userid).toBe('guide_wang')
    expect(fetches).toBe(2)
    expect(await b.accessToken()).toBe(await a.accessToken())
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

    const wechat = wechatClient()
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
