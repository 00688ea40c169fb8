// Customer broadcasts against the real sandbox, on one clock both share: the audience split per guide (≤ 10,000
// a call), the receive rule counted by the product (held back before sending, shown in the preview), staff
// confirming in the sandbox's client, the sync paging WeCom's cursors until every task is final (by the
// scheduler too), reminders capped at three a day, cancel reaching WeCom, and sends that happen once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { BROADCAST_SYNC_JOB } from '../../src/broadcasts/broadcast-service'
import { adminApi, sent, type AdminApi, type Json } from '../acquisition/helpers'
import { addBulkCustomers } from '../support/bulk-customers'
import { addContact, login, manualClock, request, startStack, uploadLibraryFile, type Stack } from '../support/stack'

const clock = manualClock('2026-03-10T02:00:00.000Z')
let stack: Stack
let api: AdminApi

beforeAll(async () => {
  // Two results a page, so the sync has to follow WeCom's cursors.
  stack = await startStack({}, { now: clock.now, sandbox: { groupMessages: { pageSize: 2 } } })
  api = await adminApi(stack)
})
afterAll(() => stack?.close())

const later = (seconds: number) => clock.set(new Date(clock.now().getTime() + seconds * 1000).toISOString())
const control = (method: string, path: string, body?: unknown) => request(`${stack.sandboxUrl}/sandbox/wecom${path}`, { method, body })
/** The staff member taps 发送 in their WeCom client. */
async function confirm(msgid: string, userId: string) {
  const reply = await control('POST', `/group-messages/${msgid}/send`, { userId })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
}
async function compose(body: Json, headers: Record<string, string> = {}): Promise<Json> {
  const reply = await request(`${stack.appUrl}/api/admin/broadcasts`, { body: { name: '春季上新', text: '新品到店，欢迎来看看', attachments: [], ...body }, token: await token(), headers })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}
