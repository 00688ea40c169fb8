import { describe, expect, it } from 'vitest'
import { buildSandbox } from '../src/app'
import { ConfigError, loadConfig } from '../src/env'

describe('sandbox configuration', () => {
  it('defaults to the development values the server defaults to', () => {
    const config = loadConfig({ INIT_CWD: '/srv/liuliang' })
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8081,
      logLevel: 'info',
      callbackUrl: 'http://127.0.0.1:8080/wecom/callback',
      statePath: '/srv/liuliang/data/sandbox-state.json',
      wechat: { appId: 'wx0000000000demo01', secret: 'sandbox-wechat-secret' },
      wecom: {
        corpId: 'ww0000000000demo01',
        agentId: 1000002,
        secret: 'sandbox-wecom-secret',
        callbackToken: 'LiuliangDemoToken',
        encodingAesKey: 'LiuliangSandboxEncodingAesKey0123456789abcd',
      },
      payment: {
        mchId: '1900000109',
        apiV3Key: 'LiuliangDevApiV3KeyChangeMe00000',
        merchantSerialNo: '4C1A2B3C4D5E6F708192A3B4C5D6E7F801234567',
        merchantPublicKeyPem: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
      },
    })
  })

  it('names the development values it fell back to, and the sandbox warns of them as it starts', async () => {
    expect(loadConfig({}).defaultsInUse).toEqual(expect.arrayContaining(['WECOM_ENCODING_AES_KEY', 'PAYMENT_APIV3_KEY', 'PAYMENT_MERCHANT_PUBLIC_KEY_PATH', 'WECHAT_SECRET']))
    expect(loadConfig({ WECHAT_SECRET: 'ours' }).defaultsInUse).not.toContain('WECHAT_SECRET')
    const config = loadConfig({ PAYMENT_APIV3_KEY: 'AnApiV3KeyOfOurOwn0123456789abcd' })
    const lines: string[] = []
    const sandbox = await buildSandbox({
      ...config,
      callbackUrl: () => config.callbackUrl,
      statePath: null,
      logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } },
    })
    await sandbox.close()
    const [warning] = lines.map((line) => JSON.parse(line))
    expect(warning.msg).toMatch(/^PUBLIC DEVELOPMENT DEFAULTS IN USE: .*WECOM_ENCODING_AES_KEY/)
    expect(warning.defaultsInUse).not.toContain('PAYMENT_APIV3_KEY')
  })

  it('takes the server’s port for the default callback address, and an explicit one as given', () => {
    expect(loadConfig({ PORT: '9000' }).callbackUrl).toBe('http://127.0.0.1:9000/wecom/callback')
    expect(loadConfig({ PORT: '9000', SANDBOX_CALLBACK_URL: 'http://app.test/wecom/callback/' }).callbackUrl).toBe(
      'http://app.test/wecom/callback',
    )
  })

  it('lists every problem at once', () => {
    const env = {
      SANDBOX_PORT: '70000',
      SANDBOX_CALLBACK_URL: 'not a url',
      WECOM_ENCODING_AES_KEY: 'short',
      WECOM_CALLBACK_TOKEN: 'has spaces',
      WECOM_AGENT_ID: '-1',
      PAYMENT_APIV3_KEY: 'short',
      PAYMENT_MERCHANT_PUBLIC_KEY_PATH: '/no/such/key.pem',
      LOG_LEVEL: 'loud',
    }
    let problems: string[] = []
    try {
      loadConfig(env)
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      problems = (error as ConfigError).problems
    }
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual([
      'WECOM_CALLBACK_TOKEN',
      'WECOM_ENCODING_AES_KEY',
      'WECOM_AGENT_ID',
      'PAYMENT_APIV3_KEY',
      'PAYMENT_MERCHANT_PUBLIC_KEY_PATH',
      'LOG_LEVEL',
      'SANDBOX_PORT',
      'SANDBOX_CALLBACK_URL',
    ])
  })
})
