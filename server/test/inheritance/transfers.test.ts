// Customer inheritance against the real sandbox, on one clock both share: rules checked before WeCom is
// asked, the 24-hour takeover, the result poller paging WeCom's cursors, transfer_fail and
// DELETE_BY_TRANSFER callbacks (real envelopes), reminders moving to the new guide, and resigned guides.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { TRANSFER_POLL_JOB } from '../../src/inheritance/inheritance-service'
import { addContact, login, manualClock, request, startStack, type Stack } from '../support/stack'
import { adminApi, customerIdOf, guidesOf, wecomApi, type AdminApi, type Json } from '../acquisition/helpers'

const clock = manualClock('2026-03-01T02:00:00.000Z')
let stack: Stack
let api: AdminApi
const staffIds: Record<string, number> = {}
const tokens: Record<string, string> = {}

beforeAll(async () => {
  // Two results per page, so the poller has to follow WeCom's cursors.
  stack = await startStack({}, { now: clock.now, sandbox: { transfers: { resultPageSize: 2 } } })
  api = await adminApi(stack)
  for (const userId of ['guide_li', 'guide_wang', 'guide_zhao', 'guide_gone']) tokens[userId] = (await login.staff(stack, userId)).token
  for (const guide of (await api('GET', '/staff')).body.items as Json[]) staffIds[guide.userId] = guide.id
})
afterAll(() => stack?.close())

const later = (hours: number) => clock.set(new Date(clock.now().getTime() + hours * 3600_000).toISOString())
const sidebar = (userId: string, method: string, path: string, body?: unknown) =>
  request(`${stack.appUrl}/api/sidebar${path}`, { method, body, token: tokens[userId] })
const sandbox = (method: string, path: string, body?: unknown) => request(`${stack.sandboxUrl}/sandbox${path}`, { method, body })
const pick = (from: string, to: string, ids: number[], extra: Json = {}) => ({
  handoverStaffId: staffIds[from],
  takeoverStaffId: staffIds[to],
  customerIds: ids,
  ...extra,
})
async function transfersOf(customerId: number) {
  return stack.query<{ status: string; kind: string }>('select status, kind from customer_transfers where customer_id = ? order by id', customerId)
}
/** Waits for the sandbox to have delivered every callback its takeovers queued. */
const delivered = () => sandbox('POST', '/wecom/transfers/settle', {})

