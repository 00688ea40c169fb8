import { describe, expect, it } from 'vitest'
import { addContact, request } from '../support/stack'
import { activitySuite, consumerOf, orderReaches, refundsSettle, shipOrder, type Consumer } from '../support/activities'

const suite = activitySuite('2026-08-03T02:00:00Z', { delayMs: 20 })
const { clock } = suite

const advanceDays = (days: number) => clock.set(new Date(clock.now().getTime() + days * 86_400_000).toISOString())

async function distributor(who: string, referrerCode?: string) {
  const person = await consumerOf(suite.stack, who)
  if (referrerCode) await person.call('/referrals', { body: { distributorCode: referrerCode } })
  const applied = await person.call('/distributor', { method: 'POST' })
  expect(applied.status).toBe(201)
  expect(applied.body.status).toBe('approved')
  return { ...person, code: applied.body.code as string }
}

async function buy(person: Consumer, priceFen: number) {
  const product = (await suite.admin('/products', { body: { name: `好物 ${priceFen}`, priceFen, stock: 10 } })).body
  const order = (await person.call('/orders', { body: { items: [{ productId: product.id, quantity: 1 }] } })).body
  await person.call(`/orders/${order.id}/pay`, { method: 'POST' })
  await orderReaches(person, order.id, 'paid')
  return order.id as number
}

const earnings = async (person: Consumer) => (await person.call('/distributor/earnings')).body

