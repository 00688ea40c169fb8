// The sandbox's WeChat Pay v3 on its own: signed merchant requests, signed answers, the payer's
// confirmation delivered as a signed notification with a sealed resource, query and close, and refunds
// bounded by what was paid.
import { execFileSync } from 'node:child_process'
import { createDecipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { signingMerchant } from '../src/payment-signature'
import { MERCHANT_KEYS, PAYMENT, WECHAT, startSandbox, type Json, type Sandbox } from './helpers'

/** Some other RSA key: not the merchant's. */
const PLATFORM_LIKE = generateKeyPairSync('rsa', { modulusLength: 2048 })
let sandbox: Sandbox
let notifyUrl: string
const received: { body: string; headers: Record<string, string> }[] = []
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers as Record<string, string> })
    response.writeHead(204).end()
  })
})

beforeAll(async () => {
  sandbox = await startSandbox()
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/payments/notify`
  await sandbox.request('PUT', '/sandbox/payments/mode', { delayMs: 10 })
})
afterAll(async () => {
  await sandbox.close()
  await new Promise((resolve) => receiver.close(resolve))
})

// The merchant's side, written here from WeChat Pay v3's documentation: SHA256withRSA over
// "METHOD\nURL\ntimestamp\nnonce\nbody\n" with the merchant's key; answers and notifications verified
// with the platform certificate from /v3/certificates; resources opened with AES-256-GCM under the APIv3 key.
const lines = (fields: string[]) => fields.map((field) => `${field}\n`).join('')

function open(sealed: { ciphertext: string; nonce: string; associated_data?: string }, key = PAYMENT.apiV3Key): string {
  const data = Buffer.from(sealed.ciphertext, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key), Buffer.from(sealed.nonce))
  decipher.setAuthTag(data.subarray(data.length - 16))
  decipher.setAAD(Buffer.from(sealed.associated_data ?? ''))
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8')
}

class GatewayRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`)
  }
}

interface PaymentInput {
  outTradeNo: string
  amountFen: number
  description: string
  openid: string | null
  notifyUrl: string
  timeExpire?: string
}

interface Signed {
  body: string
  headers: Record<string, string>
}

function gateway(privateKey: KeyObject = MERCHANT_KEYS.privateKey, serialNo = PAYMENT.merchantSerialNo) {
  async function send(method: string, path: string, payload?: Json): Promise<Signed & { status: number; reply: Json }> {
    const body = payload ? JSON.stringify(payload) : ''
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = randomBytes(16).toString('hex')
    const signature = createSign('RSA-SHA256').update(lines([method, path, timestamp, nonce, body])).sign(privateKey, 'base64')
    const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${PAYMENT.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${serialNo}"`
    const response = await fetch(`${sandbox.base}${path}`, {
      method,
      headers: { ...(payload ? { 'content-type': 'application/json' } : {}), authorization },
      ...(payload ? { body } : {}),
    })
    const text = await response.text()
    return { status: response.status, body: text, headers: Object.fromEntries(response.headers), reply: text ? (JSON.parse(text) as Json) : {} }
  }
  async function call(method: string, path: string, payload?: Json): Promise<Json> {
    const answer = await send(method, path, payload)
    if (answer.status >= 300) throw new GatewayRefusal(answer.status, answer.reply.code)
    if (!(await platformSigned(answer))) throw new Error('the answer is not signed by the platform')
    return answer.reply
  }
  let platform: { serial: string; key: KeyObject } | undefined
  async function platformSigned({ body, headers }: Signed): Promise<boolean> {
    if (!platform) {
      const listing = await send('GET', '/v3/certificates')
      const [entry] = listing.reply.data as Json[]
      const certificate = new X509Certificate(open(entry!.encrypt_certificate))
      platform = { serial: certificate.serialNumber, key: certificate.publicKey }
      expect(entry!.serial_no).toBe(certificate.serialNumber)
    }
    if (headers['wechatpay-serial'] !== platform.serial) return false
    return createVerify('RSA-SHA256')
      .update(lines([headers['wechatpay-timestamp'] ?? '', headers['wechatpay-nonce'] ?? '', body]))
      .verify(platform.key, headers['wechatpay-signature'] ?? '', 'base64')
  }
  return {
    send,
    startPayment: async (input: PaymentInput) => {
      const reply = await call('POST', '/v3/pay/transactions/jsapi', {
        appid: WECHAT.appId,
        mchid: PAYMENT.mchId,
        description: input.description,
        out_trade_no: input.outTradeNo,
        notify_url: input.notifyUrl,
        ...(input.timeExpire ? { time_expire: input.timeExpire } : {}),
        amount: { total: input.amountFen, currency: 'CNY' },
        ...(input.openid ? { payer: { openid: input.openid } } : {}),
      })
      return { prepayId: reply.prepay_id as string }
    },
    query: (outTradeNo: string) => call('GET', `/v3/pay/transactions/out-trade-no/${outTradeNo}?mchid=${PAYMENT.mchId}`),
    close: (outTradeNo: string) => call('POST', `/v3/pay/transactions/out-trade-no/${outTradeNo}/close`, { mchid: PAYMENT.mchId }),
    requestRefund: async (input: { outTradeNo: string; outRefundNo: string; amountFen: number; totalFen: number; reason: string; notifyUrl: string }) => {
      const reply = await call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: input.reason,
        notify_url: input.notifyUrl,
        amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
      })
      return { refundId: reply.refund_id as string }
    },
    platformSigned,
  }
}

