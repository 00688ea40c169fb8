import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, WECOM, type Sandbox } from './helpers'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const getToken = (corpid: string, corpsecret: string) =>
  sandbox.request('GET', `/cgi-bin/gettoken?${new URLSearchParams({ corpid, corpsecret })}`)
const userGet = async (userid: string, token?: string) => {
  const accessToken = token ?? (await sandbox.wecomToken())
  return (await sandbox.request('GET', `/cgi-bin/user/get?access_token=${accessToken}&userid=${userid}`)).json
}

describe('gettoken', () => {
  it('returns the same token within its lifetime', async () => {
    const { json } = await getToken(WECOM.corpId, WECOM.secret)
    expect(json).toMatchObject({ errcode: 0, errmsg: 'ok', access_token: expect.any(String) })
    expect(json.expires_in).toBeGreaterThan(7100)
    expect(json.expires_in).toBeLessThanOrEqual(7200)
    expect(json.access_token.length).toBeLessThanOrEqual(512)
    expect((await getToken(WECOM.corpId, WECOM.secret)).json.access_token).toBe(json.access_token)
  })

  it('rejects a wrong or missing corpid and corpsecret', async () => {
    const wrongCorp = (await getToken('wwother', WECOM.secret)).json
    expect(wrongCorp.errcode).toBe(40013)
    expect(wrongCorp.errmsg).toMatch(/^invalid corpid, hint: \[.+\], from ip: .+, more info at .+e=40013$/)
    expect((await getToken(WECOM.corpId, 'nope')).json.errcode).toBe(40001)
    expect((await getToken('', WECOM.secret)).json.errcode).toBe(41002)
    expect((await getToken(WECOM.corpId, '')).json.errcode).toBe(41004)
  })
})

describe('access_token on every other API', () => {
  it('answers 41001 missing, 40014 unknown or from WeChat', async () => {
    expect((await sandbox.request('GET', '/cgi-bin/user/get?userid=guide_li')).json.errcode).toBe(41001)
    expect((await userGet('guide_li', 'made-up')).errcode).toBe(40014)
    expect((await userGet('guide_li', await sandbox.wechatToken())).errcode).toBe(40014)
    const post = await sandbox.request('POST', '/cgi-bin/externalcontact/get_corp_tag_list?access_token=x', {})
    expect(post.json.errcode).toBe(40014)
  })

  it('answers 42001 once the token is expired by the control API, and gettoken then issues a fresh one', async () => {
    const old = await sandbox.wecomToken()
    await sandbox.request('POST', '/sandbox/tokens/expire', { platform: 'wecom', mode: 'expired' })
    const expired = await userGet('guide_li', old)
    expect(expired.errcode).toBe(42001)
    expect(expired.errmsg).toMatch(/^access_token expired/)
    const fresh = await sandbox.wecomToken()
    expect(fresh).not.toBe(old)
    expect((await userGet('guide_li', fresh)).errcode).toBe(0)
    expect((await userGet('guide_li', old)).errcode).toBe(42001)
  })

  it('answers 40014 for a token made invalid by the control API', async () => {
    const old = await sandbox.wecomToken()
    await sandbox.request('POST', '/sandbox/tokens/expire', { platform: 'wecom', mode: 'invalid' })
    expect((await userGet('guide_li', old)).errcode).toBe(40014)
    expect((await userGet('guide_li')).errcode).toBe(0)
  })
})

describe('JS-SDK tickets', () => {
  it('hands out two different tickets, each stable within its lifetime', async () => {
    const corp = await sandbox.wecom('get_jsapi_ticket')
    const agent = await sandbox.wecom('ticket/get', { query: { type: 'agent_config' } })
    expect(corp).toMatchObject({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 })
    expect(agent).toMatchObject({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 })
    expect(agent.ticket).not.toBe(corp.ticket)
    expect((await sandbox.wecom('get_jsapi_ticket')).ticket).toBe(corp.ticket)
    expect((await sandbox.wecom('ticket/get', { query: { type: 'agent_config' } })).ticket).toBe(agent.ticket)
  })

  it('keeps tickets when the access token is renewed', async () => {
    const before = (await sandbox.wecom('get_jsapi_ticket')).ticket
    await sandbox.request('POST', '/sandbox/tokens/expire', { platform: 'wecom', mode: 'expired' })
    expect((await sandbox.wecom('get_jsapi_ticket')).ticket).toBe(before)
  })

  it('rejects another ticket type', async () => {
    expect((await sandbox.wecom('ticket/get', { query: { type: 'jsapi' } })).errcode).toBe(40058)
  })
})

