import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, startSandbox, WECOM, type Json, type Receiver, type Sandbox } from './helpers'

// One sandbox for the file: each test works in tag groups of its own.
let receiver: Receiver
let sandbox: Sandbox
beforeAll(async () => {
  receiver = await startReceiver()
  sandbox = await startSandbox({ receiver })
})
afterAll(async () => {
  await sandbox.close()
  await receiver.close()
})

const lastEvent = () => receiver.received.at(-1)!.fields
const groupNamed = async (name: string) =>
  ((await sandbox.externalcontact('get_corp_tag_list', {})).tag_group as Json[]).find((group) => group.group_name === name)
const consoleCreate = (groupName: string, name: string) =>
  sandbox.request('POST', '/sandbox/wecom/corp-tags', { groupName, name })

describe('corp tags edited in the WeCom admin console', () => {
  it('creates a tag and reports the new group, or the new tag in an existing group', async () => {
    const first = await consoleCreate('等级', 'VIP')
    expect(first.status).toBe(201)
    expect(lastEvent()).toEqual({
      ToUserName: WECOM.corpId,
      FromUserName: 'sys',
      CreateTime: expect.stringMatching(/^\d{10}$/),
      MsgType: 'event',
      Event: 'change_external_tag',
      Id: first.json.groupId,
      TagType: 'tag_group',
      ChangeType: 'create',
    })
    const second = await consoleCreate('等级', '普通')
    expect(second.json.groupId).toBe(first.json.groupId)
    expect(lastEvent()).toMatchObject({ Id: second.json.tagId, TagType: 'tag', ChangeType: 'create' })
    expect((await groupNamed('等级'))?.tag.map((tag: Json) => tag.name)).toEqual(['VIP', '普通'])
  })

  it('renames a tag or a group, and deletes them, each with its event', async () => {
    const { groupId, tagId } = (await consoleCreate('兴趣', '护肤')).json
    await consoleCreate('兴趣', '彩妆')
    expect((await sandbox.request('PATCH', `/sandbox/wecom/corp-tags/${tagId}`, { name: '护肤品' })).status).toBe(200)
    expect(lastEvent()).toMatchObject({ Id: tagId, TagType: 'tag', ChangeType: 'update' })
    await sandbox.request('PATCH', `/sandbox/wecom/corp-tags/${groupId}`, { name: '兴趣偏好' })
    expect(lastEvent()).toMatchObject({ Id: groupId, TagType: 'tag_group', ChangeType: 'update' })
    expect(await groupNamed('兴趣偏好')).toMatchObject({ tag: [{ name: '护肤品' }, { name: '彩妆' }] })

    await sandbox.request('DELETE', `/sandbox/wecom/corp-tags/${tagId}`)
    expect(lastEvent()).toMatchObject({ Id: tagId, TagType: 'tag', ChangeType: 'delete' })
    await sandbox.request('DELETE', `/sandbox/wecom/corp-tags/${groupId}`)
    expect(lastEvent()).toMatchObject({ Id: groupId, TagType: 'tag_group', ChangeType: 'delete' })
    expect(await groupNamed('兴趣偏好')).toBeUndefined()
  })

  it('refuses what WeCom refuses, and unknown ids, without an event', async () => {
    const { tagId } = (await consoleCreate('会员', '金卡')).json
    await consoleCreate('会员', '银卡')
    const count = receiver.received.length
    const duplicate = await sandbox.request('PATCH', `/sandbox/wecom/corp-tags/${tagId}`, { name: '银卡' })
    expect(duplicate.status).toBe(400)
    expect(duplicate.json.error).toEqual({ code: 'WECOM_REFUSED', message: expect.stringContaining('40071') })
    expect((await sandbox.request('DELETE', '/sandbox/wecom/corp-tags/etnope')).status).toBe(404)
    expect((await sandbox.request('POST', '/sandbox/wecom/corp-tags', { groupName: '会员' })).status).toBe(400)
    expect(receiver.received).toHaveLength(count)
  })
})

describe('tags a guide edits in the WeCom client', () => {
  it('marks them on the guide’s follow and fires edit_external_contact', async () => {
    const { tagId } = (await consoleCreate('意向', '高意向')).json
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'tina' })).json
    const edit = await sandbox.request('POST', `/sandbox/wecom/contacts/${externalUserId}/tags`, {
      userId: 'guide_li',
      add: [tagId],
    })
    expect(edit.status).toBe(200)
    expect(lastEvent()).toMatchObject({
      Event: 'change_external_contact',
      ChangeType: 'edit_external_contact',
      UserID: 'guide_li',
      ExternalUserID: externalUserId,
    })
    const { follow_user: follows } = await sandbox.wecom('externalcontact/get', { query: { external_userid: externalUserId } })
    expect(follows[0].tags).toEqual([{ group_name: '意向', tag_name: '高意向', tag_id: tagId, type: 1 }])
    // Console edits are not API calls of the server: nothing is logged as sent.
    expect((await sandbox.request('GET', '/sandbox/wecom/messages?api=mark_tag')).json.items).toEqual([])
  })

  it('answers 404 for a guide who does not follow the customer', async () => {
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'uma' })).json
    const edit = await sandbox.request('POST', `/sandbox/wecom/contacts/${externalUserId}/tags`, { userId: 'guide_wang', add: [] })
    expect(edit.status).toBe(404)
  })
})
