// The console's read of the customer 360 view: built by the same code as the guide's, any customer by id.
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

const sidebar = (path: string) => `${stack.appUrl}/api/sidebar${path}`
const adminApi = (path: string) => `${stack.appUrl}/api/admin${path}`

describe('the console 360 view', () => {
  it("equals the guide's view of the same customer, without the guide's reminders", async () => {
    await login.consumer(stack, 'nina')
    const externalUserId = await addContact(stack, 'nina', 'guide_li', { name: '宋妮娜' })
    await request(sidebar(`/customers/${externalUserId}/profile`), { method: 'PATCH', body: { city: '苏州' }, token: li })
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString()
    const note = await request(sidebar(`/customers/${externalUserId}/follow-ups`), {
      body: { content: '想要敏感肌的面霜', nextContactAt: tomorrow },
      token: li,
    })
    expect(note.status).toBe(201)

    const guide = await request(sidebar(`/customers/${externalUserId}`), { token: li })
    expect(guide.body.myReminders).toEqual([expect.objectContaining({ id: note.body.id })])
    const reply = await request(adminApi(`/customers/${guide.body.profile.id}`), { token: admin })
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ ...guide.body, myReminders: [] })
    expect(reply.body.profile).toMatchObject({ name: '宋妮娜', city: '苏州', isWecomContact: true, isMiniProgramUser: true })
  })

  it('shows a mini-program-only customer, who has no WeCom contact id', async () => {
    const { customer } = await login.consumer(stack, 'otto')
    const reply = await request(adminApi(`/customers/${customer.id}`), { token: admin })
    expect(reply.status).toBe(200)
    expect(reply.body.profile).toMatchObject({ id: customer.id, externalUserId: null, isMiniProgramUser: true, isWecomContact: false })
    expect(reply.body.followers).toEqual([])
    expect(reply.body.timeline.items.map((item: { type: string }) => item.type)).toEqual(['mp_registered'])
    expect(reply.body.myReminders).toEqual([])
  })

  it("pages the timeline and the notes like the guide's pages", async () => {
    const externalUserId = await addContact(stack, 'pia', 'guide_li')
    for (let i = 1; i <= 12; i++) {
      await request(sidebar(`/customers/${externalUserId}/follow-ups`), { body: { content: `第${i}次回访` }, token: li })
    }
    const { id } = (await request(sidebar(`/customers/${externalUserId}`), { token: li })).body.profile
    for (const list of ['timeline', 'follow-ups']) {
      const seen: unknown[] = []
      let cursor: string | null = ''
      while (cursor !== null) {
        const query: string = `?limit=5${cursor ? `&cursor=${cursor}` : ''}`
        const page = await request(adminApi(`/customers/${id}/${list}${query}`), { token: admin })
        const guidePage = await request(sidebar(`/customers/${externalUserId}/${list}${query}`), { token: li })
        expect(page.status, list).toBe(200)
        expect(page.body, list).toEqual(guidePage.body)
        seen.push(...page.body.items)
        cursor = page.body.nextCursor
      }
      // Twelve notes, and the timeline has the add as well.
      expect(seen, list).toHaveLength(list === 'timeline' ? 13 : 12)
    }
  })

  it('answers an unknown customer with 404 and a guide token with 401 on every console 360 route', async () => {
    for (const path of ['/customers/999999', '/customers/999999/timeline', '/customers/999999/follow-ups']) {
      const reply = await request(adminApi(path), { token: admin })
      expect(reply.status, path).toBe(404)
      expect(reply.body.error.code, path).toBe('CUSTOMER_NOT_FOUND')
      expect((await request(adminApi(path), { token: li })).status, path).toBe(401)
    }
  })
})
