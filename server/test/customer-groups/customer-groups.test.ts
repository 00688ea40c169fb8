// Customer groups end to end: the sandbox plays the WeCom client (creating groups, people joining and
// leaving, renaming, handing over, dismissing), its change_external_chat callbacks arrive as real
// AES/SHA1 envelopes, and the console, the 360 view and the sidebar read what the server made of them.
import { describe, expect, it } from 'vitest'
import { adminStackForFile, startAdminStack, type Json } from '../acquisition/helpers'
import { addContact, login, request } from '../support/stack'

const file = adminStackForFile()

const control = async (method: string, path: string, body?: unknown) => {
  const reply = await request(`${file.stack.sandboxUrl}/sandbox/wecom${path}`, { method, body })
  if (reply.status >= 300) throw new Error(`sandbox refused ${method} ${path}: ${JSON.stringify(reply.body)}`)
  return reply.body
}
const wecom = async (api: string, body: unknown) => {
  const { corpId, secret } = file.stack.config.wecom
  const token = (await request(`${file.stack.sandboxUrl}/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${secret}`)).body.access_token
  return (await request(`${file.stack.sandboxUrl}/cgi-bin/externalcontact/${api}?access_token=${token}`, { body })).body
}
const admin = (method: string, path: string, body?: unknown) => file.api(method, `${path}`, body)

async function groupByChatId(chatId: string, state = 'active'): Promise<Json> {
  const page = (await admin('GET', `/customer-groups?state=${state}&limit=100`)).body
  const found = page.items.find((item: Json) => item.chatId === chatId)
  if (!found) throw new Error(`group ${chatId} not listed`)
  return found
}
const membersOf = async (id: number, query = '') => (await admin('GET', `/customer-groups/${id}/members?limit=100${query}`)).body.items as Json[]

