// The customer 360 view and what guides edit on it: profile fields, follow-up notes and reminders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let li: string
let zhao: string
beforeAll(async () => {
  stack = await startStack()
  li = (await login.staff(stack, 'guide_li')).token
  zhao = (await login.staff(stack, 'guide_zhao')).token
})
afterAll(() => stack.close())

const url = (path: string) => `${stack.appUrl}/api/sidebar${path}`
const view = async (externalUserId: string, token = li) => request(url(`/customers/${externalUserId}`), { token })

describe('the 360 view', () => {
  it('shows a WeCom contact who also uses the mini-program as one customer with both histories', async () => {
    await login.consumer(stack, 'ivy')
    const externalUserId = await addContact(stack, 'ivy', 'guide_li', { name: '吴艾薇' })
    const reply = await view(externalUserId)
    expect(reply.status).toBe(200)
    const { profile, timeline, followers, lifecycle, sections, followUps, myReminders } = reply.body
    expect(profile).toMatchObject({
      externalUserId,
      name: '吴艾薇',
      isMiniProgramUser: true,
      isWecomContact: true,
      mpRegisteredAt: expect.any(String),
      phoneMasked: null,
      remark: null,
    })
    // WeCom stamps the add in whole seconds, so within one second the two may come in either order.
    expect(timeline.items.map((item: { type: string }) => item.type).sort()).toEqual(['mp_registered', 'wecom_added'])
    expect(followers).toEqual([expect.objectContaining({ staffUserId: 'guide_li', status: 'active' })])
    expect(lifecycle.stage).toBe('new')
    // The loyalty domain answers for a member with nothing earned yet: level V1, no check-ins, no coupons.
    expect(sections).toMatchObject({
      membership: { level: { code: 'V1' }, points: { balance: 0 }, growth: { value: 0, nextLevelAt: 500 } },
      checkIn: null,
      coupons: null,
    })
    expect(followUps).toEqual({ items: [], nextCursor: null })
    expect(myReminders).toEqual([])
  })

  it('refuses a guide who does not follow the customer, on every customer route', async () => {
    const externalUserId = await addContact(stack, 'jack', 'guide_li')
    for (const [method, path, body] of [
      ['GET', `/customers/${externalUserId}`, undefined],
      ['GET', `/customers/${externalUserId}/timeline`, undefined],
      ['GET', `/customers/${externalUserId}/follow-ups`, undefined],
      ['POST', `/customers/${externalUserId}/follow-ups`, { content: '试探一下' }],
      ['PATCH', `/customers/${externalUserId}/profile`, { remark: '不该改' }],
    ] as const) {
      const reply = await request(url(path), { method, body, token: zhao })
      expect(reply.status, `${method} ${path}`).toBe(403)
      expect(reply.body.error.code).toBe('CUSTOMER_NOT_FOLLOWED')
    }
    expect((await view(externalUserId)).body.profile.remark).toBeNull()
  })

  it('pages through the whole timeline, newest first, without repeats', async () => {
    const externalUserId = await addContact(stack, 'kate', 'guide_li')
    for (let i = 1; i <= 24; i++) {
      const reply = await request(url(`/customers/${externalUserId}/follow-ups`), { body: { content: `第${i}次回访` }, token: li })
      expect(reply.status).toBe(201)
    }
    const first = (await view(externalUserId)).body.timeline
    expect(first.items).toHaveLength(20)
    const seen = [...first.items]
    let cursor = first.nextCursor
    while (cursor) {
      const page = await request(url(`/customers/${externalUserId}/timeline?limit=3&cursor=${cursor}`), { token: li })
      expect(page.status).toBe(200)
      seen.push(...page.body.items)
      cursor = page.body.nextCursor
    }
    expect(seen).toHaveLength(25)
    expect(new Set(seen.map((item) => item.id)).size).toBe(25)
    const times = seen.map((item) => Date.parse(item.occurredAt))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(seen.at(-1)?.type).toBe('wecom_added')
    expect(seen[0]).toMatchObject({ type: 'follow_up_added', staffName: expect.any(String), data: expect.objectContaining({ content: '第24次回访' }) })

    const bad = await request(url(`/customers/${externalUserId}/timeline?cursor=not-a-cursor`), { token: li })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_CURSOR')
  })
})

