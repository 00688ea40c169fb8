import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { externalUserIdFor } from '../src/directory'
import { KEYS, openWithOfficialLibrary, startReceiver, startSandbox, WECOM, type Json, type Receiver, type Sandbox } from './helpers'

// The sandbox's clock, moved by the tests: statistics are about days before "today".
let clock = new Date('2026-03-10T04:00:00Z')
let receiver: Receiver
let sandbox: Sandbox
beforeAll(async () => {
  receiver = await startReceiver()
  sandbox = await startSandbox({ receiver, now: () => clock, groupChats: { maxMembers: 6, maxScanJoins: 2 } })
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})
beforeEach(() => {
  receiver.received.length = 0
})

const xml = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'Item' })
/** The last change_external_chat event as the server would read it, MemChangeList included. */
function lastEvent(): Json {
  const last = receiver.received.at(-1)
  if (!last) throw new Error('no callback')
  return xml.parse(openWithOfficialLibrary(KEYS, last.query, last.body)).xml
}
const call = (api: string, body: unknown) => sandbox.externalcontact(api, body)
const control = (method: string, path: string, body?: unknown) => sandbox.request(method, `/sandbox/wecom${path}`, body)
const customer = (who: string) => externalUserIdFor(WECOM.corpId, who)

async function createGroup(body: Json): Promise<string> {
  const reply = await control('POST', '/group-chats', body)
  expect(reply.status, JSON.stringify(reply.json)).toBe(201)
  return reply.json.chatId as string
}

describe('a group created in the client', () => {
  it('fires create, and groupchat/get answers the owner and the members picked', async () => {
    const chatId = await createGroup({ owner: 'guide_li', name: '春季新品群', members: [{ who: 'amy' }, { userId: 'guide_wang' }] })
    expect(chatId).toMatch(/^wr[0-9a-f]{30}$/)
    expect(lastEvent()).toMatchObject({ Event: 'change_external_chat', ChangeType: 'create', ChatId: chatId, FromUserName: 'sys' })
    const { group_chat: chat } = await call('groupchat/get', { chat_id: chatId, need_name: 1 })
    expect(chat).toMatchObject({ chat_id: chatId, name: '春季新品群', owner: 'guide_li', notice: '', admin_list: [] })
    expect(chat.member_version).toMatch(/^[0-9a-f]{32}$/)
    expect(chat.member_list.map((m: Json) => [m.userid, m.type, m.join_scene])).toEqual([
      ['guide_li', 1, 1],
      [customer('amy'), 2, 1],
      ['guide_wang', 1, 1],
    ])
    expect(chat.member_list[1]).toMatchObject({ name: '客户·amy', unionid: 'u_amy', invitor: { userid: 'guide_li' } })
    // Names only when asked for.
    const plain = await call('groupchat/get', { chat_id: chatId })
    expect(plain.group_chat.member_list[1]).not.toHaveProperty('name')
  })

  it('shows a member who is a contact of the corp under the name they have as one', async () => {
    await sandbox.addContact({ who: 'named', userId: 'guide_li', name: '张小名' })
    const chatId = await createGroup({ owner: 'guide_li', members: [{ who: 'named' }] })
    const { group_chat: chat } = await call('groupchat/get', { chat_id: chatId, need_name: 1 })
    expect(chat.member_list[1]).toMatchObject({ userid: customer('named'), name: '张小名' })
  })

  it('answers 40050 for an unknown chat', async () => {
    expect((await call('groupchat/get', { chat_id: 'wrnothere' })).errcode).toBe(40050)
  })
})

