// Activation SOPs on a moved clock: who enters by each trigger, when each step falls due (out of the quiet
// hours), the app-message reminders at the due time and shortly before late, the guide's one-tap send,
// on time, late and missed by guide, and the end of a customer's SOP when either side deletes the other
// (real del_follow_user and del_external_contact callback envelopes from the sandbox).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { claimable, leftWithOpenRounds, tickClaims } from '../../src/sops/sop-service'
import { planOf } from '../support/plans'
import { addContact as addContactAt, login, manualClock, request, startStack, type Stack } from '../support/stack'

type Json = Record<string, any>

// Monday 2026-04-06, 09:00 in Shanghai.
const clock = manualClock('2026-04-06T01:00:00.000Z')
let stack: Stack
let adminToken: string
const scriptIds: number[] = []

beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
  adminToken = (await login.admin(stack)).token
  for (const [title, content] of [
    ['新客问候', '{{customerName}}您好，我是{{staffName}}，欢迎加入'],
    ['次日关怀', '用得还习惯吗？'],
  ]) {
    const reply = await admin('POST', '/scripts', { type: 'text', title, content })
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    scriptIds.push(reply.body.id)
  }
})
afterAll(() => stack?.close())

// The clock moves by days: sessions are signed in again when the moved clock has expired them.
async function admin(method: string, path: string, body?: unknown) {
  const reply = await request(`${stack.appUrl}/api/admin${path}`, { method, body, token: adminToken })
  if (reply.status !== 401) return reply
  adminToken = (await login.admin(stack)).token
  return request(`${stack.appUrl}/api/admin${path}`, { method, body, token: adminToken })
}
async function sidebar(method: string, path: string, body?: unknown, as = 'guide_li') {
  const tokens = sidebarTokens
  const token = tokens.get(as) ?? (await login.staff(stack, as)).token
  const reply = await request(`${stack.appUrl}/api/sidebar${path}`, { method, body, token })
  tokens.set(as, token)
  if (reply.status !== 401) return reply
  tokens.set(as, (await login.staff(stack, as)).token)
  return request(`${stack.appUrl}/api/sidebar${path}`, { method, body, token: tokens.get(as) })
}
const sidebarTokens = new Map<string, string>()
const at = (iso: string) => clock.set(iso)
/** A customer adds the guide now, on the moved clock. */
const addContact = (_stack: Stack, who: string, userId: string) => addContactAt(stack, who, userId, { at: clock.now().toISOString() })
const tick = () => stack.app.sops.runTick()
const sopTodos = async (as = 'guide_li') => ((await sidebar('GET', '/todos?kind=sop', undefined, as)).body.items ?? []) as Json[]
const tasksOf = (sopId: number) => stack.query('select * from sop_tasks where sop_id = ? order by customer_id, group_chat_id, step', sopId)
const iso = (ms: unknown) => new Date(Number(ms)).toISOString()
let requests = 0
const send = (taskId: number, requestId = `req-sop-${++requests}`) => sidebar('POST', `/sop-tasks/${taskId}/sends`, { requestId })