describe('profile fields', () => {
  it('keeps the phone number encrypted and shows it masked', async () => {
    const externalUserId = await addContact(stack, 'leo', 'guide_li')
    const reply = await request(url(`/customers/${externalUserId}/profile`), {
      method: 'PATCH',
      body: { remark: '  王姐 · 老客户 ', city: '杭州', birthday: '1990-05-20', phone: '13812345678' },
      token: li,
    })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ remark: '王姐 · 老客户', city: '杭州', birthday: '1990-05-20', phoneMasked: '138****5678' })

    const stored = await stack.one<{ phone_encrypted: string }>('select phone_encrypted from customers where external_user_id = ?', externalUserId)
    expect(stored.phone_encrypted).toMatch(/^v1\./)
    expect(stored.phone_encrypted).not.toContain('5678')
    expect((await view(externalUserId)).body.profile.phoneMasked).toBe('138****5678')

    const event = (await view(externalUserId)).body.timeline.items[0]
    expect(event).toMatchObject({ type: 'profile_updated', data: { fields: ['remark', 'city', 'birthday', 'phone'] } })
    expect(JSON.stringify(event)).not.toContain('13812345678')
  })

  it('clears a field with null and leaves the others', async () => {
    const externalUserId = await addContact(stack, 'mia', 'guide_li')
    await request(url(`/customers/${externalUserId}/profile`), { method: 'PATCH', body: { remark: '爱买面膜', phone: '13900001111' }, token: li })
    const reply = await request(url(`/customers/${externalUserId}/profile`), { method: 'PATCH', body: { phone: null }, token: li })
    expect(reply.body).toMatchObject({ remark: '爱买面膜', phoneMasked: null })
  })

  it('refuses a birthday in the future and numbers that are not mainland mobiles', async () => {
    const externalUserId = await addContact(stack, 'nina', 'guide_li')
    const future = await request(url(`/customers/${externalUserId}/profile`), { method: 'PATCH', body: { birthday: '2999-01-01' }, token: li })
    expect(future.status).toBe(400)
    expect(future.body.error.code).toBe('INVALID_BIRTHDAY')
    const phone = await request(url(`/customers/${externalUserId}/profile`), { method: 'PATCH', body: { phone: '12345' }, token: li })
    expect(phone.status).toBe(400)
    const empty = await request(url(`/customers/${externalUserId}/profile`), { method: 'PATCH', body: {}, token: li })
    expect(empty.status).toBe(400)
  })
})

describe('follow-up notes and reminders', () => {
  const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString()

  it('shows every guide the notes, and the next-contact time as a reminder for its author only', async () => {
    const externalUserId = await addContact(stack, 'olga', 'guide_li')
    await addContact(stack, 'olga', 'guide_zhao')
    const created = await request(url(`/customers/${externalUserId}/follow-ups`), {
      body: { content: '想要敏感肌套装，下周到货后联系', nextContactAt: inDays(7) },
      token: li,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ staffUserId: 'guide_li', reminderDoneAt: null, nextContactAt: expect.any(String) })
    await request(url(`/customers/${externalUserId}/follow-ups`), { body: { content: '门店试用过精华' }, token: zhao })

    const asZhao = (await view(externalUserId, zhao)).body
    expect(asZhao.followUps.items.map((note: { content: string }) => note.content)).toEqual(['门店试用过精华', '想要敏感肌套装，下周到货后联系'])
    expect(asZhao.myReminders).toEqual([])
    expect((await view(externalUserId)).body.myReminders).toEqual([expect.objectContaining({ id: created.body.id })])

    const mine = await request(url('/reminders'), { token: li })
    expect(mine.body.items).toContainEqual(
      expect.objectContaining({ followUpId: created.body.id, customer: expect.objectContaining({ externalUserId }) }),
    )
    expect((await request(url('/reminders'), { token: zhao })).body.items).toEqual([])
  })

  it('settles a reminder by hand, once, and only for its author', async () => {
    const externalUserId = await addContact(stack, 'pam', 'guide_li')
    const note = (
      await request(url(`/customers/${externalUserId}/follow-ups`), { body: { content: '生日前问候', nextContactAt: inDays(3) }, token: li })
    ).body
    expect((await request(url(`/reminders/${note.id}/done`), { method: 'POST', token: zhao })).status).toBe(404)
    const done = await request(url(`/reminders/${note.id}/done`), { method: 'POST', token: li })
    expect(done.status).toBe(200)
    expect(done.body.reminderDoneAt).toEqual(expect.any(String))
    const again = await request(url(`/reminders/${note.id}/done`), { method: 'POST', token: li })
    expect(again.body.reminderDoneAt).toBe(done.body.reminderDoneAt)
    const items = (await request(url('/reminders'), { token: li })).body.items
    expect(items.map((r: { followUpId: number }) => r.followUpId)).not.toContain(note.id)
  })

  it("leaves the guide's earlier reminders open when they add a note, unless they ask to complete them", async () => {
    const externalUserId = await addContact(stack, 'quinn', 'guide_li')
    const note = (body: Record<string, unknown>) => request(url(`/customers/${externalUserId}/follow-ups`), { body, token: li })
    const first = (await note({ content: '约周五回电', nextContactAt: inDays(2) })).body
    const second = (await note({ content: '顺便发了新品图', nextContactAt: inDays(5) })).body
    expect((await view(externalUserId)).body.myReminders.map((r: { id: number }) => r.id)).toEqual([first.id, second.id])

    const third = (await note({ content: '已回电，月底再联系', nextContactAt: inDays(20), completePreviousReminders: true })).body
    expect((await view(externalUserId)).body.myReminders.map((r: { id: number }) => r.id)).toEqual([third.id])
    const notes = (await request(url(`/customers/${externalUserId}/follow-ups`), { token: li })).body.items
    for (const earlier of [first, second]) {
      expect(notes.find((n: { id: number }) => n.id === earlier.id).reminderDoneAt).toEqual(expect.any(String))
    }
  })

  it('refuses a next-contact time more than a year out, and blank notes', async () => {
    const externalUserId = await addContact(stack, 'rose', 'guide_li')
    const far = await request(url(`/customers/${externalUserId}/follow-ups`), { body: { content: '明年再说', nextContactAt: inDays(400) }, token: li })
    expect(far.status).toBe(400)
    expect(far.body.error.code).toBe('INVALID_NEXT_CONTACT')
    const blank = await request(url(`/customers/${externalUserId}/follow-ups`), { body: { content: '   ' }, token: li })
    expect(blank.status).toBe(400)
    expect((await request(url(`/customers/${externalUserId}/follow-ups`), { token: li })).body.items).toEqual([])
  })
})
