import { beforeAll, describe, expect, it } from 'vitest'
import { login, request } from '../support/stack'
import { useLoyaltyStack } from './loyalty-stack'

const loyalty = useLoyaltyStack('2026-03-09T04:00:00Z')
const { clock, admin } = loyalty
let couponTemplateId: number
beforeAll(async () => {
  couponTemplateId = (
    await admin('/coupon-templates', { body: { name: '10 元无门槛券', kind: 'amount_off', amountOffFen: 1000, thresholdFen: 0, validDays: 30 } })
  ).body.id
})


async function consumerWith(who: string, points: number) {
  const { token, customer } = await login.consumer(loyalty.stack, who)
  if (points > 0) await admin(`/customers/${customer.id}/points`, { body: { delta: points, reason: '测试' } })
  const call = (path: string, init: Parameters<typeof request>[1] = {}) => request(`${loyalty.stack.appUrl}/api/mp${path}`, { token, ...init })
  return { id: customer.id as number, call, balance: async () => (await call('/me')).body.points.balance as number }
}

const item = async (fields: Record<string, unknown>) =>
  (await admin('/mall/items', { body: { kind: 'coupon', couponTemplateId, pointsPrice: 100, stock: 10, perUserLimit: 5, name: '10 元券', ...fields } })).body

