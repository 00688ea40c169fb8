// How domains plug into the 360 view: the loyalty domain's sections are computed per customer inside
// the view's read transaction, and its membership section fills {{level}} and {{points}} in scripts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let li: string
let admin: string
beforeAll(async () => {
  stack = await startStack()
  li = (await login.staff(stack, 'guide_li')).token
  admin = (await login.admin(stack)).token
})
afterAll(() => stack.close())

describe('sections registered by other domains', () => {
  it('appear in the view, computed for this customer', async () => {
    const consumer = await login.consumer(stack, 'sara')
    const checkIn = await request(`${stack.appUrl}/api/mp/checkins`, { method: 'POST', token: consumer.token, body: {} })
    expect(checkIn.status).toBe(201)
    const externalUserId = await addContact(stack, 'sara', 'guide_li')
    const { body } = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}`, { token: li })
    expect(body.sections).toMatchObject({
      membership: { level: { code: 'V1', name: '普通会员' }, points: { balance: checkIn.body.balance } },
      checkIn: { streak: 1, lastCheckInDate: checkIn.body.date, totalDays: 1 },
    })

    const contactOnly = await addContact(stack, 'tom', 'guide_li')
    const other = await request(`${stack.appUrl}/api/sidebar/customers/${contactOnly}`, { token: li })
    expect(other.body.sections).toMatchObject({ membership: { points: { balance: 0 } }, checkIn: null })
  })

  it('are registered once: a second domain claiming the same section is a startup error', () => {
    expect(() => stack.app.customer360.registerSection('membership', async () => null)).toThrow(/already registered/)
  })

  it('fill level and points in a script sent to the customer', async () => {
    const consumer = await login.consumer(stack, 'uma')
    const checkIn = await request(`${stack.appUrl}/api/mp/checkins`, { method: 'POST', token: consumer.token, body: {} })
    const externalUserId = await addContact(stack, 'uma', 'guide_li', { name: '许乌玛' })
    const script = await request(`${stack.appUrl}/api/admin/scripts`, {
      token: admin,
      body: { type: 'text', title: '积分提醒', content: '{{customerName}}，您是{{level}}，现有{{points}}积分，可兑换好礼' },
    })
    const sent = await request(`${stack.appUrl}/api/sidebar/scripts/${script.body.id}/sends`, {
      token: li,
      body: { externalUserId, requestId: 'points-reminder-1' },
    })
    expect(sent.status).toBe(201)
    expect(sent.body.message).toEqual({
      msgtype: 'text',
      text: { content: `许乌玛，您是普通会员，现有${checkIn.body.balance}积分，可兑换好礼` },
    })
  })
})