describe('change_external_chat callbacks', () => {
  it('create: the group, its owner and members, the ones who are customers linked', async () => {
    const amy = await addContact(file.stack, 'grp_amy', 'guide_li')
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li', name: '会员福利群', members: [{ who: 'grp_amy' }, { who: 'grp_bob' }] })
    const group = await groupByChatId(chatId)
    expect(group).toMatchObject({ name: '会员福利群', owner: { userId: 'guide_li' }, memberCount: 3, customerCount: 1, joins: 3, leaves: 0 })
    const members = await membersOf(group.id)
    expect(members.map((m) => [m.kind, m.customer?.id ?? null]).sort()).toEqual(
      [['external', null], ['external', expect.any(Number)], ['staff', null]].sort(),
    )
    expect(members.find((m) => m.memberId === amy)).toMatchObject({ name: '客户·grp_amy', joinScene: 1, invitorUserId: 'guide_li' })
  })

  it('add_member and del_member follow the versions; a skipped version makes the server read the group again', async () => {
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li', name: '版本群' })
    const { id } = await groupByChatId(chatId)
    const joined = await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'grp_cal' }, { who: 'grp_dan' }], scene: 'qr' })
    expect((await membersOf(id)).map((m) => m.memberId)).toEqual(expect.arrayContaining(joined.memberIds))
    expect((await membersOf(id)).find((m) => m.memberId === joined.memberIds[0])?.joinScene).toBe(3)
    await control('DELETE', `/group-chats/${chatId}/members/${joined.memberIds[0]}?by=owner`)
    expect(await groupByChatId(chatId)).toMatchObject({ memberCount: 2, joins: 3, leaves: 1 })
    const left = (await membersOf(id, '&includeLeft=true')).find((m) => m.memberId === joined.memberIds[0])
    expect(left?.leftAt).not.toBeNull()
    // A join WeCom never told us about, then a leave whose LastMemVer is not ours: the server reads the group.
    const unseen = await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'grp_eve' }], scene: 'invite', notify: false })
    await control('DELETE', `/group-chats/${chatId}/members/${joined.memberIds[1]}?by=self`)
    const present = (await membersOf(id)).map((m) => m.memberId)
    expect(present).toContain(unseen.memberIds[0])
    expect(present).not.toContain(joined.memberIds[1])
    expect((await file.stack.one('select quit_scene from group_chat_members where member_id = ?', joined.memberIds[1])).quit_scene).toBe(0)
    const row = await file.stack.one('select member_version from group_chats where chat_id = ?', chatId)
    expect(row.member_version).toBe((await wecom('groupchat/get', { chat_id: chatId })).group_chat.member_version)
  })

  it('change_name and change_owner are read back; dismiss takes the group off the list', async () => {
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li', name: '旧群名', members: [{ userId: 'guide_wang' }] })
    await control('PATCH', `/group-chats/${chatId}`, { name: '新群名' })
    await control('PATCH', `/group-chats/${chatId}`, { owner: 'guide_wang' })
    expect(await groupByChatId(chatId)).toMatchObject({ name: '新群名', owner: { userId: 'guide_wang' } })
    const byOwner = (await admin('GET', '/customer-groups?ownerUserId=guide_wang')).body.items.map((item: Json) => item.chatId)
    expect(byOwner).toContain(chatId)
    await control('DELETE', `/group-chats/${chatId}`)
    expect((await admin('GET', '/customer-groups?limit=100')).body.items.map((item: Json) => item.chatId)).not.toContain(chatId)
    expect((await groupByChatId(chatId, 'dismissed')).dismissedAt).not.toBeNull()
  })

  it('a callback delivered twice changes nothing the second time', async () => {
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li', name: '重放群' })
    await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'grp_fay' }], scene: 'invite' })
    const delivered = (await request(`${file.stack.sandboxUrl}/sandbox/wecom/callbacks`)).body.items[0]
    const again = await request(`${file.stack.appUrl}/wecom/callback?${new URLSearchParams(delivered.query)}`, {
      body: delivered.body,
      headers: { 'content-type': 'text/xml' },
    })
    expect(again.status).toBe(200)
    expect(await groupByChatId(chatId)).toMatchObject({ memberCount: 2, joins: 2 })
  })
})

describe('full sync', () => {
  it('reads groups the callbacks never announced and dismisses the ones WeCom no longer lists', async () => {
    const silent = await control('POST', '/group-chats', { owner: 'guide_zhao', name: '静默群', members: [{ who: 'grp_gus' }], notify: false })
    const { chatId: gone } = await control('POST', '/group-chats', { owner: 'guide_zhao', name: '将解散' })
    await control('DELETE', `/group-chats/${gone}?notify=false`)
    const reply = await admin('POST', '/customer-groups/sync')
    expect(reply.status).toBe(200)
    expect(reply.body.dismissed).toBeGreaterThanOrEqual(1)
    expect(await groupByChatId(silent.chatId)).toMatchObject({ name: '静默群', owner: { userId: 'guide_zhao' }, memberCount: 2 })
    expect((await groupByChatId(gone, 'dismissed')).dismissedAt).not.toBeNull()
  })
})