/** Each notification received, with its resource opened. */
const opened = () =>
  received.map((r) => {
    const event = JSON.parse(r.body) as Json
    return { ...r, event, resource: JSON.parse(open(event.resource)) as Json }
  })
const eventsFor = (outTradeNo: string) => opened().filter((r) => r.resource.out_trade_no === outTradeNo)

async function settled<T>(check: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the gateway did not notify')
}

describe('merchant request signatures', () => {
  const request = { method: 'POST', url: '/v3/refund/domestic/refunds', body: '{"out_trade_no":"LL0000000001"}' }
  const certificate = { serialNo: PAYMENT.merchantSerialNo, publicKey: MERCHANT_KEYS.publicKey }
  // Signed by OpenSSL, not by Node: an implementation the sandbox shares nothing with.
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-vector-'))
  writeFileSync(join(dir, 'merchant.pem'), MERCHANT_KEYS.privateKey.export({ type: 'pkcs8', format: 'pem' }))
  writeFileSync(join(dir, 'message'), `POST\n${request.url}\n1700000000\n0123456789abcdef0123456789abcdef\n${request.body}\n`)
  const params = {
    mchid: PAYMENT.mchId,
    nonce_str: '0123456789abcdef0123456789abcdef',
    signature: execFileSync('openssl', ['dgst', '-sha256', '-sign', join(dir, 'merchant.pem'), join(dir, 'message')]).toString('base64'),
    timestamp: '1700000000',
    serial_no: PAYMENT.merchantSerialNo,
  }
  const header = (fields: Record<string, string>, scheme = 'WECHATPAY2-SHA256-RSA2048') =>
    `${scheme} ${Object.entries(fields)
      .map(([name, value]) => `${name}="${value}"`)
      .join(',')}`
  const merchantOf = (changes: Partial<typeof request> & { authorization?: string }) =>
    signingMerchant(certificate, { ...request, authorization: header(params), ...changes })

  it('accepts a signature OpenSSL made, in any parameter order, and names its merchant', () => {
    expect(merchantOf({})).toBe(PAYMENT.mchId)
    const { signature, ...rest } = params
    expect(merchantOf({ authorization: header({ signature, ...rest }) })).toBe(PAYMENT.mchId)
  })

  it('refuses another body, URL, method, key or certificate serial, another scheme, and missing or malformed parameters', () => {
    expect(merchantOf({ body: '{"out_trade_no":"LL0000000002"}' })).toBeNull()
    expect(merchantOf({ url: '/v3/pay/transactions/jsapi' })).toBeNull()
    expect(merchantOf({ method: 'PUT' })).toBeNull()
    expect(signingMerchant({ ...certificate, publicKey: PLATFORM_LIKE.publicKey }, { ...request, authorization: header(params) })).toBeNull()
    expect(merchantOf({ authorization: header({ ...params, serial_no: '0123456789ABCDEF' }) })).toBeNull()
    expect(merchantOf({ authorization: header(params, 'LIULIANG-HMAC-SHA256') })).toBeNull()
    expect(merchantOf({ authorization: header({ mchid: params.mchid, timestamp: params.timestamp, signature: params.signature }) })).toBeNull()
    expect(merchantOf({ authorization: `${header(params)},junk` })).toBeNull()
    expect(merchantOf({ authorization: undefined })).toBeNull()
  })
})

