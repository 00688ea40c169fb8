// How other domains plug into the 360 view: a section builder registered on app.customer360 runs inside
// the view's read transaction, and the membership section fills {{level}} and {{points}} in scripts.
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { levelForGrowth } from '@liuliang/shared'
import { customerTags, timelineEvents } from '../../src/db/schema'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let li: string
let admin: string
beforeAll(async () => {
  stack = await startStack()
  li = (await login.staff(stack, 'guide_li')).token
  admin = (await login.admin(stack)).token
  // A stand-in membership domain whose "points" are ten per timeline event, read from the real tables.
  stack.app.customer360.registerSection('membership', (tx, customer) => {
    const events = tx.select({ n: count() }).from(timelineEvents).where(eq(timelineEvents.customerId, customer.id)).get()?.n ?? 0
    const growth = events * 10
    const { level, nextLevelAt } = levelForGrowth(growth)
    return { level: { code: level.code, name: level.name }, points: { balance: growth }, growth: { value: growth, nextLevelAt } }
  })
  // A domain with nothing on customers who never used the mini-program answers null for them.
  stack.app.customer360.registerSection('checkIn', (tx, customer) => {
    if (customer.openid === null) return null
    const tagged = tx.select({ n: count() }).from(customerTags).where(eq(customerTags.customerId, customer.id)).get()?.n ?? 0
    return { streak: tagged, lastCheckInDate: null, totalDays: tagged }
  })
})
afterAll(() => stack.close())

describe('sections registered by other domains', () => {
  it('appear in the view, computed for this customer', async () => {
    await login.consumer(stack, 'sara')
    const externalUserId = await addContact(stack, 'sara', 'guide_li')
    const { body } = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}`, { token: li })
    expect(body.sections).toEqual({
      membership: { level: { code: 'V1', name: '普通会员' }, points: { balance: 20 }, growth: { value: 20, nextLevelAt: 500 } },
      checkIn: { streak: 0, lastCheckInDate: null, totalDays: 0 },
    })

    const contactOnly = await addContact(stack, 'tom', 'guide_li')
    const other = await request(`${stack.appUrl}/api/sidebar/customers/${contactOnly}`, { token: li })
    expect(other.body.sections).toEqual({ membership: expect.objectContaining({ points: { balance: 10 } }), checkIn: null })
  })

  it('are registered once: a second domain claiming the same section is a startup error', () => {
    expect(() => stack.app.customer360.registerSection('membership', () => null)).toThrow(/already registered/)
  })

  it('fill level and points in a script sent to the customer', async () => {
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
    // One event (added) when the values were read; the send's own event lands after.
    expect(sent.body.message).toEqual({ msgtype: 'text', text: { content: '许乌玛，您是普通会员，现有10积分，可兑换好礼' } })
  })
})