/** App messages the server sent through WeCom, newest first. */
async function appMessages(): Promise<Json[]> {
  return (await request(`${stack.sandboxUrl}/sandbox/wecom/messages?api=message/send`)).body.items.map((item: Json) => item.body)
}
/** Reminders go out after the tick commits: waits for the message that names `text`. */
async function reminderNaming(text: string): Promise<Json> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = (await appMessages()).find((message) => message.text?.content.includes(text))
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no app message naming ${text}`)
}

async function createSop(body: Json): Promise<Json> {
  const reply = await admin('POST', '/sops', body)
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}

describe('an SOP for new customers', () => {
  let sop: Json
  it('is refused when its trigger lacks what it needs or a step names no brand script', async () => {
    const steps = [{ day: 0, time: '10:00', scriptId: 1 }]
    expect((await admin('POST', '/sops', { name: '标签', trigger: 'tag', steps })).body.error).toMatchObject({ code: 'INVALID_SOP', message: '请选择标签' })
    expect((await admin('POST', '/sops', { name: '无话术', trigger: 'added', steps: [{ day: 0, time: '10:00', scriptId: 9999 }] })).body.error.code).toBe('SCRIPT_NOT_FOUND')
    expect((await admin('POST', '/sops', { name: '时间', trigger: 'added', steps: [{ day: 0, time: '25:00', scriptId: 1 }] })).status).toBe(400)
  })

  it('plans each step from the add, out of the quiet hours; reminds at the due time and before late; the guide sends on time', async () => {
    sop = await createSop({
      name: '新客激活',
      trigger: 'added',
      steps: [
        { day: 0, time: '10:00', scriptId: scriptIds[0] },
        { day: 1, time: '22:30', scriptId: scriptIds[1] },
      ],
      quietHours: { start: '22:00', end: '08:00' },
      onTimeMinutes: 60,
    })
    const amy = await addContact(stack, 'sop_amy', 'guide_li')
    await tick()
    const [first, second] = await tasksOf(sop.id)
    // 10:00 the same day; 22:30 the next day is quiet: 08:00 the day after.
    expect(iso(first.due_at)).toBe('2026-04-06T02:00:00.000Z')
    expect(iso(first.late_at)).toBe('2026-04-06T03:00:00.000Z')
    expect(iso(second.due_at)).toBe('2026-04-08T00:00:00.000Z')
    expect(await sopTodos()).toEqual([])

    at('2026-04-06T02:00:00.000Z')
    await tick()
    const due = await reminderNaming('「新客激活」第 1 步')
    expect(due).toMatchObject({ touser: 'guide_li', msgtype: 'text' })
    expect(due.text.content).toContain('客户·sop_amy')
    const [todo] = await sopTodos()
    expect(todo).toMatchObject({ kind: 'sop', status: 'due', customer: { externalUserId: amy }, suggestion: { scriptId: scriptIds[0] } })
    expect(todo?.title).toBe('激活SOP · 新客激活')

    at('2026-04-06T02:46:00.000Z')
    await tick()
    await reminderNaming('还有不到 15 分钟就逾期')
    // Each reminder goes once.
    await tick()
    expect((await appMessages()).filter((message) => message.text.content.includes('第 1 步'))).toHaveLength(2)

    const sent = await send(todo?.sourceId)
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    expect(sent.body.message).toEqual({ msgtype: 'text', text: { content: '客户·sop_amy您好，我是李娜，欢迎加入' } })
    expect(await sopTodos()).toEqual([])
    expect((await send(todo?.sourceId)).status).toBe(409)
  })

  it('a step sent after its window is late; one never sent is missed; stats say so by guide', async () => {
    at('2026-04-06T02:55:00.000Z')
    await addContact(stack, 'sop_bob', 'guide_li')
    await tick()
    at('2026-04-06T04:30:00.000Z')
    await tick()
    const late = (await sopTodos()).find((todo) => todo.customer.name === '客户·sop_bob')
    expect(late).toMatchObject({ status: 'late' })
    expect(late?.detail).toContain('已逾期')
    expect((await send(late?.sourceId)).status).toBe(201)

    // The second steps (due the 8th 08:00, late at 09:00) are never sent: missed a day later.
    at('2026-04-09T01:30:00.000Z')
    await tick()
    const stats = (await admin('GET', `/sops/${sop.id}/stats`)).body
    expect(stats.totals).toMatchObject({ onTime: 1, late: 1, missed: 2 })
    expect(stats.byGuide).toEqual([expect.objectContaining({ staffUserId: 'guide_li', staffName: '李娜', onTime: 1, late: 1, missed: 2 })])
    // Both entered; neither is still in a step: their to-dos are all closed.
    expect((await admin('GET', '/sops')).body.items.find((item: Json) => item.id === sop.id)).toMatchObject({
      enrolled: 2,
      active: 0,
      steps: [expect.objectContaining({ scriptTitle: '新客问候' }), expect.anything()],
    })
  })

  it('two sends of one step at once count once', async () => {
    at('2026-04-10T01:00:00.000Z')
    await addContact(stack, 'sop_cal', 'guide_li')
    at('2026-04-10T02:00:00.000Z')
    await tick()
    const todo = (await sopTodos()).find((item) => item.customer.name === '客户·sop_cal')
    const usage = async () => (await stack.one('select usage_count from scripts where id = ?', scriptIds[0])).usage_count
    const before = await usage()
    const onTime = async () => (await admin('GET', `/sops/${sop.id}/stats`)).body.totals.onTime
    const onTimeBefore = await onTime()
    expect((await admin('GET', '/sops')).body.items.find((item: Json) => item.id === sop.id)).toMatchObject({ enrolled: 3, active: 1 })
    const replies = await Promise.all([send(todo?.sourceId), send(todo?.sourceId), send(todo?.sourceId)])
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409, 409])
    expect(await usage()).toBe(before + 1)
    expect(await onTime()).toBe(onTimeBefore + 1)
    expect((await stack.one('select status from sop_tasks where id = ?', todo?.sourceId)).status).toBe('done')
  })

  it.each([
    { by: 'customer', event: 'del_follow_user', who: 'sop_dan', hour: 1 },
    { by: 'staff', event: 'del_external_contact', who: 'sop_fay', hour: 3 },
  ])('ends when the follow ends, by=$by: $event arrives as a real callback envelope', async ({ by, who, hour }) => {
    at(`2026-04-11T0${hour}:00:00.000Z`)
    const externalUserId = await addContact(stack, who, 'guide_li')
    at(`2026-04-11T0${hour + 1}:00:00.000Z`)
    await tick()
    const listed = async () => (await sopTodos()).some((todo) => todo.customer.externalUserId === externalUserId)
    expect(await listed()).toBe(true)
    const removed = await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=guide_li&by=${by}`, { method: 'DELETE' })
    expect(removed.status).toBe(200)
    expect(await listed()).toBe(false)
    const customerId = (await stack.one('select id from customers where external_user_id = ?', externalUserId)).id
    const tasks = await stack.query('select status from sop_tasks where customer_id = ?', customerId)
    expect(tasks.map((task: Json) => task.status)).toEqual(['ended', 'ended'])
    expect((await stack.one('select ended_at from sop_enrolments where customer_id = ?', customerId)).ended_at).not.toBeNull()
  })

  it('ends at the next tick a round entered as its follow ended', async () => {
    at('2026-04-11T05:00:00.000Z')
    const gil = await addContact(stack, 'sop_gil', 'guide_li')
    at('2026-04-11T06:00:00.000Z')
    await tick()
    const customerId = (await stack.one('select id from customers where external_user_id = ?', gil)).id
    // The deletion's unit of work came between the tick's reading of who enters and its unit that entered him.
    await stack.query("update customer_follows set status = 'lost', ended_at = ? where customer_id = ?", clock.now().getTime() - 60_000, customerId)
    expect((await stack.query('select status from sop_tasks where customer_id = ?', customerId)).map((task: Json) => task.status)).toEqual(['pending', 'pending'])
    await tick()
    expect((await stack.query('select status from sop_tasks where customer_id = ?', customerId)).map((task: Json) => task.status)).toEqual(['ended', 'ended'])
  })

  it("finds what each tick does through indexes of just that, not every open to-do or ended follow", async () => {
    const claims = tickClaims(clock.now())
    expect(await planOf(stack, claimable(stack.app.db, claims.toRemind).getSQL())).toContain('sop_tasks_to_remind')
    expect(await planOf(stack, claimable(stack.app.db, claims.toWarn).getSQL())).toContain('sop_tasks_to_warn')
    expect(await planOf(stack, claimable(stack.app.db, claims.lapsed).getSQL())).toContain('sop_tasks_to_miss')
    expect(await planOf(stack, leftWithOpenRounds(stack.app.db, clock.now()).getSQL())).toContain('customer_follows_status_ended')
  })
})

