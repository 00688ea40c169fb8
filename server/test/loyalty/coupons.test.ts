import { describe, expect, it } from 'vitest'
import { login, request } from '../support/stack'
import { useLoyaltyStack } from './loyalty-stack'

// 2026-03-09 12:00 in Shanghai.
const loyalty = useLoyaltyStack('2026-03-09T04:00:00Z')
const { clock, admin } = loyalty


describe('coupons', () => {
  it('checks that a template says how much it takes off', async () => {
    const noAmount = await admin('/coupon-templates', { body: { name: '坏模板', kind: 'amount_off', thresholdFen: 0, validDays: 3 } })
    expect(noAmount.status).toBe(400)
    expect(noAmount.body.error.code).toBe('INVALID_COUPON_TEMPLATE')
    const discount = await admin('/coupon-templates', { body: { name: '85 折券', kind: 'discount', discountPercent: 85, thresholdFen: 10000, validDays: 7 } })
    expect(discount.status).toBe(201)
    expect(discount.body).toMatchObject({ kind: 'discount', discountPercent: 85, amountOffFen: null, active: true })
  })

  it('refuses a threshold coupon that takes the whole threshold off, on creation and on a later edit', async () => {
    const free = await admin('/coupon-templates', { body: { name: '满 50 减 50', kind: 'amount_off', amountOffFen: 5000, thresholdFen: 5000, validDays: 3 } })
    expect(free.status).toBe(400)
    expect(free.body.error).toEqual({ code: 'INVALID_COUPON_TEMPLATE', message: '减免金额必须小于使用门槛' })
    const template = (await admin('/coupon-templates', { body: { name: '满 100 减 30', kind: 'amount_off', amountOffFen: 3000, thresholdFen: 10000, validDays: 3 } })).body
    const lowered = await admin(`/coupon-templates/${template.id}`, { method: 'PATCH', body: { thresholdFen: 2000 } })
    expect(lowered.status).toBe(400)
    expect(lowered.body.error.message).toBe('减免金额必须小于使用门槛')
    // No threshold at all is a plain cash coupon, which stays allowed.
    expect((await admin(`/coupon-templates/${template.id}`, { method: 'PATCH', body: { thresholdFen: 0 } })).body.thresholdFen).toBe(0)
  })

  it('issues, uses once, and expires at the end of its last business day', async () => {
    const template = (await admin('/coupon-templates', { body: { name: '满 100 减 20', kind: 'amount_off', amountOffFen: 2000, thresholdFen: 10000, validDays: 3 } })).body
    const { token, customer } = await login.consumer(loyalty.stack, 'alice')
    const issue = () =>
      admin(`/customers/${customer.id}/coupons`, { body: { templateId: template.id }, headers: { 'idempotency-key': `welcome-${customer.id}` } })
    const [first, again] = [await issue(), await issue()]
    expect(first.status).toBe(201)
    expect(again.body.id).toBe(first.body.id)
    // Valid through 2026-03-11, so it ends at 2026-03-12 00:00 Shanghai.
    expect(first.body).toMatchObject({ status: 'available', source: 'admin', validUntil: '2026-03-11T16:00:00.000Z' })
    const second = (await admin(`/customers/${customer.id}/coupons`, { body: { templateId: template.id } })).body

    const mine = (status: string) => request(`${loyalty.stack.appUrl}/api/mp/coupons?status=${status}`, { token })
    expect((await mine('available')).body.items).toHaveLength(2)

    const used = await admin(`/coupons/${first.body.id}/use`, { body: { orderRef: 'POS-0001' } })
    expect(used.body).toMatchObject({ status: 'used', usedAt: expect.any(String) })
    const retried = await admin(`/coupons/${first.body.id}/use`, { body: { orderRef: 'POS-0001' } })
    expect(retried.body).toEqual(used.body)
    const twice = await admin(`/coupons/${first.body.id}/use`, { body: { orderRef: 'POS-0002' } })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('COUPON_NOT_USABLE')
    expect((await mine('used')).body.items.map((c: { id: number }) => c.id)).toEqual([first.body.id])

    const expiring = await admin('/coupons/expiring?withinDays=3')
    expect(expiring.body.items).toEqual([expect.objectContaining({ id: second.id, customerId: customer.id })])

    clock.set('2026-03-11T16:00:00Z')
    // Past its end it reads as expired even before the scheduler runs.
    expect((await mine('expired')).body.items.map((c: { id: number }) => c.id)).toEqual([second.id])
    expect(await loyalty.stack.app.scheduler.runDue()).toBeGreaterThan(0)
    const row = await loyalty.stack.one('select status from coupons where id = ?', second.id)
    expect(row).toEqual({ status: 'expired' })
    const events = await loyalty.stack.query("select type from timeline_events where customer_id = ? and type like 'coupon_%' order by id", customer.id)
    expect(events).toEqual([{ type: 'coupon_issued' }, { type: 'coupon_issued' }, { type: 'coupon_used' }, { type: 'coupon_expired' }])
    expect((await admin(`/coupons/${second.id}/use`, { body: {} })).body.error.code).toBe('COUPON_NOT_USABLE')
    expect((await mine('available')).body.items).toEqual([])
  })

  it('stops issuing from an inactive template', async () => {
    const template = (await admin('/coupon-templates', { body: { name: '停发券', kind: 'amount_off', amountOffFen: 500, thresholdFen: 0, validDays: 1 } })).body
    await admin(`/coupon-templates/${template.id}`, { method: 'PATCH', body: { active: false } })
    const { customer } = await login.consumer(loyalty.stack, 'bob')
    const reply = await admin(`/customers/${customer.id}/coupons`, { body: { templateId: template.id } })
    expect(reply.status).toBe(409)
    expect(reply.body.error.code).toBe('COUPON_TEMPLATE_INACTIVE')
  })
})