describe('on-the-job inheritance', () => {
  let a: string, b: string, c: string
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    a = await addContact(stack, 'inherit_a', 'guide_li')
    b = await addContact(stack, 'inherit_b', 'guide_li')
    c = await addContact(stack, 'inherit_c', 'guide_li')
    for (const [name, id] of Object.entries({ a, b, c })) ids[name] = await customerIdOf(stack, id)
    const note = await sidebar('guide_li', 'POST', `/customers/${a}/follow-ups`, {
      content: '想要敏感肌套装，月底回访',
      nextContactAt: '2026-03-20T02:00:00.000Z',
    })
    expect(note.status).toBe(201)
  })

  it('explains before calling who cannot be handed over', async () => {
    const same = await api('POST', '/inheritance/on-job/preview', pick('guide_li', 'guide_li', [ids.a!]))
    expect(same).toMatchObject({ status: 400, body: { error: { code: 'SAME_GUIDE', message: '原导购与接替导购不能是同一人' } } })
    const nobody = await api('POST', '/inheritance/on-job/preview', { handoverStaffId: staffIds.guide_li, takeoverStaffId: staffIds.guide_wang })
    expect(nobody.body.error.code).toBe('NO_CUSTOMERS_PICKED')
    const wrongGuide = await api('POST', '/inheritance/on-job/preview', pick('guide_wang', 'guide_zhao', [ids.a!]))
    expect(wrongGuide.body.blocked).toEqual([
      expect.objectContaining({ reason: 'not_followed', message: '这位客户不是原导购的客户', nextEligibleAt: null }),
    ])
    const fine = await api('POST', '/inheritance/on-job/preview', pick('guide_li', 'guide_wang', [ids.a!, ids.b!, ids.c!]))
    expect(fine.body.eligible.map((customer: Json) => customer.id)).toEqual([ids.a, ids.b, ids.c])
  })

  it('asks WeCom, waits 24 hours on the clock, pages the results and hands the customer over with their reminder', async () => {
    const started = await api('POST', '/inheritance/on-job/transfers', pick('guide_li', 'guide_wang', [ids.a!, ids.b!, ids.c!], { message: '后续由王芳为您服务' }))
    expect(started).toMatchObject({ status: 201, body: { started: 3, blocked: [] } })
    const [call] = (await request(`${stack.sandboxUrl}/sandbox/wecom/messages?api=transfer_customer`)).body.items
    expect(call.body).toMatchObject({ handover_userid: 'guide_li', takeover_userid: 'guide_wang', transfer_success_msg: '后续由王芳为您服务' })

    const again = await api('POST', '/inheritance/on-job/preview', pick('guide_li', 'guide_zhao', [ids.a!]))
    expect(again.body.blocked[0]).toMatchObject({ reason: 'in_transfer', message: '这位客户正在转接中，请等待结果' })

    // Within the day nothing moves.
    later(1)
    expect((await api('POST', '/inheritance/transfers/refresh')).body).toEqual({ waiting: 3 })
    expect((await transfersOf(ids.a!)).map((t) => t.status)).toEqual(['waiting'])
    // While any waits, each scheduled look plans the next.
    await stack.app.scheduler.runDue()
    const planned = (await stack.app.scheduler.jobsOf(TRANSFER_POLL_JOB)).filter((job) => job.status === 'pending')
    expect(planned.map((job) => job.runAt.toISOString())).toContain(new Date(clock.now().getTime() + 30 * 60_000).toISOString())

    // The scheduler's look after the takeover finds all three done across two pages of results.
    later(24)
    await stack.app.scheduler.runDue()
    await vi.waitFor(async () => expect((await transfersOf(ids.c!)).map((t) => t.status)).toEqual(['done']), { timeout: 5000 })
    await delivered()
    expect((await transfersOf(ids.a!)).map((t) => t.status)).toEqual(['done'])
    expect(await guidesOf(stack, a)).toEqual(['guide_li', 'guide_wang'])
    const follows = await stack.query('select s.user_id, f.status from customer_follows f join staff s on s.id = f.staff_id where f.customer_id = ? order by f.id', ids.a)
    expect(follows).toEqual([
      { user_id: 'guide_li', status: 'transferred' },
      { user_id: 'guide_wang', status: 'active' },
    ])

    // Not churn: the old guide's deletion by transfer is neither lost nor removed.
    const churn = (await api('GET', '/churn')).body.items as Json[]
    expect(churn.some((entry) => entry.externalUserId === a)).toBe(false)

    // The reminder went with the customer; the note stays the old guide's and the new guide reads it.
    const reminders = (await sidebar('guide_wang', 'GET', '/reminders')).body.items as Json[]
    expect(reminders).toEqual([expect.objectContaining({ content: '【李娜转交】想要敏感肌套装，月底回访', nextContactAt: '2026-03-20T02:00:00.000Z' })])
    expect((await sidebar('guide_li', 'GET', '/reminders')).body.items).toEqual([])
    const notes = (await sidebar('guide_wang', 'GET', `/customers/${a}/follow-ups`)).body.items as Json[]
    expect(notes.map((note) => [note.staffUserId, note.content])).toEqual([
      ['guide_wang', '【李娜转交】想要敏感肌套装，月底回访'],
      ['guide_li', '想要敏感肌套装，月底回访'],
    ])

    // The 360 trajectory shows the hand-over.
    const timeline = (await api('GET', `/customers/${ids.a}/timeline`)).body.items as Json[]
    expect(timeline.find((item) => item.type === 'customer_transferred')).toMatchObject({ staffName: '王芳', data: { kind: 'on_job', fromName: '李娜', toName: '王芳' } })
    expect(timeline.some((item) => item.type === 'wecom_removed')).toBe(false)

    const listed = (await api('GET', '/inheritance/transfers?kind=on_job&status=done')).body.items as Json[]
    expect(listed[0]).toMatchObject({ status: 'done', statusLabel: '接替完毕', handover: { userId: 'guide_li' }, takeover: { userId: 'guide_wang' } })
  })

  it('allows a customer two on-the-job transfers in 90 days and names the day a third is allowed', async () => {
    // c went li → wang on 1 March; wang → zhao now makes two.
    const second = await api('POST', '/inheritance/on-job/transfers', pick('guide_wang', 'guide_zhao', [ids.c!]))
    expect(second.body.started).toBe(1)
    later(25)
    await api('POST', '/inheritance/transfers/refresh')
    await delivered()
    expect((await transfersOf(ids.c!)).map((t) => t.status)).toEqual(['done', 'done'])

    const third = await api('POST', '/inheritance/on-job/preview', pick('guide_zhao', 'guide_li', [ids.c!]))
    expect(third.body.eligible).toEqual([])
    expect(third.body.blocked[0]).toMatchObject({
      reason: 'too_frequent',
      message: '这位客户 90 天内已转接 2 次，2026年5月30日起可再次转接',
      nextEligibleAt: '2026-05-30T02:00:00.000Z',
    })
    const refused = await api('POST', '/inheritance/on-job/transfers', pick('guide_zhao', 'guide_li', [ids.c!]))
    expect(refused.body).toMatchObject({ started: 0, blocked: [{ reason: 'too_frequent' }] })

    clock.set('2026-05-30T02:00:01.000Z')
    expect((await api('POST', '/inheritance/on-job/preview', pick('guide_zhao', 'guide_li', [ids.c!]))).body.blocked).toEqual([])
  })

  it('records the customer refusing through transfer_fail, and a full takeover guide', async () => {
    const d = await customerIdOf(stack, await addContact(stack, 'inherit_d', 'guide_li'))
    const e = await addContact(stack, 'inherit_e', 'guide_li')
    const eId = await customerIdOf(stack, e)
    const dExternal = (await stack.one<{ external_user_id: string }>('select external_user_id from customers where id = ?', d)).external_user_id
    expect((await api('POST', '/inheritance/on-job/transfers', pick('guide_li', 'guide_zhao', [d, eId]))).body.started).toBe(2)

    // The customer taps 暂不添加: WeCom's transfer_fail, sealed as WeCom seals it, reaches the server.
    expect((await sandbox('POST', `/wecom/transfers/${dExternal}/refuse`)).status).toBe(200)
    const [event] = (await sandbox('GET', '/wecom/callbacks')).body.items as Json[]
    expect(event).toMatchObject({ status: 200 })
    expect(event!.innerXml).toContain('<ChangeType><![CDATA[transfer_fail]]></ChangeType>')
    expect(event!.innerXml).toContain('<FailReason><![CDATA[customer_refused]]></FailReason>')
    expect((await transfersOf(d)).map((t) => t.status)).toEqual(['refused'])
    // WeCom retrying the same envelope changes nothing.
    const replay = await request(`${stack.appUrl}/wecom/callback?${new URLSearchParams(event!.query)}`, {
      body: event!.body,
      headers: { 'content-type': 'text/xml' },
    })
    expect(replay.status).toBe(200)
    expect(await stack.query("select id from timeline_events where customer_id = ? and type = 'transfer_failed'", d)).toHaveLength(1)
    expect(await guidesOf(stack, dExternal)).toEqual(['guide_li'])
    const timeline = (await api('GET', `/customers/${d}/timeline`)).body.items as Json[]
    expect(timeline.find((item) => item.type === 'transfer_failed')).toMatchObject({ data: { status: 'refused', toName: '赵敏' } })

    // zhao is full by the time WeCom would take e over.
    await sandbox('PUT', '/wecom/members/guide_zhao/capacity', { capacity: 1 })
    later(25)
    await delivered()
    expect((await transfersOf(eId)).map((t) => t.status)).toEqual(['takeover_full'])
    expect(await guidesOf(stack, e)).toEqual(['guide_li'])
    // And a full guide is refused at the call, in words.
    const full = await api('POST', '/inheritance/on-job/transfers', pick('guide_li', 'guide_zhao', [eId]))
    expect(full.body).toMatchObject({ started: 0, blocked: [{ reason: 'takeover_full', message: '接替导购的客户数已达上限' }] })
    expect((await transfersOf(eId)).map((t) => t.status)).toEqual(['takeover_full', 'rejected'])
  })
})

