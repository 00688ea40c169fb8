import { createSign, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { request } from '../support/stack'
import { activitySuite, consumerOf, eventually, orderReaches, refundsSettle, shipOrder } from '../support/activities'

const suite = activitySuite('2026-05-04T04:00:00Z', { payments: 'confirm', refunds: 'confirm', delayMs: 50 })
const { clock } = suite

const product = async (fields: Record<string, unknown> = {}) =>
  (await suite.admin('/products', { body: { name: '保温杯', priceFen: 12_900, stock: 10, ...fields } })).body
const count = async (sql: string, ...args: unknown[]) => (await suite.stack.one<{ n: number }>(sql, ...args)).n

describe('orders and payment', () => {
  it('pays an order once, even when the notification is repeated', async () => {
    const cup = await product()
    const alice = await consumerOf(suite.stack, 'alice')
    const created = await alice.call('/orders', { body: { items: [{ productId: cup.id, quantity: 2 }] } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ status: 'pending_payment', amountFen: 25_800, kind: 'normal' })
    const start = await alice.call(`/orders/${created.body.id}/pay`, { method: 'POST' })
    expect(start.status).toBe(200)
    expect(start.body).toMatchObject({ orderId: created.body.id, status: 'pending', prepayId: expect.any(String) })
    const paid = await orderReaches(alice, created.body.id, 'paid')
    expect(paid.paidAt).toBeTruthy()

    await Promise.all([suite.gateway.renotify(start.body.outTradeNo), suite.gateway.renotify(start.body.outTradeNo)])
    expect(await count("select count(*) as n from timeline_events where type = 'order_paid' and customer_id = ?", alice.id)).toBe(1)
    expect(await count('select count(*) as n from refunds where order_id = ?', created.body.id)).toBe(0)
    expect((await alice.call(`/orders/${created.body.id}`)).body.status).toBe('paid')
    const again = await alice.call(`/orders/${created.body.id}/pay`, { method: 'POST' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ORDER_NOT_PAYABLE')
  })

  it('refuses notifications not signed by the WeChat Pay platform', async () => {
    // The platform's certificate serial, as every answer of the sandbox's WeChat Pay names it.
    const serial = (await fetch(`${suite.stack.sandboxUrl}/v3/certificates`)).headers.get('wechatpay-serial') as string
    const forger = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const body = JSON.stringify({
      id: 'EV1',
      create_time: '2026-05-04T12:00:00+08:00',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext: Buffer.alloc(40).toString('base64'), nonce: 'abcdefabcdef', associated_data: 'transaction' },
    })
    const timestamp = String(Math.floor(suite.clock.now().getTime() / 1000))
    const signature = createSign('RSA-SHA256').update(`${timestamp}\nn1\n${body}\n`).sign(forger.privateKey, 'base64')
    for (const claimed of [serial, 'FORGED00000000000001']) {
      const reply = await request(`${suite.stack.appUrl}/payments/notify`, {
        body,
        headers: { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': 'n1', 'wechatpay-signature': signature, 'wechatpay-serial': claimed },
      })
      expect(reply.status).toBe(401)
      expect(reply.body.error.code).toBe('INVALID_SIGNATURE')
    }
  })

  it('never sells more than the stock, and gives it back when an order is not paid in time', async () => {
    const scarce = await product({ name: '限量礼盒', stock: 3 })
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => consumerOf(suite.stack, `buyer${i}`)))
    const replies = await Promise.all(people.map((p) => p.call('/orders', { body: { items: [{ productId: scarce.id, quantity: 1 }] } })))
    expect(replies.filter((r) => r.status === 201)).toHaveLength(3)
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'OUT_OF_STOCK')).toBe(true)

    clock.set('2026-05-04T04:16:00Z')
    await suite.stack.app.scheduler.runDue()
    const placed = replies.find((r) => r.status === 201)!
    const buyer = people[replies.indexOf(placed)]!
    expect((await buyer.call(`/orders/${placed.body.id}`)).body.status).toBe('cancelled')
    expect(await count('select stock as n from products where id = ?', scarce.id)).toBe(3)
    const late = await buyer.call(`/orders/${placed.body.id}/pay`, { method: 'POST' })
    expect(late.body.error.code).toBe('ORDER_NOT_PAYABLE')
    clock.set('2026-05-04T04:00:00Z')
  })

  it('refunds a payment whose notification arrives after the order was cancelled', async () => {
    const tea = await product({ name: '茶叶' })
    const bob = await consumerOf(suite.stack, 'bob')
    const order = (await bob.call('/orders', { body: { items: [{ productId: tea.id, quantity: 1 }] } })).body
    await suite.gateway.mode({ payments: 'delay-notification' })
    const start = (await bob.call(`/orders/${order.id}/pay`, { method: 'POST' })).body
    // A second tap resumes the attempt under way instead of charging twice.
    expect((await bob.call(`/orders/${order.id}/pay`, { method: 'POST' })).body.outTradeNo).toBe(start.outTradeNo)
    clock.set('2026-05-04T04:20:00Z')
    await suite.stack.app.scheduler.runDue()
    expect((await bob.call(`/orders/${order.id}`)).body.status).toBe('cancelled')
    await suite.gateway.release()
    const refunded = await orderReaches(bob, order.id, 'refunded')
    expect(refunded.refund).toMatchObject({ status: 'succeeded', amountFen: 12_900 })
    const sandbox = await suite.gateway.list()
    expect(sandbox.refunds.filter((r: { outTradeNo: string }) => r.outTradeNo === start.outTradeNo)).toHaveLength(1)
    clock.set('2026-05-04T04:00:00Z')
  })

  it('asks WeChat Pay about a payment whose notification never came: paid once, and an abandoned one closed at its deadline', async () => {
    const mug = await product({ name: '马克杯' })
    const erin = await consumerOf(suite.stack, 'erin_lost')
    const paidOrder = (await erin.call('/orders', { body: { items: [{ productId: mug.id, quantity: 1 }] } })).body
    const abandoned = (await erin.call('/orders', { body: { items: [{ productId: mug.id, quantity: 1 }] } })).body
    await suite.gateway.mode({ payments: 'lose-notification' })
    const paid = (await erin.call(`/orders/${paidOrder.id}/pay`, { method: 'POST' })).body
    await suite.gateway.mode({ payments: 'hold' })
    const left = (await erin.call(`/orders/${abandoned.id}/pay`, { method: 'POST' })).body
    const stateOf = async (outTradeNo: string) => (await suite.gateway.list()).transactions.find((t: { outTradeNo: string }) => t.outTradeNo === outTradeNo)?.state
    await eventually(async () => ((await stateOf(paid.outTradeNo)) === 'SUCCESS' ? true : undefined), 'the payer to pay')
    expect((await erin.call(`/orders/${paidOrder.id}`)).body.status).toBe('pending_payment')

    clock.set('2026-05-04T04:02:00Z')
    await suite.stack.app.payments.reconcilePayments()
    expect((await erin.call(`/orders/${paidOrder.id}`)).body.status).toBe('paid')
    expect((await erin.call(`/orders/${abandoned.id}`)).body.status).toBe('pending_payment')
    // Asked again, and told again by a late notification: still paid once.
    await suite.stack.app.payments.reconcilePayments()
    await suite.gateway.renotify(paid.outTradeNo)
    expect(await count("select count(*) as n from payments where out_trade_no = ? and status = 'succeeded'", paid.outTradeNo)).toBe(1)
    expect(await count('select count(*) as n from refunds where order_id = ?', paidOrder.id)).toBe(0)

    // Past its deadline WeChat Pay has closed the unpaid one (time_expire), and the server records it failed.
    clock.set('2026-05-04T04:16:00Z')
    await suite.stack.app.payments.reconcilePayments()
    expect(await count("select count(*) as n from payments where out_trade_no = ? and status = 'failed' and failure = 'CLOSED'", left.outTradeNo)).toBe(1)
    expect(await stateOf(left.outTradeNo)).toBe('CLOSED')
    await suite.stack.app.scheduler.runDue()
    expect((await erin.call(`/orders/${abandoned.id}`)).body.status).toBe('cancelled')
    clock.set('2026-05-04T04:00:00Z')
  })

  it('fails a payment the gateway refuses, and lets the customer pay again', async () => {
    const pen = await product({ name: '钢笔' })
    const carol = await consumerOf(suite.stack, 'carol')
    const order = (await carol.call('/orders', { body: { items: [{ productId: pen.id, quantity: 1 }] } })).body
    await suite.gateway.mode({ payments: 'fail' })
    const refused = await carol.call(`/orders/${order.id}/pay`, { method: 'POST' })
    expect(refused.status).toBe(502)
    expect(refused.body.error.code).toBe('PAYMENT_UNAVAILABLE')
    await suite.gateway.mode({ payments: 'decline' })
    const declined = (await carol.call(`/orders/${order.id}/pay`, { method: 'POST' })).body
    await eventually(
      async () => ((await count("select count(*) as n from payments where out_trade_no = ? and status = 'failed'", declined.outTradeNo)) ? true : undefined),
      'the decline',
    )
    await suite.gateway.mode({ payments: 'confirm' })
    await carol.call(`/orders/${order.id}/pay`, { method: 'POST' })
    await orderReaches(carol, order.id, 'paid')
    expect(await count('select count(*) as n from payments where order_id = ?', order.id)).toBe(3)
  })

  it('awards order points by level on completion and takes them back on refund, never below zero', async () => {
    const bag = await product({ name: '托特包', priceFen: 50_000 })
    const dave = await consumerOf(suite.stack, 'dave', suite.admin, 600) // growth 600: V2, ×1.2
    const order = (await dave.call('/orders', { body: { items: [{ productId: bag.id, quantity: 1 }] } })).body
    await dave.call(`/orders/${order.id}/pay`, { method: 'POST' })
    await orderReaches(dave, order.id, 'paid')
    await shipOrder(suite.admin, order.id)
    const done = await dave.call(`/orders/${order.id}/confirm`, { method: 'POST' })
    expect(done.body).toMatchObject({ status: 'completed', pointsAwarded: 600 })
    expect(await dave.balance()).toBe(1200)
    // Spend most of it, so the claw-back cannot take all 600.
    await suite.admin(`/customers/${dave.id}/points`, { body: { delta: -1000, reason: '兑换实物' } })

    const refunds = await Promise.all([
      suite.admin(`/orders/${order.id}/refund`, { body: { reason: '七天无理由' } }),
      suite.admin(`/orders/${order.id}/refund`, { body: { reason: '七天无理由' } }),
    ])
    expect(refunds.map((r) => r.status).sort()).toEqual([200, 409])
    const first = refunds.find((r) => r.status === 200)!.body
    expect(first).toMatchObject({ status: 'refunding', pointsClawedBack: 200, pointsShortfall: 400 })
    expect(await dave.balance()).toBe(0)
    await refundsSettle(suite.stack)
    expect((await dave.call(`/orders/${order.id}`)).body).toMatchObject({ status: 'refunded', refund: { status: 'succeeded' } })
    const ledger = (await dave.call('/points/ledger')).body.items
    expect(ledger[0]).toMatchObject({ reason: 'order_refund', delta: -200, balanceAfter: 0 })
    const events = (
      await suite.stack.query("select type from timeline_events where customer_id = ? and type like 'order_%' order by id", dave.id)
    ).map((row) => row.type)
    expect(events).toEqual(['order_created', 'order_paid', 'order_shipped', 'order_completed', 'order_refund_requested', 'order_refunded'])
  })

  it('puts a refunded order back on sale, once, whatever the refund requests race', async () => {
    const lamp = await product({ name: '台灯', priceFen: 19_900, stock: 5 })
    const erin = await consumerOf(suite.stack, 'erin')
    const order = (await erin.call('/orders', { body: { items: [{ productId: lamp.id, quantity: 2 }] } })).body
    await erin.call(`/orders/${order.id}/pay`, { method: 'POST' })
    await orderReaches(erin, order.id, 'paid')
    expect(await count('select stock as n from products where id = ?', lamp.id)).toBe(3)

    const refunds = await Promise.all(Array.from({ length: 3 }, () => suite.admin(`/orders/${order.id}/refund`, { body: { reason: '质量问题' } })))
    expect(refunds.map((r) => r.status).sort()).toEqual([200, 409, 409])
    expect(await count('select stock as n from products where id = ?', lamp.id)).toBe(5)
    await refundsSettle(suite.stack)
    expect((await erin.call(`/orders/${order.id}`)).body.status).toBe('refunded')
    expect(await count('select stock as n from products where id = ?', lamp.id)).toBe(5)
  })

  it('gives a refund up with the reason an admin acts on: refused by the payer’s bank, or failing ten sends in a row', async () => {
    const vase = await product({ name: '花瓶', priceFen: 8_800 })
    const fay = await consumerOf(suite.stack, 'fay_refunds')
    const paidOrder = async () => {
      const order = (await fay.call('/orders', { body: { items: [{ productId: vase.id, quantity: 1 }] } })).body
      await fay.call(`/orders/${order.id}/pay`, { method: 'POST' })
      await orderReaches(fay, order.id, 'paid')
      return order.id as number
    }
    const [bounced, unreachable] = [await paidOrder(), await paidOrder()]

    await suite.gateway.mode({ refunds: 'abnormal' })
    expect((await suite.admin(`/orders/${bounced}/refund`, { body: { reason: '不想要了' } })).status).toBe(200)
    const failedRefund = (await eventually(async () => {
      const order = (await fay.call(`/orders/${bounced}`)).body
      return order.refund?.status === 'failed' ? order : undefined
    }, 'the refund to fail')).refund
    expect(failedRefund.failure).toContain('退款异常')
    expect((await fay.call(`/orders/${bounced}`)).body.status).toBe('refunding')

    await suite.gateway.mode({ refunds: 'fail' })
    expect((await suite.admin(`/orders/${unreachable}/refund`, { body: { reason: '不想要了' } })).status).toBe(200)
    // Sent once as the refund is asked for, then again each minute the sweep finds it still pending.
    const attempts = async () => (await suite.stack.one<{ n: number }>('select attempts as n from refunds where order_id = ?', unreachable)).n
    const at = suite.clock.now().getTime()
    for (let sent = 1; sent <= 10; sent++) {
      clock.set(new Date(at + (sent - 1) * 61_000).toISOString())
      await suite.stack.app.payments.dispatchRefunds()
      await eventually(async () => ((await attempts()) >= sent ? true : undefined), `send ${sent}`)
    }
    clock.set(new Date(at + 20 * 61_000).toISOString())
    await suite.stack.app.payments.dispatchRefunds()
    const row = await suite.stack.one<{ status: string; attempts: number; failure: string }>('select status, attempts, failure from refunds where order_id = ?', unreachable)
    expect(row).toMatchObject({ status: 'failed', attempts: 10, failure: expect.stringContaining('已发起 10 次退款均未成功（SYSTEM_ERROR）') })
    const listed = (await suite.admin('/orders')).body.items.find((o: { id: number }) => o.id === unreachable)
    expect(listed.refund).toMatchObject({ status: 'failed', failure: expect.stringContaining('SYSTEM_ERROR') })
    clock.set('2026-05-04T04:00:00Z')
  })

  it('edits only the fields a product has, refusing the rest without writing anything', async () => {
    const kettle = await product({ name: '水壶' })
    for (const body of [{ id: 987_654 }, { name: '新水壶', id: 987_654 }, { createdAt: '2020-01-01T00:00:00.000Z' }, { color: 'red' }, { stock: null }, { active: 0 }, { priceFen: '100' }]) {
      const reply = await suite.admin(`/products/${kettle.id}`, { method: 'PATCH', body })
      expect(reply.status, JSON.stringify(body)).toBe(400)
      expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    }
    expect(await suite.stack.query('select id, name, stock from products where id in (?, 987654)', kettle.id)).toEqual([{ id: kettle.id, name: '水壶', stock: 10 }])
  })
})
