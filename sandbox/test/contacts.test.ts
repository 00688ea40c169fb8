import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KEYS, startReceiver, startSandbox, WECOM, type Json, type Receiver, type Sandbox } from './helpers'

let receiver: Receiver
let sandbox: Sandbox
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
})
beforeEach(async () => {
  sandbox = await startSandbox({ receiver })
  receiver.received.length = 0
})
afterEach(async () => {
  await sandbox.close()
})

const getContact = (externalUserId: string) =>
  sandbox.wecom('externalcontact/get', { query: { external_userid: externalUserId } })
const removeContact = (externalUserId: string, userId: string, by: string) =>
  sandbox.request('DELETE', `/sandbox/wecom/contacts/${externalUserId}?userId=${userId}&by=${by}`)
const lastEvent = () => receiver.received.at(-1)!.fields

describe('POST /sandbox/wecom/contacts', () => {
  it('adds the contact and delivers a real encrypted add_external_contact event first', async () => {
    const response = await sandbox.addContact({ userId: 'guide_li', who: 'alice' })
    expect(response.status).toBe(201)
    expect(response.json).toEqual({
      externalUserId: expect.stringMatching(/^wm[0-9A-Za-z]{30}$/),
      welcomeCode: expect.any(String),
      delivered: true,
    })
    expect(receiver.received).toHaveLength(1)
    const event = lastEvent()
    expect(event).toEqual({
      ToUserName: WECOM.corpId,
      FromUserName: 'sys',
      CreateTime: expect.stringMatching(/^\d{10}$/),
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'guide_li',
      ExternalUserID: response.json.externalUserId,
      WelcomeCode: response.json.welcomeCode,
    })
    expect(Math.abs(Number(event.CreateTime) - Date.now() / 1000)).toBeLessThan(60)
  })

  it('gives the same person the same external id, and different people different ones', async () => {
    const alice = (await sandbox.addContact({ userId: 'guide_li', who: 'alice' })).json.externalUserId
    const again = (await sandbox.addContact({ userId: 'guide_wang', who: 'alice' })).json.externalUserId
    const bob = (await sandbox.addContact({ userId: 'guide_li', who: 'bob' })).json.externalUserId
    expect(again).toBe(alice)
    expect(bob).not.toBe(alice)

    const other = await startSandbox({ receiver })
    try {
      expect((await other.addContact({ userId: 'guide_zhao', who: 'alice' })).json.externalUserId).toBe(alice)
    } finally {
      await other.close()
    }
    const corpId = 'ww0000000000other1'
    const otherReceiver = await startReceiver({ ...KEYS, corpId })
    const otherCorp = await startSandbox({ receiver: otherReceiver, wecom: { ...WECOM, corpId } })
    try {
      const added = await otherCorp.addContact({ userId: 'guide_li', who: 'alice' })
      expect(added.status).toBe(201)
      expect(added.json.externalUserId).toMatch(/^wm[0-9A-Za-z]{30}$/)
      expect(added.json.externalUserId).not.toBe(alice)
    } finally {
      await otherCorp.close()
      await otherReceiver.close()
    }
  })

  it('backdates the relation to `at`, in get and in the event', async () => {
    const at = '2025-03-01T08:00:00.000Z'
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'old_friend', at })).json
    const seconds = Date.parse(at) / 1000
    expect(lastEvent().CreateTime).toBe(String(seconds))
    expect((await getContact(externalUserId)).follow_user[0].createtime).toBe(seconds)
    expect((await sandbox.addContact({ userId: 'guide_li', who: 'x', at: 'yesterday' })).status).toBe(400)
  })

  it('refuses a member the person already has (409) and bad input (400)', async () => {
    await sandbox.addContact({ userId: 'guide_li', who: 'alice' })
    const twice = await sandbox.addContact({ userId: 'guide_li', who: 'alice' })
    expect(twice.status).toBe(409)
    expect(twice.json.error.code).toBe('ALREADY_FOLLOWING')
    for (const body of [{ userId: 'guide_li' }, { userId: 'guide_li', who: 'a-b' }, { userId: 'bad id', who: 'x' }]) {
      const response = await sandbox.addContact(body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(response.json.error.code).toBe('INVALID_REQUEST')
    }
    const noMember = await sandbox.addContact({ who: 'carol' })
    expect(noMember.status).toBe(400)
    expect(noMember.json.error.code).toBe('USER_ID_REQUIRED')
  })

  it('assigns the members of the contact way with that state in turn, following updates', async () => {
    const { config_id } = await sandbox.externalcontact('add_contact_way', {
      type: 2,
      scene: 2,
      user: ['guide_li', 'guide_wang', 'guide_zhao'],
      state: 'live_rr',
    })
    const assigned: string[] = []
    for (const who of ['p1', 'p2', 'p3', 'p4']) {
      const response = await sandbox.addContact({ who, state: 'live_rr' })
      expect(response.status).toBe(201)
      expect(lastEvent().State).toBe('live_rr')
      assigned.push(lastEvent().UserID!)
    }
    expect(assigned).toEqual(['guide_li', 'guide_wang', 'guide_zhao', 'guide_li'])

    await sandbox.externalcontact('update_contact_way', { config_id, user: ['guide_chen'] })
    await sandbox.addContact({ who: 'p5', state: 'live_rr' })
    expect(lastEvent().UserID).toBe('guide_chen')
  })

  it('uses the given userId even with a state, and refuses an unknown state without one', async () => {
    await sandbox.externalcontact('add_contact_way', { type: 1, scene: 2, user: ['guide_li'], state: 'live_one' })
    await sandbox.addContact({ userId: 'guide_wang', who: 'dan', state: 'live_one' })
    expect(lastEvent()).toMatchObject({ UserID: 'guide_wang', State: 'live_one' })
    const unknown = await sandbox.addContact({ who: 'erin', state: 'no_such_state' })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.code).toBe('UNKNOWN_STATE')
    expect(receiver.received).toHaveLength(1)
  })
})

