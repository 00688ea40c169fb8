import { describe, expect, it } from 'vitest'
import { businessClock, minutesToClockTime } from '../../src/live-codes/business-clock'
import { login, request } from '../support/stack'
import { adminStackForFile, create, createTags, guidesOf, scan, tagNamesOf, wecomApi, wecomTagsOn, type Json } from './helpers'

const file = adminStackForFile()

const contactWay = async (code: Json) => {
  const configId = (await file.stack.one<{ config_id: string }>('select config_id from live_codes where id = ?', code.id)).config_id
  return (await wecomApi(file.stack, 'get_contact_way', { config_id: configId })).contact_way as Json
}

const createCode = (body: Json) => create(file.api, '/live-codes', body)

describe('creating a live code', () => {
  it('makes a WeCom contact way carrying the first guide, with a QR image to download', async () => {
    const code = await createCode({
      name: '门店扫码',
      staffUserIds: ['guide_shop1', 'guide_shop2'],
      dailyAddLimit: 5,
      backupStaffUserIds: ['guide_shopb'],
      tagIds: [],
      welcomeText: '欢迎光临',
    })
    expect(code).toMatchObject({
      id: expect.any(Number),
      state: expect.stringMatching(/^lc_/),
      qrCodeUrl: expect.stringMatching(/^http/),
      currentStaffUserIds: ['guide_shop1'],
      welcomeText: '欢迎光临',
      staff: [
        { staffUserId: 'guide_shop1', staffName: '导购·shop1', weight: 1, addsToday: 0 },
        { staffUserId: 'guide_shop2', staffName: '导购·shop2', weight: 1, addsToday: 0 },
      ],
      backupStaff: [{ staffUserId: 'guide_shopb', addsToday: 0 }],
    })
    expect([...code.state].length).toBeLessThanOrEqual(30)
    expect(await contactWay(code)).toMatchObject({
      type: 2,
      scene: 2,
      remark: '门店扫码',
      skip_verify: true,
      state: code.state,
      user: ['guide_shop1'],
      qr_code: code.qrCodeUrl,
    })

    const image = await fetch(`${file.stack.appUrl}/api/admin/live-codes/${code.id}/qr-code`, {
      headers: { authorization: `Bearer ${(await request(`${file.stack.appUrl}/api/admin/login`, { body: file.stack.config.admin })).body.token}` },
    })
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(image.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('门店扫码.png')}`)
    expect([...new Uint8Array(await image.arrayBuffer()).subarray(1, 4)]).toEqual([...Buffer.from('PNG')])
    expect((await file.api('GET', '/live-codes')).body.items.map((item: Json) => item.id)).toContain(code.id)
  })

  it('refuses a pool that makes no sense, and creates nothing in WeCom for it', async () => {
    const [vip, svip] = await createTags(file.api, '会员等级', ['金卡', '钻石卡'])
    const group = (await file.api('GET', '/tags')).body.groups.find((g: Json) => g.name === '会员等级')
    await file.api('PATCH', `/tag-groups/${group.id}`, { exclusive: true })
    const before = (await wecomApi(file.stack, 'list_contact_way', {})).contact_way.length
    const base = { name: '坏码', staffUserIds: ['guide_x1'], dailyAddLimit: null }
    const cases: [Json, number, string][] = [
      [{ ...base, backupStaffUserIds: ['guide_x1'] }, 400, 'STAFF_IN_BOTH_POOLS'],
      [{ ...base, weights: { guide_x9: 3 } }, 400, 'WEIGHT_FOR_UNKNOWN_STAFF'],
      [{ ...base, tagIds: [vip?.id, svip?.id] }, 400, 'EXCLUSIVE_TAG_CONFLICT'],
      [{ ...base, tagIds: [999999] }, 400, 'UNKNOWN_TAG'],
      [{ ...base, staffUserIds: [] }, 400, 'VALIDATION_FAILED'],
      [{ ...base, name: '码'.repeat(31) }, 400, 'VALIDATION_FAILED'],
      [{ ...base, workingHours: { start: '25:00', end: '09:00' } }, 400, 'VALIDATION_FAILED'],
    ]
    for (const [body, status, errorCode] of cases) {
      const reply = await file.api('POST', '/live-codes', body)
      expect(reply.status, JSON.stringify(body)).toBe(status)
      expect(reply.body.error.code).toBe(errorCode)
    }
    expect((await wecomApi(file.stack, 'list_contact_way', {})).contact_way).toHaveLength(before)
  })
})

describe('assigning adds through a live code', () => {
  it('goes round the pool add by add, then to the backup once everyone reached the daily limit', async () => {
    const [tag] = await createTags(file.api, '来源渠道', ['门店扫码'])
    const code = await createCode({
      name: '门店海报',
      staffUserIds: ['guide_rr1', 'guide_rr2', 'guide_rr3'],
      dailyAddLimit: 2,
      backupStaffUserIds: ['guide_rrb'],
      tagIds: [tag?.id],
    })
    const assigned: string[] = []
    const customers: string[] = []
    for (let i = 0; i < 8; i++) {
      const { externalUserId } = await scan(file.stack, `rr${i}`, { state: code.state })
      customers.push(externalUserId)
      assigned.push(...(await guidesOf(file.stack, externalUserId)))
      expect(await tagNamesOf(file.stack, externalUserId)).toEqual(['门店扫码'])
      expect(await wecomTagsOn(file.stack, externalUserId, assigned.at(-1) as string)).toEqual(['门店扫码'])
    }
    expect(assigned).toEqual(['guide_rr1', 'guide_rr2', 'guide_rr3', 'guide_rr1', 'guide_rr2', 'guide_rr3', 'guide_rrb', 'guide_rrb'])

    // The guide sees which channel the customer came through.
    const { token } = await login.staff(file.stack, 'guide_rr1')
    const seen = await request(`${file.stack.appUrl}/api/sidebar/customers/${customers[0]}`, { token })
    expect(seen.body.followers).toEqual([expect.objectContaining({ staffUserId: 'guide_rr1', state: code.state, channel: '门店海报' })])

    const view = (await file.api('GET', `/live-codes/${code.id}`)).body
    expect(view.staff.map((m: Json) => m.addsToday)).toEqual([2, 2, 2])
    expect(view.backupStaff[0].addsToday).toBe(2)
    expect(view.currentStaffUserIds).toEqual(['guide_rrb'])
    expect(view.adds).toBe(8)
    expect((await contactWay(code)).user).toEqual(['guide_rrb'])

    // Raising the limit hands the code back to the pool, in turn, and WeCom's copy follows.
    const raised = await file.api('PATCH', `/live-codes/${code.id}`, { dailyAddLimit: 3 })
    expect(raised.status).toBe(200)
    expect(raised.body.currentStaffUserIds).toEqual(['guide_rr1'])
    expect((await contactWay(code)).user).toEqual(['guide_rr1'])
    expect((await contactWay(code)).qr_code).toBe(code.qrCodeUrl)
  })

  it('shares adds in proportion to weights', async () => {
    const code = await createCode({
      name: '直播间',
      staffUserIds: ['guide_w1', 'guide_w2'],
      dailyAddLimit: null,
      allocation: 'weight',
      weights: { guide_w1: 2, guide_w2: 1 },
    })
    const counts: Record<string, number> = {}
    for (let i = 0; i < 6; i++) {
      const [guide] = await guidesOf(file.stack, (await scan(file.stack, `wt${i}`, { state: code.state })).externalUserId)
      counts[guide as string] = (counts[guide as string] ?? 0) + 1
    }
    expect(counts).toEqual({ guide_w1: 4, guide_w2: 2 })
  })

  it('sends adds to the backup outside working hours, and back to the pool when the hours change', async () => {
    const now = businessClock(new Date(), file.stack.config.businessTimeZone).minutes
    const closed = { start: minutesToClockTime((now + 120) % 1440), end: minutesToClockTime((now + 180) % 1440) }
    const code = await createCode({
      name: '夜间客服',
      staffUserIds: ['guide_day1'],
      backupStaffUserIds: ['guide_night1', 'guide_night2'],
      dailyAddLimit: null,
      workingHours: closed,
    })
    expect(code.currentStaffUserIds).toEqual(['guide_night1'])
    expect(code.workingHours).toEqual(closed)
    const first = await guidesOf(file.stack, (await scan(file.stack, 'night1', { state: code.state })).externalUserId)
    const second = await guidesOf(file.stack, (await scan(file.stack, 'night2', { state: code.state })).externalUserId)
    expect([...first, ...second]).toEqual(['guide_night1', 'guide_night2'])

    const open = await file.api('PATCH', `/live-codes/${code.id}`, { workingHours: null })
    expect(open.body.currentStaffUserIds).toEqual(['guide_day1'])
    expect(await guidesOf(file.stack, (await scan(file.stack, 'day1', { state: code.state })).externalUserId)).toEqual(['guide_day1'])
  })

  it('follows a new pool at once, keeping the same QR code, and stops when deleted', async () => {
    const code = await createCode({ name: '朋友推荐', staffUserIds: ['guide_old'], dailyAddLimit: null })
    const changed = await file.api('PATCH', `/live-codes/${code.id}`, { staffUserIds: ['guide_new'], name: '好友推荐' })
    expect(changed.status).toBe(200)
    expect(await contactWay(code)).toMatchObject({ user: ['guide_new'], remark: '好友推荐', qr_code: code.qrCodeUrl })
    expect(await guidesOf(file.stack, (await scan(file.stack, 'friend1', { state: code.state })).externalUserId)).toEqual(['guide_new'])

    const way = await contactWay(code)
    expect((await file.api('DELETE', `/live-codes/${code.id}`)).status).toBe(204)
    expect((await file.api('GET', `/live-codes/${code.id}`)).status).toBe(404)
    expect((await wecomApi(file.stack, 'get_contact_way', { config_id: way.config_id })).errcode).toBe(41044)
    const scanAfter = await request(`${file.stack.sandboxUrl}/sandbox/wecom/contacts`, { body: { who: 'friend2', state: code.state } })
    expect(scanAfter.body.error.code).toBe('UNKNOWN_STATE')
  })

  it('records each add once however often WeCom delivers it, and every one of many adds at once', async () => {
    const code = await createCode({ name: '快闪店', staffUserIds: ['guide_rush1', 'guide_rush2'], dailyAddLimit: null, welcomeText: '你好' })
    const adds = await Promise.all(Array.from({ length: 12 }, (_, i) => scan(file.stack, `rush${i}`, { state: code.state })))
    const stats = (await file.api('GET', `/live-codes/${code.id}/stats`)).body
    expect(stats.adds).toBe(12)
    expect(stats.customers).toBe(12)
    expect(stats.byStaff.reduce((sum: number, row: Json) => sum + row.adds, 0)).toBe(12)

    const callbacks = (await request(`${file.stack.sandboxUrl}/sandbox/wecom/callbacks`)).body.items as Json[]
    const delivered = callbacks.find((c) => c.innerXml.includes(adds[0]?.externalUserId))
    const replays = await Promise.all(
      Array.from({ length: 8 }, () =>
        request(`${file.stack.appUrl}/wecom/callback?${new URLSearchParams(delivered?.query)}`, {
          method: 'POST',
          body: delivered?.body,
          headers: { 'content-type': 'text/xml' },
        }),
      ),
    )
    expect(replays.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect((await file.api('GET', `/live-codes/${code.id}/stats`)).body.adds).toBe(12)
    const welcomes = await file.stack.one<{ n: number }>(
      `select count(*) as n from welcome_sends w join customers c on c.id = w.customer_id where c.external_user_id = ?`,
      adds[0]?.externalUserId,
    )
    expect(welcomes.n).toBe(1)
  })
})

describe('live code stats', () => {
  it('counts adds per business day and per guide, and how many of them were later lost', async () => {
    const code = await createCode({ name: '社群裂变', staffUserIds: ['guide_st1', 'guide_st2'], dailyAddLimit: null })
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString()
    const added = []
    for (const [i, ago] of [3, 3, 2, 0].entries()) added.push(await scan(file.stack, `st${i}`, { state: code.state, at: daysAgo(ago) }))
    const lost = added[0] as { externalUserId: string }
    const [lostGuide] = await guidesOf(file.stack, lost.externalUserId)
    await request(`${file.stack.sandboxUrl}/sandbox/wecom/contacts/${lost.externalUserId}?userId=${lostGuide}&by=customer`, { method: 'DELETE' })

    const stats = (await file.api('GET', `/live-codes/${code.id}/stats`)).body
    const day = (ago: number) => businessClock(new Date(Date.now() - ago * 86_400_000), file.stack.config.businessTimeZone).date
    expect(stats).toEqual({
      liveCodeId: code.id,
      adds: 4,
      customers: 4,
      lost: 1,
      byDay: [
        { date: day(3), adds: 2, lost: 1 },
        { date: day(2), adds: 1, lost: 0 },
        { date: day(0), adds: 1, lost: 0 },
      ],
      byStaff: [
        { staffUserId: 'guide_st1', staffName: '导购·st1', adds: 2, lost: 1 },
        { staffUserId: 'guide_st2', staffName: '导购·st2', adds: 2, lost: 0 },
      ],
    })
    const recent = (await file.api('GET', `/live-codes/${code.id}/stats?from=${day(2)}`)).body
    expect(recent).toMatchObject({ adds: 2, lost: 0 })
    // Backdated adds do not count towards today's limit.
    expect((await file.api('GET', `/live-codes/${code.id}`)).body.staff.map((m: Json) => m.addsToday)).toEqual([0, 1])
  })
})
