import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/env'
import { PRODUCTION_SECRETS } from './support/production'

describe('configuration', () => {
  it('runs against the sandbox with development defaults', () => {
    const config = loadConfig({})
    expect(config.production).toBe(false)
    expect(config.port).toBe(8080)
    expect(config.wechat.apiBase).toBe('http://127.0.0.1:8081')
    expect(config.wecom.apiBase).toBe('http://127.0.0.1:8081')
    expect(config.sandbox.callbackUrl).toBe('http://127.0.0.1:8080/wecom/callback')
    expect(config.businessTimeZone).toBe('Asia/Shanghai')
    expect(config.payment.apiBase).toBe('http://127.0.0.1:8081')
    expect(config.payment.notifyUrl).toBe('http://127.0.0.1:8080/payments/notify')
    expect(config.broadcastAnswerWithinMs).toBe(5000)
  })

  it('refuses to start in production without its secrets, naming every one', () => {
    const message = configProblems({ NODE_ENV: 'production' }).join('\n')
    for (const name of Object.keys(PRODUCTION_SECRETS)) expect(message).toContain(name)
  })

  it('talks to Tencent in production once every secret is given', () => {
    const config = loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS })
    expect(config.wechat.apiBase).toBe('https://api.weixin.qq.com')
    expect(config.wecom.apiBase).toBe('https://qyapi.weixin.qq.com')
    expect(config.wecom.agentId).toBe(1000005)
    expect(config.payment).toMatchObject({ apiBase: 'https://pay.example.com', mchId: '1230000109' })
  })

  it('reports malformed values instead of guessing', () => {
    const problems = configProblems({
      PORT: 'eighty',
      TZ_BUSINESS: 'Mars/Olympus',
      WECOM_ENCODING_AES_KEY: 'short',
      WECOM_API_BASE: 'not a url',
      // past any proxy's patience: the console would lose the answer
      BROADCAST_ANSWER_WITHIN_MS: '120000',
    })
    expect(problems).toHaveLength(5)
    for (const name of ['PORT', 'TZ_BUSINESS', 'WECOM_ENCODING_AES_KEY', 'WECOM_API_BASE', 'BROADCAST_ANSWER_WITHIN_MS']) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true)
    }
  })
})

describe('WeChat Pay keys', () => {
  it('reads the merchant key and the platform public key from files, and refuses what is not a key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuliang-keys-'))
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    writeFileSync(join(dir, 'merchant.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }))
    writeFileSync(join(dir, 'platform.pem'), publicKey.export({ type: 'spki', format: 'pem' }))
    writeFileSync(join(dir, 'junk.pem'), 'not a key')
    const config = loadConfig({
      PAYMENT_MERCHANT_PRIVATE_KEY_PATH: join(dir, 'merchant.pem'),
      PAYMENT_PLATFORM_PUBLIC_KEY_PATH: join(dir, 'platform.pem'),
      PAYMENT_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
    })
    expect(config.payment.merchantPrivateKeyPem).toContain('BEGIN PRIVATE KEY')
    expect(config.payment.platformPublicKey).toEqual({ id: 'PUB_KEY_ID_0114232134912410000000000000', pem: expect.stringContaining('BEGIN PUBLIC KEY') })
    expect(config.defaultsInUse).not.toContain('PAYMENT_MERCHANT_PRIVATE_KEY_PATH')
    // Without a platform key the certificates are downloaded; a path without its id is a mistake.
    expect(loadConfig({}).payment.platformPublicKey).toBeNull()
    expect(configProblems({ PAYMENT_PLATFORM_PUBLIC_KEY_PATH: join(dir, 'platform.pem') })).toEqual([expect.stringMatching(/^PAYMENT_PLATFORM_PUBLIC_KEY_PATH and PAYMENT_PLATFORM_PUBLIC_KEY_ID go together/)])
    expect(configProblems({ PAYMENT_MERCHANT_PRIVATE_KEY_PATH: join(dir, 'junk.pem') })).toEqual([expect.stringMatching(/^PAYMENT_MERCHANT_PRIVATE_KEY_PATH must name a readable PEM private key file/)])
    expect(configProblems({ PAYMENT_APIV3_KEY: 'only-31-bytes-long-0123456789ab' })).toEqual([expect.stringMatching(/^PAYMENT_APIV3_KEY must be exactly 32 bytes/)])
  })
})

describe('the proxies in front of the server', () => {
  it('believes no X-Forwarded-For unless told how many proxies there are', () => {
    expect(loadConfig({}).trustProxyHops).toBe(0)
    expect(loadConfig({ TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2)
    expect(configProblems({ TRUST_PROXY_HOPS: 'all' })).toEqual([expect.stringMatching(/^TRUST_PROXY_HOPS must be an integer/)])
    expect(configProblems({ TRUST_PROXY_HOPS: '-1' })).toHaveLength(1)
  })
})

describe('the pages the sidebar’s JS-SDK signatures are for', () => {
  it('are this machine’s and the sandbox’s in development, none in production unless named', () => {
    expect(loadConfig({}).jssdkTrustedDomains).toEqual(['localhost', '127.0.0.1'])
    expect(loadConfig({ WECOM_API_BASE: 'http://sandbox.internal:8081' }).jssdkTrustedDomains).toContain('sandbox.internal')
    expect(loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS }).jssdkTrustedDomains).toEqual([])
    expect(loadConfig({ JSSDK_TRUSTED_DOMAINS: ' SCRM.Example.com, shop.example.com ' }).jssdkTrustedDomains).toEqual(['scrm.example.com', 'shop.example.com'])
    expect(configProblems({ JSSDK_TRUSTED_DOMAINS: 'https://scrm.example.com/sidebar' })).toEqual([expect.stringMatching(/^JSSDK_TRUSTED_DOMAINS/)])
  })
})

describe('the OpenAPI docs', () => {
  it('are served outside production, and in production only when DOCS_PUBLIC=true', () => {
    expect(loadConfig({}).serveDocs).toBe(true)
    expect(loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS }).serveDocs).toBe(false)
    expect(loadConfig({ NODE_ENV: 'production', ...PRODUCTION_SECRETS, DOCS_PUBLIC: 'true' }).serveDocs).toBe(true)
    expect(configProblems({ DOCS_PUBLIC: 'yes' })).toEqual([expect.stringMatching(/^DOCS_PUBLIC must be true or false/)])
  })
})

function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('configuration was accepted')
}