describe('WeCom’s own daily statistics', () => {
  const chinaDate = (daysAgo: number) => new Date(Date.now() + 8 * 3600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10)

  it('sums groupchat/statistic_group_by_day per day, within WeCom’s date rules explained in Chinese', async () => {
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString()
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_stats', name: '统计群', members: [{ who: 'grp_sta' }], at: at(3) })
    await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'grp_stb' }, { who: 'grp_stc' }], scene: 'qr', at: at(2) })
    const stats = await admin('GET', '/customer-groups/statistics?ownerUserId=guide_stats')
    expect(stats.status, JSON.stringify(stats.body)).toBe(200)
    expect(stats.body).toMatchObject({ from: chinaDate(7), to: chinaDate(1) })
    const day = (date: string) => stats.body.items.find((item: Json) => item.date === date)
    expect(day(chinaDate(3))).toMatchObject({ newChats: 1, chatTotal: 1, newMembers: 2, memberTotal: 2 })
    expect(day(chinaDate(2))).toMatchObject({ newChats: 0, chatTotal: 1, newMembers: 2, memberTotal: 4 })
    expect(day(chinaDate(4))).toMatchObject({ chatTotal: 0, memberTotal: 0 })
    const refused = async (query: string, words: RegExp) => {
      const reply = await admin('GET', `/customer-groups/statistics?${query}`)
      expect(reply.status).toBe(400)
      expect(reply.body.error.message).toMatch(words)
    }
    await refused(`to=${chinaDate(0)}`, /只到昨天/)
    await refused(`from=${chinaDate(40)}&to=${chinaDate(1)}`, /最多查询 30 天/)
    await refused(`from=${chinaDate(200)}&to=${chinaDate(190)}`, /最近 180 天/)
  })
})

describe('full sync in a large corp', () => {
  it('names the owners, 100 at a time, when WeCom wants owner_filter (81017)', async () => {
    const { stack, api } = await startAdminStack({}, { sandbox: { groupChats: { requireOwnerFilter: true } } })
    try {
      // A guide WeCom told us about, then a group of theirs created without its callback reaching us.
      await addContact(stack, 'big_amy', 'guide_big')
      const created = await request(`${stack.sandboxUrl}/sandbox/wecom/group-chats`, { body: { owner: 'guide_big', name: '大企业群', notify: false } })
      const synced = await api('POST', '/customer-groups/sync')
      expect(synced.body).toMatchObject({ groups: 1, dismissed: 0 })
      expect((await api('GET', '/customer-groups')).body.items.map((item: Json) => item.chatId)).toEqual([created.body.chatId])
    } finally {
      await stack.close()
    }
  })
})

describe('group live codes', () => {
  it('creates a join way over our groups, counts joins per code from the members’ state, and serves the QR code', async () => {
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li', name: '活码一群' })
    const group = await groupByChatId(chatId)
    const created = await admin('POST', '/group-live-codes', { name: '门店海报', groupIds: [group.id], roomBaseName: '门店群' })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({ name: '门店海报', autoCreateRoom: true, roomBaseName: '门店群', groups: [{ chatId, name: '活码一群' }], joins: 0 })
    expect(created.body.state).toMatch(/^gc_/)
    const { config_id: configId } = await file.stack.one('select config_id from group_join_ways where id = ?', created.body.id)
    await control('POST', `/join-ways/${configId}/scans`, { who: 'grp_hal' })
    await control('POST', `/join-ways/${configId}/scans`, { who: 'grp_ivy' })
    await control('POST', `/group-chats/${chatId}/members`, { members: [{ who: 'grp_jon' }], scene: 'invite' })
    const stats = (await admin('GET', `/group-live-codes/${created.body.id}/stats`)).body
    expect(stats).toMatchObject({ joins: 2, leaves: 0, byGroup: [{ chatId, joins: 2 }] })
    expect(stats.byDay).toHaveLength(1)
    const members = await membersOf(group.id)
    expect(members.filter((m) => m.liveCode?.id === created.body.id)).toHaveLength(2)
    const qr = await fetch(`${file.stack.appUrl}/api/admin/group-live-codes/${created.body.id}/qr-code`, {
      headers: { authorization: `Bearer ${(await login.admin(file.stack)).token}` },
    })
    expect(qr.headers.get('content-type')).toBe('image/png')
    const renamed = await admin('PATCH', `/group-live-codes/${created.body.id}`, { name: '门店海报二', autoCreateRoom: false })
    expect(renamed.body).toMatchObject({ name: '门店海报二', autoCreateRoom: false })
    expect((await wecom('groupchat/get_join_way', { config_id: configId })).join_way).toMatchObject({ remark: '门店海报二', auto_create_room: 0, chat_id_list: [chatId] })
    expect((await admin('DELETE', `/group-live-codes/${created.body.id}`)).status).toBe(204)
    expect((await wecom('groupchat/get_join_way', { config_id: configId })).errcode).toBe(41044)
  })

  it('refuses six groups, an unknown group and auto-create without a base name, in Chinese', async () => {
    const tooMany = await admin('POST', '/group-live-codes', { name: '太多', groupIds: [1, 2, 3, 4, 5, 6] })
    expect(tooMany.status).toBe(400)
    const unknown = await admin('POST', '/group-live-codes', { name: '不存在', groupIds: [99999] })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.message).toMatch(/客户群/)
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li' })
    const noBase = await admin('POST', '/group-live-codes', { name: '无前缀', groupIds: [(await groupByChatId(chatId)).id], roomBaseName: '' })
    expect(noBase.status).toBe(400)
    expect(noBase.body.error.message).toMatch(/群名前缀/)
  })
})