describe('externalcontact/get and list', () => {
  it('describes the contact and its current followers as WeCom does', async () => {
    await sandbox.externalcontact('add_contact_way', { type: 1, scene: 2, user: ['guide_wang'], state: 'dist_7' })
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'frank', name: '王先生' })).json
    await sandbox.addContact({ who: 'frank', state: 'dist_7' })

    const reply = await getContact(externalUserId)
    expect(reply).toMatchObject({ errcode: 0, errmsg: 'ok' })
    expect(reply.external_contact).toEqual({
      external_userid: externalUserId,
      name: '王先生',
      avatar: `${sandbox.base}/sandbox/avatars/${externalUserId}.png`,
      type: 1,
      gender: expect.any(Number),
      unionid: 'u_frank',
    })
    expect([1, 2]).toContain(reply.external_contact.gender)
    const [li, wang] = reply.follow_user
    expect(li).toEqual({
      userid: 'guide_li',
      remark: '',
      description: '',
      createtime: expect.any(Number),
      tags: [],
      oper_userid: externalUserId,
      add_way: 0,
    })
    expect(wang).toMatchObject({ userid: 'guide_wang', state: 'dist_7', add_way: 1, oper_userid: externalUserId })
  })

  it('answers 40096 for an unknown id and 84061 once nobody follows the contact', async () => {
    expect((await getContact('wmunknown')).errcode).toBe(40096)
    expect((await getContact('constructor')).errcode).toBe(40096)
    expect((await sandbox.wecom('externalcontact/get')).errcode).toBe(40096)
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'gina' })).json
    await removeContact(externalUserId, 'guide_li', 'customer')
    expect((await getContact(externalUserId)).errcode).toBe(84061)
  })

  it('lists a member’s customers, 84061 when there are none', async () => {
    const a = (await sandbox.addContact({ userId: 'guide_li', who: 'a1' })).json.externalUserId
    const b = (await sandbox.addContact({ userId: 'guide_li', who: 'b1' })).json.externalUserId
    await sandbox.addContact({ userId: 'guide_wang', who: 'c1' })
    const list = await sandbox.wecom('externalcontact/list', { query: { userid: 'guide_li' } })
    expect(list).toEqual({ errcode: 0, errmsg: 'ok', external_userid: [a, b] })
    expect((await sandbox.wecom('externalcontact/list', { query: { userid: 'guide_zhao' } })).errcode).toBe(84061)
    expect((await sandbox.wecom('externalcontact/list')).errcode).toBe(41009)
  })
})

