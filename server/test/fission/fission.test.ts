// Task fission against the real server and sandbox: friends add guides through a participant's own
// contact way (the sandbox delivers the real encrypted add and delete callbacks), and what counts,
// what is withdrawn and the reward are read back through the APIs and the ledgers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RETIRE_CODES_AFTER_MS } from '../../src/fission/fission-service'
import { login, manualClock, request, startStack, type Stack } from '../support/stack'
import { adminApi, adminStackForFile, create, scan, wecomApi, type Json } from '../acquisition/helpers'

const file = adminStackForFile()
const HOUR = 3600_000

let pools = 0
/** A live code whose pool the activity's friends add: its own guides, so adds elsewhere do not interfere. */
async function pool(): Promise<{ code: Json; guides: string[] }> {
  pools += 1
  const guides = [`guide_fa${pools}`, `guide_fb${pools}`]
  const code = await create(file.api, '/live-codes', { name: `任务宝导购池${pools}`, staffUserIds: guides, dailyAddLimit: null })
  return { code, guides }
}

async function startActivity(body: Json = {}): Promise<{ activity: Json; guides: string[] }> {
  const { code, guides } = await pool()
  const activity = await create(file.api, '/fission-activities', {
    name: '邀好友领积分',
    liveCodeId: code.id,
    goal: 2,
    reward: { kind: 'points', points: 100 },
    startsAt: new Date(Date.now() - HOUR).toISOString(),
    endsAt: new Date(Date.now() + 24 * HOUR).toISOString(),
    rules: '邀请 2 位新好友添加导购即得 100 积分',
    ...body,
  })
  return { activity, guides }
}

async function consumer(who: string) {
  const { token } = await login.consumer(file.stack, who)
  return (method: string, path: string, body?: unknown) => request(`${file.stack.appUrl}/api/mp${path}`, { method, body, token })
}

async function join(who: string, activityId: number): Promise<{ mp: Awaited<ReturnType<typeof consumer>>; me: Json }> {
  const mp = await consumer(who)
  const joined = await mp('POST', `/fission-activities/${activityId}/participation`)
  expect(joined.status, JSON.stringify(joined.body)).toBe(201)
  return { mp, me: joined.body.me }
}

const invites = async (activityId: number): Promise<Json[]> => (await file.api('GET', `/fission-activities/${activityId}/invites?limit=100`)).body.items
const statusesOf = async (activityId: number) =>
  Object.fromEntries((await invites(activityId)).map((invite) => [invite.friendName, invite.status]))
const progress = async (mp: Awaited<ReturnType<typeof consumer>>, activityId: number): Promise<Json> =>
  (await mp('GET', `/fission-activities/${activityId}`)).body.me
const balance = async (mp: Awaited<ReturnType<typeof consumer>>): Promise<number> => (await mp('GET', '/me')).body.points.balance
const rewardEntries = (customerId: number) =>
  file.stack.query<{ delta: number; reason: string }>(
    "select delta, reason from point_ledger where customer_id = ? and reason in ('fission_reward', 'fission_revoked') order by id",
    customerId,
  )
const customerIdOfUnionid = async (unionid: string) => (await file.stack.one<{ id: number }>('select id from customers where unionid = ?', unionid)).id
const deleteGuide = (externalUserId: string, userId: string, by: 'customer' | 'staff') =>
  request(`${file.stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=${userId}&by=${by}`, { method: 'DELETE' })
const guideOf = async (externalUserId: string) =>
  (await file.stack.one<{ user_id: string }>(
    'select s.user_id from customer_follows f join staff s on s.id = f.staff_id join customers c on c.id = f.customer_id where c.external_user_id = ? order by f.id desc',
    externalUserId,
  )).user_id