describe('a group live code’s groups filling up', () => {
  it('follows the group WeCom opens for the code into its list, and counts the joins there too', async () => {
    // A sandbox whose groups take one scan each: the second scanner makes WeCom open a new group.
    const { stack, api } = await startAdminStack({}, { sandbox: { groupChats: { maxScanJoins: 1 } } })
    try {
      const sandbox = (path: string, body: unknown) => request(`${stack.sandboxUrl}/sandbox/wecom${path}`, { body })
      const { chatId } = (await sandbox('/group-chats', { owner: 'guide_li', name: '满员群' })).body
      const group = (await api('GET', '/customer-groups')).body.items[0]
      const code = (await api('POST', '/group-live-codes', { name: '轮换码', groupIds: [group.id], roomBaseName: '轮换群', roomBaseId: 3 })).body
      const { config_id: configId } = await stack.one('select config_id from group_join_ways where id = ?', code.id)
      await sandbox(`/join-ways/${configId}/scans`, { who: 'rot_a' })
      const second = (await sandbox(`/join-ways/${configId}/scans`, { who: 'rot_b' })).body
      expect(second.created).toBe(true)
      const listed = (await api('GET', '/group-live-codes')).body.items[0]
      expect(listed.groups.map((g: Json) => [g.chatId, g.name])).toEqual([
        [chatId, '满员群'],
        [second.chatId, '轮换群3'],
      ])
      expect(listed.joins).toBe(2)
      expect((await api('GET', `/group-live-codes/${code.id}`)).body).toMatchObject({ roomBaseId: 4 })
    } finally {
      await stack.close()
    }
  })
})