/** A group created in WeCom's client: the server hears of it through change_external_chat. */
async function createGroup(owner: string, name: string, members: { who: string }[] = []): Promise<number> {
  const reply = await sandbox('POST', '/wecom/group-chats', { owner, name, members })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return (await stack.one<{ id: number }>('select id from group_chats where chat_id = ?', reply.body.chatId)).id
}
const ownerOf = async (groupId: number) =>
  (await stack.one<{ user_id: string }>('select s.user_id from group_chats g join staff s on s.id = g.owner_staff_id where g.id = ?', groupId)).user_id

describe('a transfer made outside the console', () => {
  it('is not churn either: the old follow ends as transferred', async () => {
    const h = await addContact(stack, 'inherit_h', 'guide_li')
    // Another app of the corp (or WeCom's admin console) hands the customer over.
    const started = await wecomApi(stack, 'transfer_customer', { handover_userid: 'guide_li', takeover_userid: 'guide_wang', external_userid: [h] })
    expect(started.customer).toEqual([{ external_userid: h, errcode: 0 }])
    later(25)
    await delivered()
    const follows = await stack.query(
      'select s.user_id, f.status from customer_follows f join staff s on s.id = f.staff_id where f.customer_id = ? order by f.id',
      await customerIdOf(stack, h),
    )
    expect(follows).toEqual([
      { user_id: 'guide_li', status: 'transferred' },
      { user_id: 'guide_wang', status: 'active' },
    ])
    expect(((await api('GET', '/churn')).body.items as Json[]).some((entry) => entry.externalUserId === h)).toBe(false)
  })
})