describe('OAuth getuserinfo', () => {
  const byCode = (code: string) => sandbox.wecom('auth/getuserinfo', { query: { code } })

  it('logs test_<userid> in, once', async () => {
    expect(await byCode('test_guide_li')).toEqual({ errcode: 0, errmsg: 'ok', userid: 'guide_li' })
    expect((await byCode('test_guide_li')).errcode).toBe(40029)
    expect((await byCode('test_guide_li~tab2')).userid).toBe('guide_li')
    expect((await byCode('test_zhang.san@corp')).userid).toBe('zhang.san@corp')
  })

  it('answers 40029 for other codes and 41008 without one', async () => {
    for (const code of ['guide_li', 'test_', 'test_a b', `test_${'x'.repeat(65)}`]) {
      const reply = await byCode(code)
      expect(reply.errcode, code).toBe(40029)
      expect(reply.errmsg).toMatch(/^invalid code/)
    }
    expect((await sandbox.wecom('auth/getuserinfo')).errcode).toBe(41008)
  })
})

describe('member directory', () => {
  it('names the demo staff', async () => {
    const member = await userGet('guide_li')
    expect(member).toMatchObject({ errcode: 0, errmsg: 'ok', userid: 'guide_li', name: '李娜', status: 1 })
    expect((await userGet('guide_wang')).name).toBe('王芳')
    expect((await userGet('guide_zhao')).name).toBe('赵敏')
    expect((await userGet('admin_chen')).name).toBe('陈静')
  })

  it('answers for any well-formed userid with a name derived from it', async () => {
    expect((await userGet('guide_zhou')).name).toBe('导购·zhou')
    expect((await userGet('admin_qian')).name).toBe('管理员·qian')
    expect((await userGet('zhangsan')).name).toBe('成员·zhangsan')
    expect(await userGet('zhangsan')).toEqual(await userGet('zhangsan'))
    expect((await userGet('constructor')).name).toBe('成员·constructor')
  })

  it('serves the avatar it names', async () => {
    const { avatar } = await userGet('guide_li')
    expect(avatar).toBe(`${sandbox.base}/sandbox/avatars/guide_li.png`)
    const image = await sandbox.request('GET', new URL(avatar).pathname)
    expect(image.type).toBe('image/png')
    expect(image.bytes.subarray(1, 4).toString()).toBe('PNG')
  })

  it('answers 41009 without a userid and 60111 for an impossible one', async () => {
    expect((await sandbox.wecom('user/get')).errcode).toBe(41009)
    expect((await userGet('a%20b')).errcode).toBe(60111)
    expect((await userGet('x'.repeat(65))).errcode).toBe(60111)
  })
})