describe('group welcome templates', () => {
  it('creates, edits and deletes in WeCom; the 101st is refused in Chinese (41055)', async () => {
    const created = await admin('POST', '/group-welcome-templates', {
      name: '新人欢迎',
      text: '欢迎 %NICKNAME% 加入！',
      attachment: { type: 'link', title: '新人礼', url: 'https://example.com/gift' },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(await wecom('group_welcome_template/get', { template_id: created.body.templateId })).toMatchObject({
      text: { content: '欢迎 %NICKNAME% 加入！' },
      link: { title: '新人礼', url: 'https://example.com/gift' },
    })
    const edited = await admin('PATCH', `/group-welcome-templates/${created.body.id}`, { text: '你好 %NICKNAME%', attachment: null })
    expect(edited.body).toMatchObject({ text: '你好 %NICKNAME%', attachment: null })
    expect(await wecom('group_welcome_template/get', { template_id: created.body.templateId })).not.toHaveProperty('link')
    expect((await admin('GET', '/group-welcome-templates')).body).toMatchObject({ limit: 100, items: [{ id: created.body.id }] })
    expect((await admin('DELETE', `/group-welcome-templates/${created.body.id}`)).status).toBe(204)
    expect((await admin('POST', '/group-welcome-templates', { name: '空', text: ' ' })).status).toBe(400)
    // Templates other apps of the corp made count against the same 100.
    for (let i = 0; i < 100; i++) await wecom('group_welcome_template/add', { text: { content: `别的应用 ${i}` } })
    const refused = await admin('POST', '/group-welcome-templates', { name: '第101条', text: '欢迎' })
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(/最多 100 条/)
  })
})

describe('where guides see groups', () => {
  it('the 360 view lists the customer’s groups; the sidebar in a group shows its customers with tags and level', async () => {
    const kim = await addContact(file.stack, 'grp_kim', 'guide_li')
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li', name: '侧边栏群', members: [{ who: 'grp_kim' }, { who: 'grp_lee' }] })
    const guide = await login.staff(file.stack, 'guide_li')
    const view = (await request(`${file.stack.appUrl}/api/sidebar/customers/${kim}`, { token: guide.token })).body
    expect(view.sections.groups.items).toEqual([expect.objectContaining({ chatId, name: '侧边栏群', ownerName: expect.any(String), leftAt: null })])
    const inGroup = await request(`${file.stack.appUrl}/api/sidebar/group-chats/${chatId}`, { token: guide.token })
    expect(inGroup.status).toBe(200)
    expect(inGroup.body.group).toMatchObject({ chatId, name: '侧边栏群', memberCount: 3, customerCount: 1, owner: { userId: 'guide_li' } })
    expect(inGroup.body.customers).toEqual([
      expect.objectContaining({ name: '客户·grp_kim', level: expect.objectContaining({ name: expect.any(String) }), tags: [] }),
    ])
    const outsider = await login.staff(file.stack, 'guide_zhao')
    const refused = await request(`${file.stack.appUrl}/api/sidebar/group-chats/${chatId}`, { token: outsider.token })
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toMatch(/不在这个客户群/)
    const unknown = await request(`${file.stack.appUrl}/api/sidebar/group-chats/wrnothere`, { token: guide.token })
    expect(unknown.status).toBe(404)
  })

  it('reads a group the server never heard of from WeCom when a guide opens the sidebar in it', async () => {
    await addContact(file.stack, 'grp_nia', 'guide_li')
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li', name: '未通知的群', members: [{ who: 'grp_nia' }], notify: false })
    const guide = await login.staff(file.stack, 'guide_li')
    const opened = await request(`${file.stack.appUrl}/api/sidebar/group-chats/${chatId}`, { token: guide.token })
    expect(opened.status, JSON.stringify(opened.body)).toBe(200)
    expect(opened.body).toMatchObject({ group: { name: '未通知的群', memberCount: 2, customerCount: 1 }, customers: [{ name: '客户·grp_nia' }] })
    expect(await groupByChatId(chatId)).toMatchObject({ name: '未通知的群' })
  })

  it('the script library sends into the group: the guide’s name filled in, a script naming the customer refused', async () => {
    const { chatId } = await control('POST', '/group-chats', { owner: 'guide_li', name: '话术群' })
    const hello = (await admin('POST', '/scripts', { type: 'text', title: '群问候', content: '大家好，我是{{staffName}}' })).body
    const personal = (await admin('POST', '/scripts', { type: 'text', title: '点名', content: '{{customerName}}您好' })).body
    const guide = await login.staff(file.stack, 'guide_li')
    const send = (scriptId: number, token = guide.token) =>
      request(`${file.stack.appUrl}/api/sidebar/group-chats/${chatId}/script-sends`, { token, body: { scriptId } })
    const sent = await send(hello.id)
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    expect(sent.body).toMatchObject({ message: { msgtype: 'text', text: { content: expect.stringMatching(/^大家好，我是.+/) } }, usageCount: 1 })
    const refused = await send(personal.id)
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(/群聊里没有单个客户/)
    expect((await send(hello.id, (await login.staff(file.stack, 'guide_zhao')).token)).status).toBe(403)
  })
})