describe('a participant’s poster code', () => {
  it('is a contact way of the activity’s guide pool whose state names the participant, made once however often they join', async () => {
    const { activity, guides } = await startActivity()
    const { mp, me } = await join('fx_poster', activity.id)
    expect(me).toMatchObject({ state: expect.stringMatching(/^fi_/), qrCodeUrl: expect.stringMatching(/^http/), invited: 0, goal: 2, rewardState: 'none' })
    expect([...me.state].length).toBeLessThanOrEqual(30)
    const configId = (await file.stack.one<{ config_id: string }>('select config_id from live_code_ways where state = ?', me.state)).config_id
    const way = (await wecomApi(file.stack, 'get_contact_way', { config_id: configId })).contact_way
    expect(way).toMatchObject({ state: me.state, type: 2, scene: 2, qr_code: me.qrCodeUrl })
    expect(guides).toEqual(expect.arrayContaining(way.user))

    const again = await Promise.all([1, 2, 3].map(() => mp('POST', `/fission-activities/${activity.id}/participation`)))
    expect(again.map((reply) => reply.body.me.state)).toEqual([me.state, me.state, me.state])
    expect((await file.api('GET', `/fission-activities/${activity.id}/participants`)).body.items).toHaveLength(1)

    // The live code's guides are in use: it cannot be deleted under the activity.
    expect((await file.api('DELETE', `/live-codes/${activity.liveCodeId}`)).status).toBe(409)
  })

  it('is refused before the activity starts', async () => {
    const { activity } = await startActivity({
      startsAt: new Date(Date.now() + HOUR).toISOString(),
      endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    })
    const mp = await consumer('fx_early')
    const reply = await mp('POST', `/fission-activities/${activity.id}/participation`)
    expect(reply).toMatchObject({ status: 409, body: { error: { code: 'FISSION_NOT_RUNNING' } } })
  })
})

