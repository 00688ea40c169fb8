import { describe, expect, it } from 'vitest'
import { buildXml, sealCallback } from '../../src/wecom/callback-envelope'
import { startReceiver } from '../support/callback-receiver'
import { json, login, request, uploadLibraryFile, type Stack } from '../support/stack'
import { adminStackForFile, create, customerIdOf, scan, sent, startAdminStack, wecomApi, type Json } from './helpers'

const file = adminStackForFile()

const welcomeSentWith = async (welcomeCode: string) =>
  (await sent(file.stack, 'send_welcome_msg')).find((body) => body.welcome_code === welcomeCode)

const sendsOf = (target: Stack, externalUserId: string) =>
  target.query(
    `select w.status, w.errcode, w.attempts from welcome_sends w join customers c on c.id = w.customer_id
     where c.external_user_id = ?`,
    externalUserId,
  )

const createMessage = (body: Json) => create(file.api, '/welcome-messages', body)

describe('choosing the welcome message', () => {
  it('sends the most specific scope: live code, guide, department, campaign, then the default', async () => {
    const hour = 3_600_000
    await createMessage({ name: '默认', scope: 'default', text: '你好 {{customerName}}，我是{{staffName}}' })
    const festival = await createMessage({
      name: '中秋',
      scope: 'campaign',
      startsAt: new Date(Date.now() - hour).toISOString(),
      endsAt: new Date(Date.now() + hour).toISOString(),
      text: '中秋快乐，{{customerName}}！',
      attachments: [{ type: 'link', title: '中秋礼盒', url: 'https://example.com/mid-autumn', desc: '限时' }],
    })
    await createMessage({
      name: '过期活动',
      scope: 'campaign',
      startsAt: new Date(Date.now() - 3 * hour).toISOString(),
      endsAt: new Date(Date.now() - 2 * hour).toISOString(),
      text: '早已结束',
    })
    // A department's message greets for the departments under it: 门店 (2) holds both stores, guide_plain's among them.
    await file.stack.app.departments.syncDirectory()
    await createMessage({ name: '门店', scope: 'department', departmentId: 2, text: '门店导购{{staffName}}为你服务' })
    await createMessage({ name: '专属', scope: 'staff', staffUserId: 'guide_vip', text: '{{customerName}}，我是你的专属顾问' })
    const code = (
      await file.api('POST', '/live-codes', {
        name: '直播间',
        staffUserIds: ['guide_vip'],
        dailyAddLimit: null,
        welcomeText: '感谢来自直播间的{{customerName}}，{{staffName}}在这里',
      })
    ).body

    const viaCode = await scan(file.stack, 'wm1', { state: code.state })
    expect(await welcomeSentWith(viaCode.welcomeCode)).toEqual({
      welcome_code: viaCode.welcomeCode,
      text: { content: '感谢来自直播间的客户·wm1，导购·vip在这里' },
    })
    const toGuide = await scan(file.stack, 'wm2', { userId: 'guide_vip' })
    expect((await welcomeSentWith(toGuide.welcomeCode))?.text.content).toBe('客户·wm2，我是你的专属顾问')
    const toDepartment = await scan(file.stack, 'wm3', { userId: 'guide_plain' })
    expect((await welcomeSentWith(toDepartment.welcomeCode))?.text.content).toBe('门店导购导购·plain为你服务')
    const inCampaign = await scan(file.stack, 'wm4', { userId: 'admin_desk' })
    expect(await welcomeSentWith(inCampaign.welcomeCode)).toEqual({
      welcome_code: inCampaign.welcomeCode,
      text: { content: '中秋快乐，客户·wm4！' },
      attachments: [{ msgtype: 'link', link: { title: '中秋礼盒', url: 'https://example.com/mid-autumn', desc: '限时' } }],
    })

    expect((await file.api('PATCH', `/welcome-messages/${festival.id}`, { enabled: false })).status).toBe(200)
    const byDefault = await scan(file.stack, 'wm5', { userId: 'admin_desk2' })
    expect((await welcomeSentWith(byDefault.welcomeCode))?.text.content).toBe('你好 客户·wm5，我是管理员·desk2')

    expect(await sendsOf(file.stack, byDefault.externalUserId)).toEqual([{ status: 'sent', errcode: null, attempts: 1 }])
    const timeline = await file.stack.query<{ type: string; data: unknown }>(
      `select type, data from timeline_events where customer_id = ? order by id`,
      await customerIdOf(file.stack, byDefault.externalUserId),
    )
    expect(timeline.map((e) => e.type)).toEqual(['wecom_added', 'wecom_welcome'])
    expect(json(timeline[1]?.data)).toMatchObject({ status: 'sent' })
  })

  it('sends images and mini-program cards in WeCom’s shape', async () => {
    await createMessage({
      name: '员工卡片',
      scope: 'staff',
      staffUserId: 'guide_cards',
      text: '',
      attachments: [
        { type: 'image', picUrl: 'https://example.com/poster.png' },
        { type: 'miniprogram', title: '领券', appid: 'wx0000000000demo01', page: '/pages/index/index.html', picMediaId: 'MEDIA_1' },
      ],
    })
    const add = await scan(file.stack, 'wm6', { userId: 'guide_cards' })
    expect(await welcomeSentWith(add.welcomeCode)).toEqual({
      welcome_code: add.welcomeCode,
      attachments: [
        { msgtype: 'image', image: { pic_url: 'https://example.com/poster.png' } },
        {
          msgtype: 'miniprogram',
          miniprogram: { title: '领券', pic_media_id: 'MEDIA_1', appid: 'wx0000000000demo01', page: '/pages/index/index.html' },
        },
      ],
    })
  })

  it('sends the library’s documents and videos as WeCom file and video messages, even after they leave the library', async () => {
    const token = (await login.admin(file.stack)).token
    const book = (await uploadLibraryFile(file.stack, token, Buffer.from('%PDF-1.4 品牌手册'), '品牌手册.pdf')).body
    const video = (await uploadLibraryFile(file.stack, token, Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42 探店')]), '探店.mp4')).body
    const message = await createMessage({
      name: '手册',
      scope: 'staff',
      staffUserId: 'guide_files',
      text: '你好，送你一本品牌手册',
      attachments: [
        { type: 'file', fileId: book.id },
        { type: 'file', fileId: video.id, name: '别的名字.mp4' },
      ],
    })
    // The names are the library's, whatever the request said.
    expect(message.attachments).toEqual([
      { type: 'file', fileId: book.id, name: '品牌手册.pdf' },
      { type: 'file', fileId: video.id, name: '探店.mp4' },
    ])
    const add = await scan(file.stack, 'wm_files', { userId: 'guide_files' })
    const uploads = await sent(file.stack, 'media/upload')
    const mediaOf = (filename: string) => uploads.find((upload) => upload.filename === filename)
    expect(mediaOf('品牌手册.pdf')).toMatchObject({ type: 'file' })
    expect(mediaOf('探店.mp4')).toMatchObject({ type: 'video' })
    expect(await welcomeSentWith(add.welcomeCode)).toEqual({
      welcome_code: add.welcomeCode,
      text: { content: '你好，送你一本品牌手册' },
      attachments: [
        { msgtype: 'file', file: { media_id: mediaOf('品牌手册.pdf')?.media_id } },
        { msgtype: 'video', video: { media_id: mediaOf('探店.mp4')?.media_id } },
      ],
    })

    // Out of the library, the book stays in the message (edited or not) and is still sent; a new message cannot take it.
    expect((await request(`${file.stack.appUrl}/api/admin/materials/files/${book.id}`, { method: 'DELETE', token })).status).toBe(204)
    expect((await file.api('PATCH', `/welcome-messages/${message.id}`, { name: '手册（新）' })).status).toBe(200)
    const again = await scan(file.stack, 'wm_files2', { userId: 'guide_files' })
    expect((await welcomeSentWith(again.welcomeCode))?.attachments[0]).toEqual({ msgtype: 'file', file: { media_id: mediaOf('品牌手册.pdf')?.media_id } })
    const refused = await file.api('POST', '/welcome-messages', { name: '新手册', scope: 'default', text: '', attachments: [{ type: 'file', fileId: book.id }] })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('ATTACHMENT_FILE_NOT_FOUND')
  })

  it('refuses messages WeCom would refuse or that miss what their scope needs', async () => {
    const cases: [Json, string][] = [
      [{ name: 'a', scope: 'default', text: ' ' }, 'WELCOME_EMPTY'],
      [{ name: 'a', scope: 'default', text: '好'.repeat(1400) }, 'WELCOME_TOO_LONG'],
      [{ name: 'a', scope: 'default', text: 'x', attachments: [{ type: 'link', title: '标'.repeat(43), url: 'https://e.com' }] }, 'WELCOME_TOO_LONG'],
      [{ name: 'a', scope: 'staff', text: 'x' }, 'WELCOME_SCOPE_INCOMPLETE'],
      [{ name: 'a', scope: 'live_code', liveCodeId: 999999, text: 'x' }, 'UNKNOWN_LIVE_CODE'],
      [{ name: 'a', scope: 'campaign', startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z', text: 'x' }, 'INVALID_CAMPAIGN_PERIOD'],
      [{ name: 'a', scope: 'default', text: 'x', attachments: Array(10).fill({ type: 'image', picUrl: 'https://e.com/a.png' }) }, 'VALIDATION_FAILED'],
      [{ name: 'a', scope: 'default', text: 'x', attachments: [{ type: 'video', mediaId: 'm' }] }, 'VALIDATION_FAILED'],
    ]
    for (const [body, code] of cases) {
      const reply = await file.api('POST', '/welcome-messages', body)
      expect(reply.status, JSON.stringify(body)).toBe(400)
      expect(reply.body.error.code, JSON.stringify(body)).toBe(code)
    }
  })

  it('lists, edits and deletes messages; a deleted one is no longer chosen', async () => {
    const message = await createMessage({ name: '临时', scope: 'staff', staffUserId: 'helper_temp', text: '临时欢迎' })
    expect((await file.api('GET', `/welcome-messages/${message.id}`)).body).toMatchObject({ staffUserId: 'helper_temp', scope: 'staff' })
    const edited = await file.api('PATCH', `/welcome-messages/${message.id}`, { text: '新的临时欢迎' })
    expect(edited.body).toMatchObject({ text: '新的临时欢迎', staffUserId: 'helper_temp' })
    const first = await scan(file.stack, 'wm7', { userId: 'helper_temp' })
    expect((await welcomeSentWith(first.welcomeCode))?.text.content).toBe('新的临时欢迎')
    expect((await file.api('DELETE', `/welcome-messages/${message.id}`)).status).toBe(204)
    expect((await file.api('GET', '/welcome-messages')).body.items.some((m: Json) => m.id === message.id)).toBe(false)
    const second = await scan(file.stack, 'wm8', { userId: 'helper_temp' })
    expect((await welcomeSentWith(second.welcomeCode))?.text.content).toBe('你好 客户·wm8，我是成员·helper_temp')
    expect(await sendsOf(file.stack, first.externalUserId)).toEqual([{ status: 'sent', errcode: null, attempts: 1 }])
  })
})

describe('the WelcomeCode’s single use', () => {
  it('records 41051 (another app sent first) as already sent, not an error, and does not retry', async () => {
    const keys = { token: file.stack.config.wecom.callbackToken, encodingAesKey: file.stack.config.wecom.encodingAesKey, corpId: file.stack.config.wecom.corpId }
    const otherApp = await startReceiver(keys)
    file.stack.deliverCallbacksTo(otherApp.url)
    try {
      await scan(file.stack, 'wm9', { userId: 'guide_first' })
    } finally {
      file.stack.deliverCallbacksTo(null)
    }
    const event = otherApp.received[0] as { query: Record<string, string>; body: string; fields: Record<string, string> }
    await otherApp.close()
    const other = await wecomApi(file.stack, 'send_welcome_msg', { welcome_code: event.fields.WelcomeCode, text: { content: '别的应用先到' } })
    expect(other.errcode).toBe(0)

    const ours = await request(`${file.stack.appUrl}/wecom/callback?${new URLSearchParams(event.query)}`, {
      method: 'POST',
      body: event.body,
      headers: { 'content-type': 'text/xml' },
    })
    expect(ours.status).toBe(200)
    const externalUserId = event.fields.ExternalUserID as string
    expect(await sendsOf(file.stack, externalUserId)).toEqual([{ status: 'already_sent', errcode: 41051, attempts: 1 }])
  })
})

describe('an expired WelcomeCode', () => {
  it('is recorded as expired after one try and never sent again', async () => {
    const { stack: slow, api: admin } = await startAdminStack({}, { sandbox: { welcomeCodeTtlMs: 0 } })
    try {
      await admin('POST', '/welcome-messages', { name: '默认', scope: 'default', text: '欢迎' })
      const add = await scan(slow, 'late1', { userId: 'guide_late' })
      expect(await sendsOf(slow, add.externalUserId)).toEqual([{ status: 'expired', errcode: 41050, attempts: 1 }])
      expect(await sent(slow, 'send_welcome_msg')).toEqual([])

      // WeCom retrying the event, or a new event carrying the same code, sends nothing more.
      const keys = { token: slow.config.wecom.callbackToken, encodingAesKey: slow.config.wecom.encodingAesKey, corpId: slow.config.wecom.corpId }
      const delivered = (await request(`${slow.sandboxUrl}/sandbox/wecom/callbacks`)).body.items[0] as Json
      const again = sealCallback(keys, delivered.innerXml.replace(/<CreateTime>\d+/, '<CreateTime>1700000000'))
      for (const envelope of [{ query: delivered.query, body: delivered.body }, again]) {
        const reply = await request(`${slow.appUrl}/wecom/callback?${new URLSearchParams(envelope.query)}`, {
          method: 'POST',
          body: envelope.body,
          headers: { 'content-type': 'text/xml' },
        })
        expect(reply.status).toBe(200)
      }
      expect(await sendsOf(slow, add.externalUserId)).toEqual([{ status: 'expired', errcode: 41050, attempts: 1 }])
      const types = await slow.query(
        'select type from timeline_events where customer_id = ? order by id',
        await customerIdOf(slow, add.externalUserId),
      )
      expect(types).toEqual([{ type: 'wecom_added' }, { type: 'wecom_welcome' }, { type: 'wecom_added' }])
    } finally {
      await slow.close()
    }
  })

  it('is not sent for an add event that carries no WelcomeCode (an admin-configured welcome applies)', async () => {
    const keys = { token: file.stack.config.wecom.callbackToken, encodingAesKey: file.stack.config.wecom.encodingAesKey, corpId: file.stack.config.wecom.corpId }
    const { externalUserId } = await scan(file.stack, 'wm10', { userId: 'guide_nocode' })
    const xml = buildXml({
      ToUserName: keys.corpId,
      FromUserName: 'sys',
      CreateTime: 1700000001,
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'guide_nocode',
      ExternalUserID: externalUserId,
    })
    const envelope = sealCallback(keys, xml)
    const reply = await request(`${file.stack.appUrl}/wecom/callback?${new URLSearchParams(envelope.query)}`, {
      method: 'POST',
      body: envelope.body,
      headers: { 'content-type': 'text/xml' },
    })
    expect(reply.status).toBe(200)
    expect(await sendsOf(file.stack, externalUserId)).toHaveLength(1)
  })
})
