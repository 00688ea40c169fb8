// The sandbox's payment gateway on its own: signed merchant requests, the payer's confirmation
// delivered as a signed notification, and refunds bounded by what was paid.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGatewayProvider } from '../../src/payments/gateway-provider'
import { PaymentProviderError } from '../../src/payments/provider'
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

const gateway = (key = PAYMENT.key) => createGatewayProvider({ apiBase: sandbox.base, appId: WECHAT.appId, mchId: PAYMENT.mchId, key })
const eventsFor = (outTradeNo: string) => received.map((r) => ({ ...r, event: JSON.parse(r.body) as Json })).filter((r) => r.event.resource.out_trade_no === outTradeNo)

async function settled<T>(check: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the gateway did not notify')
}

describe('sandbox payment gateway', () => {
  it('refuses requests not signed with the merchant key', async () => {
    const refusal = await gateway('some-other-key-that-is-long-enough-000')
      .startPayment({ outTradeNo: 'LL0000000101', amountFen: 100, description: '测试', openid: null, notifyUrl })
      .catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(PaymentProviderError)
    expect((refusal as PaymentProviderError).code).toBe('SIGN_ERROR')
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
    expect(provider.verifyNotification(notice!.body, notice!.headers as never)).toBe(true)
    expect(provider.verifyNotification(notice!.body.replace('2590', '1'), notice!.headers as never)).toBe(false)
    const paidAgain = await provider.startPayment({ outTradeNo: 'LL0000000201', amountFen: 2590, description: '保温杯', openid: null, notifyUrl }).catch((e: unknown) => e)
    expect((paidAgain as PaymentProviderError).code).toBe('ORDERPAID')
  })

  it('refunds at most what was paid, once per refund number', async () => {
    const provider = gateway()
    await provider.startPayment({ outTradeNo: 'LL0000000301', amountFen: 1000, description: '茶叶', openid: null, notifyUrl })
    await settled(() => (eventsFor('LL0000000301').length ? true : undefined))
    const refund = { outTradeNo: 'LL0000000301', outRefundNo: 'RF0000000301', amountFen: 1000, totalFen: 1000, reason: '退货', notifyUrl }
    const first = await provider.requestRefund(refund)
    expect((await provider.requestRefund(refund)).refundId).toBe(first.refundId)
    const more = await provider.requestRefund({ ...refund, outRefundNo: 'RF0000000302', amountFen: 1 }).catch((e: unknown) => e)
    expect((more as PaymentProviderError).code).toBe('NOT_ENOUGH')
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
    expect((failed as PaymentProviderError).code).toBe('SYSTEM_ERROR')
    await sandbox.request('PUT', '/sandbox/payments/mode', { payments: 'confirm' })
  })
})