describe('counting friends', () => {
  it('counts only friends new to the brand, not the participant, withdraws a friend who deletes the guide, and rewards once', async () => {
    const { activity, guides } = await startActivity()
    const { mp, me } = await join('fx_inviter', activity.id)
    const inviterId = await customerIdOfUnionid('u_fx_inviter')

    const first = await scan(file.stack, 'fx_new1', { state: me.state })
    expect(await progress(mp, activity.id)).toMatchObject({ invited: 1, rewardState: 'none' })

    // The participant scanning their own poster, and a customer some guide already had, do not count.
    await scan(file.stack, 'fx_inviter', { state: me.state })
    await scan(file.stack, 'fx_known', { userId: 'guide_elsewhere' })
    await scan(file.stack, 'fx_known', { state: me.state })
    expect(await progress(mp, activity.id)).toMatchObject({ invited: 1, rewardState: 'none' })

    const second = await scan(file.stack, 'fx_new2', { state: me.state })
    expect(await progress(mp, activity.id)).toMatchObject({ invited: 2, rewardState: 'issued', rewardedAt: expect.any(String) })
    expect(await balance(mp)).toBe(100)

    await scan(file.stack, 'fx_new3', { state: me.state })
    expect(await statusesOf(activity.id)).toEqual({
      '客户·fx_new1': 'counted',
      '客户·fx_new2': 'counted',
      '客户·fx_new3': 'counted',
      '客户·fx_inviter': 'self',
      '客户·fx_known': 'not_new',
    })

    // fx_new1 deletes their guide: withdrawn. The guide deleting fx_new2 is the brand's doing: still counted.
    expect((await deleteGuide(first.externalUserId, await guideOf(first.externalUserId), 'customer')).status).toBe(200)
    expect((await deleteGuide(second.externalUserId, await guideOf(second.externalUserId), 'staff')).status).toBe(200)
    const after = await progress(mp, activity.id)
    expect(after).toMatchObject({ invited: 2, rewardState: 'issued' })
    expect(after.friends.map((friend: Json) => [friend.name, friend.status])).toEqual([
      ['客户·fx_new3', 'counted'],
      ['客户·fx_new2', 'counted'],
      ['客户·fx_new1', 'withdrawn'],
    ])
    // Re-adding does not make fx_new1 new again.
    await scan(file.stack, 'fx_new1', { state: me.state })
    const newest = (await invites(activity.id)).find((invite) => invite.friendName === '客户·fx_new1')
    expect(newest?.status).toBe('not_new')

    expect(await rewardEntries(inviterId)).toEqual([{ delta: 100, reason: 'fission_reward' }])
    expect(await balance(mp)).toBe(100)
    expect(guides).toContain(await guideOf(first.externalUserId))

    const funnel = (await file.api('GET', `/fission-activities/${activity.id}/funnel`)).body
    expect(funnel).toMatchObject({ participants: 1, counted: 2, withdrawn: 1, rewarded: 1 })
    expect(funnel.adds).toBe(6)
    const [participant] = (await file.api('GET', `/fission-activities/${activity.id}/participants`)).body.items
    expect(participant).toMatchObject({ customerId: inviterId, invited: 2, rewardState: 'issued', rewardError: null })
  })

  it('counts a friend for one inviter only, also when two adds race', async () => {
    const { activity, guides } = await startActivity({ goal: 5 })
    const a = await join('fx_race_a', activity.id)
    const b = await join('fx_race_b', activity.id)
    for (let round = 0; round < 3; round++) {
      const who = `fx_racer${round}`
      await Promise.all([
        scan(file.stack, who, { state: a.me.state, userId: guides[0] }),
        scan(file.stack, who, { state: b.me.state, userId: guides[1] }),
      ])
      const theirs = (await invites(activity.id)).filter((invite) => invite.friendName === `客户·${who}`)
      expect(theirs.map((invite) => invite.status).sort()).toSatisfy(
        (statuses: string[]) => statuses.length === 2 && statuses.filter((status) => status === 'counted').length === 1,
      )
      expect(theirs.find((invite) => invite.status !== 'counted')?.status).toMatch(/^(duplicate|not_new)$/)
    }
    const a1 = await progress(a.mp, activity.id)
    const b1 = await progress(b.mp, activity.id)
    expect(a1.invited + b1.invited).toBe(3)
  })

  it('counts nothing after the activity ends, and a deletion after the end withdraws nothing', async () => {
    const { activity } = await startActivity()
    const { mp, me } = await join('fx_late', activity.id)
    const counted = await scan(file.stack, 'fx_late_friend', { state: me.state })
    const ended = await file.api('PATCH', `/fission-activities/${activity.id}`, { endsAt: new Date(Date.now() - 60_000).toISOString() })
    expect(ended.body.status).toBe('ended')
    await scan(file.stack, 'fx_too_late', { state: me.state })
    await deleteGuide(counted.externalUserId, await guideOf(counted.externalUserId), 'customer')
    expect(await statusesOf(activity.id)).toEqual({ '客户·fx_late_friend': 'counted', '客户·fx_too_late': 'ended' })
    expect(await progress(mp, activity.id)).toMatchObject({ invited: 1 })
  })
})