describe('members joining and leaving', () => {
  it('add_member names who joined, with the scene and the versions before and after', async () => {
    const chatId = await createGroup({ owner: 'guide_li', name: '会员群' })
    const before = (await call('groupchat/get', { chat_id: chatId })).group_chat.member_version
    const joined = await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'bea' }, { who: 'cal' }], scene: 'invite' })
    expect(joined.status).toBe(200)
    const event = lastEvent()
    expect(event).toMatchObject({ ChangeType: 'update', UpdateDetail: 'add_member', JoinScene: '0', MemChangeCnt: '2', LastMemVer: before })
    expect(event.MemChangeList.Item).toEqual([customer('bea'), customer('cal')])
    const after = (await call('groupchat/get', { chat_id: chatId })).group_chat
    expect(event.CurMemVer).toBe(after.member_version)
    expect(after.member_version).not.toBe(before)
    // A link invitation is 2 in groupchat/get, 0 in the callback.
    await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'dan' }], scene: 'link', invitor: 'guide_wang' })
    expect(lastEvent().JoinScene).toBe('0')
    const dan = (await call('groupchat/get', { chat_id: chatId })).group_chat.member_list.at(-1)
    expect(dan).toMatchObject({ join_scene: 2, invitor: { userid: 'guide_wang' } })
    expect((await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'dan' }], scene: 'invite' })).status).toBe(409)
  })

  it('del_member: QuitScene 0 when leaving, 1 when removed; the owner cannot leave', async () => {
    const chatId = await createGroup({ owner: 'guide_li', members: [{ who: 'eve' }, { who: 'fay' }] })
    await control('DELETE', `/group-chats/${chatId}/members/${customer('eve')}?by=self`)
    expect(lastEvent()).toMatchObject({ UpdateDetail: 'del_member', QuitScene: '0', MemChangeCnt: '1' })
    expect(lastEvent().MemChangeList.Item).toEqual([customer('eve')])
    await control('DELETE', `/group-chats/${chatId}/members/${customer('fay')}?by=owner`)
    expect(lastEvent().QuitScene).toBe('1')
    expect((await control('DELETE', `/group-chats/${chatId}/members/guide_li?by=self`)).status).toBe(409)
    const chat = (await call('groupchat/get', { chat_id: chatId })).group_chat
    expect(chat.member_list.map((m: Json) => m.userid)).toEqual(['guide_li'])
  })

  it('a change without its callback leaves a gap the next event shows in its versions', async () => {
    const chatId = await createGroup({ owner: 'guide_li' })
    await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'gus' }], scene: 'invite', notify: false })
    const skipped = (await call('groupchat/get', { chat_id: chatId })).group_chat.member_version
    receiver.received.length = 0
    await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'hal' }], scene: 'invite' })
    expect(receiver.received).toHaveLength(1)
    expect(lastEvent().LastMemVer).toBe(skipped)
  })
})

describe('rename, hand over, dismiss', () => {
  it('fires change_name and change_owner; the new owner must be a corp member in the group', async () => {
    const chatId = await createGroup({ owner: 'guide_li', name: '旧名', members: [{ userId: 'guide_zhao' }, { who: 'ivy' }] })
    await control('PATCH', `/group-chats/${chatId}`, { name: '新名' })
    expect(lastEvent()).toMatchObject({ UpdateDetail: 'change_name', ChatId: chatId })
    expect((await control('PATCH', `/group-chats/${chatId}`, { owner: customer('ivy') })).status).toBe(409)
    expect((await control('PATCH', `/group-chats/${chatId}`, { owner: 'guide_wang' })).status).toBe(409)
    await control('PATCH', `/group-chats/${chatId}`, { owner: 'guide_zhao' })
    expect(lastEvent().UpdateDetail).toBe('change_owner')
    expect((await call('groupchat/get', { chat_id: chatId })).group_chat).toMatchObject({ name: '新名', owner: 'guide_zhao' })
  })

  it('dismiss fires its event and the group is gone from get and list', async () => {
    const chatId = await createGroup({ owner: 'guide_sun' })
    await control('DELETE', `/group-chats/${chatId}`)
    expect(lastEvent()).toMatchObject({ ChangeType: 'dismiss', ChatId: chatId })
    expect((await call('groupchat/get', { chat_id: chatId })).errcode).toBe(40050)
    const listed = await call('groupchat/list', { owner_filter: { userid_list: ['guide_sun'] }, limit: 10 })
    expect(listed.group_chat_list).toEqual([])
  })
})