describe('groups of a guide at work', () => {
  it('hands a group to another guide at once, twice in 90 days at most', async () => {
    const group = await createGroup('guide_li', '李娜的会员群', [{ who: 'inherit_a' }])
    const listed = (await api('GET', `/inheritance/guides/${staffIds.guide_li}/groups`)).body.items as Json[]
    expect(listed).toEqual([{ group: expect.objectContaining({ id: group, name: '李娜的会员群' }), block: null }])

    const hop = (from: string, to: string) => api('POST', '/inheritance/groups/transfers', { handoverStaffId: staffIds[from], takeoverStaffId: staffIds[to], groupIds: [group] })
    expect((await hop('guide_li', 'guide_wang')).body).toEqual({ transferred: 1, blocked: [] })
    expect(await ownerOf(group)).toBe('guide_wang')
    // WeCom's change_owner event re-reads the group and agrees.
    await delivered()
    expect(await ownerOf(group)).toBe('guide_wang')
    expect((await hop('guide_li', 'guide_zhao')).body.blocked[0]).toMatchObject({ reason: 'not_owned', message: '这个群的群主不是原导购' })
    expect((await hop('guide_wang', 'guide_zhao')).body.transferred).toBe(1)
    const third = (await hop('guide_zhao', 'guide_li')).body
    expect(third).toMatchObject({ transferred: 0, blocked: [{ reason: 'too_frequent', nextEligibleAt: expect.any(String) }] })
    const records = (await api('GET', '/inheritance/group-transfers?kind=on_job&limit=2')).body
    expect(records.items.map((record: Json) => [record.group.name, record.handover.userId, record.takeover.userId, record.statusLabel])).toEqual([
      ['李娜的会员群', 'guide_wang', 'guide_zhao', '已转交'],
      ['李娜的会员群', 'guide_li', 'guide_wang', '已转交'],
    ])
    expect(records.nextCursor).toBeNull()
    expect(third.blocked[0].message).toMatch(/^这个群 90 天内已转交 2 次，\d{4}年\d{1,2}月\d{1,2}日起可再次转交$/)
  })
})

describe('groups of a guide at work, 300 a day', () => {
  it("stops at 300 of one owner's groups in the brand's day", async () => {
    const [first, second] = [await createGroup('guide_zhao', '赵敏一群'), await createGroup('guide_zhao', '赵敏二群')]
    const handedAway = await createGroup('guide_li', '早先转出的群')
    // 299 handed over earlier today (recorded against one group: only the owner's count matters here).
    for (let i = 0; i < 299; i++) {
      await stack.query(
        "insert into group_transfers (kind, group_chat_id, handover_staff_id, takeover_staff_id, status, requested_at) values ('on_job', ?, ?, ?, 'done', ?)",
        handedAway,
        staffIds.guide_zhao,
        staffIds.guide_li,
        clock.now().getTime() - 60_000,
      )
    }
    const reply = await api('POST', '/inheritance/groups/transfers', {
      handoverStaffId: staffIds.guide_zhao,
      takeoverStaffId: staffIds.guide_wang,
      groupIds: [second],
    })
    expect(reply.body).toEqual({ transferred: 1, blocked: [] })
    const listed = (await api('GET', `/inheritance/guides/${staffIds.guide_zhao}/groups`)).body.items as Json[]
    expect(listed.find((item) => item.group.id === first)?.block).toMatchObject({ reason: 'daily_limit', message: '原导购今天已转出 300 个群，明天再继续' })
  })
})

