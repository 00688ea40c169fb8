import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PLACEHOLDER_PNG } from '../src/images'
import { startReceiver, startSandbox, type Json, type Receiver, type Sandbox } from './helpers'

// The sandbox's clock, moved by the tests: dispatching, reminders, the receive periods and media lifetimes are by it.
let clock = new Date('2026-03-10T04:00:00Z')
let receiver: Receiver
let sandbox: Sandbox
beforeAll(async () => {
  receiver = await startReceiver()
  sandbox = await startSandbox({ receiver, now: () => clock })
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})
beforeEach(async () => {
  await control('PUT', '/group-message-rule', { rule: 'month_days' })
})

const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000)
}
const call = (api: string, body: unknown) => sandbox.externalcontact(api, body)
const control = async (method: string, path: string, body?: unknown) => sandbox.request(method, `/sandbox/wecom${path}`, body)
async function customer(who: string, userId: string): Promise<string> {
  const reply = await sandbox.addContact({ who, userId })
  expect(reply.status).toBe(201)
  return reply.json.externalUserId as string
}
/** A broadcast created and past WeCom's dispatching window. */
async function broadcast(body: Json): Promise<Json> {
  const created = await call('add_msg_template', body)
  expect(created.errcode, JSON.stringify(created)).toBe(0)
  later(5)
  return created
}
const confirm = (msgid: string, userId: string) => control('POST', `/group-messages/${msgid}/send`, { userId })
async function allResults(msgid: string, userid: string, limit: number): Promise<Json[]> {
  const all: Json[] = []
  let cursor = ''
  do {
    const page = await call('get_groupmsg_send_result', { msgid, userid, limit, cursor })
    expect(page.errcode).toBe(0)
    all.push(...page.send_list)
    cursor = page.next_cursor
  } while (cursor)
  return all
}

describe('add_msg_template', () => {
  it('creates one task per member, sends nothing until they confirm, and lists who cannot be reached in fail_list', async () => {
    const ann = await customer('gm_ann', 'gm_guide_a')
    const ben = await customer('gm_ben', 'gm_guide_b')
    const created = await call('add_msg_template', { external_userid: [ann, ben, 'wmnotacontact'], text: { content: '春季上新' } })
    expect(created).toMatchObject({ errcode: 0, msgid: expect.any(String), fail_list: ['wmnotacontact'] })
    // Read too early: WeCom is still handing it out.
    expect((await call('get_groupmsg_task', { msgid: created.msgid })).errcode).toBe(41063)
    later(5)
    const tasks = await call('get_groupmsg_task', { msgid: created.msgid })
    expect(tasks.task_list.map((t: Json) => [t.userid, t.status]).sort()).toEqual([['gm_guide_a', 0], ['gm_guide_b', 0]])
    expect(await allResults(created.msgid, 'gm_guide_a', 500)).toEqual([{ external_userid: ann, userid: 'gm_guide_a', status: 0 }])
  })

  it('with a sender sends only to that member customers; other ids go to fail_list', async () => {
    const own = await customer('gm_own', 'gm_guide_c')
    const other = await customer('gm_other', 'gm_guide_d')
    const created = await broadcast({ sender: 'gm_guide_c', external_userid: [own, other], text: { content: 'hi' } })
    expect(created.fail_list).toEqual([other])
    const tasks = await call('get_groupmsg_task', { msgid: created.msgid })
    expect(tasks.task_list).toEqual([{ userid: 'gm_guide_c', status: 0 }])
  })

  it('refuses what WeCom refuses: empty content, over 4000 bytes, more than 9 attachments, a bad msgtype, over 10,000 customers, no recipients', async () => {
    const ann = await customer('gm_lim', 'gm_guide_a')
    const base = { external_userid: [ann] }
    expect((await call('add_msg_template', base)).errcode).toBe(40058)
    expect((await call('add_msg_template', { ...base, text: { content: '字'.repeat(1334) } })).errcode).toBe(45002)
    const link = { msgtype: 'link', link: { title: 't', url: 'https://example.com' } }
    expect((await call('add_msg_template', { ...base, attachments: Array(10).fill(link) })).errcode).toBe(41064)
    expect((await call('add_msg_template', { ...base, attachments: [{ msgtype: 'voice', voice: {} }] })).errcode).toBe(41065)
    const longTitle = { msgtype: 'link', link: { title: '长'.repeat(43), url: 'https://example.com' } }
    expect((await call('add_msg_template', { ...base, attachments: [longTitle] })).errcode).toBe(45002)
    const many = Array.from({ length: 10_001 }, (_, i) => `wm${i}`)
    expect((await call('add_msg_template', { external_userid: many, text: { content: 'x' } })).errcode).toBe(40058)
    expect((await call('add_msg_template', { text: { content: 'x' } })).errcode).toBe(40058)
    expect((await call('add_msg_template', { chat_type: 'group', text: { content: 'x' } })).errcode).toBe(40058)
  })

  it('takes an uploaded image by media_id for three days, then answers 40007', async () => {
    const ann = await customer('gm_img', 'gm_guide_a')
    const form = new FormData()
    form.append('media', new Blob([PLACEHOLDER_PNG], { type: 'image/png' }), 'poster.png')
    const upload = (await (await fetch(`${sandbox.base}/cgi-bin/media/upload?access_token=${await sandbox.wecomToken()}&type=image`, { method: 'POST', body: form })).json()) as Json
    const body = { external_userid: [ann], attachments: [{ msgtype: 'image', image: { media_id: upload.media_id } }] }
    expect((await call('add_msg_template', body)).errcode).toBe(0)
    later(3 * 86_400)
    expect((await call('add_msg_template', body)).errcode).toBe(40007)
    expect((await call('add_msg_template', { ...body, attachments: [{ msgtype: 'image', image: { media_id: 'never-uploaded' } }] })).errcode).toBe(40007)
  })
})