describe('the reward', () => {
  it('is issued exactly once when many friends’ callbacks arrive together', async () => {
    const { activity } = await startActivity({ goal: 3, reward: { kind: 'points', points: 30 } })
    const { mp, me } = await join('fx_storm', activity.id)
    await Promise.all(Array.from({ length: 8 }, (_, i) => scan(file.stack, `fx_storm_friend${i}`, { state: me.state })))
    expect(await progress(mp, activity.id)).toMatchObject({ invited: 8, rewardState: 'issued' })
    expect(await rewardEntries(await customerIdOfUnionid('u_fx_storm'))).toEqual([{ delta: 30, reason: 'fission_reward' }])
    expect(await balance(mp)).toBe(30)
    expect((await file.api('GET', `/fission-activities/${activity.id}`)).body).toMatchObject({ participants: 1, counted: 8, rewarded: 1 })
  })

  it('is a coupon through the coupon ledger, once', async () => {
    const template = await create(file.api, '/coupon-templates', { name: '邀友满 100 减 20', kind: 'amount_off', amountOffFen: 2000, thresholdFen: 10000, validDays: 30 })
    const { activity } = await startActivity({ goal: 1, reward: { kind: 'coupon', couponTemplateId: template.id } })
    expect(activity.reward).toMatchObject({ kind: 'coupon', title: '邀友满 100 减 20' })
    const { mp, me } = await join('fx_coupon', activity.id)
    await Promise.all([scan(file.stack, 'fx_coupon_f1', { state: me.state }), scan(file.stack, 'fx_coupon_f2', { state: me.state })])
    const mine = (await mp('GET', '/coupons')).body.items.filter((coupon: Json) => coupon.source === 'fission')
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ name: '邀友满 100 减 20', status: 'available' })
  })

  it('is a mall gift for no points; when the gift ran out it fails, and is retried at the next friend or by the operator, once', async () => {
    const item = await create(file.api, '/mall/items', { name: '帆布袋', kind: 'physical', pointsPrice: 500, stock: 0, perUserLimit: 1 })
    const { activity } = await startActivity({ goal: 1, reward: { kind: 'mall_item', mallItemId: item.id } })
    const { mp, me } = await join('fx_gift', activity.id)
    await scan(file.stack, 'fx_gift_f1', { state: me.state })
    const [failed] = (await file.api('GET', `/fission-activities/${activity.id}/participants`)).body.items
    expect(failed).toMatchObject({ rewardState: 'failed', rewardError: '已兑完' })
    const retry = () => file.api('POST', `/fission-activities/${activity.id}/participants/${failed.id}/reward`)
    expect((await retry()).body).toMatchObject({ rewardState: 'failed', rewardError: '已兑完' })
    await file.api('PATCH', `/mall/items/${item.id}`, { stock: 5 })
    const retried = await Promise.all([retry(), retry(), retry()])
    expect(retried.filter((reply) => reply.status === 200).map((reply) => reply.body.rewardState)).toContain('issued')
    expect(retried.filter((reply) => reply.status !== 200).map((reply) => reply.body.error.code)).toEqual(
      retried.filter((reply) => reply.status !== 200).map(() => 'REWARD_NOT_FAILED'),
    )
    await scan(file.stack, 'fx_gift_f2', { state: me.state })
    expect(await progress(mp, activity.id)).toMatchObject({ invited: 2, rewardState: 'issued' })
    const redemptions = await file.stack.query('select points_spent, status from mall_redemptions where item_id = ?', item.id)
    expect(redemptions).toEqual([{ points_spent: 0, status: 'awaiting_shipment' }])
    expect(await balance(mp)).toBe(0)
    expect((await retry()).status).toBe(409)
  })

  it('is taken back when a withdrawal drops the count below the goal only when the operator chose so, and earned again', async () => {
    const { activity, guides } = await startActivity({ goal: 1, reward: { kind: 'points', points: 40 }, revokeOnWithdraw: true })
    const { mp, me } = await join('fx_revoke', activity.id)
    const friend = await scan(file.stack, 'fx_revoke_f1', { state: me.state })
    expect(await balance(mp)).toBe(40)
    await deleteGuide(friend.externalUserId, await guideOf(friend.externalUserId), 'customer')
    expect(await progress(mp, activity.id)).toMatchObject({ invited: 0, rewardState: 'revoked' })
    expect(await balance(mp)).toBe(0)
    await scan(file.stack, 'fx_revoke_f2', { state: me.state, userId: guides[1] })
    expect(await progress(mp, activity.id)).toMatchObject({ invited: 1, rewardState: 'issued' })
    expect(await rewardEntries(await customerIdOfUnionid('u_fx_revoke'))).toEqual([
      { delta: 40, reason: 'fission_reward' },
      { delta: -40, reason: 'fission_revoked' },
      { delta: 40, reason: 'fission_reward' },
    ])
  })

  it('can be taken back only when it is points', async () => {
    const { code } = await pool()
    const reply = await file.api('POST', '/fission-activities', {
      name: '不可收回',
      liveCodeId: code.id,
      goal: 1,
      reward: { kind: 'coupon', couponTemplateId: 1 },
      revokeOnWithdraw: true,
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: new Date(Date.now() + HOUR).toISOString(),
    })
    expect(reply).toMatchObject({ status: 400, body: { error: { code: 'REVOKE_NEEDS_POINTS' } } })
  })
})

