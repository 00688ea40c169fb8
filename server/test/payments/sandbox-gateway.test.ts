// The server's gateway provider against the sandbox's gateway. The two sign and verify with separate
// code, so this is where a disagreement about the wire format shows.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/env'
import { createGatewayProvider } from '../../src/payments/gateway-provider'
import { PaymentProviderError } from '../../src/payments/provider'
import { startSandbox, type Sandbox } from '../support/sandbox'

const config = loadConfig({})
let sandbox: Sandbox
let sandboxUrl: string
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
  ;({ sandbox, url: sandboxUrl } = await startSandbox(config))
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/payments/notify`
})
afterAll(async () => {
  await sandbox.close()
  await new Promise((resolve) => receiver.close(resolve))
})

const provider = (key = config.payment.notifyKey) =>
  createGatewayProvider({ apiBase: sandboxUrl, appId: config.wechat.appId, mchId: config.payment.mchId, key })

async function notificationFor(outTradeNo: string) {
  for (let i = 0; i < 200; i++) {
    const found = received.find((r) => (JSON.parse(r.body) as { resource: { out_trade_no: string } }).resource.out_trade_no === outTradeNo)
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the gateway did not notify')
}

describe('the server’s gateway provider and the sandbox’s gateway', () => {
  it('agree on request signatures: the right key is accepted, another refused', async () => {
    const payment = { amountFen: 100, description: '测试', openid: 'o_alice', notifyUrl }
    const refusal = await provider('some-other-key-that-is-long-enough-000')
      .startPayment({ outTradeNo: 'LL0000000101', ...payment })
      .catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(PaymentProviderError)
    expect((refusal as PaymentProviderError).code).toBe('SIGN_ERROR')
    expect((await provider().startPayment({ outTradeNo: 'LL0000000102', ...payment })).prepayId).toMatch(/^wx/)
  })

  it('agree on notification signatures: the provider accepts the gateway’s, and nothing altered', async () => {
    await provider().startPayment({ outTradeNo: 'LL0000000201', amountFen: 2590, description: '保温杯', openid: null, notifyUrl })
    const notice = await notificationFor('LL0000000201')
    expect(provider().verifyNotification(notice.body, notice.headers as never)).toBe(true)
    expect(provider().verifyNotification(notice.body.replace('2590', '1'), notice.headers as never)).toBe(false)
    expect(provider('some-other-key-that-is-long-enough-000').verifyNotification(notice.body, notice.headers as never)).toBe(false)
  })
})