describe('a member confirming in the client', () => {
  it('decides each customer: sent, not a friend (status 2), over the receive rule (status 3)', async () => {
    const kept = await customer('gm_kept', 'gm_guide_e')
    const gone = await customer('gm_gone', 'gm_guide_e')
    const full = await customer('gm_full', 'gm_guide_e')
    await control('PUT', '/group-message-rule', { rule: 'day_1' })
    expect((await control('POST', '/group-messages/received-elsewhere', { recipient: full })).json).toEqual({ received: 1 })
    const { msgid } = await broadcast({ external_userid: [kept, gone, full], text: { content: '会员日' } })
    await sandbox.request('DELETE', `/sandbox/wecom/contacts/${gone}?userId=gm_guide_e&by=customer`)
    const confirmed = await confirm(msgid, 'gm_guide_e')
    expect(confirmed.status).toBe(200)
    const results = await allResults(msgid, 'gm_guide_e', 1)
    expect(Object.fromEntries(results.map((r) => [r.external_userid, r.status]))).toEqual({ [kept]: 1, [gone]: 2, [full]: 3 })
    expect(results.every((r) => r.send_time === Math.floor(clock.getTime() / 1000))).toBe(true)
    expect((await call('get_groupmsg_task', { msgid })).task_list[0]).toMatchObject({ userid: 'gm_guide_e', status: 2, send_time: expect.any(Number) })
    // One a day: the next broadcast today is refused for kept; tomorrow (China's day) it is sent.
    const second = await broadcast({ external_userid: [kept], text: { content: '再来一条' } })
    await confirm(second.msgid, 'gm_guide_e')
    expect((await allResults(second.msgid, 'gm_guide_e', 10))[0]?.status).toBe(3)
    later(86_400)
    const third = await broadcast({ external_userid: [kept], text: { content: '明天的' } })
    await confirm(third.msgid, 'gm_guide_e')
    expect((await allResults(third.msgid, 'gm_guide_e', 10))[0]?.status).toBe(1)
    expect((await confirm(third.msgid, 'gm_guide_e')).status).toBe(409)
  })

  it('counts the month days by default: the 32nd of a month is refused', async () => {
    const many = await customer('gm_many', 'gm_guide_f')
    clock = new Date('2026-05-01T01:00:00Z')
    for (let i = 0; i < 31; i++) {
      const { msgid } = await broadcast({ external_userid: [many], text: { content: `第${i + 1}条` } })
      await confirm(msgid, 'gm_guide_f')
    }
    const { msgid } = await broadcast({ external_userid: [many], text: { content: '第32条' } })
    await confirm(msgid, 'gm_guide_f')
    expect((await allResults(msgid, 'gm_guide_f', 10))[0]?.status).toBe(3)
    clock = new Date('2026-06-01T01:00:00Z')
  })

  it('pages results through cursors of the limit asked for, and refuses a limit over 1000', async () => {
    const ids = []
    for (let i = 0; i < 5; i++) ids.push(await customer(`gm_page${i}`, 'gm_guide_g'))
    const { msgid } = await broadcast({ sender: 'gm_guide_g', text: { content: '全部客户' } })
    const first = await call('get_groupmsg_send_result', { msgid, userid: 'gm_guide_g', limit: 2 })
    expect(first.send_list).toHaveLength(2)
    expect(first.next_cursor).not.toBe('')
    expect((await allResults(msgid, 'gm_guide_g', 2)).map((r) => r.external_userid).sort()).toEqual([...ids].sort())
    expect((await call('get_groupmsg_send_result', { msgid, userid: 'gm_guide_g', limit: 1001 })).errcode).toBe(40058)
  })
})

