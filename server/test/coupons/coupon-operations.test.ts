import { describe, expect, it } from 'vitest'
import { activitySuite, consumerOf, eventually, orderReaches, type Consumer } from '../support/activities'
import { addContact, login, request } from '../support/stack'

// 2026-06-01 12:00 in Shanghai.
const suite = activitySuite('2026-06-01T04:00:00Z', { payments: 'confirm' })
const { clock } = suite

const count = async (sql: string, ...args: unknown[]) => Number((await suite.stack.one<{ n: number }>(sql, ...args)).n)

async function template(name: string, fields: Record<string, unknown> = {}) {
  const reply = await suite.admin('/coupon-templates', { body: { name, kind: 'amount_off', amountOffFen: 1000, thresholdFen: 0, validDays: 30, ...fields } })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body.id as number
}

async function batchDone(batchId: number) {
  return eventually(async () => {
    const batch = (await suite.admin(`/coupon-batches/${batchId}`)).body
    return batch.status === 'running' ? undefined : batch
    // Generous: a busy machine may take a while over hundreds of coupons.
  }, `batch ${batchId} to finish`, 4800)
}

async function publish(templateId: number, fields: Record<string, unknown> = {}) {
  const reply = await suite.admin('/coupon-claimables', {
    body: { templateId, totalStock: 10, perCustomerLimit: 1, startsAt: '2026-06-01T00:00:00Z', endsAt: '2026-06-30T00:00:00Z', ...fields },
  })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body.id as number
}

const claim = (consumer: Consumer, claimableId: number, key?: string) =>
  consumer.call(`/coupon-centre/${claimableId}/claims`, { method: 'POST', ...(key ? { headers: { 'idempotency-key': key } } : {}) })

describe('issuing to an audience', () => {
  it('gives each customer of the audience one coupon, skips holders, and a resubmitted request makes no second batch', async () => {
    const templateId = await template('人群券')
    const people = await Promise.all(['aud_a', 'aud_b', 'aud_c'].map((who) => consumerOf(suite.stack, who)))
    const outsider = await consumerOf(suite.stack, 'outsider')
    for (const [i, person] of people.entries()) await suite.stack.query('update customers set name = ? where id = ?', `aud_${i}`, person.id)
    // Someone already holding the coupon unused is skipped.
    await suite.admin(`/customers/${people[1]!.id}/coupons`, { body: { templateId } })
    const filter = { nameContains: 'aud_' }
    const body = { templateId, filter }
    const headers = { 'idempotency-key': 'batch-aud-1' }
    const [first, again] = await Promise.all([suite.admin('/coupon-batches', { body, headers }), suite.admin('/coupon-batches', { body, headers })])
    expect(first.status).toBe(201)
    expect(again.body.id).toBe(first.body.id)
    expect(first.body).toMatchObject({ templateName: '人群券', total: 3, skipHolders: true })

    const done = await batchDone(first.body.id)
    expect(done).toMatchObject({ status: 'done', total: 3, issued: 2, skipped: 1, finishedAt: expect.any(String) })
    expect(await count('select count(*) as n from coupon_issue_batches')).toBe(1)
    for (const person of people) {
      expect(await count('select count(*) as n from coupons where customer_id = ? and template_id = ?', person.id, templateId)).toBe(1)
    }
    expect(await count('select count(*) as n from coupons where customer_id = ?', outsider.id)).toBe(0)
    const issued = (await people[0]!.call('/coupons')).body.items
    expect(issued).toEqual([expect.objectContaining({ name: '人群券', source: 'audience' })])
    const listed = (await suite.admin('/coupon-batches')).body.items
    expect(listed[0]).toMatchObject({ id: first.body.id, issued: 2, skipped: 1 })
  })

  it('walks a large audience in chunks, each its own unit of work, and issues to each customer once', async () => {
    const templateId = await template('大人群券')
    const at = Date.parse('2026-06-01T04:00:00Z')
    for (let i = 0; i < 450; i++) {
      await suite.stack.query('insert into customers (name, created_at, updated_at) values (?, ?, ?)', `bulk_${i}`, at, at)
    }
    const reply = await suite.admin('/coupon-batches', { body: { templateId, filter: { nameContains: 'bulk_' } } })
    expect(reply.body.total).toBe(450)
    expect(await batchDone(reply.body.id)).toMatchObject({ status: 'done', issued: 450, skipped: 0 })
    expect(await count("select count(*) as n from coupons where template_id = ? and source = 'audience'", templateId)).toBe(450)
    expect(await count('select count(distinct customer_id) as n from coupons where template_id = ?', templateId)).toBe(450)
    expect(await count("select count(*) as n from scheduled_jobs where kind = 'coupon-issue-batch' and status = 'done' and key like ?", `${reply.body.id}:%`)).toBe(3)
  })

  it('stops a batch whose template stops being issued, and refuses to start one for it', async () => {
    const templateId = await template('停发人群券')
    await suite.admin(`/coupon-templates/${templateId}`, { method: 'PATCH', body: { active: false } })
    const refused = await suite.admin('/coupon-batches', { body: { templateId, filter: {} } })
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toBe('「停发人群券」已停止发放')
    const missing = await suite.admin('/coupon-batches', { body: { templateId: 999_999, filter: {} } })
    expect(missing.status).toBe(404)
  })
})

