// The sandbox's payment gateway on its own: signed merchant requests, the payer's confirmation
// delivered as a signed notification, and refunds bounded by what was paid.
import { createHmac, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signingMerchant } from '../src/payment-signature'
import { PAYMENT, WECHAT, startSandbox, type Json, type Sandbox } from './helpers'

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

// The merchant's side, written here from the wire format: every field followed by a newline, under
// HMAC-SHA256 with the shared key, in base64.
const hmac = (key: string, fields: string[]) => createHmac('sha256', key).update(fields.map((field) => `${field}\n`).join('')).digest('base64')

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
}

function gateway(key = PAYMENT.key) {
  async function post(path: string, payload: Json): Promise<Json> {
    const body = JSON.stringify(payload)
    const timestamp = String(Math.floor(Date.now() / 1000))
    const nonce = randomBytes(16).toString('hex')
    const signature = hmac(key, ['POST', path, timestamp, nonce, body])
    const authorization = `LIULIANG-HMAC-SHA256 mchid="${PAYMENT.mchId}",nonce_str="${nonce}",timestamp="${timestamp}",signature="${signature}"`
    const response = await fetch(`${sandbox.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body })
    const reply = (await response.json()) as Json
    if (!response.ok) throw new GatewayRefusal(response.status, reply.code)
    return reply
  }
  return {
    startPayment: async (input: PaymentInput) => {
      const reply = await post('/v3/pay/transactions/jsapi', {
        appid: WECHAT.appId,
        mchid: PAYMENT.mchId,
        description: input.description,
        out_trade_no: input.outTradeNo,
        notify_url: input.notifyUrl,
        amount: { total: input.amountFen, currency: 'CNY' },
        ...(input.openid ? { payer: { openid: input.openid } } : {}),
      })
      return { prepayId: reply.prepay_id as string }
    },
    requestRefund: async (input: { outTradeNo: string; outRefundNo: string; amountFen: number; totalFen: number; reason: string; notifyUrl: string }) => {
      const reply = await post('/v3/refund/domestic/refunds', {
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        reason: input.reason,
        notify_url: input.notifyUrl,
        amount: { refund: input.amountFen, total: input.totalFen, currency: 'CNY' },
      })
      return { refundId: reply.refund_id as string }
    },
    verifyNotification: (body: string, headers: Record<string, string>) =>
      headers['wechatpay-signature'] === hmac(key, [headers['wechatpay-timestamp'] ?? '', headers['wechatpay-nonce'] ?? '', body]),
  }
}
const eventsFor = (outTradeNo: string) => received.map((r) => ({ ...r, event: JSON.parse(r.body) as Json })).filter((r) => r.event.resource.out_trade_no === outTradeNo)

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
  const params = {
    mchid: PAYMENT.mchId,
    nonce_str: '0123456789abcdef0123456789abcdef',
    timestamp: '1700000000',
    // Computed with Python's hmac for the request above: the layout the server signs in.
    signature: 'jpFPko1NlN5NMaZ0IszPiaYRpqoWkFTMBSjRsUDI6BM=',
  }
  const header = (fields: Record<string, string>, scheme = 'LIULIANG-HMAC-SHA256') =>
    `${scheme} ${Object.entries(fields)
      .map(([name, value]) => `${name}="${value}"`)
      .join(',')}`
  const merchantOf = (changes: Partial<typeof request> & { authorization?: string }) =>
    signingMerchant(PAYMENT.key, { ...request, authorization: header(params), ...changes })

  it('accepts a known signature, in any parameter order, and names its merchant', () => {
    expect(merchantOf({})).toBe(PAYMENT.mchId)
    const { signature, ...rest } = params
    expect(merchantOf({ authorization: header({ signature, ...rest }) })).toBe(PAYMENT.mchId)
  })

  it('refuses another body, URL, method or key, another scheme, and missing or malformed parameters', () => {
    expect(merchantOf({ body: '{"out_trade_no":"LL0000000002"}' })).toBeNull()
    expect(merchantOf({ url: '/v3/pay/transactions/jsapi' })).toBeNull()
    expect(merchantOf({ method: 'PUT' })).toBeNull()
    expect(signingMerchant('some-other-key-that-is-long-enough-000', { ...request, authorization: header(params) })).toBeNull()
    expect(merchantOf({ authorization: header(params, 'WECHATPAY2-SHA256-RSA2048') })).toBeNull()
    expect(merchantOf({ authorization: header({ mchid: params.mchid, timestamp: params.timestamp, signature: params.signature }) })).toBeNull()
    expect(merchantOf({ authorization: `${header(params)},junk` })).toBeNull()
    expect(merchantOf({ authorization: undefined })).toBeNull()
  })
})

describe('sandbox payment gateway', () => {
  it('refuses requests not signed with the merchant key', async () => {
    const refusal = await gateway('some-other-key-that-is-long-enough-000')
      .startPayment({ outTradeNo: 'LL0000000101', amountFen: 100, description: '测试', openid: null, notifyUrl })
      .catch((error: unknown) => error)
    expect(refusal).toMatchObject({ status: 401, code: 'SIGN_ERROR' })
    const unsigned = await sandbox.request('POST', '/v3/pay/transactions/jsapi', { out_trade_no: 'LL0000000102' })
    expect(unsigned.status).toBe(401)
  })

  it('confirms a payment with a notification signed under the shared key', async () => {
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
    expect(notice!.event).toMatchObject({ event_type: 'TRANSACTION.SUCCESS', resource: { trade_state: 'SUCCESS', amount: { total: 2590 } } })
    expect(provider.verifyNotification(notice!.body, notice!.headers)).toBe(true)
    expect(provider.verifyNotification(notice!.body.replace('2590', '1'), notice!.headers)).toBe(false)
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
    expect(refunded.event.resource).toMatchObject({ out_refund_no: 'RF0000000301', refund_status: 'SUCCESS', amount: { refund: 1000, total: 1000 } })
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
    expect(declined.event).toMatchObject({ event_type: 'TRANSACTION.PAYERROR', resource: { trade_state: 'PAYERROR' } })

    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'fail' })
    const failed = await provider.startPayment({ outTradeNo: 'LL0000000403', amountFen: 500, description: '帆布袋', openid: null, notifyUrl }).catch((e: unknown) => e)
    expect((failed as GatewayRefusal).code).toBe('SYSTEM_ERROR')
    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'confirm' })
  })
})
