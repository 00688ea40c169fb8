// The server's WeChat Pay v3 provider against the sandbox's WeChat Pay. The two sign, verify, seal and
// open with separate code, so this is where a disagreement about the protocol shows; OpenSSL checks
// the signature the mini-program hands to wx.requestPayment.
import { execFileSync } from 'node:child_process'
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PaymentNotificationSchema, type PaymentNotification } from '@liuliang/shared'
import { Value } from 'typebox/value'
import { loadConfig } from '../../src/env'
import { PaymentProviderError } from '../../src/payments/provider'
import { createWechatPayProvider, wechatPayOptions } from '../../src/payments/wechatpay-provider'
import { startSandbox, type Sandbox } from '../support/sandbox'
import { request } from '../support/stack'

const config = loadConfig({})
let sandbox: Sandbox
let sandboxUrl: string
let notifyUrl: string
const received: { body: string; headers: Record<string, string> }[] = []
const receiver = createServer((incoming, response) => {
  const chunks: Buffer[] = []
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
  incoming.on('end', () => {
    received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: incoming.headers as Record<string, string> })
    response.writeHead(204).end()
  })
})

beforeAll(async () => {
  ;({ sandbox, url: sandboxUrl } = await startSandbox(config))
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/payments/notify`
  await request(`${sandboxUrl}/sandbox/payments/mode`, { method: 'PUT', body: { delayMs: 10 } })
})
afterAll(async () => {
  await sandbox.close()
  await new Promise((resolve) => receiver.close(resolve))
})

const options = () => ({ ...wechatPayOptions({ ...config, payment: { ...config.payment, apiBase: sandboxUrl } }) })
const provider = (overrides: Partial<ReturnType<typeof options>> = {}) => createWechatPayProvider({ ...options(), ...overrides })
const someoneElse = generateKeyPairSync('rsa', { modulusLength: 2048 })
const payBy = new Date(Date.now() + 15 * 60_000)

async function notificationFor(outTradeNo: string) {
  const opener = provider()
  for (let i = 0; i < 300; i++) {
    for (const notice of received) {
      const notification = JSON.parse(notice.body) as PaymentNotification
      const event = await opener.openNotification(notice.body, notice.headers as never, notification)
      if (event?.resource.out_trade_no === outTradeNo) return { ...notice, notification, event }
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('WeChat Pay did not notify')
}

describe('the server’s WeChat Pay provider and the sandbox', () => {
  it('agree on request signatures: the merchant’s key is accepted, another refused', async () => {
    const payment = { amountFen: 100, description: '测试', openid: 'o_alice', notifyUrl, payBy }
    const impostor = provider({ merchant: { ...options().merchant, privateKey: someoneElse.privateKey } })
    const refusal = await impostor.startPayment({ outTradeNo: 'LL0000000101', ...payment }).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(PaymentProviderError)
    expect((refusal as PaymentProviderError).code).toBe('SIGN_ERROR')
    expect((await provider().startPayment({ outTradeNo: 'LL0000000102', ...payment })).prepayId).toMatch(/^wx/)
  })

  it('verify every answer of the first payments after a start, sent at once while the platform certificates are on their way', async () => {
    const fresh = provider()
    const payment = { amountFen: 100, description: '测试', openid: 'o_alice', notifyUrl, payBy }
    const started = await Promise.all(Array.from({ length: 8 }, (_, i) => fresh.startPayment({ outTradeNo: `LL00000002${10 + i}`, ...payment })))
    expect(started.map((answer) => answer.prepayId)).toEqual(Array.from({ length: 8 }, () => expect.stringMatching(/^wx/)))
  })

  it('believe only answers the platform signed: a configured platform key that is not the platform’s refuses them', async () => {
    const wrongPlatform = provider({ platformKey: { id: 'PUB_KEY_ID_0000000000000000000000000001', publicKey: someoneElse.publicKey } })
    const refusal = await wrongPlatform.queryPayment('LL0000000102').catch((error: unknown) => error)
    expect((refusal as PaymentProviderError).code).toBe('SIGNATURE_INVALID')
    // Downloaded from /v3/certificates and opened with the APIv3 key, the platform certificate is believed.
    expect(await provider().queryPayment('LL0000000102')).toMatchObject({ tradeState: expect.stringMatching(/^(NOTPAY|SUCCESS)$/) })
    const wrongApiV3Key = provider({ apiV3Key: 'AnotherApiV3Key0123456789abcdefg' })
    expect(((await wrongApiV3Key.queryPayment('LL0000000102').catch((error: unknown) => error)) as PaymentProviderError).code).toBe('SIGNATURE_INVALID')
  })

  it('agree on notifications: the provider opens the platform’s, and nothing altered or sealed under another key', async () => {
    await provider().startPayment({ outTradeNo: 'LL0000000201', amountFen: 2590, description: '保温杯', openid: null, notifyUrl, payBy })
    const notice = await notificationFor('LL0000000201')
    expect(Value.Check(PaymentNotificationSchema, notice.notification)).toBe(true)
    expect(notice.event).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', resource: { out_trade_no: 'LL0000000201', trade_state: 'SUCCESS', amount: { total: 2590 } } })
    const tampered = notice.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.PAYERROR"')
    expect(await provider().openNotification(tampered, notice.headers as never, JSON.parse(tampered))).toBeNull()
    expect(await provider({ apiV3Key: 'AnotherApiV3Key0123456789abcdefg' }).openNotification(notice.body, notice.headers as never, notice.notification)).toBeNull()
  })

  it('sign wx.requestPayment’s parameters so that OpenSSL verifies them with the merchant’s public key', () => {
    const params = provider().clientParams('wx201410272009395522657a690389285100')
    expect(params).toMatchObject({ package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA', timeStamp: expect.stringMatching(/^\d{10}$/) })
    const dir = mkdtempSync(join(tmpdir(), 'wechatpay-paysign-'))
    writeFileSync(join(dir, 'merchant.pub'), createPublicKey(createPrivateKey(config.payment.merchantPrivateKeyPem)).export({ type: 'spki', format: 'pem' }))
    writeFileSync(join(dir, 'message'), `${config.wechat.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`)
    writeFileSync(join(dir, 'signature'), Buffer.from(params.paySign, 'base64'))
    const verify = () => execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'merchant.pub'), '-signature', join(dir, 'signature'), join(dir, 'message')]).toString()
    expect(verify()).toContain('Verified OK')
    writeFileSync(join(dir, 'message'), `${config.wechat.appId}\n${params.timeStamp}\n${params.nonceStr}\nprepay_id=wx_other\n`)
    expect(verify).toThrow()
  })

  it('query and close a payment; a closed one cannot be paid', async () => {
    await request(`${sandboxUrl}/sandbox/payments/mode`, { method: 'PUT', body: { payments: 'hold' } })
    await provider().startPayment({ outTradeNo: 'LL0000000301', amountFen: 990, description: '帆布袋', openid: null, notifyUrl, payBy })
    expect(await provider().queryPayment('LL0000000301')).toEqual({ tradeState: 'NOTPAY', transactionId: null })
    expect(await provider().queryPayment('LL0000000399')).toBeNull()
    await provider().closePayment('LL0000000301')
    expect(await provider().queryPayment('LL0000000301')).toEqual({ tradeState: 'CLOSED', transactionId: null })
    expect((await request(`${sandboxUrl}/sandbox/payments/LL0000000301/notify`, { method: 'POST' })).status).toBe(400)
    await request(`${sandboxUrl}/sandbox/payments/mode`, { method: 'PUT', body: { payments: 'confirm' } })
  })
})
