import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminOf, consumerOf, orderReaches } from '../support/activities'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let token: string
beforeAll(async () => {
  stack = await startStack()
  token = (await login.admin(stack)).token
  // Asia/Shanghai is UTC+8: 15:59Z is 23:59 on the 10th there, 16:01Z is 00:01 on the 11th.
  await addContact(stack, 'late', 'guide_li', { at: '2026-03-10T15:59:00Z' })
  await addContact(stack, 'early', 'guide_li', { at: '2026-03-10T16:01:00Z' })
  await addContact(stack, 'other', 'guide_wang', { at: '2026-03-12T02:00:00Z' })
  const gone = await addContact(stack, 'gone', 'guide_wang', { at: '2026-03-11T03:00:00Z' })
  await addContact(stack, 'before', 'guide_li', { at: '2026-03-01T03:00:00Z' })
  await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${gone}?userId=guide_wang&by=customer`, { method: 'DELETE' })
})
afterAll(() => stack.close())

const dashboard = (from: string, to: string) =>
  request(`${stack.appUrl}/api/admin/dashboard?from=${from}&to=${to}`, { token })

describe('dashboard', () => {
  it('counts adds per business day in the brand’s time zone', async () => {
    const reply = await dashboard('2026-03-10', '2026-03-12')
    expect(reply.status).toBe(200)
    expect(reply.body.days.map((d: { date: string; added: number }) => [d.date, d.added])).toEqual([
      ['2026-03-10', 1],
      ['2026-03-11', 2],
      ['2026-03-12', 1],
    ])
    expect(reply.body.totals).toMatchObject({ added: 4, customers: 5 })
  })

  it('counts a customer deleting their guide on the day it happened, and per guide', async () => {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const reply = await dashboard('2026-03-01', today)
    const lostDays = reply.body.days.filter((d: { lost: number }) => d.lost > 0)
    expect(lostDays).toEqual([expect.objectContaining({ date: today, lost: 1, net: expect.any(Number) })])
    const wang = reply.body.guides.find((g: { userId: string }) => g.userId === 'guide_wang')
    expect(wang).toMatchObject({ customers: 1, added: 2, lost: 1, churnRate: 0.5 })
    const li = reply.body.guides.find((g: { userId: string }) => g.userId === 'guide_li')
    expect(li).toMatchObject({ customers: 3, added: 3, lost: 0, churnRate: 0 })
  })

  it('refuses reversed, impossible and over-long ranges with 400', async () => {
    for (const [from, to, code] of [
      ['2026-03-12', '2026-03-10', 'INVALID_RANGE'],
      ['2026-02-30x', '2026-03-01', 'VALIDATION_FAILED'],
      ['2026-13-01', '2026-13-02', 'VALIDATION_FAILED'],
      ['2026-02-29', '2026-03-01', 'VALIDATION_FAILED'],
      ['2026-11-01', '2026-11-31', 'VALIDATION_FAILED'],
      ['2024-01-01', '2026-01-01', 'RANGE_TOO_LONG'],
    ]) {
      const reply = await dashboard(from as string, to as string)
      expect(reply.status, `${from}..${to}`).toBe(400)
      expect(reply.body.error.code).toBe(code)
    }
  })
})

describe('dashboard activity series', () => {
  it('counts check-ins, draws, paid orders not refunded with their value (GMV) and commission, and guides’ notes per business day', async () => {
    const admin = await adminOf(stack)
    const xena = await consumerOf(stack, 'xena')
    await xena.call('/checkins', { method: 'POST', body: {} })
    const now = Date.now()
    const wheel = await admin('/lotteries', {
      body: {
        name: '看板转盘',
        startsAt: new Date(now - 3600_000).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        costPoints: 0,
        freeDrawsPerDay: 2,
        maxDrawsPerUser: 2,
        prizes: [{ name: '1 积分', type: 'points', points: 1, weight: 1, stock: 10 }],
      },
    })
    await xena.call(`/lotteries/${wheel.body.id}/draws`, { method: 'POST' })
    await xena.call(`/lotteries/${wheel.body.id}/draws`, { method: 'POST' })
    // Xena came through a distributor's link: each of her orders earns a 10 % commission.
    const dee = await consumerOf(stack, 'dee')
    const { code } = (await dee.call('/distributor', { method: 'POST' })).body
    await xena.call('/referrals', { body: { distributorCode: code } })
    const product = await admin('/products', { body: { name: '洁面乳', priceFen: 5900, stock: 9 } })
    const order = await xena.call('/orders', { body: { items: [{ productId: product.body.id, quantity: 1 }] } })
    await xena.call(`/orders/${order.body.id}/pay`, { method: 'POST' })
    await orderReaches(xena, order.body.id, 'paid')
    // Paid, then refunded the same day: not a sale, so neither counted nor part of GMV, and its commission is taken back.
    const returned = await xena.call('/orders', { body: { items: [{ productId: product.body.id, quantity: 2 }] } })
    await xena.call(`/orders/${returned.body.id}/pay`, { method: 'POST' })
    await orderReaches(xena, returned.body.id, 'paid')
    expect((await admin(`/orders/${returned.body.id}/refund`, { body: { reason: '不想要了' } })).status).toBe(200)
    await orderReaches(xena, returned.body.id, 'refunded')
    const externalUserId = await addContact(stack, 'xena', 'guide_zhao')
    const zhao = await login.staff(stack, 'guide_zhao')
    await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}/follow-ups`, { token: zhao.token, body: { content: '喜欢洁面产品' } })

    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const reply = await dashboard(today, today)
    expect(reply.body.days).toEqual([
      expect.objectContaining({ date: today, checkIns: 1, draws: 2, paidOrders: 1, gmvFen: 5900, redemptions: 0, commissionFen: 590 }),
    ])
    expect(reply.body.totals).toMatchObject({ gmvFen: 5900, paidOrders: 1, groupBuySuccessRate: null })
    expect(reply.body.guides.find((g: { userId: string }) => g.userId === 'guide_zhao')).toMatchObject({ notes: 1, scriptsSent: 0 })
  })
})
