import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startReceiver, startSandbox, type Json, type Receiver, type Sandbox } from './helpers'

const HOUR = 3600 * 1000
let receiver: Receiver
let sandbox: Sandbox
let clock: Date
const setClock = (iso: string) => {
  clock = new Date(iso)
}
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
})
beforeEach(async () => {
  setClock('2026-03-01T02:00:00Z')
  sandbox = await startSandbox({ receiver, now: () => clock, transfers: { resultPageSize: 2 } })
  receiver.received.length = 0
})
afterEach(async () => {
  await sandbox.close()
})

/** The external ids of the people who add `userId`, in order. */
async function customersOf(userId: string, people: string[]): Promise<[string, string, string]> {
  const ids: string[] = []
  for (const who of people) ids.push((await sandbox.addContact({ userId, who })).json.externalUserId)
  return ids as [string, string, string]
}
const transfer = (body: Json) => sandbox.externalcontact('transfer_customer', body)
const followersOf = async (id: string) =>
  ((await sandbox.wecom('externalcontact/get', { query: { external_userid: id } })).follow_user as Json[]).map((f) => f.userid)
const settle = async (all = false) => (await sandbox.request('POST', '/sandbox/wecom/transfers/settle', { all })).json
const events = () => receiver.received.map(({ fields }) => [fields.ChangeType, fields.UserID, fields.Source ?? fields.FailReason ?? ''])

async function allResults(api: string, handover: string, takeover: string): Promise<Json[]> {
  const seen: Json[] = []
  let cursor = ''
  do {
    const page = await sandbox.externalcontact(api, { handover_userid: handover, takeover_userid: takeover, cursor })
    seen.push(...page.customer)
    cursor = page.next_cursor
  } while (cursor)
  return seen
}