describe('posters and the funnel', () => {
  it('counts poster views by the owner and by friends it was shared with', async () => {
    const { activity } = await startActivity()
    const { mp, me } = await join('fx_share', activity.id)
    const own = await mp('POST', `/fission-posters/${me.state}/views`)
    expect(own).toMatchObject({ status: 201, body: { mine: true, qrCodeUrl: me.qrCodeUrl, inviterName: '微信好友', activityName: '邀好友领积分' } })
    const friend = await consumer('fx_share_friend')
    expect((await friend('POST', `/fission-posters/${me.state}/views`)).body).toMatchObject({ mine: false, qrCodeUrl: me.qrCodeUrl })
    expect((await friend('POST', '/fission-posters/fi_nothing/views')).status).toBe(404)
    await scan(file.stack, 'fx_share_friend', { state: me.state })
    expect((await file.api('GET', `/fission-activities/${activity.id}/funnel`)).body).toMatchObject({
      participants: 1,
      posterViews: 2,
      posterViewers: 2,
      adds: 1,
      counted: 1,
    })
    const [participant] = (await file.api('GET', `/fission-activities/${activity.id}/participants`)).body.items
    expect(participant.posterViews).toBe(2)
    expect((await friend('GET', '/fission-activities')).body.items.map((item: Json) => item.id)).toContain(activity.id)
  })

  it('stop working when the activity is deleted', async () => {
    const { activity } = await startActivity()
    const { me } = await join('fx_deleted', activity.id)
    expect((await file.api('DELETE', `/fission-activities/${activity.id}`)).status).toBe(204)
    const configId = (await file.stack.one<{ config_id: string }>('select config_id from live_code_ways where state = ?', me.state)).config_id
    expect((await wecomApi(file.stack, 'get_contact_way', { config_id: configId })).errcode).toBe(41044)
    expect((await file.api('GET', `/fission-activities/${activity.id}`)).status).toBe(404)
  })
})

describe('the participants’ codes after the activity', () => {
  const clock = manualClock('2026-12-01T02:00:00.000Z')
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({}, { now: clock.now })
  })
  afterAll(() => stack.close())

  it('keep adding friends to the guides for a while, then are deleted in WeCom; moving the end moves that too', async () => {
    const api = await adminApi(stack)
    const code = (await api('POST', '/live-codes', { name: '期末导购池', staffUserIds: ['guide_retire'], dailyAddLimit: null })).body
    const activity = (
      await api('POST', '/fission-activities', {
        name: '到期清理',
        liveCodeId: code.id,
        goal: 1,
        reward: { kind: 'points', points: 1 },
        startsAt: '2026-12-01T00:00:00.000Z',
        endsAt: '2026-12-02T00:00:00.000Z',
      })
    ).body
    const { token } = await login.consumer(stack, 'fx_retire')
    const joined = await request(`${stack.appUrl}/api/mp/fission-activities/${activity.id}/participation`, { method: 'POST', token })
    const state = joined.body.me.state
    const configId = (await stack.one<{ config_id: string }>('select config_id from live_code_ways where state = ?', state)).config_id
    const wayErrcode = async () => (await wecomApi(stack, 'get_contact_way', { config_id: configId })).errcode

    // The end moves a week later: the first plan finds nothing due when its time comes.
    await api('PATCH', `/fission-activities/${activity.id}`, { endsAt: '2026-12-09T00:00:00.000Z' })
    clock.set(new Date(Date.parse('2026-12-02T00:00:00.000Z') + RETIRE_CODES_AFTER_MS + 60_000).toISOString())
    await stack.app.scheduler.runDue()
    expect(await wayErrcode()).toBe(0)

    clock.set(new Date(Date.parse('2026-12-09T00:00:00.000Z') + RETIRE_CODES_AFTER_MS + 60_000).toISOString())
    await stack.app.scheduler.runDue()
    await expect.poll(wayErrcode).toBe(41044)
    // The way is deleted in WeCom first, then marked here: the mark follows a moment later.
    await expect.poll(async () => (await stack.one<{ deleted_at: unknown }>('select deleted_at from live_code_ways where state = ?', state)).deleted_at).not.toBeNull()
  })
})