describe('resigned inheritance', () => {
  it("syncs a resigned guide's unassigned customers and hands them all to another guide", async () => {
    const f = await addContact(stack, 'inherit_f', 'guide_gone')
    const g = await addContact(stack, 'inherit_g', 'guide_gone')
    const group = await createGroup('guide_gone', '老客群', [{ who: 'inherit_f' }, { who: 'inherit_g' }])
    await sidebar('guide_gone', 'POST', `/customers/${f}/follow-ups`, { content: '老顾客，喜欢新品', nextContactAt: clock.now().toISOString() })
    expect((await sandbox('POST', '/wecom/members/guide_gone/resign', { at: clock.now().toISOString() })).status).toBe(200)

    // Until the sync, the server still takes guide_gone for an active guide.
    expect((await api('POST', '/inheritance/resigned/transfers', pick('guide_gone', 'guide_wang', [await customerIdOf(stack, f)]))).body.error.code).toBe(
      'HANDOVER_NOT_RESIGNED',
    )
    expect((await api('POST', '/inheritance/resigned/sync')).body).toEqual({ resignedGuides: 1, unassignedCustomers: 2 })
    const resigned = (await api('GET', '/inheritance/resigned')).body
    expect(resigned.items).toEqual([expect.objectContaining({ userId: 'guide_gone', unassignedCustomers: 2, groups: 1 })])
    const guides = (await api('GET', '/inheritance/guides')).body.items as Json[]
    expect(guides.map((guide) => guide.userId)).not.toContain('guide_gone')
    // Each guide with the customers they follow now.
    const followedBy = async (userId: string) =>
      Number(
        (await stack.one<{ n: number }>("select count(*) as n from customer_follows f join staff s on s.id = f.staff_id where s.user_id = ? and f.status = 'active'", userId)).n,
      )
    const wang = guides.find((guide) => guide.userId === 'guide_wang')
    expect(await followedBy('guide_wang')).toBeGreaterThan(0)
    expect(wang?.customers).toBe(await followedBy('guide_wang'))
    const picker = (await api('GET', `/inheritance/guides/${staffIds.guide_gone}/customers`)).body.items as Json[]
    expect(picker).toHaveLength(2)
    expect(picker[0]).toMatchObject({ block: null, dimissionAt: clock.now().toISOString() })

    const onJob = await api('POST', '/inheritance/on-job/transfers', pick('guide_gone', 'guide_wang', [], { customerIds: undefined, all: true }))
    expect(onJob).toMatchObject({ status: 409, body: { error: { code: 'HANDOVER_RESIGNED' } } })
    const toResigned = await api('POST', '/inheritance/resigned/transfers', pick('guide_wang', 'guide_gone', [1]))
    expect(toResigned.status).toBe(409)

    const started = await api('POST', '/inheritance/resigned/transfers', { handoverStaffId: staffIds.guide_gone, takeoverStaffId: staffIds.guide_wang, all: true })
    expect(started).toMatchObject({ status: 201, body: { started: 2, blocked: [] } })
    later(25)
    expect((await api('POST', '/inheritance/transfers/refresh')).body).toEqual({ waiting: 0 })
    await delivered()
    expect(await guidesOf(stack, g)).toEqual(['guide_gone', 'guide_wang'])
    expect((await api('GET', '/inheritance/resigned')).body.items[0].unassignedCustomers).toBe(0)
    const reminders = (await sidebar('guide_wang', 'GET', '/reminders')).body.items as Json[]
    expect(reminders.map((reminder) => reminder.content)).toContain('【导购·gone转交】老顾客，喜欢新品')
    const timeline = (await api('GET', `/customers/${await customerIdOf(stack, f)}/timeline`)).body.items as Json[]
    expect(timeline.find((item) => item.type === 'customer_transferred')).toMatchObject({ data: { kind: 'resigned' } })

    // Her group goes along, through groupchat/transfer.
    const groups = await api('POST', '/inheritance/groups/transfers', { handoverStaffId: staffIds.guide_gone, takeoverStaffId: staffIds.guide_wang, all: true })
    expect(groups.body).toEqual({ transferred: 1, blocked: [] })
    await delivered()
    expect(await ownerOf(group)).toBe('guide_wang')
    expect((await api('GET', '/inheritance/resigned')).body.items[0].groups).toBe(0)
    const view = (await sidebar('guide_wang', 'GET', `/customers/${g}`)).body
    expect(view.sections.groups.items).toEqual([expect.objectContaining({ name: '老客群', ownerName: '王芳' })])
  })
})
