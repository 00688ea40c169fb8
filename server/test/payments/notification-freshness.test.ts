// A payment notification is signed with the time it was sent. One sent long ago (a replay) or ahead
// of time is refused even with a good signature; the server measures by its own clock, which this
// suite has moved months away from the wall clock, and the sandbox's notifications are sent on it.
import { describe, expect, it } from 'vitest'
import { request } from '../support/stack'
import { activitySuite, consumerOf, orderReaches } from '../support/activities'

const suite = activitySuite('2026-05-04T04:00:00Z', { payments: 'confirm', refunds: 'confirm', delayMs: 20 })
const MINUTE = 60_000

describe('payment notifications', () => {
  it('are taken from the sandbox on the server’s clock', async () => {
    const { id: productId } = (await suite.admin('/products', { body: { name: '茶杯', priceFen: 1_000, stock: 5 } })).body
    const erin = await consumerOf(suite.stack, 'erin')
    const order = (await erin.call('/orders', { body: { items: [{ productId, quantity: 1 }] } })).body
    expect((await erin.call(`/orders/${order.id}/pay`, { method: 'POST' })).status).toBe(200)
    await orderReaches(erin, order.id, 'paid')
  })

  it('are refused when sent more than five minutes from now, however well signed', async () => {
    const { id: productId } = (await suite.admin('/products', { body: { name: '茶壶', priceFen: 5_000, stock: 5 } })).body
    const dave = await consumerOf(suite.stack, 'dave')
    const order = (await dave.call('/orders', { body: { items: [{ productId, quantity: 1 }] } })).body
    await suite.gateway.mode({ payments: 'hold' })
    const { outTradeNo } = (await dave.call(`/orders/${order.id}/pay`, { method: 'POST' })).body

    // The sandbox signs as WeChat Pay would, but as if sent at `sentAt`: a replay, or a clock far off.
    const notify = async (sentAt: Date) => {
      const reply = await request(`${suite.stack.sandboxUrl}/sandbox/payments/${outTradeNo}/notify`, { body: { sentAt: sentAt.toISOString() } })
      return { status: reply.body.status as number, body: JSON.parse(reply.body.answer || '{}') }
    }

    const now = suite.clock.now().getTime()
    for (const offset of [-365 * 24 * 60 * MINUTE, -6 * MINUTE, 6 * MINUTE]) {
      const reply = await notify(new Date(now + offset))
      expect(reply.status, `sent ${offset / MINUTE} minutes from now`).toBe(401)
      expect(reply.body.error.code).toBe('STALE_NOTIFICATION')
    }
    expect((await dave.call(`/orders/${order.id}`)).body.status).toBe('pending_payment')

    expect((await notify(new Date(now - 4 * MINUTE))).status).toBe(204)
    expect((await dave.call(`/orders/${order.id}`)).body.status).toBe('paid')
    await suite.gateway.release()
  })
})
