import { describe, expect, it } from 'vitest'
import { json, login, request } from '../support/stack'
import {
  adminStackForFile,
  createTags,
  customerIdOf,
  scan,
  sent,
  tagNamesOf,
  wecomApi,
  wecomTagsOn,
  type Json,
} from './helpers'

const file = adminStackForFile()

const groups = async () => (await file.api('GET', '/tags')).body.groups as Json[]
const groupNamed = async (name: string) => (await groups()).find((group) => group.name === name)
const wecomGroups = async () => (await wecomApi(file.stack, 'get_corp_tag_list', {})).tag_group as Json[]
const consoleTags = (method: string, path: string, body?: unknown) =>
  request(`${file.stack.sandboxUrl}/sandbox/wecom/corp-tags${path}`, { method, body })

async function sidebarTags(userId: string, externalUserId: string, change: { add?: number[]; remove?: number[] }) {
  const { token } = await login.staff(file.stack, userId)
  return request(`${file.stack.appUrl}/api/sidebar/customers/${externalUserId}/tags`, { method: 'PUT', body: change, token })
}

async function exclusiveGroup(name: string, tagNames: string[]): Promise<Json[]> {
  const created = await createTags(file.api, name, tagNames)
  const group = await groupNamed(name)
  expect((await file.api('PATCH', `/tag-groups/${group?.id}`, { exclusive: true })).body).toMatchObject({ exclusive: true })
  return created
}

describe('corp tags edited in the WeCom console', () => {
  it('arrive here through change_external_tag: created, renamed, deleted', async () => {
    const group = (await consoleTags('POST', '', { groupName: '渠道来源', name: '抖音' })).body
    expect(await groupNamed('渠道来源')).toMatchObject({ exclusive: false, tags: [{ name: '抖音' }] })
    const second = (await consoleTags('POST', '', { groupName: '渠道来源', name: '小红书' })).body
    expect((await groupNamed('渠道来源'))?.tags.map((t: Json) => t.name)).toEqual(['抖音', '小红书'])

    await consoleTags('PATCH', `/${second.tagId}`, { name: '小红书笔记' })
    await consoleTags('PATCH', `/${group.groupId}`, { name: '线上渠道' })
    expect(await groupNamed('线上渠道')).toMatchObject({ tags: [{ name: '抖音' }, { name: '小红书笔记' }] })

    // A customer carrying a tag loses it when the tag goes.
    const { externalUserId } = await scan(file.stack, 'tg1', { userId: 'guide_tg' })
    const douyin = (await groupNamed('线上渠道'))?.tags[0]
    expect((await sidebarTags('guide_tg', externalUserId, { add: [douyin.id] })).status).toBe(200)
    await consoleTags('DELETE', `/${group.tagId}`)
    expect((await groupNamed('线上渠道'))?.tags.map((t: Json) => t.name)).toEqual(['小红书笔记'])
    expect(await tagNamesOf(file.stack, externalUserId)).toEqual([])

    await consoleTags('DELETE', `/${group.groupId}`)
    expect(await groupNamed('线上渠道')).toBeUndefined()
  })

  it('changes nothing twice when WeCom repeats the event', async () => {
    await consoleTags('POST', '', { groupName: '重复', name: '一次' })
    const delivered = (await request(`${file.stack.sandboxUrl}/sandbox/wecom/callbacks`)).body.items[0] as Json
    const before = await groups()
    const replays = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(`${file.stack.appUrl}/wecom/callback?${new URLSearchParams(delivered.query)}`, {
          method: 'POST',
          body: delivered.body,
          headers: { 'content-type': 'text/xml' },
        }),
      ),
    )
    expect(replays.map((r) => r.status)).toEqual(Array(5).fill(200))
    expect(await groups()).toEqual(before)
  })
})

describe('corp tags edited here', () => {
  it('are renamed and deleted in WeCom first', async () => {
    const [tag] = await createTags(file.api, '偏好', ['香水'])
    const renamed = await file.api('PATCH', `/tags/${tag?.id}`, { name: '香氛' })
    expect(renamed.body).toMatchObject({ id: tag?.id, name: '香氛' })
    const group = await groupNamed('偏好')
    expect((await file.api('PATCH', `/tag-groups/${group?.id}`, { name: '兴趣' })).body).toMatchObject({ name: '兴趣' })
    expect((await wecomGroups()).find((g) => g.group_name === '兴趣')?.tag.map((t: Json) => t.name)).toEqual(['香氛'])

    await createTags(file.api, '兴趣', ['彩妆'])
    expect((await file.api('PATCH', `/tags/${tag?.id}`, { name: '彩妆' })).status).toBe(409)
    expect((await file.api('DELETE', `/tags/${tag?.id}`)).status).toBe(204)
    expect((await wecomGroups()).find((g) => g.group_name === '兴趣')?.tag.map((t: Json) => t.name)).toEqual(['彩妆'])
    expect((await file.api('DELETE', `/tag-groups/${group?.id}`)).status).toBe(204)
    expect((await wecomGroups()).some((g) => g.group_name === '兴趣')).toBe(false)
    expect(await groupNamed('兴趣')).toBeUndefined()
    expect((await file.api('DELETE', `/tags/${tag?.id}`)).status).toBe(404)
  })

  it('can be pulled whole from WeCom', async () => {
    await wecomApi(file.stack, 'add_corp_tag', { group_name: '仅在企微', tag: [{ name: '甲' }, { name: '乙' }] })
    const [gone] = await createTags(file.api, '将被删除', ['丙'])
    const wecomId = (await file.stack.one('select wecom_tag_id from tags where id = ?', gone?.id)).wecom_tag_id
    await wecomApi(file.stack, 'del_corp_tag', { tag_id: [wecomId] })

    const synced = await file.api('POST', '/tags/sync')
    expect(synced.status).toBe(200)
    const names = synced.body.groups.map((g: Json) => g.name)
    expect(names).toContain('仅在企微')
    expect(names).not.toContain('将被删除')
    expect((await groupNamed('仅在企微'))?.tags.map((t: Json) => t.name)).toEqual(['甲', '乙'])
  })
})

