import { describe, expect, it } from 'vitest'
import { activitySuite, consumerOf, orderReaches, shipOrder } from '../support/activities'
import { request, startStack } from '../support/stack'

const suite = activitySuite('2026-06-01T04:00:00Z', { payments: 'confirm', refunds: 'confirm', delayMs: 50 })

const entries = async (query: Record<string, string>) => {
  const reply = await suite.admin(`/audit-entries?${new URLSearchParams(query)}`)
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body.items as Record<string, any>[]
}
const loginAs = (username: string, password: string, headers: Record<string, string> = {}) =>
  request(`${suite.stack.appUrl}/api/admin/login`, { body: { username, password }, headers: { 'user-agent': 'audit-test/1.0', ...headers } })

describe('audit log', () => {
  it('records a lottery edit once, in its transaction, with the changed fields before and after', async () => {
    const created = await suite.admin('/lotteries', {
      body: {
        name: '六月转盘',
        startsAt: '2026-05-31T16:00:00Z',
        endsAt: '2026-06-30T16:00:00Z',
        costPoints: 10,
        freeDrawsPerDay: 1,
        maxDrawsPerUser: 5,
        prizes: [
          { name: '一等奖', type: 'physical', weight: 10, stock: 5 },
          { name: '谢谢参与', type: 'thanks', weight: 90, stock: 0 },
        ],
      },
      headers: { 'user-agent': 'audit-test/1.0' },
    })
    expect(created.status).toBe(201)
    const [first, thanks] = created.body.prizes
    const edited = await suite.admin(`/lotteries/${created.body.id}`, {
      method: 'PATCH',
      body: { name: '六月幸运转盘', prizes: [{ id: first.id, weight: 30 }, { id: thanks.id, weight: 90 }] },
      headers: { 'user-agent': 'audit-test/1.0' },
    })
    expect(edited.status, JSON.stringify(edited.body)).toBe(200)

    const found = await entries({ objectType: 'lotteries', objectId: String(created.body.id) })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({
      adminName: 'admin',
      adminId: expect.any(Number),
      action: 'update',
      method: 'PATCH',
      route: '/api/admin/lotteries/:id',
      status: null,
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
      at: '2026-06-01T04:00:00.000Z',
      requestBody: { name: '六月幸运转盘' },
    })
    expect(found[0]!.changes).toEqual([
      { field: 'name', before: '六月转盘', after: '六月幸运转盘' },
      { field: 'prizes.weight', item: '一等奖', before: 10, after: 30 },
    ])

    // The create has no service entry: the request's own entry names the collection, the answer and what was sent.
    const creation = (await entries({ objectType: 'lotteries', action: 'create' })).find((entry) => entry.requestBody.name === '六月转盘')
    expect(creation).toMatchObject({ status: 201, objectId: null, route: '/api/admin/lotteries', changes: [] })

    // A refused edit changes nothing and is recorded with its refusal.
    const refused = await suite.admin(`/lotteries/${created.body.id}`, { method: 'PATCH', body: { prizes: [{ id: first.id, weight: 0 }] } })
    expect(refused.status).toBe(400)
    const after = await entries({ objectType: 'lotteries', objectId: String(created.body.id) })
    expect(after).toHaveLength(2)
    expect(after[0]).toMatchObject({ status: 400, changes: [] })
  })

  it('records a refund with the order’s status and refunded money before and after', async () => {
    const cup = (await suite.admin('/products', { body: { name: '保温杯', priceFen: 12_900, stock: 10 } })).body
    const buyer = await consumerOf(suite.stack, 'auditbuyer')
    const order = (await buyer.call('/orders', { body: { items: [{ productId: cup.id, quantity: 1 }] } })).body
    const paying = await buyer.call(`/orders/${order.id}/pay`, { method: 'POST' })
    expect(paying.status, JSON.stringify(paying.body)).toBe(200)
    await orderReaches(buyer, order.id, 'paid')
    const refunded = await suite.admin(`/orders/${order.id}/refund`, { body: { reason: '客户不想要了' } })
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200)

    const found = await entries({ objectType: 'orders', objectId: String(order.id) })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ action: 'refund', route: '/api/admin/orders/:id/refund', requestBody: { reason: '客户不想要了' } })
    expect(found[0]!.changes).toEqual([
      { field: 'status', before: 'paid', after: 'refunding' },
      { field: 'refundedFen', before: 0, after: 12_900 },
    ])
    // A second refund is refused: the refusal is logged, nothing changed.
    const again = await suite.admin(`/orders/${order.id}/refund`, { body: { reason: '重复' } })
    expect(again.status).toBe(409)
    expect((await entries({ objectType: 'orders', objectId: String(order.id) }))[0]).toMatchObject({ action: 'refund', status: 409, changes: [] })
  })

  it('records a price change, a group-buy, a coupon template, a shipment and a setting with their fields before and after', async () => {
    const flask = (await suite.admin('/products', { body: { name: '随行杯', priceFen: 5_900, stock: 10 } })).body
    const repriced = await suite.admin(`/products/${flask.id}`, { method: 'PATCH', body: { priceFen: 4_900, stock: 10 } })
    expect(repriced.status, JSON.stringify(repriced.body)).toBe(200)
    expect((await entries({ objectType: 'products', objectId: String(flask.id) }))[0]).toMatchObject({
      action: 'update',
      changes: [{ field: 'priceFen', before: 5_900, after: 4_900 }],
    })

    const campaign = (await suite.admin('/groupbuys', { body: { productId: flask.id, groupSize: 2, priceFen: 3_900, durationMinutes: 60, stock: 5 } })).body
    expect((await suite.admin(`/groupbuys/${campaign.id}`, { method: 'PATCH', body: { priceFen: 3_500, stock: 5 } })).status).toBe(200)
    expect((await entries({ objectType: 'groupbuys', objectId: String(campaign.id) }))[0]!.changes).toEqual([{ field: 'priceFen', before: 3_900, after: 3_500 }])

    const template = (await suite.admin('/coupon-templates', { body: { name: '满 100 减 10', kind: 'amount_off', amountOffFen: 1_000, thresholdFen: 10_000, validDays: 30 } })).body
    expect((await suite.admin(`/coupon-templates/${template.id}`, { method: 'PATCH', body: { validDays: 15 } })).status).toBe(200)
    expect((await entries({ objectType: 'coupon-templates', objectId: String(template.id) }))[0]!.changes).toEqual([{ field: 'validDays', before: 30, after: 15 }])

    const buyer = await consumerOf(suite.stack, 'shipbuyer')
    const order = (await buyer.call('/orders', { body: { items: [{ productId: flask.id, quantity: 1 }] } })).body
    await buyer.call(`/orders/${order.id}/pay`, { method: 'POST' })
    await orderReaches(buyer, order.id, 'paid')
    const { shipment } = await shipOrder(suite.admin, order.id)
    expect((await entries({ objectType: 'orders', objectId: String(order.id) }))[0]).toMatchObject({
      action: 'ship',
      changes: [
        { field: 'status', before: 'paid', after: 'shipped' },
        { field: 'trackingNo', before: null, after: `${shipment.carrierName} ${shipment.trackingNo}` },
      ],
    })

    const before = (await suite.admin('/fulfilment/settings')).body
    const saved = await suite.admin('/fulfilment/settings', { method: 'PUT', body: { ...before, autoCompleteDays: before.autoCompleteDays + 1 } })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    expect((await entries({ objectType: 'settings', objectId: 'fulfilment' }))[0]).toMatchObject({
      action: 'update',
      route: '/api/admin/fulfilment/settings',
      changes: [{ field: 'autoCompleteDays', before: before.autoCompleteDays, after: before.autoCompleteDays + 1 }],
    })
  })

  it('records logins and refused logins, naming the admin when the username is one', async () => {
    expect((await loginAs('admin', 'wrong-password')).status).toBe(401)
    expect((await loginAs('nobody', 'whatever')).status).toBe(401)
    expect((await loginAs('admin', suite.stack.config.admin.password)).status).toBe(200)
    const failed = await entries({ action: 'login_failed' })
    expect(failed.slice(0, 2)).toEqual([
      expect.objectContaining({ adminName: 'nobody', adminId: null, status: 401, userAgent: 'audit-test/1.0', requestBody: null }),
      expect.objectContaining({ adminName: 'admin', adminId: expect.any(Number), status: 401, ip: '127.0.0.1' }),
    ])
    expect((await entries({ action: 'login', admin: 'admin' }))[0]).toMatchObject({ status: 200, route: '/api/admin/login', objectType: 'admins' })
  })

  it('takes the address from X-Forwarded-For only when a trusted proxy put it there', async () => {
    await loginAs('admin', 'forged-address', { 'x-forwarded-for': '203.0.113.9' })
    expect((await entries({ action: 'login_failed' }))[0]).toMatchObject({ ip: '127.0.0.1' })
    const proxied = await startStack({ TRUST_PROXY_HOPS: '1' })
    try {
      await request(`${proxied.appUrl}/api/admin/login`, { body: { username: 'admin', password: 'behind-a-proxy' }, headers: { 'x-forwarded-for': '203.0.113.9' } })
      const [entry] = await proxied.query<{ ip: string; action: string }>('select ip, action from audit_entries order by id desc limit 1')
      expect(entry).toEqual({ ip: '203.0.113.9', action: 'login_failed' })
    } finally {
      await proxied.close()
    }
  })

  it('records any changing admin route by itself, with secrets kept out, and not reads', async () => {
    const wrong = await suite.admin('/password', { body: { currentPassword: 'not-my-password', newPassword: 'another-one-123' } })
    expect(wrong.status).toBe(401)
    const [entry] = await entries({ action: 'password' })
    expect(entry).toMatchObject({ status: 401, method: 'POST', route: '/api/admin/password', requestBody: { currentPassword: '***', newPassword: '***' } })
    expect(JSON.stringify(entry)).not.toContain('not-my-password')

    const tag = await suite.admin('/tags', { body: { name: '审计标签', groupName: '审计' } })
    const tagEntry = (await entries({ objectType: 'tags' }))[0]
    expect(tagEntry).toMatchObject({ action: 'create', status: tag.status, requestBody: { name: '审计标签' } })

    const before = (await entries({ limit: '100' })).length
    await suite.admin('/lotteries')
    await suite.admin('/audiences/count', { body: { filter: {} } })
    expect((await entries({ limit: '100' })).length).toBe(before)
  })

  it('searches by person, action and dates, a page at a time', async () => {
    const page = await suite.admin('/audit-entries?limit=2')
    expect(page.body.items).toHaveLength(2)
    const next = await suite.admin(`/audit-entries?limit=2&cursor=${page.body.nextCursor}`)
    expect(next.body.items[0].id).toBeLessThan(page.body.items[1].id)
    // The suite's clock stands on 2026-06-01 (Asia/Shanghai), where every entry was made.
    expect((await entries({ from: '2026-06-01', to: '2026-06-01', limit: '100' })).length).toBeGreaterThan(5)
    expect(await entries({ from: '2026-06-02', to: '2026-06-30' })).toEqual([])
    expect(await entries({ admin: 'someone-else' })).toEqual([])
    expect((await suite.admin('/audit-entries?action=burn')).status).toBe(400)
  })

  it('cannot be changed or removed: no route, and the database refuses', async () => {
    const [latest] = await entries({})
    expect((await suite.admin(`/audit-entries/${latest!.id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await suite.admin(`/audit-entries/${latest!.id}`, { method: 'PATCH', body: {} })).status).toBe(404)
    await expect(suite.stack.query("update audit_entries set action = 'create' where id = ?", latest!.id)).rejects.toThrow(/append-only/)
    await expect(suite.stack.query('delete from audit_entries where id = ?', latest!.id)).rejects.toThrow(/append-only/)
    expect((await entries({}))[0]).toEqual(latest)
  })
})