describe('the claim centre', () => {
  it('never gives more than the stock or the per-customer limit under concurrent claims', async () => {
    const claimableId = await publish(await template('限量券'), { totalStock: 5, perCustomerLimit: 2 })
    const claimers = await Promise.all(['cl_a', 'cl_b', 'cl_c', 'cl_d'].map((who) => consumerOf(suite.stack, who)))
    const replies = await Promise.all(claimers.flatMap((c) => Array.from({ length: 4 }, () => claim(c, claimableId))))
    expect(replies.filter((r) => r.status === 201)).toHaveLength(5)
    const refusals = replies.filter((r) => r.status !== 201)
    expect(refusals.every((r) => r.status === 409)).toBe(true)
    for (const r of refusals) expect(['CLAIM_SOLD_OUT', 'CLAIM_LIMIT_REACHED']).toContain(r.body.error.code)
    expect(await count("select count(*) as n from coupons where source = 'claim' and idempotency_key like ?", `claim:${claimableId}:%`)).toBe(5)
    expect(await count('select claimed as n from coupon_claimables where id = ?', claimableId)).toBe(5)
    for (const c of claimers) {
      expect(await count('select count(*) as n from coupon_claims where claimable_id = ? and customer_id = ?', claimableId, c.id)).toBeLessThanOrEqual(2)
    }
    const late = await consumerOf(suite.stack, 'cl_late')
    const soldOut = await claim(late, claimableId)
    expect(soldOut.body.error).toEqual({ code: 'CLAIM_SOLD_OUT', message: '已领完' })
    const centre = (await late.call('/coupon-centre')).body.items
    expect(centre.find((item: { id: number }) => item.id === claimableId)).toMatchObject({ state: 'sold_out', claimedPercent: 100, claimedByMe: 0 })
  })

  it("holds one customer's limit under concurrent claims and answers a retried claim with its coupon", async () => {
    const claimableId = await publish(await template('每人两张'), { totalStock: 100, perCustomerLimit: 2 })
    const eager = await consumerOf(suite.stack, 'cl_eager')
    const replies = await Promise.all(Array.from({ length: 6 }, () => claim(eager, claimableId)))
    expect(replies.filter((r) => r.status === 201)).toHaveLength(2)
    expect(replies.filter((r) => r.status === 409).map((r) => r.body.error.message)).toEqual(Array(4).fill('已达领取上限（每人限领 2 张）'))

    const careful = await consumerOf(suite.stack, 'cl_careful')
    const [first, retry] = await Promise.all([claim(careful, claimableId, 'tap-1'), claim(careful, claimableId, 'tap-1')])
    expect(first.status).toBe(201)
    expect(retry.body.coupon.id).toBe(first.body.coupon.id)
    expect(first.body.coupon).toMatchObject({ source: 'claim', name: '每人两张', status: 'available' })
    expect(await count('select claimed as n from coupon_claimables where id = ?', claimableId)).toBe(3)
    const centre = (await careful.call('/coupon-centre')).body.items
    expect(centre.find((item: { id: number }) => item.id === claimableId)).toMatchObject({ state: 'open', claimedByMe: 1, perCustomerLimit: 2 })
  })

  it('says when a claim is too early or too late, and keeps stock at or above what was claimed', async () => {
    const templateId = await template('时段券')
    const later = await publish(templateId, { startsAt: '2026-06-10T00:00:00Z' })
    const over = await publish(templateId, { startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-05-31T00:00:00Z' })
    const someone = await consumerOf(suite.stack, 'cl_timing')
    expect((await claim(someone, later)).body.error).toEqual({ code: 'CLAIM_NOT_STARTED', message: '活动未开始' })
    expect((await claim(someone, over)).body.error).toEqual({ code: 'CLAIM_ENDED', message: '活动已结束' })
    const centre = (await someone.call('/coupon-centre')).body.items.map((item: { id: number }) => item.id)
    expect(centre).toContain(later)
    expect(centre).not.toContain(over)

    const open = await publish(templateId, { totalStock: 3 })
    expect((await claim(someone, open)).status).toBe(201)
    const shrink = await suite.admin(`/coupon-claimables/${open}`, { method: 'PATCH', body: { totalStock: 0 } })
    expect(shrink.status).toBe(400)
    const below = await suite.admin(`/coupon-claimables/${open}`, { method: 'PATCH', body: { totalStock: 1 } })
    expect(below.status).toBe(200)
    expect(below.body).toMatchObject({ totalStock: 1, claimed: 1 })
    const windowBackwards = await suite.admin(`/coupon-claimables/${open}`, { method: 'PATCH', body: { endsAt: '2026-05-01T00:00:00Z' } })
    expect(windowBackwards.body.error.code).toBe('INVALID_TIME_WINDOW')
    const takenDown = await suite.admin(`/coupon-claimables/${open}`, { method: 'PATCH', body: { active: false } })
    expect(takenDown.body.active).toBe(false)
    expect((await claim(someone, open)).body.error.message).toBe('活动已结束')
  })
})

describe('in-store redemption (核销)', () => {
  it("lets the customer's own guide redeem a coupon by its code once, on the timeline; others and wrong codes are refused", async () => {
    const templateId = await template('到店券')
    const shopper = await consumerOf(suite.stack, 'store_shopper')
    await addContact(suite.stack, 'store_shopper', 'guide_store')
    const couponId = (await suite.admin(`/customers/${shopper.id}/coupons`, { body: { templateId } })).body.id
    const detail = (await shopper.call(`/coupons/${couponId}`)).body
    expect(detail.redemptionCode).toMatch(/^\d{4}( \d{1,4})+$/)
    expect(detail.redemptionQr).toMatch(/^data:image\/png;base64,/)
    const stranger = await consumerOf(suite.stack, 'store_stranger')
    expect((await stranger.call(`/coupons/${couponId}`)).status).toBe(404)

    const guide = (path: string, token: string, init: Parameters<typeof request>[1] = {}) => request(`${suite.stack.appUrl}/api/sidebar${path}`, { token, ...init })
    const own = (await login.staff(suite.stack, 'guide_store')).token
    const other = (await login.staff(suite.stack, 'guide_other')).token
    const code = detail.redemptionCode as string
    const preview = await guide(`/coupon-redemptions/preview?redemptionCode=${encodeURIComponent(code)}`, own)
    expect(preview.body).toMatchObject({ coupon: { id: couponId, status: 'available' }, customer: { id: shopper.id }, redemption: null })

    const tampered = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10))
    expect((await guide('/coupon-redemptions', own, { body: { redemptionCode: tampered } })).body.error.code).toBe('REDEMPTION_CODE_INVALID')
    const notTheirs = await guide('/coupon-redemptions', other, { body: { redemptionCode: code } })
    expect(notTheirs.status).toBe(403)
    expect(notTheirs.body.error.message).toBe('这张券的主人不是你的客户，不能核销')

    const submit = () => guide('/coupon-redemptions', own, { body: { redemptionCode: code, store: '徐汇店' } })
    const [a, b] = await Promise.all([submit(), submit()])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    const redeemed = a.status === 201 ? a : b
    const refused = a.status === 201 ? b : a
    expect(redeemed.body).toMatchObject({ coupon: { status: 'used' }, redemption: { staffName: expect.any(String), store: '徐汇店' } })
    expect(refused.body.error.code).toBe('COUPON_ALREADY_REDEEMED')
    expect(refused.body.error.message).toMatch(/^已核销：.*（徐汇店）已于 2026-06-01 12:00:00 核销这张券$/)
    expect(await count('select count(*) as n from coupon_store_redemptions where coupon_id = ?', couponId)).toBe(1)
    const event = await suite.stack.one(
      "select e.data, s.user_id from timeline_events e join staff s on s.id = e.staff_id where e.customer_id = ? and e.type = 'coupon_used'",
      shopper.id,
    )
    expect(event.user_id).toBe('guide_store')
    expect(typeof event.data === 'string' ? JSON.parse(event.data) : event.data).toMatchObject({ couponId, channel: 'store', store: '徐汇店' })
  })

  it('refuses an expired coupon', async () => {
    const templateId = await template('一天券', { validDays: 1 })
    const shopper = await consumerOf(suite.stack, 'store_late')
    await addContact(suite.stack, 'store_late', 'guide_store')
    const couponId = (await suite.admin(`/customers/${shopper.id}/coupons`, { body: { templateId } })).body.id
    const code = (await shopper.call(`/coupons/${couponId}`)).body.redemptionCode
    clock.set('2026-06-03T04:00:00Z')
    try {
      const own = (await login.staff(suite.stack, 'guide_store')).token
      const reply = await request(`${suite.stack.appUrl}/api/sidebar/coupon-redemptions`, { token: own, body: { redemptionCode: code } })
      expect(reply.body.error).toEqual({ code: 'COUPON_EXPIRED', message: '这张券已过期' })
    } finally {
      clock.set('2026-06-01T04:00:00Z')
    }
  })
})