describe('distribution', () => {
  it('binds a customer to the first distributor whose link they open, for 30 days, never to themselves', async () => {
    const dora = await distributor('bind_dora')
    const fred = await distributor('bind_fred')
    const eve = await consumerOf(suite.stack, 'bind_eve')
    expect((await eve.call('/referrals', { body: { distributorCode: dora.code } })).body).toMatchObject({ bound: true, distributor: { code: dora.code } })
    const second = (await eve.call('/referrals', { body: { distributorCode: fred.code } })).body
    expect(second).toMatchObject({ bound: false, reason: '已绑定其他分销员' })
    expect((await dora.call('/referrals', { body: { distributorCode: dora.code } })).body).toMatchObject({ bound: false, reason: '不能绑定自己' })
    expect((await dora.call('/referrals', { body: { distributorCode: fred.code } })).body.bound).toBe(false)
    expect((await eve.call('/referrals', { body: { distributorCode: 'ZZZZZZZZ' } })).body.error.code).toBe('DISTRIBUTOR_NOT_FOUND')
    expect((await dora.call('/distributor/team')).body.members.map((m: any) => m.customerId)).toEqual([eve.id])

    advanceDays(31)
    expect((await eve.call('/referrals', { body: { distributorCode: fred.code } })).body.bound).toBe(true)
    expect((await eve.call('/distributor')).body.binding).toMatchObject({ code: fred.code })
  })

  it('freezes level-1 and level-2 commission, settles it after completion + 7 days, and reverses it on refund', async () => {
    const gus = await distributor('gus')
    const dora = await distributor('dora', gus.code)
    const eve = await consumerOf(suite.stack, 'eve')
    await eve.call('/referrals', { body: { distributorCode: dora.code } })

    const kept = await buy(eve, 10_000)
    expect(await earnings(dora)).toMatchObject({ frozen: 1000, settled: 0, withdrawable: 0 })
    expect(await earnings(gus)).toMatchObject({ frozen: 500 })
    // The upline was fixed when the order was placed: a later binding change does not move it.
    const refundedEarly = await buy(eve, 5_000)
    expect((await earnings(dora)).frozen).toBe(1500)
    await suite.admin(`/orders/${refundedEarly}/refund`, { body: { reason: '不想要了' } })
    expect((await earnings(dora)).frozen).toBe(1000)

    await shipOrder(suite.admin, kept)
    expect((await eve.call(`/orders/${kept}/confirm`, { method: 'POST' })).body.status).toBe('completed')
    advanceDays(6)
    await suite.stack.app.scheduler.runDue()
    expect(await earnings(dora)).toMatchObject({ frozen: 1000, withdrawable: 0 })
    advanceDays(1.1)
    await suite.stack.app.scheduler.runDue()
    expect(await earnings(dora)).toMatchObject({ frozen: 0, settled: 1000, withdrawable: 1000 })
    expect(await earnings(gus)).toMatchObject({ frozen: 0, settled: 500, withdrawable: 500 })

    // Dora withdraws most of it, then the order is refunded after all: she owes the rest.
    expect((await dora.call('/distributor/withdrawals', { body: { amountFen: 800 } })).status).toBe(201)
    await suite.admin(`/orders/${kept}/refund`, { body: { reason: '质量问题' } })
    await refundsSettle(suite.stack)
    expect(await earnings(dora)).toMatchObject({ frozen: 0, settled: 0, withdrawable: 0, pendingWithdrawal: 800, owed: 800 })
    const reversed = (await dora.call('/distributor/commissions')).body.items.find((c: any) => c.orderId === kept)
    expect(reversed).toMatchObject({ status: 'reversed', owedFen: 800 })

    // The next settled commission pays the debt off first.
    const next = await buy(eve, 20_000)
    await shipOrder(suite.admin, next)
    await eve.call(`/orders/${next}/confirm`, { method: 'POST' })
    advanceDays(8)
    await suite.stack.app.scheduler.runDue()
    expect(await earnings(dora)).toMatchObject({ settled: 2000, withdrawable: 1200, owed: 0 })
    const types = (
      await suite.stack.query("select type from timeline_events where customer_id = ? and type like 'commission_%' order by id", dora.id)
    ).map((row) => row.type)
    expect(types).toEqual([
      'commission_earned',
      'commission_earned',
      'commission_reversed',
      'commission_settled',
      'commission_reversed',
      'commission_earned',
      'commission_settled',
    ])
  })

  it('pays out once when 8 withdrawals of 100 race against a balance of 100', async () => {
    // Also a guide's WeCom contact, so the reviewing admin sees her name.
    await addContact(suite.stack, 'hana', 'guide_li', { name: '花娜' })
    const hana = await distributor('hana')
    const ivy = await consumerOf(suite.stack, 'ivy')
    await ivy.call('/referrals', { body: { distributorCode: hana.code } })
    const order = await buy(ivy, 1_000)
    await shipOrder(suite.admin, order)
    await ivy.call(`/orders/${order}/confirm`, { method: 'POST' })
    advanceDays(8)
    await suite.stack.app.scheduler.runDue()
    expect((await earnings(hana)).withdrawable).toBe(100)

    const below = await hana.call('/distributor/withdrawals', { body: { amountFen: 50 } })
    expect(below.body.error.code).toBe('BELOW_MINIMUM_WITHDRAWAL')
    const attempts = await Promise.all(Array.from({ length: 8 }, () => hana.call('/distributor/withdrawals', { body: { amountFen: 100 } })))
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(1)
    expect(attempts.filter((a) => a.status === 409).every((a) => a.body.error.code === 'INSUFFICIENT_BALANCE')).toBe(true)
    const withdrawal = attempts.find((a) => a.status === 201)!.body
    const pending = (await suite.admin('/withdrawals?status=pending')).body.items.find((w: any) => w.id === withdrawal.id)
    expect(pending).toMatchObject({ amountFen: 100, distributorName: '花娜', customerId: hana.id })

    const decisions = await Promise.all([
      suite.admin(`/withdrawals/${withdrawal.id}/approve`, { method: 'POST' }),
      suite.admin(`/withdrawals/${withdrawal.id}/approve`, { method: 'POST' }),
      suite.admin(`/withdrawals/${withdrawal.id}/reject`, { body: { note: '重复' } }),
    ])
    expect(decisions.filter((d) => d.status === 200)).toHaveLength(1)
    // The audit log holds the one decision with the status before and after, and the two refused with their 409.
    const decided = decisions.find((d) => d.status === 200)!.body
    const logged = (await suite.admin(`/audit-entries?objectType=withdrawals&objectId=${withdrawal.id}`)).body.items
    expect(logged.filter((entry: any) => entry.changes.length > 0)).toEqual([
      expect.objectContaining({ action: decided.status === 'paid' ? 'approve' : 'reject', status: null, adminName: 'admin' }),
    ])
    expect(logged.find((entry: any) => entry.changes.length > 0).changes[0]).toEqual({ field: 'status', before: 'pending', after: decided.status })
    expect(logged.filter((entry: any) => entry.status === 409)).toHaveLength(2)
    const final = await earnings(hana)
    expect(final.withdrawable + final.pendingWithdrawal + final.withdrawn).toBe(100)
    expect((await suite.admin('/withdrawals?status=pending')).body.items.filter((w: any) => w.id === withdrawal.id)).toEqual([])
  })

  it('refuses commission rates that together would take more than half of each order, keeping the rates in force', async () => {
    const before = (await suite.admin('/distribution/settings')).body
    const greedy = await suite.admin('/distribution/settings', { method: 'PUT', body: { ...before, level1Percent: 40, level2Percent: 20 } })
    expect(greedy.status).toBe(400)
    expect(greedy.body.error).toEqual({ code: 'COMMISSION_TOO_HIGH', message: '一级与二级佣金比例合计不能超过 50%' })
    expect((await suite.admin('/distribution/settings')).body).toEqual(before)
  })

  it('draws the share code through the WeChat client', async () => {
    const jin = await distributor('jin')
    const response = await fetch(`${suite.stack.appUrl}/api/mp/distributor/share-code`, { headers: { authorization: `Bearer ${jin.token}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('image/jpeg')
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100)
    const kim = await consumerOf(suite.stack, 'kim')
    expect((await request(`${suite.stack.appUrl}/api/mp/distributor/share-code`, { token: kim.token })).body.error.code).toBe('NOT_A_DISTRIBUTOR')
  })
})