describe('sandbox payment gateway', () => {
  it('refuses requests not signed with the merchant certificate’s key', async () => {
    const refusal = await gateway(PLATFORM_LIKE.privateKey)
      .startPayment({ outTradeNo: 'LL0000000101', amountFen: 100, description: '测试', openid: null, notifyUrl })
      .catch((error: unknown) => error)
    expect(refusal).toMatchObject({ status: 401, code: 'SIGN_ERROR' })
    const unsigned = await sandbox.request('POST', '/v3/pay/transactions/jsapi', { out_trade_no: 'LL0000000102' })
    expect(unsigned.status).toBe(401)
  })

  it('confirms a payment with a notification the platform signed, its resource sealed under the APIv3 key', async () => {
    const provider = gateway()
    // Held, so the order is certainly still unpaid when it is asked for again.
    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'hold' })
    const { prepayId } = await provider.startPayment({ outTradeNo: 'LL0000000201', amountFen: 2590, description: '保温杯', openid: 'o_alice', notifyUrl })
    expect(prepayId).toMatch(/^wx/)
    // Asking again for the same unpaid order answers the same prepay id.
    expect((await provider.startPayment({ outTradeNo: 'LL0000000201', amountFen: 2590, description: '保温杯', openid: 'o_alice', notifyUrl })).prepayId).toBe(prepayId)
    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'confirm' })
    await sandbox.request('POST', '/sandbox/payments/release')
    const [notice] = await settled(() => (eventsFor('LL0000000201').length ? eventsFor('LL0000000201') : undefined))
    expect(notice!.event).toMatchObject({
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', associated_data: 'transaction' },
    })
    expect(notice!.resource).toMatchObject({ mchid: PAYMENT.mchId, appid: WECHAT.appId, trade_state: 'SUCCESS', amount: { total: 2590 }, payer: { openid: 'o_alice' } })
    expect(await provider.platformSigned(notice!)).toBe(true)
    expect(await provider.platformSigned({ ...notice!, body: notice!.body.replace('TRANSACTION', 'TRANSACTIOM') })).toBe(false)
    expect(() => open(notice!.event.resource, 'AnotherApiV3Key0123456789abcdefg')).toThrow()
    expect(await provider.query('LL0000000201')).toMatchObject({ out_trade_no: 'LL0000000201', trade_state: 'SUCCESS', trade_type: 'JSAPI' })
    const paidAgain = await provider.startPayment({ outTradeNo: 'LL0000000201', amountFen: 2590, description: '保温杯', openid: null, notifyUrl }).catch((e: unknown) => e)
    expect((paidAgain as GatewayRefusal).code).toBe('ORDERPAID')
  })

  it('refunds at most what was paid, once per refund number', async () => {
    const provider = gateway()
    await provider.startPayment({ outTradeNo: 'LL0000000301', amountFen: 1000, description: '茶叶', openid: null, notifyUrl })
    await settled(() => (eventsFor('LL0000000301').length ? true : undefined))
    const refund = { outTradeNo: 'LL0000000301', outRefundNo: 'RF0000000301', amountFen: 1000, totalFen: 1000, reason: '退货', notifyUrl }
    const first = await provider.requestRefund(refund)
    expect((await provider.requestRefund(refund)).refundId).toBe(first.refundId)
    const more = await provider.requestRefund({ ...refund, outRefundNo: 'RF0000000302', amountFen: 1 }).catch((e: unknown) => e)
    expect((more as GatewayRefusal).code).toBe('NOT_ENOUGH')
    const refunded = await settled(() => eventsFor('LL0000000301').find((r) => r.event.event_type === 'REFUND.SUCCESS'))
    expect(refunded.event.resource.associated_data).toBe('refund')
    expect(refunded.resource).toMatchObject({ out_refund_no: 'RF0000000301', refund_status: 'SUCCESS', amount: { refund: 1000, total: 1000 } })
  })

  it('holds payments until released, and can decline or fail them', async () => {
    const provider = gateway()
    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'hold' })
    await provider.startPayment({ outTradeNo: 'LL0000000401', amountFen: 500, description: '帆布袋', openid: null, notifyUrl })
    expect(eventsFor('LL0000000401')).toEqual([])
    expect((await sandbox.request('POST', '/sandbox/payments/release')).json).toEqual({ payments: 1, refunds: 0 })
    expect(eventsFor('LL0000000401').map((r) => r.event.event_type)).toEqual(['TRANSACTION.SUCCESS'])

    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'decline' })
    await provider.startPayment({ outTradeNo: 'LL0000000402', amountFen: 500, description: '帆布袋', openid: null, notifyUrl })
    const declined = await settled(() => eventsFor('LL0000000402')[0])
    expect(declined).toMatchObject({ event: { event_type: 'TRANSACTION.PAYERROR' }, resource: { trade_state: 'PAYERROR' } })

    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'fail' })
    const failed = await provider.startPayment({ outTradeNo: 'LL0000000403', amountFen: 500, description: '帆布袋', openid: null, notifyUrl }).catch((e: unknown) => e)
    expect((failed as GatewayRefusal).code).toBe('SYSTEM_ERROR')
    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'confirm' })
  })

  it('answers queries, closes unpaid payments (also by their time_expire), and loses a notification when told to', async () => {
    const provider = gateway()
    expect(await provider.query('LL0000000999').catch((e: unknown) => e)).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' })

    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'hold' })
    await provider.startPayment({ outTradeNo: 'LL0000000501', amountFen: 800, description: '手账本', openid: null, notifyUrl })
    expect(await provider.query('LL0000000501')).toMatchObject({ trade_state: 'NOTPAY' })
    expect(await provider.close('LL0000000501')).toEqual({})
    expect(await provider.query('LL0000000501')).toMatchObject({ trade_state: 'CLOSED' })
    expect((await sandbox.request('POST', '/sandbox/payments/LL0000000501/notify')).status).toBe(400)

    // Already past its time_expire: closed, and no longer payable.
    await provider.startPayment({ outTradeNo: 'LL0000000502', amountFen: 800, description: '手账本', openid: null, notifyUrl, timeExpire: '2020-01-01T08:00:00+08:00' })
    expect(await provider.query('LL0000000502')).toMatchObject({ trade_state: 'CLOSED' })

    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'lose-notification' })
    await provider.startPayment({ outTradeNo: 'LL0000000503', amountFen: 800, description: '手账本', openid: null, notifyUrl })
    const paid = await vi.waitFor(async () => {
      const state = await provider.query('LL0000000503')
      if (state.trade_state !== 'SUCCESS') throw new Error('not paid yet')
      return state
    })
    expect(paid.transaction_id).toMatch(/^42/)
    expect(eventsFor('LL0000000503')).toEqual([])
    expect(await provider.close('LL0000000503').catch((e: unknown) => e)).toMatchObject({ status: 400, code: 'ORDERPAID' })
    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'confirm' })
  })
})