describe('usage statistics', () => {
  it('counts issues by source, uses at checkout and in store, expiries, the use rate and the GMV of orders that used it', async () => {
    const templateId = await template('统计券', { amountOffFen: 2000, thresholdFen: 5000 })
    const buyer = await consumerOf(suite.stack, 'stats_buyer')
    await addContact(suite.stack, 'stats_buyer', 'guide_stats')
    await suite.stack.query('update customers set name = ? where id = ?', 'stats_buyer', buyer.id)
    const batch = (await suite.admin('/coupon-batches', { body: { templateId, filter: { nameContains: 'stats_buyer' } } })).body
    await batchDone(batch.id)
    const claimableId = await publish(templateId)
    expect((await claim(buyer, claimableId)).status).toBe(201)
    expect((await suite.admin(`/customers/${buyer.id}/coupons`, { body: { templateId } })).status).toBe(201)

    // One used at checkout: a product, an address, and the best coupon taken by the order.
    const product = (await suite.admin('/products', { body: { name: '统计商品', priceFen: 9900, stock: 10 } })).body
    const skus = (await suite.admin(`/products/${product.id}/skus`, { method: 'PUT', body: { skus: [{ options: [{ name: '规格', value: '标准' }], priceFen: 9900, stock: 10 }] } })).body.skus
    const addressId = (await buyer.call('/addresses', { body: { name: '张三', phone: '13800138000', region: '上海市 上海市 徐汇区', detail: '漕溪北路 1 号' } })).body.id
    const quote = (await buyer.call('/checkout/quote', { body: { lines: [{ skuId: skus[0].id, quantity: 1 }] } })).body
    const order = await buyer.call('/checkout/orders', { body: { lines: [{ skuId: skus[0].id, quantity: 1 }], addressId, couponId: quote.couponId } })
    expect(order.status, JSON.stringify(order.body)).toBe(201)
    await buyer.call(`/orders/${order.body.id}/pay`, { method: 'POST' })
    await orderReaches(buyer, order.body.id, 'paid')

    // One redeemed in store.
    const unused = (await buyer.call('/coupons')).body.items[0].id
    const code = (await buyer.call(`/coupons/${unused}`)).body.redemptionCode
    const guide = (await login.staff(suite.stack, 'guide_stats')).token
    const storeUse = await request(`${suite.stack.appUrl}/api/sidebar/coupon-redemptions`, { token: guide, body: { redemptionCode: code } })
    expect(storeUse.status, JSON.stringify(storeUse.body)).toBe(201)

    const stats = (await suite.admin('/coupon-stats')).body.items.find((row: { templateId: number }) => row.templateId === templateId)
    expect(stats).toEqual({
      templateId,
      name: '统计券',
      issued: { total: 3, audience: 1, claim: 1, admin: 1, other: 0 },
      used: { total: 2, checkout: 1, store: 1, other: 0 },
      expired: 0,
      useRate: 2 / 3,
      gmvFen: 7900,
    })
  })
})
