import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_TEMPLATES } from '../src/subscribe-messages'
import { startSandbox, type Sandbox } from './helpers'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const [GROUPBUY, SHIPPED, PRIZE] = DEMO_TEMPLATES.map((template) => template.priTmplId) as [string, string, string]

const send = async (body: unknown, token?: string) =>
  (await sandbox.request('POST', `/cgi-bin/message/subscribe/send?access_token=${token ?? (await sandbox.wechatToken())}`, body)).json
const grant = (who: string, templateIds: string[]) => sandbox.request('POST', '/sandbox/wechat/subscriptions', { who, templateIds })
const delivered = async (touser: string) => (await sandbox.request('GET', `/sandbox/wechat/subscribe-messages?touser=${touser}`)).json.items

const groupbuyResult = (touser: string, overrides: Record<string, unknown> = {}) => ({
  touser,
  template_id: GROUPBUY,
  page: 'packages/groupbuy/group/index?id=7',
  miniprogram_state: 'developer',
  lang: 'zh_CN',
  data: { thing1: { value: '有机草莓礼盒' }, phrase2: { value: '拼团成功' }, amount3: { value: '¥59.90' }, thing4: { value: '我们会尽快为你发货' } },
  ...overrides,
})

describe('subscribeMessage.send', () => {
  it('delivers one message per one-time subscription, then answers 43101', async () => {
    expect((await send(groupbuyResult('o_amy'))).errcode).toBe(43101)
    const granted = await grant('amy', [GROUPBUY, GROUPBUY, 'not-a-template'])
    expect(granted.status).toBe(201)
    expect(granted.json.results).toEqual([
      { templateId: GROUPBUY, result: 'accept', remaining: 1 },
      { templateId: GROUPBUY, result: 'accept', remaining: 2 },
      { templateId: 'not-a-template', result: 'filter', remaining: 0 },
    ])
    expect(await send(groupbuyResult('o_amy'))).toEqual({ errcode: 0, errmsg: 'ok' })
    expect((await send(groupbuyResult('o_amy'))).errcode).toBe(0)
    const refused = await send(groupbuyResult('o_amy'))
    expect(refused.errcode).toBe(43101)
    const items = await delivered('o_amy')
    expect(items).toHaveLength(2)
    expect(items[0]).toMatchObject({ template_id: GROUPBUY, page: 'packages/groupbuy/group/index?id=7', miniprogram_state: 'developer', data: { phrase2: '拼团成功' } })
    // A subscription to one template is no subscription to another.
    await grant('amy', [PRIZE])
    expect((await sandbox.request('GET', '/sandbox/wechat/subscriptions?openid=o_amy')).json.grants).toMatchObject({ [GROUPBUY]: 0, [PRIZE]: 1 })
  })

  it('refuses a bad openid, template, page, state or lang before spending a subscription', async () => {
    await grant('ben', [GROUPBUY])
    expect((await send(groupbuyResult('wx-ben'))).errcode).toBe(40003)
    expect((await send(groupbuyResult('o_ben', { template_id: 'unknown' }))).errcode).toBe(40037)
    expect((await send(groupbuyResult('o_ben', { page: '/packages/groupbuy/index' }))).errcode).toBe(41030)
    expect((await send(groupbuyResult('o_ben', { page: 'https://example.com' }))).errcode).toBe(41030)
    expect((await send(groupbuyResult('o_ben', { miniprogram_state: 'beta' }))).errcode).toBe(47003)
    expect((await send(groupbuyResult('o_ben', { lang: 'fr' }))).errcode).toBe(47003)
    expect((await send(groupbuyResult('o_ben'))).errcode).toBe(0)
  })

  it('holds every value to its keyword type (47003)', async () => {
    const data = (changes: Record<string, string>) => ({
      data: { ...groupbuyResult('o_cat').data, ...Object.fromEntries(Object.entries(changes).map(([name, value]) => [name, { value }])) },
    })
    await grant('cat', [GROUPBUY])
    const refusedWith = async (changes: Record<string, string>) => (await send(groupbuyResult('o_cat', data(changes)))).errcode
    expect(await refusedWith({ thing1: '一二三四五六七八九十一二三四五六七八九十一' })).toBe(47003)
    expect(await refusedWith({ phrase2: '拼团成功了吗啊' })).toBe(47003)
    expect(await refusedWith({ phrase2: 'ok' })).toBe(47003)
    expect(await refusedWith({ amount3: '59.90 yuan' })).toBe(47003)
    expect(await refusedWith({ thing4: '' })).toBe(47003)
    expect(await refusedWith({ thing9: '不在模板里' })).toBe(47003)
    const { data: missing } = groupbuyResult('o_cat')
    expect((await send(groupbuyResult('o_cat', { data: { ...missing, thing4: undefined } }))).errcode).toBe(47003)
    // Exactly at the limits is fine.
    expect(await refusedWith({ thing1: '一二三四五六七八九十一二三四五六七八九十', phrase2: '拼团失败' })).toBe(0)

    await grant('cat', [SHIPPED])
    const shipped = (tracking: string) =>
      send({
        touser: 'o_cat',
        template_id: SHIPPED,
        data: { character_string1: { value: 'LL20261203001' }, thing2: { value: '草莓' }, thing3: { value: '顺丰速运' }, character_string4: { value: tracking } },
      })
    expect((await shipped('SF1234567890123456789012345678901')).errcode).toBe(47003)
    expect((await shipped('顺丰单号')).errcode).toBe(47003)
    expect((await shipped('SF1234567890')).errcode).toBe(0)
  })

  it('needs the mini-program access token', async () => {
    expect((await send(groupbuyResult('o_amy'), 'made-up')).errcode).toBe(40014)
    expect((await send(groupbuyResult('o_amy'), await sandbox.wecomToken())).errcode).toBe(40014)
  })
})

describe('the brand\'s templates', () => {
  it('lists them as wxaapi/newtmpl/gettemplate does', async () => {
    const token = await sandbox.wechatToken()
    const { json } = await sandbox.request('GET', `/wxaapi/newtmpl/gettemplate?access_token=${token}`)
    expect(json.errcode).toBe(0)
    expect(json.data).toHaveLength(DEMO_TEMPLATES.length)
    expect(json.data[0]).toMatchObject({ priTmplId: GROUPBUY, title: '拼团结果通知', type: 2 })
    expect(json.data[0].content).toContain('商品名称:{{thing1.DATA}}')
  })
})
