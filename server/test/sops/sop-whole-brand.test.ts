// An SOP for a whole brand: a weekly step to every customer enters 33,000 of them on its weekday, each once,
// in units of work of bounded size; when the step falls due their guide gets one reminder counting them all
// (more to-dos than one statement may name), and a week on every unsent step is marked missed.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addBulkCustomers } from '../support/bulk-customers'
import { addContact, login, manualClock, request, startStack, type Stack } from '../support/stack'

// Monday 2026-04-06, 09:00 in Shanghai.
const clock = manualClock('2026-04-06T01:00:00.000Z')
const CUSTOMERS = 33_000
let stack: Stack

beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
})
afterAll(() => stack?.close())

const tick = () => stack.app.sops.runTick()
const countOf = async (query: string, ...params: unknown[]) => Number((await stack.one(query, ...params)).n)

it('enters every customer once, reminds their guide once for all of them, and marks every unsent step missed', { timeout: 120_000 }, async () => {
  await addContact(stack, 'sw_first', 'guide_bulk', { at: clock.now().toISOString() })
  const staffId = (await stack.one('select id from staff where user_id = ?', 'guide_bulk')).id
  const at = clock.now().getTime() - 86_400_000
  // The rest written directly, their ids across 100,000, where a long read's second page begins.
  await addBulkCustomers(stack, { staffId, count: CUSTOMERS - 1, firstId: 90_001, prefix: 'wm_sw_', at })
  const { token } = await login.admin(stack)
  const script = await request(`${stack.appUrl}/api/admin/scripts`, { body: { type: 'text', title: '每周上新', content: '本周新品到店啦' }, token })
  const sop = await request(`${stack.appUrl}/api/admin/sops`, {
    body: { name: '每周上新', trigger: 'weekly', weekday: 1, steps: [{ day: 0, time: '10:00', scriptId: script.body.id }] },
    token,
  })
  expect(sop.status, JSON.stringify(sop.body)).toBe(201)

  await tick()
  await tick()
  expect(await countOf('select count(*) as n from sop_enrolments where sop_id = ?', sop.body.id)).toBe(CUSTOMERS)
  expect(await countOf('select count(distinct customer_id) as n from sop_tasks where sop_id = ?', sop.body.id)).toBe(CUSTOMERS)
  expect(await countOf('select count(*) as n from sop_tasks where sop_id = ?', sop.body.id)).toBe(CUSTOMERS)

  clock.set('2026-04-06T02:00:00.000Z')
  await tick()
  await tick()
  expect(await countOf('select count(*) as n from sop_tasks where sop_id = ? and reminded_at is null', sop.body.id)).toBe(0)
  const reminders = async () =>
    ((await request(`${stack.sandboxUrl}/sandbox/wecom/messages?api=message/send`)).body.items as { body: { touser: string; text: { content: string } } }[])
      .map((item) => item.body)
      .filter((message) => message.touser === 'guide_bulk' && message.text.content.includes('到了发送时间'))
  await expect.poll(async () => (await reminders()).length).toBe(1)
  const [reminder] = await reminders()
  expect(reminder?.text.content).toContain(`【激活SOP】${CUSTOMERS} 条 SOP 到了发送时间：「每周上新」第 1 步 · `)
  expect(reminder?.text.content).toContain(` 等 ${CUSTOMERS} 条。`)

  clock.set('2026-04-13T01:00:00.000Z')
  await tick()
  expect(await countOf("select count(*) as n from sop_tasks where sop_id = ? and status = 'missed'", sop.body.id)).toBe(CUSTOMERS)
})