describe('points mall', () => {
  it('redeems exactly the stock under 100 concurrent redemptions and never overdraws points', async () => {
    const limited = await item({ name: '限量好礼券', stock: 5, perUserLimit: 3 })
    // Ten customers: most can pay for one, two could pay for three (the per-user limit).
    const people = await Promise.all(
      Array.from({ length: 10 }, (_, i) => consumerWith(`rush${i}`, i < 2 ? 1000 : 150)),
    )
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => people[i % people.length]!.call(`/mall/items/${limited.id}/redemptions`, { body: {} })),
    )
    const won = replies.filter((r) => r.status === 201)
    expect(won).toHaveLength(5)
    const refused = new Set(replies.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.error.code}`))
    expect([...refused].every((s) => /^409 (OUT_OF_STOCK|INSUFFICIENT_POINTS|REDEEM_LIMIT_REACHED)$/.test(s))).toBe(true)

    const stock = await loyalty.stack.one<{ stock: number }>('select stock from mall_items where id = ?', limited.id)
    expect(stock.stock).toBe(0)
    let spent = 0
    for (const [i, person] of people.entries()) {
      const balance = await person.balance()
      expect(balance).toBeGreaterThanOrEqual(0)
      spent += (i < 2 ? 1000 : 150) - balance
      const mine = won.filter((r) => r.body.redemption && replies.indexOf(r) % people.length === i).length
      expect(mine).toBeLessThanOrEqual(i < 2 ? 3 : 1)
    }
    expect(spent).toBe(500)
    const coupons = await loyalty.stack.one<{ n: number }>('select count(*) as n from coupons where source = ?', 'redeem')
    expect(coupons.n).toBe(5)
  })

  it('issues the coupon of a coupon item, on the ledger and the timeline, and a retry redeems once', async () => {
    const ten = await item({ name: '十元券' })
    const alice = await consumerWith('alice', 250)
    const headers = { 'idempotency-key': 'redeem-alice-1' }
    const [first, retry] = await Promise.all([
      alice.call(`/mall/items/${ten.id}/redemptions`, { body: {}, headers }),
      alice.call(`/mall/items/${ten.id}/redemptions`, { body: {}, headers }),
    ])
    expect(first?.status).toBe(201)
    expect(retry?.body.redemption.id).toBe(first?.body.redemption.id)
    expect(first?.body).toMatchObject({
      redemption: { itemName: '十元券', pointsSpent: 100, status: 'completed' },
      coupon: { name: '10 元无门槛券', status: 'available', source: 'redeem', amountOffFen: 1000 },
      balance: 150,
    })
    expect(await alice.balance()).toBe(150)

    const mine = await alice.call('/coupons?status=available')
    expect(mine.body.items.map((c: { id: number }) => c.id)).toEqual([first?.body.coupon.id])
    const ledger = await alice.call('/points/ledger')
    expect(ledger.body.items[0]).toMatchObject({ delta: -100, reason: 'redeem', title: '兑换「十元券」' })
    const events = await loyalty.stack.query(
      "select type from timeline_events where customer_id = ? and type in ('mall_redeemed', 'coupon_issued') order by id",
      alice.id,
    )
    expect(events).toEqual([{ type: 'coupon_issued' }, { type: 'mall_redeemed' }])
    const detail = await alice.call(`/mall/items/${ten.id}`)
    expect(detail.body).toMatchObject({ redeemedByMe: 1, unavailableReason: null, item: { stock: 9 } })
  })

  it('holds the per-user limit and refuses what the points cannot pay, changing nothing', async () => {
    const once = await item({ name: '每人一次', perUserLimit: 1 })
    const bob = await consumerWith('bob', 150)
    expect((await bob.call(`/mall/items/${once.id}/redemptions`, { body: {} })).status).toBe(201)
    const again = await bob.call(`/mall/items/${once.id}/redemptions`, { body: {} })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('REDEEM_LIMIT_REACHED')

    const other = await item({ name: '再来一张' })
    const poor = await bob.call(`/mall/items/${other.id}/redemptions`, { body: {} })
    expect(poor.status).toBe(409)
    expect(poor.body.error.code).toBe('INSUFFICIENT_POINTS')
    expect((await bob.call(`/mall/items/${other.id}`)).body).toMatchObject({ redeemedByMe: 0, item: { stock: 10 } })
    expect(await bob.balance()).toBe(50)
  })

  it('takes an address for a physical item', async () => {
    const mug = await item({ kind: 'physical', couponTemplateId: undefined, name: '品牌马克杯', pointsPrice: 200 })
    const carol = await consumerWith('carol', 300)
    const missing = await carol.call(`/mall/items/${mug.id}/redemptions`, { body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.error.code).toBe('ADDRESS_REQUIRED')
    const address = { name: '陈可乐', phone: '13800138000', region: '上海市 徐汇区', detail: '漕溪北路 1 号' }
    const ok = await carol.call(`/mall/items/${mug.id}/redemptions`, { body: { address } })
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ redemption: { status: 'awaiting_shipment', address }, coupon: null, balance: 100 })
    const waiting = await admin('/mall/redemptions')
    expect(waiting.body.items).toEqual([expect.objectContaining({ id: ok.body.redemption.id, customerId: carol.id, address })])
    const shipped = await admin(`/mall/redemptions/${ok.body.redemption.id}/ship`, { body: { trackingNo: 'SF1234567890' } })
    expect(shipped.body).toMatchObject({ status: 'shipped', trackingNo: 'SF1234567890', shippedAt: expect.any(String) })
    const again = await admin(`/mall/redemptions/${ok.body.redemption.id}/ship`, { body: { trackingNo: 'SF1234567890' } })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('REDEMPTION_NOT_AWAITING_SHIPMENT')
    expect((await admin('/mall/redemptions')).body.items).toEqual([])
    const history = await carol.call('/mall/redemptions')
    expect(history.body.items).toEqual([expect.objectContaining({ itemName: '品牌马克杯', address, status: 'shipped', trackingNo: 'SF1234567890' })])
  })

  it('sells only within the time window', async () => {
    const later = await item({ name: '预告商品', startsAt: '2026-03-10T00:00:00Z' })
    const ended = await item({ name: '已结束', endsAt: '2026-03-09T00:00:00Z' })
    const dave = await consumerWith('dave', 500)
    const early = await dave.call(`/mall/items/${later.id}/redemptions`, { body: {} })
    expect(early.body.error.code).toBe('REDEEM_NOT_STARTED')
    const names = (await dave.call('/mall/items')).body.items.map((i: { name: string }) => i.name)
    expect(names).toContain('预告商品')
    expect(names).not.toContain('已结束')
    expect((await dave.call(`/mall/items/${ended.id}/redemptions`, { body: {} })).body.error.code).toBe('REDEEM_ENDED')
    const bad = await admin('/mall/items', { body: { kind: 'physical', name: 'x', pointsPrice: 1, stock: 1, perUserLimit: 1, startsAt: '2026-03-10T00:00:00Z', endsAt: '2026-03-09T00:00:00Z' } })
    expect(bad.body.error.code).toBe('INVALID_TIME_WINDOW')
  })
})