describe('message/send', () => {
  const send = (body: unknown) => sandbox.wecom('message/send', { body })
  const text = (content: string, touser = 'guide_li') => ({
    touser,
    msgtype: 'text',
    agentid: WECOM.agentId,
    text: { content },
  })

  it('accepts text, textcard and markdown and logs them newest first', async () => {
    const first = await send(text('一位客户删除了你'))
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: expect.any(String) })
    const card = {
      touser: 'guide_li|guide_wang',
      msgtype: 'textcard',
      agentid: WECOM.agentId,
      textcard: { title: '新客户', description: '张三 添加了你', url: 'https://example.com/c/1' },
    }
    expect((await send(card)).errcode).toBe(0)
    const markdown = { toparty: '1', msgtype: 'markdown', agentid: WECOM.agentId, markdown: { content: '**hi**' } }
    expect((await send(markdown)).errcode).toBe(0)

    const { json } = await sandbox.request('GET', '/sandbox/wecom/messages?api=message/send')
    expect(json.items.slice(0, 3).map((item: { body: unknown }) => item.body)).toEqual([
      markdown,
      card,
      text('一位客户删除了你'),
    ])
    expect(json.items[0]).toEqual({ api: 'message/send', body: markdown, at: expect.any(String) })
  })

  it('reports impossible userids in invaliduser, and 81013 when nobody is left', async () => {
    expect((await send(text('hi', 'guide_li|bad user'))).invaliduser).toBe('bad user')
    expect((await send(text('hi', 'bad user'))).errcode).toBe(81013)
    expect((await send({ msgtype: 'text', agentid: WECOM.agentId, text: { content: 'hi' } })).errcode).toBe(81013)
  })

  it('rejects a wrong agentid, an unknown msgtype, empty or oversized content', async () => {
    expect((await send({ ...text('hi'), agentid: 1 })).errcode).toBe(40056)
    expect((await send({ ...text('hi'), msgtype: 'voice' })).errcode).toBe(40008)
    expect((await send(text(''))).errcode).toBe(44004)
    expect((await send(text('字'.repeat(683)))).errcode).toBe(45002)
    const cardWithoutUrl = { title: 't', description: 'd' }
    const card = { touser: 'guide_li', msgtype: 'textcard', agentid: WECOM.agentId, textcard: cardWithoutUrl }
    expect((await send(card)).errcode).toBe(40058)
  })

  it('logs nothing it rejected', async () => {
    const before = (await sandbox.request('GET', '/sandbox/wecom/messages')).json.items.length
    await send({ ...text('rejected'), agentid: 1 })
    expect((await sandbox.request('GET', '/sandbox/wecom/messages')).json.items).toHaveLength(before)
  })
})

describe('media/upload', () => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==', 'base64')
  const upload = async (type: string, file: { bytes: Buffer; name: string; field?: string } | null) => {
    const form = new FormData()
    if (file) form.append(file.field ?? 'media', new Blob([file.bytes], { type: 'image/png' }), file.name)
    const response = await fetch(`${sandbox.base}/cgi-bin/media/upload?access_token=${await sandbox.wecomToken()}&type=${type}`, {
      method: 'POST',
      body: form,
    })
    return (await response.json()) as Record<string, any>
  }

  it('stores a PNG as temporary media and logs the upload', async () => {
    const json = await upload('image', { bytes: PNG, name: 'poster.png' })
    expect(json).toMatchObject({ errcode: 0, errmsg: 'ok', type: 'image', media_id: expect.any(String) })
    expect(Number(json.created_at)).toBeGreaterThan(1_600_000_000)
    const log = (await sandbox.request('GET', '/sandbox/wecom/messages?api=media/upload')).json.items
    expect(log[0].body).toEqual({ type: 'image', filename: 'poster.png', size: PNG.length, media_id: json.media_id })
  })

  it('answers 40004 for an unknown type, 41005 without the media field, 40005 for an image that is not JPG or PNG, 40006 for a tiny file', async () => {
    expect((await upload('gif', { bytes: PNG, name: 'a.png' })).errcode).toBe(40004)
    expect((await upload('image', null)).errcode).toBe(41005)
    expect((await upload('image', { bytes: PNG, name: 'a.png', field: 'file' })).errcode).toBe(41005)
    expect((await upload('image', { bytes: Buffer.from('GIF89a-not-allowed'), name: 'a.gif' })).errcode).toBe(40005)
    expect((await upload('file', { bytes: Buffer.from('tiny'), name: 'a.txt' })).errcode).toBe(40006)
  })
})

describe('request bodies', () => {
  it('reads JSON whatever the Content-Type, and answers 47001 for what is not a JSON object', async () => {
    const token = await sandbox.wecomToken()
    const post = async (body: string, type: string) => {
      const response = await fetch(`${sandbox.base}/cgi-bin/externalcontact/get_corp_tag_list?access_token=${token}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      })
      expect(response.status).toBe(200)
      return (await response.json()) as { errcode: number }
    }
    expect((await post('{}', 'text/plain')).errcode).toBe(0)
    expect((await post('{}', 'application/x-www-form-urlencoded')).errcode).toBe(0)
    expect((await post('{"tag_id": ', 'text/plain')).errcode).toBe(47001)
    expect((await post('[1]', 'application/json')).errcode).toBe(47001)
    expect((await post('{"tag_id": "et1"}', 'application/json')).errcode).toBe(47001)
  })
})

describe('control API basics', () => {
  it('reports health', async () => {
    expect((await sandbox.request('GET', '/sandbox/healthz')).json).toEqual({ status: 'ok' })
  })
})