describe('on-the-job transfer', () => {
  it('starts per customer with documented errcodes and takes over 24 hours later on the sandbox clock', async () => {
    const [a, b, c] = await customersOf('guide_li', ['ta', 'tb', 'tc'])
    const [other] = await customersOf('guide_zhao', ['td'])
    receiver.received.length = 0
    const reply = await transfer({
      handover_userid: 'guide_li',
      takeover_userid: 'guide_wang',
      external_userid: [a, b, c, other, 'wmnobody'],
      transfer_success_msg: '您好，后续由王芳为您服务',
    })
    expect(reply.errcode).toBe(0)
    expect(reply.customer).toEqual([
      { external_userid: a, errcode: 0 },
      { external_userid: b, errcode: 0 },
      { external_userid: c, errcode: 0 },
      { external_userid: other, errcode: 40131 },
      { external_userid: 'wmnobody', errcode: 40096 },
    ])
    // Already in transfer; the same person on both sides.
    expect((await transfer({ handover_userid: 'guide_li', takeover_userid: 'guide_zhao', external_userid: [a] })).customer).toEqual([
      { external_userid: a, errcode: 40129 },
    ])
    expect((await transfer({ handover_userid: 'guide_zhao', takeover_userid: 'guide_zhao', external_userid: [other] })).customer).toEqual([
      { external_userid: other, errcode: 40130 },
    ])

    // Waiting, in pages of two, with the takeover time a day on.
    const waiting = await allResults('transfer_result', 'guide_li', 'guide_wang')
    expect(waiting).toHaveLength(3)
    expect(waiting.every((entry) => entry.status === 2 && entry.takeover_time === Date.parse('2026-03-02T02:00:00Z') / 1000)).toBe(true)
    expect(receiver.received).toHaveLength(0)

    setClock('2026-03-02T02:00:01Z')
    const { settled } = await settle()
    expect(settled).toHaveLength(3)
    expect((await allResults('transfer_result', 'guide_li', 'guide_wang')).map((entry) => entry.status)).toEqual([1, 1, 1])
    expect(await followersOf(a)).toEqual(['guide_wang'])
    expect(events().slice(0, 2)).toEqual([
      ['add_external_contact', 'guide_wang', ''],
      ['del_external_contact', 'guide_li', 'DELETE_BY_TRANSFER'],
    ])
    expect(receiver.received).toHaveLength(6)
  })

  it('refuses more than 100 customers, a message over 200 characters, and a third transfer within 90 days', async () => {
    const [a] = await customersOf('guide_li', ['ra'])
    const many = Array.from({ length: 101 }, (_, i) => `wm${i}`)
    expect((await transfer({ handover_userid: 'guide_li', takeover_userid: 'guide_wang', external_userid: many })).errcode).toBe(40058)
    const long = '很'.repeat(201)
    const tooLong = { handover_userid: 'guide_li', takeover_userid: 'guide_wang', external_userid: [a], transfer_success_msg: long }
    expect((await transfer(tooLong)).errcode).toBe(40058)

    const hops = [
      ['guide_li', 'guide_wang'],
      ['guide_wang', 'guide_zhao'],
    ]
    for (const [from, to] of hops) {
      expect((await transfer({ handover_userid: from, takeover_userid: to, external_userid: [a] })).customer[0].errcode).toBe(0)
      await settle(true)
    }
    expect((await transfer({ handover_userid: 'guide_zhao', takeover_userid: 'guide_li', external_userid: [a] })).customer[0].errcode).toBe(40128)
    setClock('2026-05-30T03:00:00Z') // 90 days after the first
    expect((await transfer({ handover_userid: 'guide_zhao', takeover_userid: 'guide_li', external_userid: [a] })).customer[0].errcode).toBe(0)
  })

  it('fails with transfer_fail when the customer refuses or the takeover member is full', async () => {
    const [a, b] = await customersOf('guide_li', ['fa', 'fb'])
    await customersOf('guide_full', ['fc'])
    await transfer({ handover_userid: 'guide_li', takeover_userid: 'guide_full', external_userid: [a, b] })
    receiver.received.length = 0

    const refused = await sandbox.request('POST', `/sandbox/wecom/transfers/${a}/refuse`)
    expect(refused.status).toBe(200)
    expect(events()).toEqual([['transfer_fail', 'guide_full', 'customer_refused']])
    expect(receiver.received[0]!.fields.ExternalUserID).toBe(a)

    expect((await sandbox.request('PUT', '/sandbox/wecom/members/guide_full/capacity', { capacity: 1 })).status).toBe(200)
    clock = new Date(clock.getTime() + 25 * HOUR)
    await settle()
    expect(events().at(-1)).toEqual(['transfer_fail', 'guide_full', 'customer_limit_exceed'])
    const results = await allResults('transfer_result', 'guide_li', 'guide_full')
    expect(Object.fromEntries(results.map((entry) => [entry.external_userid, entry.status]))).toEqual({ [a]: 3, [b]: 4 })
    expect(await followersOf(a)).toEqual(['guide_li'])
    // A full member is refused at the call too.
    const [c] = await customersOf('guide_li', ['fd'])
    expect((await transfer({ handover_userid: 'guide_li', takeover_userid: 'guide_full', external_userid: [c] })).customer[0].errcode).toBe(40099)
  })
})

describe('resigned members', () => {
  it('lists their customers as unassigned and hands them over with resigned/transfer_customer', async () => {
    const [a, b, c] = await customersOf('guide_gone', ['ua', 'ub', 'uc'])
    const early = await sandbox.externalcontact('resigned/transfer_customer', {
      handover_userid: 'guide_gone',
      takeover_userid: 'guide_wang',
      external_userid: [a],
    })
    expect(early.errcode).toBe(40097)

    const resigned = await sandbox.request('POST', '/sandbox/wecom/members/guide_gone/resign', { at: '2026-02-28T10:00:00Z' })
    expect(resigned.json).toEqual({ dimissionTime: Date.parse('2026-02-28T10:00:00Z') / 1000 })
    // A resigned member is gone: no on-the-job transfer from or to them.
    expect((await transfer({ handover_userid: 'guide_gone', takeover_userid: 'guide_wang', external_userid: [a] })).errcode).toBe(60111)

    const first = await sandbox.externalcontact('get_unassigned_list', { page_size: 2 })
    expect(first.info).toHaveLength(2)
    expect(first.is_last).toBe(false)
    const second = await sandbox.externalcontact('get_unassigned_list', { page_size: 2, cursor: first.next_cursor })
    expect(second).toMatchObject({ is_last: true, next_cursor: '' })
    expect([...first.info, ...second.info].map((entry: Json) => entry.external_userid).sort()).toEqual([a, b, c].sort())
    expect(first.info[0]).toMatchObject({ handover_userid: 'guide_gone', dimission_time: Date.parse('2026-02-28T10:00:00Z') / 1000 })

    const started = await sandbox.externalcontact('resigned/transfer_customer', {
      handover_userid: 'guide_gone',
      takeover_userid: 'guide_wang',
      external_userid: [a, b],
    })
    expect(started.customer.map((entry: Json) => entry.errcode)).toEqual([0, 0])
    expect((await sandbox.externalcontact('get_unassigned_list', {})).info.map((entry: Json) => entry.external_userid)).toEqual([c])

    setClock('2026-03-02T03:00:00Z')
    await settle()
    expect((await allResults('resigned/transfer_result', 'guide_gone', 'guide_wang')).map((entry) => entry.status)).toEqual([1, 1])
    expect(await followersOf(b)).toEqual(['guide_wang'])
  })
})