describe('the other triggers', () => {
  it('a tag: whoever carries it enters once, with the guide they are with', async () => {
    at('2026-04-13T01:00:00.000Z')
    const eve = await addContact(stack, 'sop_eve', 'guide_wang')
    const tag = (await request(`${stack.sandboxUrl}/sandbox/wecom/corp-tags`, { body: { groupName: 'SOP', name: '试用' } })).body
    await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${eve}/tags`, { body: { userId: 'guide_wang', add: [tag.tagId] } })
    const tagId = (await stack.one('select id from tags where wecom_tag_id = ?', tag.tagId)).id
    const sop = await createSop({ name: '试用跟进', trigger: 'tag', tagId, steps: [{ day: 0, time: '09:30', scriptId: scriptIds[1] }] })
    at('2026-04-13T02:00:00.000Z')
    await tick()
    await tick()
    const tasks = await tasksOf(sop.id)
    expect(tasks).toHaveLength(1)
    // Entered at 10:00, after the step's 09:30: due at once.
    expect(iso(tasks[0].due_at)).toBe('2026-04-13T02:00:00.000Z')
    const mine = (await sopTodos('guide_wang')).filter((todo) => todo.title === '激活SOP · 试用跟进')
    expect(mine.map((todo) => todo.customer.externalUserId)).toEqual([eve])
  })

  it('weekly: every customer once on that weekday, again the next week', async () => {
    const sop = await createSop({ name: '周一问候', trigger: 'weekly', weekday: 1, steps: [{ day: 0, time: '11:00', scriptId: scriptIds[1] }] })
    at('2026-04-13T03:00:00.000Z')
    await tick()
    const firstWeek = (await tasksOf(sop.id)).length
    expect(firstWeek).toBeGreaterThan(0)
    at('2026-04-14T03:00:00.000Z')
    await tick()
    expect(await tasksOf(sop.id)).toHaveLength(firstWeek)
    at('2026-04-20T03:00:00.000Z')
    await tick()
    const rounds = await stack.query('select distinct round from sop_enrolments where sop_id = ? order by round', sop.id)
    expect(rounds.map((row: Json) => row.round)).toEqual(['2026-04-13', '2026-04-20'])
  })

  it('a new customer group: its owner sends the step into the group', async () => {
    const sop = await createSop({ name: '新群培育', trigger: 'group_created', steps: [{ day: 0, time: '00:00', scriptId: scriptIds[1] }] })
    at('2026-04-21T02:00:00.000Z')
    const group = await request(`${stack.sandboxUrl}/sandbox/wecom/group-chats`, { body: { owner: 'guide_li', name: 'SOP 新品群', members: [{ who: 'sop_grp' }] } })
    expect(group.status).toBe(201)
    await tick()
    const todo = (await sopTodos()).find((item) => item.title === '激活SOP · 新群培育')
    expect(todo?.detail).toContain('客户群「SOP 新品群」')
    // The group's own list, for the sidebar opened in that group.
    expect((await sidebar('GET', `/group-chats/${group.body.chatId}/sop-tasks`)).body.items.map((item: Json) => item.sourceId)).toEqual([todo?.sourceId])
    expect((await sidebar('GET', '/group-chats/wrnothere/sop-tasks')).body.items).toEqual([])
    const sent = await send(todo?.sourceId)
    expect(sent.body.message).toEqual({ msgtype: 'text', text: { content: '用得还习惯吗？' } })
    expect((await tasksOf(sop.id)).map((task: Json) => task.status)).toEqual(['done'])
  })
})

describe('a live code and a date', () => {
  it('a live code: only customers who came through it enter, with the guide it gave them', async () => {
    at('2026-04-21T05:00:00.000Z')
    const code = (await admin('POST', '/live-codes', { name: 'SOP 门店码', staffUserIds: ['guide_zhao'], dailyAddLimit: null })).body
    const sop = await createSop({ name: '门店码新客', trigger: 'live_code', liveCodeId: code.id, steps: [{ day: 0, time: '00:00', scriptId: scriptIds[1] }] })
    const scanned = (await request(`${stack.sandboxUrl}/sandbox/wecom/contacts`, { body: { who: 'sop_ivy', state: code.state, at: clock.now().toISOString() } })).body
    await addContact(stack, 'sop_jay', 'guide_zhao')
    await tick()
    const entered = await stack.query('select c.external_user_id as id, s.user_id as guide from sop_enrolments e join customers c on c.id = e.customer_id join staff s on s.id = e.staff_id where e.sop_id = ?', sop.id)
    expect(entered).toEqual([{ id: scanned.externalUserId, guide: 'guide_zhao' }])
  })

  it('a date: every customer with one of the tags enters on that day, not before', async () => {
    const tagId = (await stack.one("select id from tags where name = '试用'")).id
    const sop = await createSop({ name: '店庆日', trigger: 'date', date: '2026-04-25', audienceTagIds: [tagId], steps: [{ day: 0, time: '12:00', scriptId: scriptIds[1] }] })
    at('2026-04-24T15:00:00.000Z')
    await tick()
    expect(await tasksOf(sop.id)).toEqual([])
    at('2026-04-24T16:30:00.000Z')
    await tick()
    const tasks = await tasksOf(sop.id)
    expect(tasks).toHaveLength(1)
    expect(iso(tasks[0].due_at)).toBe('2026-04-25T04:00:00.000Z')
  })
})

describe('a customer handed to another guide', () => {
  it('takes their open SOP to-dos along: WeCom’s DELETE_BY_TRANSFER is a transfer, not a deletion', async () => {
    at('2026-04-22T01:00:00.000Z')
    const han = await addContact(stack, 'sop_han', 'guide_li')
    await tick()
    const customerId = (await stack.one('select id from customers where external_user_id = ?', han)).id
    const staffIdOf = async (userId: string) => (await stack.one('select id from staff where user_id = ?', userId)).id
    const [li, wang] = [await staffIdOf('guide_li'), await staffIdOf('guide_wang')]
    const started = await admin('POST', '/inheritance/on-job/transfers', { handoverStaffId: li, takeoverStaffId: wang, customerIds: [customerId] })
    expect(started.body).toMatchObject({ started: 1 })
    // WeCom hands the customer over after 24 hours; the scheduler's look finds it done.
    at('2026-04-23T01:30:00.000Z')
    await stack.app.scheduler.runDue()
    await vi.waitFor(async () => expect((await stack.one('select status from customer_transfers where customer_id = ?', customerId)).status).toBe('done'), { timeout: 5000 })
    await request(`${stack.sandboxUrl}/sandbox/wecom/transfers/settle`, { method: 'POST', body: {} })
    await tick()
    const tasks = await stack.query('select staff_id, status from sop_tasks where customer_id = ? order by step', customerId)
    expect(tasks).toEqual([
      { staff_id: wang, status: 'pending' },
      { staff_id: wang, status: 'pending' },
    ])
    expect((await sopTodos('guide_wang')).some((todo) => todo.customer.externalUserId === han)).toBe(true)
    expect((await sopTodos()).some((todo) => todo.customer.externalUserId === han)).toBe(false)
  })
})