let adminToken: string | undefined
const token = async () => (adminToken ??= (await request(`${stack.appUrl}/api/admin/login`, { body: { username: stack.config.admin.username, password: stack.config.admin.password } })).body.token)
const detail = async (id: number) => (await api('GET', `/broadcasts/${id}`)).body
const sync = async (id: number) => (await api('POST', `/broadcasts/${id}/sync`)).body
async function resultsOf(id: number): Promise<Record<string, string>> {
  const items: Json[] = []
  let cursor: string | null = null
  do {
    const page: Json = (await api('GET', `/broadcasts/${id}/recipients?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return Object.fromEntries(items.map((item) => [item.customer?.name ?? item.group?.name, item.status]))
}
const audienceOf = (...guides: string[]) => ({ chatType: 'single', filter: { staffUserIds: guides } })

describe('sending to an audience', () => {
  it('splits the audience per guide, each customer once (to the guide they added last), and tracks each to its result', async () => {
    const hoursAgo = (hours: number) => ({ at: new Date(clock.now().getTime() - hours * 3600_000).toISOString() })
    await addContact(stack, 'bc_ann', 'bc_guide_a')
    await addContact(stack, 'bc_ben', 'bc_guide_a')
    await addContact(stack, 'bc_cat', 'bc_guide_a', hoursAgo(2))
    // Cat adds a second guide later: she is that guide's to send to, not both.
    await addContact(stack, 'bc_cat', 'bc_guide_b', hoursAgo(1))
    await addContact(stack, 'bc_dan', 'bc_guide_b')
    const preview = (await api('POST', '/broadcasts/preview', audienceOf('bc_guide_a', 'bc_guide_b'))).body
    expect(preview).toEqual({ total: 4, reachable: 4, overQuota: 0, senders: 2, quotaRule: 'month_days' })

    const created = await compose(audienceOf('bc_guide_a', 'bc_guide_b'))
    expect(created).toMatchObject({ status: 'waiting', counts: { recipients: 4, pending: 4, staff: 2, staffConfirmed: 0 } })
    const calls = (await sent(stack, 'add_msg_template')).slice(0, 2)
    expect(calls.map((call) => [call.sender, call.external_userid.length]).sort()).toEqual([['bc_guide_a', 2], ['bc_guide_b', 2]])
    expect(calls[0]).toMatchObject({ chat_type: 'single', text: { content: '新品到店，欢迎来看看' } })

    // Ben deletes his guide before she confirms; only guide a confirms.
    const ben = (await stack.one('select external_user_id as id from customers where name = ?', '客户·bc_ben')).id
    await control('DELETE', `/contacts/${ben}?userId=bc_guide_a&by=customer`)
    const taskA = created.tasks.find((task: Json) => task.staff.userId === 'bc_guide_a')
    // Until she confirms, the broadcast waits on her sidebar to-do list (and only hers).
    const todosOf = async (userId: string) =>
      (await request(`${stack.appUrl}/api/sidebar/todos?kind=broadcast`, { token: (await login.staff(stack, userId)).token })).body.items
    expect(await todosOf('bc_guide_a')).toEqual([
      expect.objectContaining({ kind: 'broadcast', sourceId: taskA.id, title: '客户群发待确认', detail: expect.stringContaining('春季上新'), customer: { externalUserId: null, name: null, avatarUrl: null } }),
    ])
    const confirmedAt = clock.now().toISOString()
    await confirm(taskA.msgid, 'bc_guide_a')
    // WeCom is still handing it out (41063): nothing is read yet, nothing breaks.
    expect((await sync(created.id)).counts.sent).toBe(0)
    later(5)
    const synced = await sync(created.id)
    expect(synced).toMatchObject({ status: 'waiting', counts: { sent: 1, notFriend: 1, pending: 2, staffConfirmed: 1 } })
    expect(synced.tasks.find((task: Json) => task.staff.userId === 'bc_guide_a')).toMatchObject({ status: 'sent', sent: 1, notFriend: 1, confirmedAt })
    expect(await todosOf('bc_guide_a')).toEqual([])
    expect(await todosOf('bc_guide_b')).toHaveLength(1)
    expect(await resultsOf(created.id)).toEqual({ '客户·bc_ann': 'sent', '客户·bc_ben': 'not_friend', '客户·bc_cat': 'pending', '客户·bc_dan': 'pending' })

    const taskB = created.tasks.find((task: Json) => task.staff.userId === 'bc_guide_b')
    await confirm(taskB.msgid, 'bc_guide_b')
    expect(await sync(created.id)).toMatchObject({ status: 'done', counts: { sent: 3, notFriend: 1, pending: 0, staffConfirmed: 2 } })
  })

  it('refuses content WeCom would refuse, in words', async () => {
    const reply = await api('POST', '/broadcasts', {
      name: '太长',
      ...audienceOf('bc_guide_a'),
      text: '',
      attachments: [{ type: 'link', title: '标'.repeat(43), url: 'https://example.com' }],
    })
    expect(reply.status).toBe(400)
    expect(reply.body.error).toEqual({ code: 'BROADCAST_TOO_LONG', message: '第 1 个附件的链接标题超过 128 字节（一个汉字占 3 字节）' })
    expect((await api('POST', '/broadcasts', { name: '空', ...audienceOf('bc_guide_a'), text: ' ', attachments: [] })).body.error.code).toBe('BROADCAST_EMPTY')
    expect((await api('POST', '/broadcasts/preview', { chatType: 'group' })).body.error.code).toBe('BROADCAST_NO_GROUPS')
  })

  it('uploads image attachments to WeCom when it sends, and names them by media id', async () => {
    await addContact(stack, 'bc_img', 'bc_guide_img')
    const picUrl = `${stack.sandboxUrl}/sandbox/images/poster.png`
    const created = await compose({
      ...audienceOf('bc_guide_img'),
      attachments: [
        { type: 'image', picUrl },
        { type: 'miniprogram', title: '会员中心', appid: 'wx0123456789abcdef', page: 'pages/index/index', picUrl },
      ],
    })
    expect(created.status).toBe('waiting')
    const call = (await sent(stack, 'add_msg_template'))[0] as Json
    const uploads = (await sent(stack, 'media/upload')).slice(0, 2).map((upload) => upload.media_id)
    expect(call.attachments).toEqual([
      { msgtype: 'image', image: { media_id: uploads[1] } },
      { msgtype: 'miniprogram', miniprogram: { title: '会员中心', appid: 'wx0123456789abcdef', page: 'pages/index/index', pic_media_id: uploads[0] } },
    ])
  })

  it('sends a library document as WeCom’s file message, under its own name', async () => {
    await addContact(stack, 'bc_doc', 'bc_guide_doc')
    const uploaded = await uploadLibraryFile(stack, await token(), Buffer.from('%PDF-1.4 会员手册'), '会员手册.pdf')
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201)
    const created = await compose({ ...audienceOf('bc_guide_doc'), attachments: [{ type: 'file', fileId: uploaded.body.id }] })
    expect(created.attachments).toEqual([{ type: 'file', fileId: uploaded.body.id, name: '会员手册.pdf' }])
    const [upload] = await sent(stack, 'media/upload')
    expect(upload).toMatchObject({ type: 'file', filename: '会员手册.pdf' })
    expect(((await sent(stack, 'add_msg_template'))[0] as Json).attachments).toEqual([{ msgtype: 'file', file: { media_id: upload?.media_id } }])

    // A file not in the library is refused before anything is sent.
    const missing = await request(`${stack.appUrl}/api/admin/broadcasts`, {
      body: { name: '缺文件', text: '', attachments: [{ type: 'file', fileId: 999_999 }], ...audienceOf('bc_guide_doc') },
      token: await token(),
    })
    expect(missing.status).toBe(400)
    expect(missing.body.error.code).toBe('ATTACHMENT_FILE_NOT_FOUND')
  })
})

describe('the receive rule, counted by the product', () => {
  it('shows who is over it before sending and holds them back, so none is lost', async () => {
    await api('PUT', '/broadcast-settings', { quotaRule: 'day_1' })
    await control('PUT', '/group-message-rule', { rule: 'day_1' })
    await addContact(stack, 'bc_q1', 'bc_guide_q')
    await addContact(stack, 'bc_q2', 'bc_guide_q')
    const first = await compose({ ...audienceOf('bc_guide_q'), filter: { staffUserIds: ['bc_guide_q'], nameContains: 'bc_q1' } })
    later(5)
    await confirm(first.tasks[0].msgid, 'bc_guide_q')
    await sync(first.id)

    expect((await api('POST', '/broadcasts/preview', audienceOf('bc_guide_q'))).body).toMatchObject({ reachable: 2, overQuota: 1, quotaRule: 'day_1' })
    const second = await compose(audienceOf('bc_guide_q'))
    expect(second.counts).toMatchObject({ recipients: 2, overQuota: 1, pending: 1 })
    expect((await sent(stack, 'add_msg_template'))[0]?.external_userid).toHaveLength(1)
    expect(await resultsOf(second.id)).toEqual({ '客户·bc_q1': 'over_quota', '客户·bc_q2': 'pending' })

    // The next business day (Shanghai) the allowance is back.
    clock.set('2026-03-10T16:30:00.000Z')
    expect((await api('POST', '/broadcasts/preview', audienceOf('bc_guide_q'))).body.overQuota).toBe(0)
    await api('PUT', '/broadcast-settings', { quotaRule: 'month_days' })
    await control('PUT', '/group-message-rule', { rule: 'month_days' })
  })

  it('records what WeCom refused for its own count (a guide broadcast of their own) as over the rule', async () => {
    await control('PUT', '/group-message-rule', { rule: 'day_1' })
    const elsewhere = await addContact(stack, 'bc_else', 'bc_guide_e')
    await control('POST', '/group-messages/received-elsewhere', { recipient: elsewhere })
    const created = await compose(audienceOf('bc_guide_e'))
    later(5)
    await confirm(created.tasks[0].msgid, 'bc_guide_e')
    expect((await sync(created.id)).counts).toMatchObject({ overQuota: 1, sent: 0 })
    await control('PUT', '/group-message-rule', { rule: 'month_days' })
  })
})

describe('the sync, on its own', () => {
  it('keeps reading until every task is final, paging the results two at a time', async () => {
    for (const who of ['bc_s1', 'bc_s2', 'bc_s3', 'bc_s4', 'bc_s5']) await addContact(stack, who, 'bc_guide_s')
    const created = await compose(audienceOf('bc_guide_s'))
    later(5)
    await confirm(created.tasks[0].msgid, 'bc_guide_s')
    later(11 * 60)
    await stack.app.scheduler.runDue()
    await vi.waitFor(async () => expect((await detail(created.id)).status).toBe('done'), { timeout: 20_000, interval: 200 })
    expect((await detail(created.id)).counts).toMatchObject({ sent: 5, pending: 0 })
    // Others still wait for their staff: the next look is planned.
    const pending = (await stack.app.scheduler.jobsOf(BROADCAST_SYNC_JOB)).filter((job) => job.status === 'pending')
    expect(pending.length).toBeGreaterThan(0)
  })
})

describe('reminders and cancel', () => {
  it('reminds at most three times in 24 hours, even asked five times at once', async () => {
    await addContact(stack, 'bc_r1', 'bc_guide_r')
    const created = await compose(audienceOf('bc_guide_r'))
    later(5)
    const before = (await sent(stack, 'remind_groupmsg_send')).length
    const replies = await Promise.all(Array.from({ length: 5 }, () => api('POST', `/broadcasts/${created.id}/remind`)))
    const ok = replies.filter((reply) => reply.status === 200).length
    expect(replies.every((reply) => reply.status === 200 || reply.status === 409)).toBe(true)
    for (let i = ok; i < 3; i++) expect((await api('POST', `/broadcasts/${created.id}/remind`)).status).toBe(200)
    const refused = await api('POST', `/broadcasts/${created.id}/remind`)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('BROADCAST_REMINDER_LIMIT')
    expect((await sent(stack, 'remind_groupmsg_send')).length - before).toBe(3)
    expect((await detail(created.id)).reminders).toMatchObject({ left: 0, nextAt: expect.any(String) })
    later(24 * 3600 + 1)
    expect((await api('POST', `/broadcasts/${created.id}/remind`)).status).toBe(200)
  })

  it('cancels in WeCom what staff have not sent; what was sent stays', async () => {
    await addContact(stack, 'bc_c1', 'bc_guide_c1')
    await addContact(stack, 'bc_c2', 'bc_guide_c2')
    const created = await compose(audienceOf('bc_guide_c1', 'bc_guide_c2'))
    later(5)
    const byGuide = Object.fromEntries(created.tasks.map((task: Json) => [task.staff.userId, task.msgid]))
    await confirm(byGuide.bc_guide_c1, 'bc_guide_c1')
    const cancelled = (await api('POST', `/broadcasts/${created.id}/cancel`)).body
    expect(cancelled).toMatchObject({ status: 'cancelled', counts: { sent: 1, pending: 1 } })
    expect((await sent(stack, 'cancel_groupmsg_send'))[0]).toEqual({ msgid: byGuide.bc_guide_c2 })
    expect((await control('POST', `/group-messages/${byGuide.bc_guide_c2}/send`, { userId: 'bc_guide_c2' })).status).toBe(409)
    expect((await api('POST', `/broadcasts/${created.id}/cancel`)).status).toBe(409)
  })

  it('a scheduled broadcast cancelled before its time is never sent', async () => {
    await addContact(stack, 'bc_t1', 'bc_guide_t')
    const sendAt = new Date(clock.now().getTime() + 3600_000).toISOString()
    const created = await compose({ ...audienceOf('bc_guide_t'), sendAt })
    expect(created).toMatchObject({ status: 'scheduled', sendAt, tasks: [] })
    expect((await api('POST', `/broadcasts/${created.id}/cancel`)).body.status).toBe('cancelled')
    const calls = (await sent(stack, 'add_msg_template')).length
    later(3601)
    await stack.app.scheduler.runDue()
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await sent(stack, 'add_msg_template')).length).toBe(calls)
    expect((await detail(created.id)).status).toBe('cancelled')
  })

  it('a scheduled broadcast goes out on the clock', async () => {
    await addContact(stack, 'bc_u1', 'bc_guide_u')
    const created = await compose({ ...audienceOf('bc_guide_u'), sendAt: new Date(clock.now().getTime() + 600_000).toISOString() })
    later(601)
    await stack.app.scheduler.runDue()
    await vi.waitFor(async () => expect((await detail(created.id)).status).toBe('waiting'), { timeout: 20_000, interval: 200 })
    expect((await detail(created.id)).tasks).toHaveLength(1)
  })
})

describe('sent once', () => {
  it('the same create sent three times at once makes one broadcast and one call per guide', async () => {
    await addContact(stack, 'bc_i1', 'bc_guide_i')
    const calls = (await sent(stack, 'add_msg_template')).length
    const replies = await Promise.all([1, 2, 3].map(() => compose(audienceOf('bc_guide_i'), { 'idempotency-key': 'bc-same-send' })))
    expect(new Set(replies.map((reply) => reply.id)).size).toBe(1)
    await vi.waitFor(async () => expect((await detail(replies[0]!.id)).status).toBe('waiting'), { timeout: 20_000, interval: 200 })
    expect((await sent(stack, 'add_msg_template')).length - calls).toBe(1)
  })

  it('send-now asked together with the timer sends once', async () => {
    await addContact(stack, 'bc_n1', 'bc_guide_n')
    const created = await compose({ ...audienceOf('bc_guide_n'), sendAt: new Date(clock.now().getTime() + 60_000).toISOString() })
    const calls = (await sent(stack, 'add_msg_template')).length
    later(61)
    const replies = await Promise.all([
      api('POST', `/broadcasts/${created.id}/send`),
      api('POST', `/broadcasts/${created.id}/send`),
      stack.app.scheduler.runDue(),
    ])
    expect(replies.slice(0, 2).every((reply) => [200, 409].includes((reply as Json).status))).toBe(true)
    await vi.waitFor(async () => expect((await detail(created.id)).status).toBe('waiting'), { timeout: 20_000, interval: 200 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await sent(stack, 'add_msg_template')).length - calls).toBe(1)
  })

  it('over 10,000 customers of one guide go in two calls', async () => {
    await addContact(stack, 'bc_bulk0', 'bc_guide_bulk')
    const staffId = (await stack.one('select id from staff where user_id = ?', 'bc_guide_bulk')).id
    const at = clock.now().getTime()
    // 10,000 more customers of the same guide, written directly: WeCom does not know them (they land in fail_list).
    // Their ids run across 100,000, where the audience's second page of customer ids begins.
    await addBulkCustomers(stack, { staffId, count: 10_000, firstId: 95_001, prefix: 'wm_bulk_', at })
    const created = await compose(audienceOf('bc_guide_bulk'))
    expect(created.tasks).toHaveLength(2)
    const sizes = (await sent(stack, 'add_msg_template')).slice(0, 2).map((call) => call.external_userid.length)
    expect(sizes.sort((a, b) => a - b)).toEqual([1, 10_000])
    expect(created.counts).toMatchObject({ recipients: 10_001, failed: 10_000, pending: 1 })
  })
})

describe('customer-group broadcasts', () => {
  it('go to the groups of the owners chosen; each group is a result', async () => {
    const one = (await control('POST', '/group-chats', { owner: 'bc_owner', name: '会员福利群', members: [{ who: 'bc_g1' }] })).body.chatId
    await control('POST', '/group-chats', { owner: 'bc_owner', name: '新品体验群' })
    expect(one).toBeTruthy()
    const preview = (await api('POST', '/broadcasts/preview', { chatType: 'group', ownerUserIds: ['bc_owner'] })).body
    expect(preview).toMatchObject({ total: 2, reachable: 2, senders: 1 })
    const created = await compose({ chatType: 'group', ownerUserIds: ['bc_owner'] })
    const call = (await sent(stack, 'add_msg_template'))[0] as Json
    expect(call).toMatchObject({ chat_type: 'group', sender: 'bc_owner' })
    expect(call.chat_id_list).toHaveLength(2)
    later(5)
    await confirm(created.tasks[0].msgid, 'bc_owner')
    expect((await sync(created.id)).status).toBe('done')
    expect(await resultsOf(created.id)).toEqual({ 会员福利群: 'sent', 新品体验群: 'sent' })
  })
})

describe('a send a server did not finish', () => {
  /** A broadcast to each guide's customer, put back in `sending` as a server that stopped midway leaves it. */
  async function sentThenStopped(...contacts: [customer: string, guide: string][]): Promise<Json> {
    for (const [customer, guide] of contacts) await addContact(stack, customer, guide)
    const created = await compose(audienceOf(...contacts.map(([, guide]) => guide)))
    await stack.query("update broadcasts set status = 'sending' where id = ?", created.id)
    return created
  }

  it('is sent from the start when no task was written, once it has stalled half an hour', async () => {
    await addContact(stack, 'bc_st1', 'bc_guide_st1')
    const created = await compose({ ...audienceOf('bc_guide_st1'), sendAt: new Date(clock.now().getTime() + 60_000).toISOString() })
    later(61)
    // The server took it and stopped before writing anything.
    await stack.query("update broadcasts set status = 'sending', sending_since = ? where id = ?", clock.now().getTime(), created.id)
    await stack.app.broadcasts.syncAll()
    expect((await detail(created.id)).status).toBe('sending')
    later(31 * 60)
    await stack.app.broadcasts.syncAll()
    expect(await detail(created.id)).toMatchObject({ status: 'waiting', counts: { staff: 1, pending: 1 } })
  })

  it('fails, resumed, when its images cannot be uploaded and WeCom was asked for nothing yet', async () => {
    await addContact(stack, 'bc_st6', 'bc_guide_st6')
    const picUrl = `${stack.sandboxUrl}/sandbox/no-such-host/poster.png`
    const created = await compose({ ...audienceOf('bc_guide_st6'), attachments: [{ type: 'image', picUrl }], sendAt: new Date(clock.now().getTime() + 60_000).toISOString() })
    later(61)
    await stack.query("update broadcasts set status = 'sending', sending_since = ? where id = ?", clock.now().getTime(), created.id)
    later(31 * 60)
    await expect(stack.app.broadcasts.syncAll()).rejects.toThrow()
    expect(await detail(created.id)).toMatchObject({ status: 'failed', counts: { recipients: 0 } })
  })

  it('fails with the tasks it had written when, resumed, its images cannot be uploaded', async () => {
    const created = await sentThenStopped(['bc_st7', 'bc_guide_st7'], ['bc_st8', 'bc_guide_st8'])
    const [written, unwritten] = created.tasks as Json[]
    // The server wrote the first guide's task and stopped; by the resume its image can no longer be fetched.
    await stack.query('update broadcasts set tasks_written_at = null, attachments = ? where id = ?', JSON.stringify([{ type: 'image', picUrl: `${stack.sandboxUrl}/sandbox/no-such-host/poster.png` }]), created.id)
    await stack.query('delete from broadcast_recipients where task_id = ?', unwritten!.id)
    await stack.query('delete from broadcast_tasks where id = ?', unwritten!.id)
    await stack.query("update broadcast_tasks set status = 'queued', msgid = null where id = ?", written!.id)
    await stack.query("update broadcast_recipients set status = 'pending' where task_id = ?", written!.id)
    const calls = (await sent(stack, 'add_msg_template')).length
    later(31 * 60)
    await expect(stack.app.broadcasts.syncAll()).rejects.toThrow()
    expect((await sent(stack, 'add_msg_template')).length).toBe(calls)
    const failed = await detail(created.id)
    expect(failed).toMatchObject({ status: 'failed', counts: { recipients: 1, pending: 0, failed: 1 } })
    expect(failed.tasks.map((task: Json) => [task.staff.userId, task.status])).toEqual([['bc_guide_st7', 'failed']])
  })

  it('asks WeCom for the tasks still queued, and shows one taken but unanswered as failed rather than asking twice', async () => {
    const created = await sentThenStopped(['bc_st2', 'bc_guide_st2'], ['bc_st3', 'bc_guide_st3'])
    const [queued, calling] = created.tasks as Json[]
    await stack.query("update broadcast_tasks set status = 'queued', msgid = null where id = ?", queued!.id)
    await stack.query("update broadcast_tasks set status = 'calling', msgid = null where id = ?", calling!.id)
    const calls = (await sent(stack, 'add_msg_template')).length
    later(31 * 60)
    await stack.app.broadcasts.syncAll()
    expect((await sent(stack, 'add_msg_template')).length - calls).toBe(1)
    const resumed = await detail(created.id)
    expect(resumed.status).toBe('waiting')
    expect(resumed.tasks.map((task: Json) => [task.staff.userId, task.status])).toEqual([
      [queued!.staff.userId, 'waiting'],
      [calling!.staff.userId, 'failed'],
    ])
    expect(resumed.counts).toMatchObject({ pending: 1, failed: 1 })
  })

  it('writes the tasks it had not written yet, each customer once, and asks WeCom for every one', async () => {
    const created = await sentThenStopped(['bc_st4', 'bc_guide_st4'], ['bc_st5', 'bc_guide_st5'])
    const [first, unwritten] = created.tasks as Json[]
    // The server wrote the first guide's task, then stopped before the second's and before any call.
    await stack.query('update broadcasts set tasks_written_at = null where id = ?', created.id)
    await stack.query('delete from broadcast_recipients where task_id = ?', unwritten!.id)
    await stack.query('delete from broadcast_tasks where id = ?', unwritten!.id)
    await stack.query("update broadcast_tasks set status = 'queued', msgid = null where id = ?", first!.id)
    const calls = (await sent(stack, 'add_msg_template')).length
    later(31 * 60)
    await Promise.all([stack.app.broadcasts.syncAll(), stack.app.broadcasts.syncAll()])
    const all = await sent(stack, 'add_msg_template')
    const asked = all.slice(0, all.length - calls)
    expect(asked.map((call: Json) => [call.sender, call.external_userid.length]).sort()).toEqual([
      ['bc_guide_st4', 1],
      ['bc_guide_st5', 1],
    ])
    const resumed = await detail(created.id)
    expect(resumed).toMatchObject({ status: 'waiting', counts: { recipients: 2, pending: 2, staff: 2 } })
    expect(resumed.tasks.map((task: Json) => [task.staff.userId, task.status]).sort()).toEqual([
      ['bc_guide_st4', 'waiting'],
      ['bc_guide_st5', 'waiting'],
    ])
  })
})

describe('a broadcast nobody confirms', () => {
  it('is followed for 30 days after sending, then closed with its customers left 未发送', async () => {
    await addContact(stack, 'bc_late', 'bc_guide_late')
    const created = await compose(audienceOf('bc_guide_late'))
    later(5)
    expect((await sync(created.id)).status).toBe('waiting')
    later(31 * 24 * 3600)
    expect(await sync(created.id)).toMatchObject({ status: 'done', counts: { pending: 1, sent: 0 } })
  })
})
