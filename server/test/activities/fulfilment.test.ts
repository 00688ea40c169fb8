import { describe, expect, it } from 'vitest'
import { activitySuite, consumerOf, orderReaches, refundsSettle, shipOrder, type Consumer } from '../support/activities'

const suite = activitySuite('2026-09-01T02:00:00Z', { payments: 'confirm', refunds: 'confirm', delayMs: 20 })
const { clock } = suite
const DAY = 86_400_000
const advanceDays = (days: number) => clock.set(new Date(clock.now().getTime() + days * DAY).toISOString())
const count = async (sql: string, ...args: unknown[]) => Number((await suite.stack.one<{ n: number }>(sql, ...args)).n)

async function paidOrder(person: Consumer, priceFen: number, stock = 10) {
  const product = (await suite.admin('/products', { body: { name: `好物 ${priceFen}`, priceFen, stock } })).body
  const order = (await person.call('/orders', { body: { items: [{ productId: product.id, quantity: 1 }] } })).body
  await person.call(`/orders/${order.id}/pay`, { method: 'POST' })
  await orderReaches(person, order.id, 'paid')
  return { orderId: order.id as number, productId: product.id as number }
}

const tabIds = async (person: Consumer, tab: string) => (await person.call(`/orders?tab=${tab}`)).body.items.map((o: { id: number }) => o.id)
const ask = (person: Consumer, orderId: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  person.call(`/orders/${orderId}/after-sales`, { body, headers })

describe('my orders', () => {
  it('pages newest first, by status and by tab, each order once with its items', async () => {
    const olivia = await consumerOf(suite.stack, 'olivia_pages')
    const paid = [await paidOrder(olivia, 1_000), await paidOrder(olivia, 2_000), await paidOrder(olivia, 3_000)].map((order) => order.orderId)
    const product = (await suite.admin('/products', { body: { name: '待付款好物', priceFen: 500, stock: 5 } })).body
    const unpaid = (await olivia.call('/orders', { body: { items: [{ productId: product.id, quantity: 2 }] } })).body.id as number
    const paidNewestFirst = [...paid].reverse()
    const newestFirst = [unpaid, ...paidNewestFirst]

    const seen: { id: number; items: { quantity: number }[] }[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: number; items: { quantity: number }[] }[]; nextCursor: string | null } = (
        await olivia.call(`/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      ).body
      seen.push(...page.items)
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.map((order) => order.id)).toEqual(newestFirst)
    expect(seen[0]?.items).toEqual([expect.objectContaining({ quantity: 2 })])
    expect(seen.every((order) => order.items.length === 1)).toBe(true)

    const byStatus = async (status: string) => (await olivia.call(`/orders?status=${status}`)).body.items.map((o: { id: number }) => o.id)
    expect(await byStatus('pending_payment')).toEqual([unpaid])
    expect(await byStatus('paid')).toEqual(paidNewestFirst)
    expect(await tabIds(olivia, 'unpaid')).toEqual([unpaid])
    expect((await olivia.call(`/orders?status=paid&limit=2&cursor=${paidNewestFirst[1]}`)).body.items.map((o: { id: number }) => o.id)).toEqual([paidNewestFirst[2]])
  })
})

describe('shipping and receipt', () => {
  it('ships a paid order with a checked waybill, lets the customer confirm only then, and completes it N days after shipping', async () => {
    const alice = await consumerOf(suite.stack, 'alice_ship')
    const { orderId } = await paidOrder(alice, 10_000)
    expect(await tabIds(alice, 'to_ship')).toEqual([orderId])

    const early = await alice.call(`/orders/${orderId}/confirm`, { method: 'POST' })
    expect(early.status).toBe(409)
    expect(early.body.error).toMatchObject({ code: 'ORDER_NOT_COMPLETABLE', message: '订单尚未发货，发货后才能确认收货' })

    for (const body of [
      { carrier: 'SF', trackingNo: '1234567890' },
      { carrier: 'OTHER', trackingNo: 'AB12345678' },
      { carrier: 'EMS', trackingNo: 'AB123' },
    ]) {
      const refused = await suite.admin(`/orders/${orderId}/ship`, { body })
      expect(refused.status, JSON.stringify(body)).toBe(400)
    }
    const bad = await suite.admin(`/orders/${orderId}/ship`, { body: { carrier: 'SF', trackingNo: '1234567890' } })
    expect(bad.body.error).toMatchObject({ code: 'INVALID_SHIPMENT', message: expect.stringContaining('顺丰') })

    const shipped = await suite.admin(`/orders/${orderId}/ship`, { body: { carrier: 'SF', trackingNo: 'SF123456789012' } })
    expect(shipped.status).toBe(200)
    expect(shipped.body).toMatchObject({ status: 'shipped', shipment: { carrier: 'SF', carrierName: '顺丰速运', trackingNo: 'SF123456789012' } })
    expect(Date.parse(shipped.body.shipment.autoCompleteAt) - Date.parse(shipped.body.shipment.shippedAt)).toBe(7 * DAY)
    // The same shipment again answers as it is; another waybill is refused.
    expect((await suite.admin(`/orders/${orderId}/ship`, { body: { carrier: 'SF', trackingNo: 'SF123456789012' } })).status).toBe(200)
    expect((await suite.admin(`/orders/${orderId}/ship`, { body: { carrier: 'ZTO', trackingNo: '123456789012' } })).body.error.code).toBe('ORDER_NOT_SHIPPABLE')
    expect(await tabIds(alice, 'to_receive')).toEqual([orderId])
    expect((await suite.admin(`/orders?tab=to_receive&customerId=${alice.id}`)).body.items.map((o: { id: number }) => o.id)).toEqual([orderId])

    advanceDays(6.9)
    await suite.stack.app.scheduler.runDue()
    expect((await alice.call(`/orders/${orderId}`)).body.status).toBe('shipped')
    advanceDays(0.2)
    await suite.stack.app.scheduler.runDue()
    const done = (await alice.call(`/orders/${orderId}`)).body
    expect(done).toMatchObject({ status: 'completed', pointsAwarded: 100 })
    expect(await tabIds(alice, 'completed')).toEqual([orderId])
    expect((await alice.call(`/orders/${orderId}/confirm`, { method: 'POST' })).body.error.code).toBe('ORDER_NOT_COMPLETABLE')
  })

  it('completes on the customer confirming, once, and follows a changed number of days', async () => {
    const bob = await consumerOf(suite.stack, 'bob_ship')
    expect((await suite.admin('/fulfilment/settings', { method: 'PUT', body: { autoCompleteDays: 3, afterSalesDays: 7 } })).status).toBe(200)
    const confirmed = await paidOrder(bob, 5_000)
    const waited = await paidOrder(bob, 6_000)
    await shipOrder(suite.admin, confirmed.orderId)
    await shipOrder(suite.admin, waited.orderId)
    const replies = await Promise.all([1, 2].map(() => bob.call(`/orders/${confirmed.orderId}/confirm`, { method: 'POST' })))
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409])
    advanceDays(3.1)
    await suite.stack.app.scheduler.runDue()
    expect((await bob.call(`/orders/${waited.orderId}`)).body.status).toBe('completed')
    expect(await count("select count(*) as n from point_ledger where customer_id = ? and reason = 'order_reward'", bob.id)).toBe(2)
    await suite.admin('/fulfilment/settings', { method: 'PUT', body: { autoCompleteDays: 7, afterSalesDays: 7 } })
  })

  it('refuses to ship an unpaid order', async () => {
    const cat = await consumerOf(suite.stack, 'cat_ship')
    const product = (await suite.admin('/products', { body: { name: '未付款的杯子', priceFen: 100, stock: 1 } })).body
    const order = (await cat.call('/orders', { body: { items: [{ productId: product.id, quantity: 1 }] } })).body
    const refused = await suite.admin(`/orders/${order.id}/ship`, { body: { carrier: 'JD', trackingNo: 'JD0012345678901' } })
    expect(refused.body.error).toMatchObject({ code: 'ORDER_NOT_SHIPPABLE', message: '订单未支付，不能发货' })
    expect(await tabIds(cat, 'unpaid')).toEqual([order.id])
  })
})

describe('after-sales', () => {
  it('refunds in parts up to what the order holds, points in proportion, and the rest closes the order', async () => {
    const dan = await consumerOf(suite.stack, 'dan_after')
    const { orderId, productId } = await paidOrder(dan, 10_000)
    await shipOrder(suite.admin, orderId)
    await dan.call(`/orders/${orderId}/confirm`, { method: 'POST' })
    expect(await dan.balance()).toBe(100)

    const tooMuch = await ask(dan, orderId, { kind: 'return_refund', reason: '尺码不合适', amountFen: 10_001 })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body.error.code).toBe('REFUND_EXCEEDS_PAID')
    const asked = await ask(dan, orderId, { kind: 'return_refund', reason: '一件有瑕疵', amountFen: 4_000 }, { 'idempotency-key': 'dan-after-1' })
    expect(asked.status).toBe(201)
    expect(asked.body).toMatchObject({ status: 'pending', kind: 'return_refund', amountFen: 4_000 })
    // A retry answers the same request; another while it is under review is refused.
    expect((await ask(dan, orderId, { kind: 'return_refund', reason: '一件有瑕疵', amountFen: 4_000 }, { 'idempotency-key': 'dan-after-1' })).body.id).toBe(asked.body.id)
    expect((await ask(dan, orderId, { kind: 'refund_only', reason: '再退一点', amountFen: 100 })).body.error.code).toBe('AFTER_SALE_NOT_ALLOWED')
    expect(await tabIds(dan, 'after_sales')).toEqual([orderId])
    const listed = (await suite.admin('/after-sales?status=pending')).body.items.find((a: { id: number }) => a.id === asked.body.id)
    expect(listed).toMatchObject({ orderId, customerId: dan.id, orderAmountFen: 10_000, orderRefundableFen: 10_000, shipped: true })

    const approvals = await Promise.all([1, 2].map(() => suite.admin(`/after-sales/${asked.body.id}/approve`, { method: 'POST' })))
    expect(approvals.map((r) => r.status).sort()).toEqual([200, 409])
    expect(approvals.find((r) => r.status === 409)!.body.error.code).toBe('AFTER_SALE_DECIDED')
    await refundsSettle(suite.stack)
    const part = (await dan.call(`/orders/${orderId}`)).body
    expect(part).toMatchObject({ status: 'completed', refundedFen: 4_000, afterSaleAllowed: true, afterSale: { status: 'approved', refund: { status: 'succeeded' } } })
    expect(part.refund).toMatchObject({ amountFen: 4_000, status: 'succeeded' })
    expect(await dan.balance()).toBe(60)

    expect((await ask(dan, orderId, { kind: 'refund_only', reason: '全部退', amountFen: 6_001 })).body.error.code).toBe('REFUND_EXCEEDS_PAID')
    const rest = await ask(dan, orderId, { kind: 'refund_only', reason: '剩下的也退了吧', amountFen: 6_000 })
    expect((await suite.admin(`/after-sales/${rest.body.id}/approve`, { method: 'POST' })).status).toBe(200)
    await refundsSettle(suite.stack)
    const closed = (await dan.call(`/orders/${orderId}`)).body
    expect(closed).toMatchObject({ status: 'refunded', refundedFen: 10_000, afterSaleAllowed: false })
    expect(await dan.balance()).toBe(0)
    // Goods kept by the customer (refund only, shipped) do not go back on sale.
    expect(await count('select stock as n from products where id = ?', productId)).toBe(9)
    const gateway = (await suite.gateway.list()).refunds.filter((r: { outRefundNo: string }) => r.outRefundNo.includes(String(orderId).padStart(8, '0')))
    expect(gateway.map((r: { amount: number }) => r.amount).sort()).toEqual([4_000, 6_000])
    expect(await count("select count(*) as n from timeline_events where customer_id = ? and type = 'order_part_refunded'", dan.id)).toBe(1)
  })

  it('takes one request at a time when two are sent together', async () => {
    const gus = await consumerOf(suite.stack, 'gus_after')
    const { orderId } = await paidOrder(gus, 5_000)
    const replies = await Promise.all(
      ['拍多了', '不想要了'].map((reason) => ask(gus, orderId, { kind: 'refund_only', reason, amountFen: 5_000 })),
    )
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409])
    expect(await count('select count(*) as n from after_sales where order_id = ?', orderId)).toBe(1)
  })

  it('rejects with a reason the customer reads, refunds never-shipped goods back onto the shelf, and closes the window after completion', async () => {
    const eva = await consumerOf(suite.stack, 'eva_after')
    const unshipped = await paidOrder(eva, 3_000, 5)
    expect((await ask(eva, unshipped.orderId, { kind: 'return_refund', reason: '不要了', amountFen: 3_000 })).body.error.code).toBe('NOTHING_TO_RETURN')
    const first = await ask(eva, unshipped.orderId, { kind: 'refund_only', reason: '拍错了', amountFen: 3_000 })
    // An order with a request under review is not shipped until it is decided.
    expect((await suite.admin(`/orders/${unshipped.orderId}/ship`, { body: { carrier: 'SF', trackingNo: 'SF000000000001' } })).body.error.code).toBe('AFTER_SALE_PENDING')
    const rejected = await suite.admin(`/after-sales/${first.body.id}/reject`, { body: { reason: '商品已打包，请收货后申请' } })
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '商品已打包，请收货后申请' })
    expect((await eva.call(`/orders/${unshipped.orderId}`)).body.afterSale).toMatchObject({ status: 'rejected', rejectReason: '商品已打包，请收货后申请' })
    expect((await suite.admin(`/after-sales/${first.body.id}/approve`, { method: 'POST' })).body.error.code).toBe('AFTER_SALE_DECIDED')

    const again = await ask(eva, unshipped.orderId, { kind: 'refund_only', reason: '还是不要了', amountFen: 3_000 })
    await suite.admin(`/after-sales/${again.body.id}/approve`, { method: 'POST' })
    await refundsSettle(suite.stack)
    expect((await eva.call(`/orders/${unshipped.orderId}`)).body.status).toBe('refunded')
    expect(await count('select stock as n from products where id = ?', unshipped.productId)).toBe(5)

    const late = await paidOrder(eva, 2_000)
    await shipOrder(suite.admin, late.orderId)
    await eva.call(`/orders/${late.orderId}/confirm`, { method: 'POST' })
    advanceDays(7.1)
    const closedWindow = await ask(eva, late.orderId, { kind: 'refund_only', reason: '晚了', amountFen: 100 })
    expect(closedWindow.body.error).toMatchObject({ code: 'AFTER_SALE_NOT_ALLOWED', message: '订单完成已超过 7 天，不能再申请售后' })
    expect((await eva.call(`/orders/${late.orderId}`)).body.afterSaleAllowed).toBe(false)
  })

  it('never returns more than was paid when an approval races a whole refund, and the whole refund returns only what is left', async () => {
    const fei = await consumerOf(suite.stack, 'fei_after')
    for (let round = 0; round < 3; round++) {
      const { orderId } = await paidOrder(fei, 8_000)
      const asked = await ask(fei, orderId, { kind: 'refund_only', reason: '少发了一件', amountFen: 3_000 })
      const [approved, whole] = await Promise.all([
        suite.admin(`/after-sales/${asked.body.id}/approve`, { method: 'POST' }),
        suite.admin(`/orders/${orderId}/refund`, { body: { reason: '整单退款' } }),
      ])
      expect([approved.status, whole.status]).toContain(200)
      await refundsSettle(suite.stack)
      expect(await count('select sum(amount_fen) as n from refunds where order_id = ?', orderId)).toBe(8_000)
      expect((await fei.call(`/orders/${orderId}`)).body).toMatchObject({ status: 'refunded', refundedFen: 8_000 })
      expect(await count("select count(*) as n from after_sales where order_id = ? and status = 'pending'", orderId)).toBe(0)
    }
  })

  it('shrinks the distributor’s commission in proportion to a part refund, and reverses the rest with the whole', async () => {
    const gil = await consumerOf(suite.stack, 'gil_dist')
    const applied = await gil.call('/distributor', { method: 'POST' })
    const hal = await consumerOf(suite.stack, 'hal_buyer')
    await hal.call('/referrals', { body: { distributorCode: applied.body.code } })
    const { orderId } = await paidOrder(hal, 20_000)
    const earnings = async () => (await gil.call('/distributor/earnings')).body
    expect((await earnings()).frozen).toBe(2_000)
    const asked = await ask(hal, orderId, { kind: 'refund_only', reason: '差价', amountFen: 5_000 })
    await suite.admin(`/after-sales/${asked.body.id}/approve`, { method: 'POST' })
    expect((await earnings()).frozen).toBe(1_500)
    await suite.admin(`/orders/${orderId}/refund`, { body: { reason: '整单退款' } })
    await refundsSettle(suite.stack)
    expect((await earnings()).frozen).toBe(0)
    expect(await count('select sum(amount_fen) as n from refunds where order_id = ?', orderId)).toBe(20_000)
  })
})