describe('tags a guide marks in the WeCom client', () => {
  it('land on the customer here through edit_external_contact', async () => {
    const [warm, cold] = await createTags(file.api, '跟进', ['有意向', '无意向'])
    const { externalUserId } = await scan(file.stack, 'client1', { userId: 'guide_client' })
    const wecomIdOf = async (id: number) => (await file.stack.one('select wecom_tag_id as w from tags where id = ?', id)).w
    const edit = async (add: number[], remove: number[]) =>
      request(`${file.stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}/tags`, {
        body: { userId: 'guide_client', add: await Promise.all(add.map(wecomIdOf)), remove: await Promise.all(remove.map(wecomIdOf)) },
      })
    await edit([warm?.id, cold?.id], [])
    expect(await tagNamesOf(file.stack, externalUserId)).toEqual(['有意向', '无意向'])
    await edit([], [cold?.id])
    expect(await tagNamesOf(file.stack, externalUserId)).toEqual(['有意向'])
    const last = await file.stack.one(
      `select data from timeline_events where customer_id = ? and type = 'tags_changed' order by id desc`,
      await customerIdOf(file.stack, externalUserId),
    )
    expect(json(last.data)).toEqual({ added: [], removed: ['无意向'], source: 'wecom' })
  })
})

describe('exclusive tag groups', () => {
  it('hold in the sidebar: adding one removes its sibling, here and in WeCom', async () => {
    const [normal, vip, svip] = await exclusiveGroup('客户等级', ['普通客户', 'VIP', '超级VIP'])
    const { externalUserId } = await scan(file.stack, 'ex1', { userId: 'guide_ex' })
    await sidebarTags('guide_ex', externalUserId, { add: [normal?.id] })
    const reply = await sidebarTags('guide_ex', externalUserId, { add: [vip?.id] })
    expect(reply.status).toBe(200)
    expect(reply.body.tags.map((t: Json) => t.name)).toEqual(['VIP'])
    expect(await wecomTagsOn(file.stack, externalUserId, 'guide_ex')).toEqual(['VIP'])

    const both = await sidebarTags('guide_ex', externalUserId, { add: [normal?.id, svip?.id] })
    expect(both.status).toBe(400)
    expect(both.body.error.code).toBe('EXCLUSIVE_TAG_CONFLICT')
    expect(await tagNamesOf(file.stack, externalUserId)).toEqual(['VIP'])
  })

  it('list how many customers carry each tag', async () => {
    const [silver, gold] = await exclusiveGroup('储值等级', ['银卡', '金卡'])
    const scans = await Promise.all(['cc1', 'cc2', 'cc3'].map((who) => scan(file.stack, who, { userId: 'guide_cc' })))
    for (const [index, { externalUserId }] of scans.entries()) {
      await sidebarTags('guide_cc', externalUserId, { add: [(index === 0 ? silver : gold)?.id] })
    }
    const counts = () => groupNamed('储值等级').then((group) => group?.tags.map((t: Json) => [t.name, t.customerCount]))
    expect(await counts()).toEqual([['银卡', 1], ['金卡', 2]])
    // Exclusive: moving the silver customer to gold moves the count with them.
    await sidebarTags('guide_cc', scans[0]?.externalUserId ?? '', { add: [gold?.id] })
    expect(await counts()).toEqual([['银卡', 0], ['金卡', 3]])
    // Pickers (a guide's, the console's filters and editors) show no counts and are not made to wait for them.
    const { token } = await login.staff(file.stack, 'guide_cc')
    const pickers = [(await request(`${file.stack.appUrl}/api/sidebar/tags`, { token })).body, (await file.api('GET', '/tag-choices')).body]
    for (const picker of pickers) {
      expect(picker.groups.find((group: Json) => group.name === '储值等级').tags).toEqual([
        { id: silver?.id, name: '银卡' },
        { id: gold?.id, name: '金卡' },
      ])
    }
  })

  it('hold for a live code’s tags and for tags marked in the WeCom client', async () => {
    const [bronze, silver, gold] = await exclusiveGroup('会员卡', ['铜卡', '银卡', '金卡'])
    const { externalUserId } = await scan(file.stack, 'ex2', { userId: 'guide_ex2' })
    await sidebarTags('guide_ex2', externalUserId, { add: [bronze?.id] })

    const code = (await file.api('POST', '/live-codes', { name: '金卡专享', staffUserIds: ['guide_ex3'], dailyAddLimit: null, tagIds: [gold?.id] }))
      .body
    await scan(file.stack, 'ex2', { state: code.state })
    expect(await tagNamesOf(file.stack, externalUserId)).toEqual(['金卡'])
    expect(await wecomTagsOn(file.stack, externalUserId, 'guide_ex3')).toEqual(['金卡'])

    // In the client a guide marks silver beside gold: silver wins, gold is unmarked in WeCom too.
    const silverWecomId = (await file.stack.one('select wecom_tag_id as w from tags where id = ?', silver?.id)).w
    await request(`${file.stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}/tags`, {
      body: { userId: 'guide_ex2', add: [silverWecomId] },
    })
    expect(await tagNamesOf(file.stack, externalUserId)).toEqual(['银卡'])
    expect(await wecomTagsOn(file.stack, externalUserId, 'guide_ex3')).toEqual([])
    expect((await wecomTagsOn(file.stack, externalUserId, 'guide_ex2')).sort()).toEqual(['银卡'])
  })
})