describe('groupchat/list', () => {
  it('pages by cursor in creation order, filtered by owner', async () => {
    const ids = []
    for (let i = 0; i < 5; i++) ids.push(await createGroup({ owner: 'guide_pager', name: `群${i}` }))
    const seen: string[] = []
    let cursor = ''
    do {
      const page = await call('groupchat/list', { owner_filter: { userid_list: ['guide_pager'] }, limit: 2, cursor })
      expect(page.errcode).toBe(0)
      seen.push(...page.group_chat_list.map((chat: Json) => chat.chat_id))
      expect(page.group_chat_list.every((chat: Json) => chat.status === 0)).toBe(true)
      cursor = page.next_cursor
    } while (cursor)
    // Created within one second here: the order within a second is the id's.
    expect(seen).toEqual(ids.sort())
    const large = await startSandbox({ groupChats: { requireOwnerFilter: true } })
    try {
      const list = (body: Json) => large.externalcontact('groupchat/list', body)
      expect((await list({ limit: 10 })).errcode).toBe(81017)
      expect((await list({ limit: 10, owner_filter: { userid_list: ['guide_li'] } })).errcode).toBe(0)
    } finally {
      await large.close()
    }
    expect((await call('groupchat/list', { limit: 0 })).errcode).toBe(40058)
    expect((await call('groupchat/list', { limit: 1001 })).errcode).toBe(40058)
  })
})

describe('group live codes (join ways)', () => {
  it('adds, gets (with a QR code for scene 2), overwrites on update, deletes', async () => {
    const chatId = await createGroup({ owner: 'guide_li', name: '活码群' })
    const added = await call('groupchat/add_join_way', { scene: 2, remark: '门店', room_base_name: '活码群', room_base_id: 2, chat_id_list: [chatId], state: 'g_01' })
    expect(added.config_id).toMatch(/^[0-9a-f]{32}$/)
    const { join_way: way } = await call('groupchat/get_join_way', { config_id: added.config_id })
    expect(way).toMatchObject({ type: 1, scene: 2, remark: '门店', auto_create_room: 1, room_base_id: 2, chat_id_list: [chatId], state: 'g_01' })
    const image = await sandbox.request('GET', new URL(way.qr_code).pathname)
    expect(image.type).toBe('image/png')
    expect((await call('groupchat/update_join_way', { config_id: added.config_id, scene: 1, chat_id_list: [chatId], auto_create_room: 0 })).errcode).toBe(0)
    const updated = (await call('groupchat/get_join_way', { config_id: added.config_id })).join_way
    expect(updated).toMatchObject({ scene: 1, remark: '', state: '', auto_create_room: 0 })
    expect(updated).not.toHaveProperty('qr_code')
    expect((await call('groupchat/del_join_way', { config_id: added.config_id })).errcode).toBe(0)
    expect((await call('groupchat/get_join_way', { config_id: added.config_id })).errcode).toBe(41044)
  })

  it('takes one to five existing groups and checks the lengths', async () => {
    const chats = []
    for (let i = 0; i < 6; i++) chats.push(await createGroup({ owner: 'guide_li' }))
    const base = { scene: 2, auto_create_room: 0 }
    expect((await call('groupchat/add_join_way', { ...base, chat_id_list: chats.slice(0, 5) })).errcode).toBe(0)
    expect((await call('groupchat/add_join_way', { ...base, chat_id_list: chats })).errcode).toBe(40058)
    expect((await call('groupchat/add_join_way', { ...base, chat_id_list: [] })).errcode).toBe(40058)
    expect((await call('groupchat/add_join_way', { ...base, chat_id_list: ['wrnothere'] })).errcode).toBe(40050)
    expect((await call('groupchat/add_join_way', { ...base, chat_id_list: [chats[0]], state: 's'.repeat(31) })).errcode).toBe(40058)
    expect((await call('groupchat/add_join_way', { scene: 2, chat_id_list: [chats[0]] })).errcode).toBe(40058) // auto-create needs a base name
    expect((await call('groupchat/add_join_way', { scene: 3, chat_id_list: [chats[0]] })).errcode).toBe(41040)
  })

  it('a scan lands in the first group with room, then in a new group named from the base, each member carrying the state', async () => {
    const chatId = await createGroup({ owner: 'guide_li', name: '扫码群' })
    const { config_id } = await call('groupchat/add_join_way', { scene: 2, room_base_name: '扫码群', room_base_id: 7, chat_id_list: [chatId], state: 'scan_a' })
    const scan = async (who: string) => (await control('POST', `/join-ways/${config_id}/scans`, { who })).json
    expect(await scan('ann')).toMatchObject({ chatId, created: false, externalUserId: customer('ann') })
    expect(lastEvent()).toMatchObject({ UpdateDetail: 'add_member', JoinScene: '3' })
    await scan('ben')
    // maxScanJoins is 2 in this sandbox: the third scanner gets a new group.
    receiver.received.length = 0
    const third = await scan('cat')
    expect(third.created).toBe(true)
    expect(receiver.received.map((r) => xml.parse(openWithOfficialLibrary(KEYS, r.query, r.body)).xml.ChangeType)).toEqual(['create', 'update'])
    const room = (await call('groupchat/get', { chat_id: third.chatId, need_name: 1 })).group_chat
    expect(room).toMatchObject({ name: '扫码群7', owner: 'guide_li' })
    expect(room.member_list.at(-1)).toMatchObject({ userid: customer('cat'), join_scene: 3, state: 'scan_a' })
    expect((await call('groupchat/get_join_way', { config_id })).join_way).toMatchObject({ room_base_id: 8, chat_id_list: [chatId, third.chatId] })
  })
})