describe('DELETE /sandbox/wecom/contacts/:externalUserId', () => {
  it('sends del_follow_user when the customer deletes, del_external_contact when the member does', async () => {
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'hank' })).json
    await sandbox.addContact({ userId: 'guide_wang', who: 'hank' })

    const byCustomer = await removeContact(externalUserId, 'guide_li', 'customer')
    expect(byCustomer.status).toBe(200)
    expect(byCustomer.json).toEqual({ delivered: true })
    expect(lastEvent()).toMatchObject({
      ChangeType: 'del_follow_user',
      UserID: 'guide_li',
      ExternalUserID: externalUserId,
    })
    expect(lastEvent()).not.toHaveProperty('WelcomeCode')
    expect((await getContact(externalUserId)).follow_user.map((f: Json) => f.userid)).toEqual(['guide_wang'])

    await removeContact(externalUserId, 'guide_wang', 'staff')
    expect(lastEvent()).toMatchObject({ ChangeType: 'del_external_contact', UserID: 'guide_wang' })
  })

  it('answers 404 for a relation that does not exist, 400 for a bad request', async () => {
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'ivy' })).json
    const count = receiver.received.length
    expect((await removeContact(externalUserId, 'guide_wang', 'customer')).status).toBe(404)
    expect((await removeContact('wmnobody', 'guide_li', 'staff')).json.error.code).toBe('RELATION_NOT_FOUND')
    expect((await removeContact(externalUserId, 'guide_li', 'robot')).status).toBe(400)
    expect(receiver.received).toHaveLength(count)
  })

  it('lets a removed person add the member again, with a fresh follow', async () => {
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'jack' })).json
    await removeContact(externalUserId, 'guide_li', 'staff')
    const again = await sandbox.addContact({ userId: 'guide_li', who: 'jack' })
    expect(again.status).toBe(201)
    expect(again.json.externalUserId).toBe(externalUserId)
  })
})