describe('customer-group broadcasts', () => {
  it('go to the groups the owner holds; the owner confirms and each group is a result', async () => {
    const mine = (await control('POST', '/group-chats', { owner: 'gm_owner', name: '福利群', members: [{ who: 'gm_gm1' }] })).json.chatId
    const theirs = (await control('POST', '/group-chats', { owner: 'gm_other_owner', name: '别人的群' })).json.chatId
    const { msgid } = await broadcast({ chat_type: 'group', sender: 'gm_owner', chat_id_list: [mine, theirs], text: { content: '群公告' } })
    await confirm(msgid, 'gm_owner')
    expect(await allResults(msgid, 'gm_owner', 10)).toEqual([{ chat_id: mine, userid: 'gm_owner', status: 1, send_time: expect.any(Number) }])
  })
})

describe('remind_groupmsg_send and cancel_groupmsg_send', () => {
  it('reminds at most three times in 24 hours (45009), and a cancelled broadcast can no longer be sent', async () => {
    const ann = await customer('gm_remind', 'gm_guide_h')
    const { msgid } = await broadcast({ external_userid: [ann], text: { content: '提醒' } })
    for (let i = 0; i < 3; i++) expect((await call('remind_groupmsg_send', { msgid })).errcode).toBe(0)
    expect((await call('remind_groupmsg_send', { msgid })).errcode).toBe(45009)
    later(86_401)
    expect((await call('remind_groupmsg_send', { msgid })).errcode).toBe(0)
    expect((await call('cancel_groupmsg_send', { msgid })).errcode).toBe(0)
    expect((await confirm(msgid, 'gm_guide_h')).status).toBe(409)
    expect((await call('get_groupmsg_task', { msgid })).task_list[0].status).toBe(0)
    expect((await call('remind_groupmsg_send', { msgid: 'unknown' })).errcode).toBe(40058)
  })
})

describe('get_groupmsg_list_v2', () => {
  it('lists the corp broadcasts of a range, newest first, without a creator for API-made ones; a range over a month is refused', async () => {
    const ann = await customer('gm_list', 'gm_guide_i')
    clock = new Date('2026-07-01T00:00:00Z')
    const a = await broadcast({ external_userid: [ann], text: { content: 'A' } })
    const b = await broadcast({ external_userid: [ann], text: { content: 'B' } })
    const start = Math.floor(Date.parse('2026-06-30T00:00:00Z') / 1000)
    const end = start + 2 * 86_400
    const first = await call('get_groupmsg_list_v2', { chat_type: 'single', start_time: start, end_time: end, limit: 1 })
    expect(first.group_msg_list).toEqual([expect.objectContaining({ msgid: b.msgid, create_type: 0, text: { content: 'B' } })])
    expect(first.group_msg_list[0]).not.toHaveProperty('creator')
    const second = await call('get_groupmsg_list_v2', { chat_type: 'single', start_time: start, end_time: end, limit: 1, cursor: first.next_cursor })
    expect(second.group_msg_list[0].msgid).toBe(a.msgid)
    expect((await call('get_groupmsg_list_v2', { chat_type: 'single', start_time: start, end_time: start + 40 * 86_400 })).errcode).toBe(40058)
    expect((await call('get_groupmsg_list_v2', { chat_type: 'single', start_time: start, end_time: end, limit: 101 })).errcode).toBe(40058)
  })
})