describe('automatic tag rules', () => {
  it('tag on an activity once an admin switched the rule on, once, through the one entry point', async () => {
    const [streak] = await createTags(file.api, '活跃度', ['连续签到7天'])
    const rules = (await file.api('GET', '/tag-rules')).body.rules as Json[]
    expect(rules.map((rule) => rule.activity)).toEqual(['checkin_streak_7', 'lottery_won', 'groupbuy_joined', 'distributor_joined'])
    expect(rules[0]).toEqual({ activity: 'checkin_streak_7', enabled: false, tag: null })

    const { externalUserId } = await scan(file.stack, 'rule1', { userId: 'guide_rule' })
    const customerId = await customerIdOf(file.stack, externalUserId)
    const off = await file.api('PUT', '/tag-rules/checkin_streak_7', { tagId: streak?.id, enabled: false })
    expect(off.body).toMatchObject({ activity: 'checkin_streak_7', enabled: false, tag: { name: '连续签到7天' } })
    expect(await file.stack.app.tagRules.onActivity(customerId, 'checkin_streak_7')).toEqual({ tagged: false })
    expect(await tagNamesOf(file.stack, externalUserId)).toEqual([])

    await file.api('PUT', '/tag-rules/checkin_streak_7', { tagId: streak?.id, enabled: true })
    const marksBefore = (await sent(file.stack, 'mark_tag')).length
    expect(await file.stack.app.tagRules.onActivity(customerId, 'checkin_streak_7')).toEqual({ tagged: true })
    expect(await file.stack.app.tagRules.onActivity(customerId, 'checkin_streak_7')).toEqual({ tagged: false })
    expect(await tagNamesOf(file.stack, externalUserId)).toEqual(['连续签到7天'])
    expect(await wecomTagsOn(file.stack, externalUserId, 'guide_rule')).toEqual(['连续签到7天'])
    expect(await sent(file.stack, 'mark_tag')).toHaveLength(marksBefore + 1)
    const event = await file.stack.one<{ staff_id: null; data: unknown }>(
      `select staff_id, data from timeline_events where customer_id = ? and type = 'tags_changed'`,
      customerId,
    )
    expect(event.staff_id).toBeNull()
    expect(json(event.data)).toEqual({ added: ['连续签到7天'], removed: [], source: 'rule', activity: 'checkin_streak_7' })
  })

  it('tag mini-program users who follow no guide here only, and follow exclusive groups', async () => {
    const [newbie, regular] = await exclusiveGroup('参与度', ['新手', '活跃'])
    await file.api('PUT', '/tag-rules/lottery_won', { tagId: newbie?.id, enabled: true })
    await file.api('PUT', '/tag-rules/groupbuy_joined', { tagId: regular?.id, enabled: true })
    const { customer } = (await login.consumer(file.stack, 'mponly')) as { customer: Json }
    const marksBefore = (await sent(file.stack, 'mark_tag')).length
    expect(await file.stack.app.tagRules.onActivity(customer.id, 'lottery_won')).toEqual({ tagged: true })
    expect(await file.stack.app.tagRules.onActivity(customer.id, 'groupbuy_joined')).toEqual({ tagged: true })
    const names = await file.stack.query(
      'select t.name from customer_tags ct join tags t on t.id = ct.tag_id where ct.customer_id = ?',
      customer.id,
    )
    expect(names).toEqual([{ name: '活跃' }])
    expect(await sent(file.stack, 'mark_tag')).toHaveLength(marksBefore)
  })

  it('refuse an unknown tag', async () => {
    const reply = await file.api('PUT', '/tag-rules/distributor_joined', { tagId: 999999, enabled: true })
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('UNKNOWN_TAG')
  })
})
