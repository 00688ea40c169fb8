// A customer's segment follows their own paid orders and refunds at once, through the real doors
// (the sandbox's gateway), and shows in the 360 view and the customer list.
import { describe, expect, it } from 'vitest'
import { keepDaySegments } from '../../src/rfm/rfm-service'
import { activitySuite, consumerOf, eventually, orderReaches, refundsSettle } from '../support/activities'
import { planOf } from '../support/plans'

const suite = activitySuite('2026-05-04T04:00:00Z', { payments: 'confirm', refunds: 'confirm', delayMs: 20 })

const segmentOf = async (customerId: number) => {
  const [row] = await suite.stack.query<{ segment: string | null }>('select segment from customer_rfm where customer_id = ?', customerId)
  return row?.segment
}

/** A year's window, recent within 30 days, frequent from 2 orders, valuable from ¥200 spent in all. */
async function useRules() {
  const saved = await suite.admin('/rfm/settings', {
    method: 'PUT',
    body: { windowDays: 365, recencyDays: 30, frequencyOrders: 2, monetaryFen: 20_000, monetaryMode: 'total' },
  })
  expect(saved.status).toBe(200)
}

describe('RFM on each paid order and refund', () => {
  it('segments a customer when they pay, and takes it back when the order is refunded', async () => {
    await useRules()
    const vase = (await suite.admin('/products', { body: { name: '花瓶', priceFen: 30_000, stock: 10 } })).body
    const mia = await consumerOf(suite.stack, 'mia')
    const view = async () => (await suite.admin(`/customers/${mia.id}`)).body.sections.rfm
    const listed = async () =>
      (await suite.admin('/audiences/customers', { body: { filter: {}, limit: 100 } })).body.items.find((c: { id: number }) => c.id === mia.id)
    expect(await view()).toMatchObject({ segment: null, orders: 0, lastPurchasedAt: null })
    expect((await listed()).rfmSegment).toBeNull()

    const placed = await mia.call('/orders', { body: { items: [{ productId: vase.id, quantity: 1 }] } })
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    const order = placed.body
    await mia.call(`/orders/${order.id}/pay`, { method: 'POST' })
    await orderReaches(mia, order.id, 'paid')
    // Recent, one order, ¥300 spent: 重要发展 without waiting for the daily run.
    expect(await segmentOf(mia.id)).toBe('important_develop')
    expect(await view()).toMatchObject({
      segment: 'important_develop',
      orders: 1,
      monetaryFen: 30_000,
      recencyDays: 0,
      scores: { recency: true, frequency: false, monetary: true },
      windowDays: 365,
      monetaryMode: 'total',
    })
    expect((await listed()).rfmSegment).toBe('important_develop')
    const filtered = await suite.admin('/audiences/count', { body: { filter: { rfmSegments: ['important_develop'] } } })
    expect(filtered.body.count).toBe(1)

    const refund = await suite.admin(`/orders/${order.id}/refund`, { body: { reason: '不想要了' } })
    expect(refund.status).toBe(200)
    // Refunding already stops the order counting, in the unit of work that asked for the refund.
    expect(await segmentOf(mia.id)).toBeNull()
    await refundsSettle(suite.stack)
    await eventually(async () => ((await mia.call(`/orders/${order.id}`)).body.status === 'refunded' ? true : undefined), 'the refund')
    expect(await view()).toMatchObject({ segment: null, orders: 0, scores: null })
    expect((await suite.admin('/audiences/count', { body: { filter: { rfmSegments: ['important_develop'] } } })).body.count).toBe(0)
  })

  it('counts what a part refund gave back off the spend, from the moment it is approved', async () => {
    await useRules()
    const lamp = (await suite.admin('/products', { body: { name: '台灯', priceFen: 30_000, stock: 10 } })).body
    const noa = await consumerOf(suite.stack, 'noa')
    const order = (await noa.call('/orders', { body: { items: [{ productId: lamp.id, quantity: 1 }] } })).body
    await noa.call(`/orders/${order.id}/pay`, { method: 'POST' })
    await orderReaches(noa, order.id, 'paid')
    expect(await segmentOf(noa.id)).toBe('important_develop')

    // ¥150 of ¥300 back: ¥150 spent, under the ¥200 the brand counts as valuable.
    const asked = await noa.call(`/orders/${order.id}/after-sales`, { body: { kind: 'refund_only', reason: '少发了一个灯罩', amountFen: 15_000 } })
    expect(asked.status, JSON.stringify(asked.body)).toBe(201)
    expect((await suite.admin(`/after-sales/${asked.body.id}/approve`, { method: 'POST' })).status).toBe(200)
    expect(await segmentOf(noa.id)).toBe('general_develop')
    await refundsSettle(suite.stack)
    expect((await suite.admin(`/customers/${noa.id}`)).body.sections.rfm).toMatchObject({ segment: 'general_develop', orders: 1, monetaryFen: 15_000 })
  })
})

describe('a payment while a step of the daily run reads', () => {
  it('keeps the segment the payment gave, not the older figures the step read', async () => {
    await useRules()
    const lamp = (await suite.admin('/products', { body: { name: '台灯', priceFen: 12_000, stock: 10 } })).body
    const ned = await consumerOf(suite.stack, 'ned')
    const buy = async () => {
      const placed = await ned.call('/orders', { body: { items: [{ productId: lamp.id, quantity: 1 }] } })
      expect(placed.status, JSON.stringify(placed.body)).toBe(201)
      await ned.call(`/orders/${placed.body.id}/pay`, { method: 'POST' })
      await orderReaches(ned, placed.body.id, 'paid')
    }
    await buy()
    // His row as an older run left it, before this purchase: the step reads it as moving to one order.
    await suite.stack.query("update customer_rfm set segment = null, last_purchased_at = null, orders = 0, spend_fen = 0, monetary_fen = 0 where customer_id = ?", ned.id)
    const at = suite.clock.now()
    const step = { after: ned.id - 1, upTo: ned.id }
    const moves = await suite.stack.app.rfm.readMoves(step, at)
    expect(moves).toHaveLength(1)
    // He buys again before the step writes: the payment's own refresh has two orders, ¥240.
    await buy()
    expect(await segmentOf(ned.id)).toBe('important_value')
    await suite.stack.app.db.transaction((tx) => suite.stack.app.rfm.runDailyStep(tx, '2026-05-04', { ...step, last: true }, at, moves))
    expect(await segmentOf(ned.id)).toBe('important_value')
    expect((await suite.admin(`/customers/${ned.id}`)).body.sections.rfm).toMatchObject({ segment: 'important_value', orders: 2, monetaryFen: 24_000 })
  })
})

describe("the day's segments at a daily run's end", () => {
  it('are taken from the rows that moved since the last run, found in their index, not by reading every row', async () => {
    expect(await planOf(suite.stack, keepDaySegments)).toContain('customer_rfm_day_moved')
  })
})