describe('group welcome templates', () => {
  it('adds, gets, edits and deletes; at most 100 (41055)', async () => {
    const { template_id } = await call('group_welcome_template/add', { text: { content: '欢迎 %NICKNAME% 入群' }, link: { title: '新人礼', url: 'https://example.com' } })
    expect(template_id).toMatch(/^msg/)
    expect(await call('group_welcome_template/get', { template_id })).toMatchObject({ text: { content: '欢迎 %NICKNAME% 入群' }, link: { title: '新人礼' } })
    expect((await call('group_welcome_template/edit', { template_id, text: { content: '你好' } })).errcode).toBe(0)
    expect(await call('group_welcome_template/get', { template_id })).not.toHaveProperty('link')
    expect((await call('group_welcome_template/del', { template_id })).errcode).toBe(0)
    expect((await call('group_welcome_template/get', { template_id })).errcode).toBe(40058)
    expect((await call('group_welcome_template/add', {})).errcode).toBe(40058)
    for (let i = 0; i < 100; i++) expect((await call('group_welcome_template/add', { text: { content: `模板${i}` } })).errcode).toBe(0)
    expect((await call('group_welcome_template/add', { text: { content: '第101个' } })).errcode).toBe(41055)
  })
})

describe('groupchat/statistic and statistic_group_by_day', () => {
  const midnight = (day: string) => Math.floor(Date.parse(`${day}T00:00:00+08:00`) / 1000)

  it('counts new groups, members and totals per day, from yesterday back 180 days, 30 days at most', async () => {
    clock = new Date('2026-03-01T04:00:00Z')
    const chatId = await createGroup({ owner: 'guide_stat', members: [{ who: 'sam' }] })
    clock = new Date('2026-03-02T04:00:00Z')
    await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'tom' }, { who: 'uma' }], scene: 'qr' })
    await control('DELETE', `/group-chats/${chatId}/members/${customer('sam')}?by=self`)
    clock = new Date('2026-03-05T04:00:00Z')
    const owners = { owner_filter: { userid_list: ['guide_stat'] } }
    const byDay = await call('groupchat/statistic_group_by_day', { ...owners, day_begin_time: midnight('2026-03-01'), day_end_time: midnight('2026-03-02') })
    expect(byDay.items.map((item: Json) => [item.stat_time, item.data.new_chat_cnt, item.data.chat_total, item.data.new_member_cnt, item.data.member_total])).toEqual([
      [midnight('2026-03-01'), 1, 1, 2, 2],
      [midnight('2026-03-02'), 0, 1, 2, 3],
    ])
    const byOwner = await call('groupchat/statistic', { ...owners, day_begin_time: midnight('2026-03-01'), day_end_time: midnight('2026-03-04') })
    expect(byOwner).toMatchObject({ total: 1, items: [{ owner: 'guide_stat', data: { new_chat_cnt: 1, chat_total: 1, new_member_cnt: 4, member_total: 3 } }] })
    const bad = (range: Json) => call('groupchat/statistic', { ...owners, ...range })
    expect((await bad({ day_begin_time: midnight('2026-03-05') })).errcode).toBe(600018) // today
    expect((await bad({ day_begin_time: midnight('2026-03-01') + 3600 })).errcode).toBe(600018) // not midnight
    expect((await bad({ day_begin_time: midnight('2026-01-01'), day_end_time: midnight('2026-02-01') })).errcode).toBe(600018) // 32 days
    expect((await bad({ day_begin_time: midnight('2025-09-01') })).errcode).toBe(600018) // over 180 days ago
    expect((await call('groupchat/statistic', { day_begin_time: midnight('2026-03-01') })).errcode).toBe(40058) // owners required
  })
})
