// A customer who uses the mini-program and chats with a guide: the guide's 360 view shows what they
// did there — check-ins, draws and orders — from the domains' own tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminOf, consumerOf, orderReaches } from '../support/activities'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.close())

describe('the 360 view of a mini-program user', () => {
  it('shows their check-ins, draws and orders', async () => {
    const admin = await adminOf(stack)
    const vera = await consumerOf(stack, 'vera')
    const externalUserId = await addContact(stack, 'vera', 'guide_li', { name: '林薇' })

    expect((await vera.call('/checkins', { method: 'POST', body: {} })).status).toBe(201)

    const now = Date.now()
    const wheel = await admin('/lotteries', {
      body: {
        name: '会员转盘',
        startsAt: new Date(now - 3600_000).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        costPoints: 0,
        freeDrawsPerDay: 3,
        maxDrawsPerUser: 3,
        prizes: [{ name: '面膜一片', type: 'physical', weight: 1, stock: 10 }],
      },
    })
    expect(wheel.status).toBe(201)
    const draw = await vera.call(`/lotteries/${wheel.body.id}/draws`, { method: 'POST' })
    expect(draw.body.draw.prize).toMatchObject({ name: '面膜一片' })

    const product = await admin('/products', { body: { name: '玻尿酸精华', priceFen: 12900, stock: 50 } })
    const order = await vera.call('/orders', { body: { items: [{ productId: product.body.id, quantity: 2 }] } })
    expect(order.status).toBe(201)
    await vera.call(`/orders/${order.body.id}/pay`, { method: 'POST' })
    await orderReaches(vera, order.body.id, 'paid')

    const guide = await login.staff(stack, 'guide_li')
    const view = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}`, { token: guide.token })
    expect(view.status).toBe(200)
    const { sections, timeline } = view.body
    expect(sections.checkIn).toMatchObject({ streak: 1, totalDays: 1 })
    expect(sections.draws).toEqual({
      total: 1,
      recentPrizes: [{ prizeName: '面膜一片', prizeType: 'physical', drawnAt: expect.any(String) }],
    })
    expect(sections.orders).toMatchObject({
      count: 1,
      totalSpendFen: 25800,
      averageOrderValueFen: 25800,
      favouriteProducts: [{ productId: product.body.id, name: '玻尿酸精华', quantity: 2 }],
      recent: [expect.objectContaining({ id: order.body.id, status: 'paid', amountFen: 25800, title: '玻尿酸精华' })],
    })
    const types = timeline.items.map((item: { type: string }) => item.type)
    expect(types).toEqual(expect.arrayContaining(['checked_in', 'lottery_drawn', 'order_created', 'order_paid']))
  })
})