describe('callback delivery', () => {
  it('lists delivered callbacks newest first with the exact envelope, which can be replayed', async () => {
    await sandbox.addContact({ userId: 'guide_li', who: 'kim' })
    await sandbox.addContact({ userId: 'guide_wang', who: 'kim' })
    const { json } = await sandbox.request('GET', '/sandbox/wecom/callbacks')
    expect(json.items).toHaveLength(2)
    const [newest] = json.items
    expect(newest).toEqual({
      query: { msg_signature: expect.any(String), timestamp: expect.any(String), nonce: expect.any(String) },
      body: expect.stringContaining('<Encrypt>'),
      innerXml: expect.stringContaining('<UserID><![CDATA[guide_wang]]></UserID>'),
      status: 200,
      attempts: 1,
      at: expect.any(String),
    })
    // Replaying the stored envelope reaches the receiver intact: signature and ciphertext still verify.
    const replay = await fetch(`${receiver.url}?${new URLSearchParams(newest.query)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: newest.body,
    })
    expect(replay.status).toBe(200)
    expect(receiver.received.at(-1)!.fields).toEqual(receiver.received.at(-2)!.fields)
  })

  it('retries a callback answered with a non-200, repeating the same envelope', async () => {
    receiver.answerWith(500, 503)
    const response = await sandbox.addContact({ userId: 'guide_li', who: 'leo' })
    expect(response.status).toBe(201)
    expect(receiver.received).toHaveLength(3)
    const [first, ...retries] = receiver.received
    for (const retry of retries) {
      expect(retry.query).toEqual(first!.query)
      expect(retry.body).toBe(first!.body)
    }
    const [record] = (await sandbox.request('GET', '/sandbox/wecom/callbacks')).json.items
    expect(record).toMatchObject({ status: 200, attempts: 3 })
  })

  it('answers 502 after the first try and three retries fail, keeping the contact', async () => {
    receiver.answerWith(500, 500, 500, 500)
    const response = await sandbox.addContact({ userId: 'guide_li', who: 'mia' })
    expect(response.status).toBe(502)
    expect(response.json.error.code).toBe('CALLBACK_FAILED')
    expect(receiver.received).toHaveLength(4)
    const externalUserId = receiver.received[0]!.fields.ExternalUserID!
    expect((await getContact(externalUserId)).follow_user).toHaveLength(1)
    const [record] = (await sandbox.request('GET', '/sandbox/wecom/callbacks')).json.items
    expect(record).toMatchObject({ status: 500, attempts: 4 })

    receiver.answerWith(500, 500, 500, 500)
    expect((await removeContact(externalUserId, 'guide_li', 'customer')).status).toBe(502)
    expect((await getContact(externalUserId)).errcode).toBe(84061)
  })

  it('answers 502 when the callback URL cannot be reached', async () => {
    const unreachable = await startSandbox()
    try {
      const response = await unreachable.addContact({ userId: 'guide_li', who: 'ned' })
      expect(response.status).toBe(502)
      const [record] = (await unreachable.request('GET', '/sandbox/wecom/callbacks')).json.items
      expect(record).toMatchObject({ status: null, attempts: 4 })
    } finally {
      await unreachable.close()
    }
  })
})

describe('send_welcome_msg', () => {
  const welcome = (body: Json) => sandbox.externalcontact('send_welcome_msg', body)
  const newCode = async (who: string) =>
    (await sandbox.addContact({ userId: 'guide_li', who })).json.welcomeCode as string

  it('accepts a welcome once per code, logging it', async () => {
    const code = await newCode('olga')
    const body = {
      welcome_code: code,
      text: { content: '欢迎！点击小程序领取优惠' },
      attachments: [
        {
          msgtype: 'miniprogram',
          miniprogram: { title: '领券', pic_media_id: 'M1', appid: 'wx1', page: '/pages/index/index.html' },
        },
        { msgtype: 'link', link: { title: '新品', url: 'https://example.com' } },
        { msgtype: 'image', image: { pic_url: 'https://example.com/a.png' } },
      ],
    }
    expect(await welcome(body)).toEqual({ errcode: 0, errmsg: 'ok' })
    const second = await welcome(body)
    expect(second.errcode).toBe(41051)
    const { json } = await sandbox.request('GET', '/sandbox/wecom/messages?api=send_welcome_msg')
    expect(json.items).toEqual([{ api: 'send_welcome_msg', body, at: expect.any(String) }])
  })

  it('answers 41049 without a code and 41050 for an unknown one', async () => {
    expect((await welcome({ text: { content: 'hi' } })).errcode).toBe(41049)
    expect((await welcome({ welcome_code: 'made-up', text: { content: 'hi' } })).errcode).toBe(41050)
  })

  it('checks the content without using the code up', async () => {
    const code = await newCode('pete')
    const image = { msgtype: 'image', image: { media_id: 'M' } }
    const cases: [Json, number][] = [
      [{}, 40058],
      [{ text: { content: '' }, attachments: [] }, 40058],
      [{ text: { content: '字'.repeat(1334) } }, 45002],
      [{ attachments: Array.from({ length: 10 }, () => image) }, 41064],
      [{ attachments: [{ msgtype: 'audio', audio: {} }] }, 41065],
      [{ attachments: [{ msgtype: 'constructor' }] }, 41065],
      [{ attachments: [{ msgtype: 'image' }] }, 40058],
      [{ attachments: [{ msgtype: 'link', link: { title: 't'.repeat(129), url: 'https://x' } }] }, 45002],
      [{ attachments: [{ msgtype: 'miniprogram', miniprogram: { title: 't', appid: 'wx1', page: 'p' } }] }, 40058],
    ]
    for (const [content, errcode] of cases) {
      expect((await welcome({ welcome_code: code, ...content })).errcode, JSON.stringify(content)).toBe(errcode)
    }
    const attachments = Array.from({ length: 9 }, () => image)
    const nine = { welcome_code: code, text: { content: '字'.repeat(1333) }, attachments }
    expect((await welcome(nine)).errcode).toBe(0)
  })

  it('expires the code after welcomeCodeTtlMs', async () => {
    const quick = await startSandbox({ receiver, welcomeCodeTtlMs: 300 })
    try {
      const code = (await quick.addContact({ userId: 'guide_li', who: 'quinn' })).json.welcomeCode
      await new Promise((resolve) => setTimeout(resolve, 1000))
      const reply = await quick.externalcontact('send_welcome_msg', { welcome_code: code, text: { content: 'hi' } })
      expect(reply.errcode).toBe(41050)
    } finally {
      await quick.close()
    }
  })
})

describe('mark_tag', () => {
  const mark = (body: Json) => sandbox.externalcontact('mark_tag', body)

  it('adds and removes corp tags on one follow, shown by get, and logs the calls', async () => {
    const tags = [{ name: 'VIP' }, { name: '普通' }]
    const group = (await sandbox.externalcontact('add_corp_tag', { group_name: '等级', tag: tags })).tag_group
    const [vip, plain] = group.tag
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'rose' })).json
    await sandbox.addContact({ userId: 'guide_wang', who: 'rose' })

    const body = { userid: 'guide_li', external_userid: externalUserId, add_tag: [vip.id, plain.id] }
    expect(await mark(body)).toEqual({ errcode: 0, errmsg: 'ok' })
    await mark({ userid: 'guide_li', external_userid: externalUserId, remove_tag: [plain.id] })
    const [li, wang] = (await getContact(externalUserId)).follow_user
    expect(li.tags).toEqual([{ group_name: '等级', tag_name: 'VIP', tag_id: vip.id, type: 1 }])
    expect(wang.tags).toEqual([])

    const { json } = await sandbox.request('GET', '/sandbox/wecom/messages?api=mark_tag')
    expect(json.items.map((item: Json) => item.body)).toEqual([
      { userid: 'guide_li', external_userid: externalUserId, remove_tag: [plain.id] },
      body,
    ])

    // A deleted corp tag disappears from the follows that carried it.
    await sandbox.externalcontact('del_corp_tag', { tag_id: [vip.id] })
    expect((await getContact(externalUserId)).follow_user[0].tags).toEqual([])
  })

  it('answers 40068 for unknown tags, 40058 with nothing to do, 40096 and 84061 for missing relations', async () => {
    const tag = (await sandbox.externalcontact('add_corp_tag', { group_name: 'g', tag: [{ name: 't' }] })).tag_group.tag[0]
    const { externalUserId } = (await sandbox.addContact({ userId: 'guide_li', who: 'sam' })).json
    const base = { userid: 'guide_li', external_userid: externalUserId }
    expect((await mark({ ...base, add_tag: ['etnope'] })).errcode).toBe(40068)
    expect((await mark({ ...base, remove_tag: ['etnope'] })).errcode).toBe(40068)
    expect((await mark({ ...base, add_tag: [], remove_tag: [] })).errcode).toBe(40058)
    expect((await mark({ ...base, external_userid: 'wmnobody', add_tag: [tag.id] })).errcode).toBe(40096)
    expect((await mark({ ...base, userid: 'guide_wang', add_tag: [tag.id] })).errcode).toBe(84061)
    expect((await mark({ ...base, userid: undefined, add_tag: [tag.id] })).errcode).toBe(41009)
    expect((await sandbox.request('GET', '/sandbox/wecom/messages?api=mark_tag')).json.items).toEqual([])
  })
})

describe('persistence', () => {
  it('keeps contacts, contact ways and tags across a rebuild from the same statePath', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sandbox-state-'))
    const statePath = join(directory, 'nested', 'state.json')
    try {
      const first = await startSandbox({ receiver, statePath })
      const { config_id } = await first.externalcontact('add_contact_way', {
        type: 2,
        scene: 2,
        user: ['guide_li', 'guide_wang'],
        state: 'kept',
      })
      const tag = (await first.externalcontact('add_corp_tag', { group_name: 'g', tag: [{ name: 't' }] })).tag_group.tag[0]
      const { externalUserId } = (await first.addContact({ who: 'tina', state: 'kept' })).json
      await first.externalcontact('mark_tag', { userid: 'guide_li', external_userid: externalUserId, add_tag: [tag.id] })
      await first.close()

      const second = await startSandbox({ receiver, statePath })
      try {
        const way = (await second.externalcontact('get_contact_way', { config_id })).contact_way
        expect(way).toMatchObject({ user: ['guide_li', 'guide_wang'], state: 'kept' })
        const groups = (await second.externalcontact('get_corp_tag_list', {})).tag_group
        expect(groups[0].tag[0].id).toBe(tag.id)
        const contact = await second.wecom('externalcontact/get', { query: { external_userid: externalUserId } })
        expect(contact.follow_user).toEqual([expect.objectContaining({ userid: 'guide_li', state: 'kept' })])
        expect(contact.follow_user[0].tags).toEqual([expect.objectContaining({ tag_id: tag.id })])
        // The round robin carries on where it stopped.
        await second.addContact({ who: 'uma', state: 'kept' })
        expect(receiver.received.at(-1)!.fields.UserID).toBe('guide_wang')
      } finally {
        await second.close()
      }
    } finally {
      rmSync(directory, { recursive: true, force: true })
    }
  })
})