describe('customer groups handed to a new owner', () => {
  const createGroup = async (owner: string, name: string) => {
    const reply = await sandbox.request('POST', '/sandbox/wecom/group-chats', { owner, name })
    expect(reply.status, JSON.stringify(reply.json)).toBe(201)
    return reply.json.chatId as string
  }
  const groupOf = async (chatId: string) => (await sandbox.externalcontact('groupchat/get', { chat_id: chatId })).group_chat as Json

  it("hands a resigned owner's groups over with groupchat/transfer and a change_owner event", async () => {
    const [kept, gone] = [await createGroup('guide_li', '在职群'), await createGroup('guide_sun', '离职群')]
    expect((await sandbox.externalcontact('groupchat/transfer', { chat_id_list: [gone], new_owner: 'guide_wang' })).failed_chat_list).toEqual([
      { chat_id: gone, errcode: 90500, errmsg: 'the owner of this chat is not resigned' },
    ])
    await sandbox.request('POST', '/sandbox/wecom/members/guide_sun/resign', {})
    const listed = await sandbox.externalcontact('groupchat/list', { status_filter: 1, limit: 100 })
    expect(listed.group_chat_list).toEqual([{ chat_id: gone, status: 1 }])
    receiver.received.length = 0

    const reply = await sandbox.externalcontact('groupchat/transfer', { chat_id_list: [gone, kept, 'wrnone'], new_owner: 'guide_wang' })
    expect(reply.failed_chat_list.map((entry: Json) => [entry.chat_id, entry.errcode])).toEqual([
      [kept, 90500],
      ['wrnone', 40050],
    ])
    expect((await groupOf(gone)).owner).toBe('guide_wang')
    await settle()
    expect(receiver.received.map(({ fields }) => [fields.ChatId, fields.UpdateDetail])).toEqual([[gone, 'change_owner']])
    expect((await sandbox.externalcontact('groupchat/onjob_transfer', { chat_id_list: [kept], new_owner: 'guide_sun' })).errcode).toBe(60111)
    expect((await sandbox.externalcontact('groupchat/transfer', { chat_id_list: [], new_owner: 'guide_wang' })).errcode).toBe(40058)
  })

  it('hands an on-the-job group over twice in 90 days at most', async () => {
    const chat = await createGroup('guide_li', '会员群')
    const hop = (to: string) => sandbox.externalcontact('groupchat/onjob_transfer', { chat_id_list: [chat], new_owner: to })
    expect((await hop('guide_li')).failed_chat_list[0].errcode).toBe(90504)
    expect((await hop('guide_wang')).failed_chat_list).toEqual([])
    expect((await hop('guide_zhao')).failed_chat_list).toEqual([])
    expect((await hop('guide_li')).failed_chat_list[0].errcode).toBe(45009)
    expect((await groupOf(chat)).owner).toBe('guide_zhao')
    setClock('2026-05-31T00:00:00Z')
    expect((await hop('guide_li')).failed_chat_list).toEqual([])
  })
})
