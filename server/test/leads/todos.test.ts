// The guide's to-do list gathers every kind of open item for the guide, soonest due first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, manualClock, request, startStack, type Stack } from '../support/stack'

const clock = manualClock('2026-03-01T02:00:00.000Z')
let stack: Stack
let token: string

beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
  token = (await login.staff(stack, 'guide_li')).token
})
afterAll(() => stack?.close())

const sidebar = (method: string, path: string, body?: unknown, as = token) => request(`${stack.appUrl}/api/sidebar${path}`, { method, body, token: as })

describe('the to-do list', () => {
  it('lists the guide’s follow-up reminders as to-dos, soonest first, and only theirs', async () => {
    const a = await addContact(stack, 'todo_a', 'guide_li')
    const b = await addContact(stack, 'todo_b', 'guide_li')
    await sidebar('POST', `/customers/${a}/follow-ups`, { content: '月底回访', nextContactAt: '2026-03-20T02:00:00.000Z' })
    await sidebar('POST', `/customers/${b}/follow-ups`, { content: '问问试用感受', nextContactAt: '2026-03-05T02:00:00.000Z' })
    const reply = await sidebar('GET', '/todos')
    expect(reply.status).toBe(200)
    expect(reply.body.items).toEqual([
      expect.objectContaining({ kind: 'reminder', detail: '问问试用感受', dueAt: '2026-03-05T02:00:00.000Z', customer: expect.objectContaining({ externalUserId: b }) }),
      expect.objectContaining({ kind: 'reminder', detail: '月底回访', dueAt: '2026-03-20T02:00:00.000Z', customer: expect.objectContaining({ externalUserId: a }) }),
    ])
    const other = (await login.staff(stack, 'guide_wang')).token
    expect((await sidebar('GET', '/todos', undefined, other)).body.items).toEqual([])
    expect((await sidebar('GET', '/todos?kind=nothing')).status).toBe(400)
  })
})
