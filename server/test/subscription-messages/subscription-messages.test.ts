import { describe, expect, it } from 'vitest'
import { DEMO_SUBSCRIBE_TEMPLATES } from '@liuliang/sandbox'
import { DEFAULT_SUBSCRIPTION_SETTINGS, SUBSCRIPTION_EVENTS, type SubscriptionSettings } from '@liuliang/shared'
import { buildApp } from '../../src/app'
import { CHECKIN_REMINDER_JOB } from '../../src/subscription-messages/plugin'
import { activitySuite, consumerOf, eventually, orderReaches, shipOrder, type Consumer } from '../support/activities'
import { request } from '../support/stack'

// 2026-08-03 12:00 in Shanghai.
const suite = activitySuite('2026-08-03T04:00:00Z')
const { clock } = suite

/** The sandbox's demo templates, one per event in order. */
const TEMPLATE = Object.fromEntries(SUBSCRIPTION_EVENTS.map((event, i) => [event, DEMO_SUBSCRIBE_TEMPLATES[i]!.priTmplId])) as Record<
  (typeof SUBSCRIPTION_EVENTS)[number],
  string
>

const settings = (): SubscriptionSettings => ({
  ...DEFAULT_SUBSCRIPTION_SETTINGS,
  miniprogramState: 'developer',
  templates: Object.fromEntries(
    SUBSCRIPTION_EVENTS.map((event) => [event, { ...DEFAULT_SUBSCRIPTION_SETTINGS.templates[event], templateId: TEMPLATE[event] }]),
  ) as SubscriptionSettings['templates'],
})

const configure = async (value: SubscriptionSettings = settings()) => {
  const reply = await suite.admin('/subscription-messages/settings', { method: 'PUT', body: value })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
}

/** The customer taps 允许: WeChat keeps the subscription, the mini-program reports it to the server. */
const subscribe = async (who: string, consumer: Consumer, events: (typeof SUBSCRIPTION_EVENTS)[number][], { inWechat = true } = {}) => {
  const templateIds = events.map((event) => TEMPLATE[event])
  if (inWechat) await request(`${suite.stack.sandboxUrl}/sandbox/wechat/subscriptions`, { body: { who, templateIds } })
  const reply = await consumer.call('/subscriptions', { body: { results: Object.fromEntries(templateIds.map((id) => [id, 'accept'])) } })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body
}

const delivered = async (who: string) => (await request(`${suite.stack.sandboxUrl}/sandbox/wechat/subscribe-messages?touser=o_${who}`)).body.items
const sendsOf = (customerId: number) => suite.stack.query('select * from subscription_sends where customer_id = ? order by id', customerId)
const settled = async () => {
  await new Promise((resolve) => setTimeout(resolve, 20))
  await suite.stack.app.subscriptionMessages.idle()
}

const lottery = async (name: string, prizeName = '5 积分') => {
  const reply = await suite.admin('/lotteries', {
    body: {
      name,
      startsAt: '2026-08-01T00:00:00Z',
      endsAt: '2026-08-31T00:00:00Z',
      costPoints: 0,
      freeDrawsPerDay: 5,
      maxDrawsPerUser: 10,
      prizes: [{ name: prizeName, type: 'points', weight: 1, stock: 100, points: 5 }],
    },
  })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}

const queued = async () => (await suite.admin('/subscription-messages/sends?status=queued&event=checkin_reminder&limit=100')).body.items

/** New customers, each holding one subscription to the check-in reminder. */
const subscribedToReminders = async (who: string[]) => {
  const consumers = await Promise.all(who.map((name) => consumerOf(suite.stack, name)))
  for (const [i, consumer] of consumers.entries()) await subscribe(who[i]!, consumer, ['checkin_reminder'])
  return consumers
}

/** A second server on the suite's database that is told to stop as its scheduler runs what is due: it queues, and sends nothing. */
const queueAndStop = async () => {
  const stopping = await buildApp({ config: suite.stack.config, serveWeb: false, now: clock.now, schedulerIntervalMs: 0 })
  try {
    stopping.subscriptionMessages.stop()
    expect(await stopping.scheduler.runDue()).toBeGreaterThan(0)
  } finally {
    await stopping.close()
  }
}

/** The next server to start on the suite's database, until it has sent what it found queued. */
const startAndSendQueued = async () => {
  const next = await buildApp({ config: suite.stack.config, serveWeb: false, now: clock.now, schedulerIntervalMs: 0 })
  try {
    await next.ready()
    await next.subscriptionMessages.idle()
  } finally {
    await next.close()
  }
}

/** Coupons of a new template valid two days, won on a wheel of its own, one draw each. */
const couponsWon = async (consumer: Consumer, name: string, draws: number) => {
  const template = (await suite.admin('/coupon-templates', { body: { name, kind: 'amount_off', amountOffFen: 500, thresholdFen: 0, validDays: 2 } })).body
  const now = clock.now().getTime()
  const wheel = (
    await suite.admin('/lotteries', {
      body: {
        name: `${name}转盘`,
        startsAt: new Date(now - 3_600_000).toISOString(),
        endsAt: new Date(now + 30 * 86_400_000).toISOString(),
        costPoints: 0,
        freeDrawsPerDay: draws,
        maxDrawsPerUser: draws,
        prizes: [{ name, type: 'coupon', weight: 1, stock: 10, couponTemplateId: template.id }],
      },
    })
  ).body
  for (let i = 0; i < draws; i++) expect((await consumer.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })).status).toBe(201)
}

describe('subscription messages', () => {
  it('asks only for configured templates and records what the customer accepted', async () => {
    const off = await consumerOf(suite.stack, 'sub_off')
    expect((await off.call('/subscriptions/templates?moment=lottery')).body).toEqual({ templateIds: [] })
    await configure()
    expect((await off.call('/subscriptions/templates?moment=groupbuy_paid')).body).toEqual({ templateIds: [TEMPLATE.groupbuy_result, TEMPLATE.order_shipped] })
    const reply = await off.call('/subscriptions', { body: { results: { [TEMPLATE.prize_won]: 'accept', [TEMPLATE.checkin_reminder]: 'reject', other: 'accept' } } })
    expect(reply.body).toEqual({ grants: [{ event: 'prize_won', templateId: TEMPLATE.prize_won, remaining: 1 }] })
    expect((await off.call('/subscriptions/templates?moment=nowhere')).status).toBe(400)
  })

  it('records what WeChat refuses as failed and keeps the subscription for the next event', async () => {
    const broken = settings()
    broken.templates.prize_won = { ...broken.templates.prize_won, fields: [...broken.templates.prize_won.fields.filter((f) => f.keyword !== 'time3'), { keyword: 'time3', text: '刚刚' }] }
    await configure(broken)
    const wheel = await lottery('八月第零期')
    const ned = await consumerOf(suite.stack, 'sub_ned')
    await subscribe('sub_ned', ned, ['prize_won'])
    await ned.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    await settled()
    const [row] = await eventually(async () => {
      const found = await sendsOf(ned.id)
      return found.length && found[0].status !== 'pending' ? found : undefined
    }, 'the refusal')
    expect(row).toMatchObject({ status: 'failed', errcode: 47003 })
    expect(await suite.stack.one('select remaining from subscription_grants where customer_id = ?', ned.id)).toEqual({ remaining: 1 })
    await configure()
    await ned.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    await settled()
    await eventually(async () => ((await delivered('sub_ned')).length === 1 ? true : undefined), 'the next prize, delivered')
  })

  it('sends a prize once per draw after it commits, values cut to WeChat\'s limits, and only while subscribed', async () => {
    await configure()
    const wheel = await lottery('二〇二六年八月会员专享幸运大转盘第一期活动', '精美定制保温杯一只（限量款）')
    const amy = await consumerOf(suite.stack, 'sub_amy')
    await subscribe('sub_amy', amy, ['prize_won'])
    const draw = (await amy.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })).body.draw
    await settled()
    const [message] = await eventually(async () => ((await delivered('sub_amy')).length ? delivered('sub_amy') : undefined), 'the prize message')
    expect(message).toMatchObject({
      template_id: TEMPLATE.prize_won,
      page: 'packages/lottery/prizes/index',
      miniprogram_state: 'developer',
      data: { thing1: '二〇二六年八月会员专享幸运大转盘第一期…', thing2: '精美定制保温杯一只（限量款）', time3: '2026-08-03 12:00' },
    })
    expect([...message.data.thing1]).toHaveLength(20)
    const [row] = await sendsOf(amy.id)
    expect(row).toMatchObject({ event: 'prize_won', event_key: `prize_won:${draw.id}`, status: 'sent' })

    // Delivering the same draw again (a retried job, another server) sends nothing.
    const again = await suite.stack.app.subscriptionMessages.deliver({
      event: 'prize_won',
      customerId: amy.id,
      key: `prize_won:${draw.id}`,
      values: async () => ({}),
    })
    expect(again).toBeNull()
    // The one subscription is spent: the next prize is not sent.
    await amy.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    await settled()
    expect(await sendsOf(amy.id)).toHaveLength(1)
    expect(await delivered('sub_amy')).toHaveLength(1)
    expect(await suite.stack.one('select remaining from subscription_grants where customer_id = ?', amy.id)).toEqual({ remaining: 0 })
  })

  it('records 43101 as not subscribed and does not try again', async () => {
    await configure()
    const wheel = await lottery('八月第二期')
    const bob = await consumerOf(suite.stack, 'sub_bob')
    // The server heard of a subscription WeChat does not hold (the customer turned it off in settings).
    await subscribe('sub_bob', bob, ['prize_won'], { inWechat: false })
    await subscribe('sub_bob', bob, ['prize_won'], { inWechat: false })
    await bob.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    await settled()
    const rows = await eventually(async () => {
      const found = await sendsOf(bob.id)
      return found.length && found[0].status !== 'pending' ? found : undefined
    }, 'the answer')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'not_subscribed', errcode: 43101 })
    // WeChat's answer wins over what the server believed: nothing more is tried for this template.
    expect(await suite.stack.one('select remaining from subscription_grants where customer_id = ?', bob.id)).toEqual({ remaining: 0 })
    await bob.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    await settled()
    expect(await sendsOf(bob.id)).toHaveLength(1)

    const page = (await suite.admin(`/subscription-messages/sends?customerId=${bob.id}`)).body
    expect(page.items).toEqual([expect.objectContaining({ event: 'prize_won', status: 'not_subscribed', errcode: 43101, customerId: bob.id })])
    expect((await suite.admin('/subscription-messages/sends?status=sent&limit=1')).body.items).toHaveLength(1)
  })

  it('tells every member of a group-buy its result, and the one who subscribed to shipping when their order ships', async () => {
    await configure()
    const product = (await suite.admin('/products', { body: { name: '有机草莓礼盒', priceFen: 9_900, stock: 50 } })).body
    const campaign = (await suite.admin('/groupbuys', { body: { productId: product.id, groupSize: 2, priceFen: 5_990, durationMinutes: 60, stock: 10 } })).body
    const [cat, dan] = await Promise.all(['sub_cat', 'sub_dan'].map((who) => consumerOf(suite.stack, who)))
    await subscribe('sub_cat', cat!, ['groupbuy_result', 'order_shipped'])
    await subscribe('sub_dan', dan!, ['groupbuy_result'])
    const opened = (await cat!.call(`/groupbuys/${campaign.id}/groups`, { method: 'POST' })).body
    await cat!.call(`/orders/${opened.order.id}/pay`, { method: 'POST' })
    await orderReaches(cat!, opened.order.id, 'paid')
    const joined = (await dan!.call(`/groupbuy-groups/${opened.group.id}/members`, { method: 'POST' })).body
    await dan!.call(`/orders/${joined.order.id}/pay`, { method: 'POST' })
    await orderReaches(dan!, joined.order.id, 'paid')
    for (const who of ['sub_cat', 'sub_dan']) {
      const [message] = await eventually(async () => ((await delivered(who)).length ? delivered(who) : undefined), `${who}'s result`)
      expect(message).toMatchObject({
        template_id: TEMPLATE.groupbuy_result,
        page: `packages/groupbuy/group/index?id=${opened.group.id}`,
        data: { thing1: '有机草莓礼盒', phrase2: '拼团成功', amount3: '¥59.90', thing4: '拼团成功，我们会尽快为你发货' },
      })
    }

    await shipOrder(suite.admin, opened.order.id, 'SF123456789012')
    const shipped = await eventually(async () => {
      const items = await delivered('sub_cat')
      return items.length === 2 ? items[0] : undefined
    }, 'the shipping message')
    expect(shipped).toMatchObject({
      template_id: TEMPLATE.order_shipped,
      page: `packages/orders/detail/index?id=${opened.order.id}`,
      data: { character_string1: String(opened.order.id), thing2: '有机草莓礼盒', thing3: '顺丰速运', character_string4: 'SF123456789012' },
    })
    // Dan did not subscribe to shipping: the group's result was all.
    await shipOrder(suite.admin, joined.order.id, 'SF123456789013')
    await settled()
    expect(await delivered('sub_dan')).toHaveLength(1)
  })

  it('reminds those who subscribed and have not checked in, at the configured hour of the injected clock', async () => {
    await configure({ ...settings(), checkinReminderHour: 20 })
    const [eve, fay, gus] = await Promise.all(['sub_eve', 'sub_fay', 'sub_gus'].map((who) => consumerOf(suite.stack, who)))
    // Each request answers once per template: two subscriptions take two requests.
    await subscribe('sub_eve', eve!, ['checkin_reminder'])
    await subscribe('sub_eve', eve!, ['checkin_reminder'])
    await subscribe('sub_fay', fay!, ['checkin_reminder'])
    // Fay checks in today, Gus never subscribed.
    expect((await fay!.call('/checkins', { method: 'POST' })).status).toBe(201)
    void gus
    const planned = await suite.stack.app.scheduler.jobsOf(CHECKIN_REMINDER_JOB)
    expect(planned.map((job) => [job.key, job.runAt.toISOString()])).toContainEqual(['2026-08-03', '2026-08-03T12:00:00.000Z'])

    clock.set('2026-08-03T11:59:00Z')
    await suite.stack.app.scheduler.runDue()
    await settled()
    expect(await delivered('sub_eve')).toHaveLength(0)

    clock.set('2026-08-03T12:00:30Z')
    await suite.stack.app.scheduler.runDue()
    await settled()
    const [reminder] = await eventually(async () => ((await delivered('sub_eve')).length ? delivered('sub_eve') : undefined), 'the reminder')
    expect(reminder).toMatchObject({ template_id: TEMPLATE.checkin_reminder, page: 'packages/checkin/index', data: { number2: '0' } })
    expect(await delivered('sub_fay')).toHaveLength(0)
    expect(await delivered('sub_gus')).toHaveLength(0)
    expect((await sendsOf(eve!.id)).map((row) => row.event_key)).toEqual([`checkin_reminder:2026-08-03:${eve!.id}`])

    // The next day's reminder is planned, and sent once however often the scheduler looks.
    expect((await suite.stack.app.scheduler.jobsOf(CHECKIN_REMINDER_JOB)).map((job) => job.key)).toContain('2026-08-04')
    clock.set('2026-08-04T12:05:00Z')
    await suite.stack.app.scheduler.runDue()
    await suite.stack.app.scheduler.runDue()
    await settled()
    await eventually(async () => ((await delivered('sub_eve')).length === 2 ? true : undefined), 'the second reminder')
    expect(await sendsOf(eve!.id)).toHaveLength(2)
    // Fay, who checked in yesterday only, hears of her streak.
    expect((await delivered('sub_fay'))[0].data.number2).toBe('1')
    clock.set('2026-08-03T04:00:00Z')
  })

  it('announces settled commission to the distributor, and a coupon about to expire to its holder, once', async () => {
    await configure()
    const dora = await consumerOf(suite.stack, 'sub_dora')
    const code = (await dora.call('/distributor', { method: 'POST' })).body.code as string
    await subscribe('sub_dora', dora, ['commission_settled'])
    const ivy = await consumerOf(suite.stack, 'sub_ivy')
    await ivy.call('/referrals', { body: { distributorCode: code } })
    const product = (await suite.admin('/products', { body: { name: '百花蜂蜜', priceFen: 10_000, stock: 10 } })).body
    const order = (await ivy.call('/orders', { body: { items: [{ productId: product.id, quantity: 1 }] } })).body
    await ivy.call(`/orders/${order.id}/pay`, { method: 'POST' })
    await orderReaches(ivy, order.id, 'paid')
    await shipOrder(suite.admin, order.id)
    await ivy.call(`/orders/${order.id}/confirm`, { method: 'POST' })
    clock.set(new Date(clock.now().getTime() + 7.1 * 86_400_000).toISOString())
    await suite.stack.app.scheduler.runDue()
    await settled()
    const [commission] = await eventually(async () => ((await delivered('sub_dora')).length ? delivered('sub_dora') : undefined), 'the commission message')
    expect(commission).toMatchObject({ template_id: TEMPLATE.commission_settled, data: { amount1: '¥10.00', character_string2: String(order.id) } })

    // A coupon won on the wheel, valid two days: the morning notice within the three-day window names it.
    const now = clock.now().getTime()
    const kim = await consumerOf(suite.stack, 'sub_kim')
    await subscribe('sub_kim', kim, ['coupon_expiring'])
    await couponsWon(kim, '蜂蜜 10 元券', 1)
    clock.set(new Date(now + 86_400_000).toISOString())
    await suite.stack.app.scheduler.runDue()
    await suite.stack.app.scheduler.runDue()
    await settled()
    const [notice] = await eventually(async () => ((await delivered('sub_kim')).length ? delivered('sub_kim') : undefined), 'the coupon notice')
    expect(notice).toMatchObject({ template_id: TEMPLATE.coupon_expiring, page: 'packages/coupons/index', data: { thing1: '蜂蜜 10 元券' } })
    expect(notice.data.date2).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(await sendsOf(kim.id)).toHaveLength(1)
    clock.set('2026-08-03T04:00:00Z')
  })

  it('refuses templates that name values their event does not have', async () => {
    const value = settings()
    value.templates.prize_won = { ...value.templates.prize_won, fields: [{ keyword: 'thing1', text: '{product}' }] }
    const reply = await suite.admin('/subscription-messages/settings', { method: 'PUT', body: value })
    expect(reply.status).toBe(400)
    expect(reply.body.error.message).toContain('{product}')
    const duplicate = settings()
    duplicate.templates.prize_won = { ...duplicate.templates.prize_won, fields: [{ keyword: 'thing1', text: 'a' }, { keyword: 'thing1', text: 'b' }] }
    expect((await suite.admin('/subscription-messages/settings', { method: 'PUT', body: duplicate })).status).toBe(400)
    const templates = (await suite.admin('/subscription-messages/wechat-templates')).body.items
    expect(templates[0]).toMatchObject({ templateId: TEMPLATE.groupbuy_result, title: '拼团结果通知' })
    expect(templates[0].keywords[0]).toEqual({ keyword: 'thing1', label: '商品名称' })
  })

  it('sends nothing for a scheduled change that rolled back after announcing itself', async () => {
    await configure()
    const lea = await consumerOf(suite.stack, 'sub_lea')
    await subscribe('sub_lea', lea, ['prize_won'])
    const { app } = suite.stack
    app.scheduler.define('failing-change', async () => {
      app.subscriptionMessages.notify({
        event: 'prize_won',
        customerId: lea.id,
        key: 'prize_won:rolled-back',
        values: async () => ({ lottery: '回滚的活动', prize: '不存在的奖品', time: '2026-08-03 12:00' }),
      })
      throw new Error('the change fails after its notice')
    })
    await app.db.transaction((tx) => app.scheduler.schedule(tx, { kind: 'failing-change', key: 'once', runAt: clock.now() }))
    expect(await app.scheduler.runDue()).toBeGreaterThan(0)
    await settled()
    expect(await sendsOf(lea.id)).toEqual([])
    expect(await delivered('sub_lea')).toEqual([])
  })

  it('leaves a daily reminder queued when its server stops mid-run, and the next servers to start send it, once each', async () => {
    await configure()
    const who = ['sub_ona', 'sub_pia', 'sub_quinn', 'sub_rex']
    const consumers = await subscribedToReminders(who)

    // Another server is told to stop while its scheduler runs the day's reminder: the round finishes, queueing the
    // reminders, but the server sends no more; they wait in the database.
    clock.set('2026-08-20T13:00:00Z')
    await queueAndStop()
    const left = await queued()
    expect(left.map((send: { customerId: number }) => send.customerId).sort()).toEqual(consumers.map((c) => c.id).sort())
    expect(left[0]).toMatchObject({ status: 'queued', templateId: TEMPLATE.checkin_reminder, sentAt: null, data: { number2: '0' } })
    for (const name of who) expect(await delivered(name)).toEqual([])

    // Two servers start at once: each queued send is taken by one of them.
    await Promise.all([startAndSendQueued(), startAndSendQueued()])
    expect(await queued()).toEqual([])
    for (const [i, consumer] of consumers.entries()) {
      expect(await delivered(who[i]!)).toHaveLength(1)
      expect((await sendsOf(consumer.id)).map((row) => row.status)).toEqual(['sent'])
    }
    // The subscriptions were spent as the messages went, one each.
    const grants = await suite.stack.query('select remaining from subscription_grants where customer_id in (?, ?, ?, ?)', ...consumers.map((c) => c.id))
    expect(grants.map((row) => Number(row.remaining))).toEqual([0, 0, 0, 0])
    clock.set('2026-08-03T04:00:00Z')
  })

  it('drops reminders still queued when the next server starts the day after, keeping the subscriptions', async () => {
    await configure()
    const who = ['sub_tom', 'sub_uma']
    const consumers = await subscribedToReminders(who)
    clock.set('2026-08-25T13:00:00Z')
    await queueAndStop()
    expect((await queued()).map((send: { customerId: number }) => send.customerId).sort()).toEqual(consumers.map((c) => c.id).sort())

    // No server ran until the next evening: yesterday's reminder is out of date, and is not sent.
    clock.set('2026-08-26T13:30:00Z')
    await startAndSendQueued()
    expect(await queued()).toEqual([])
    for (const [i, consumer] of consumers.entries()) {
      expect(await delivered(who[i]!)).toEqual([])
      expect(await sendsOf(consumer.id)).toEqual([])
    }
    const grants = await suite.stack.query('select remaining from subscription_grants where customer_id in (?, ?)', ...consumers.map((c) => c.id))
    expect(grants.map((row) => Number(row.remaining))).toEqual([1, 1])
    clock.set('2026-08-03T04:00:00Z')
  })

  it('marks a send its server left waiting for WeChat as unanswered ten minutes on, the subscription still spent', async () => {
    await configure()
    const who = ['sub_vic', 'sub_wen']
    const consumers = await subscribedToReminders(who)
    clock.set('2026-08-28T13:00:00Z')
    await queueAndStop()
    // What a server leaves when it stops after taking a send and before WeChat answers: the send pending, its
    // subscription spent. Vic's went eleven minutes before the next server starts, Wen's nine.
    const at = clock.now().getTime()
    for (const [i, minutes] of [11, 9].entries()) {
      const { id } = consumers[i]!
      await suite.stack.query(
        "update subscription_sends set status = 'pending', taken_at = ? where id = (select max(id) from subscription_sends where customer_id = ?)",
        at - minutes * 60_000,
        id,
      )
      await suite.stack.query('update subscription_grants set remaining = remaining - 1 where customer_id = ?', id)
    }
    const unansweredOf = async (customerId: number) =>
      (await suite.admin(`/subscription-messages/sends?status=unanswered&customerId=${customerId}`)).body.items

    await startAndSendQueued()
    expect(await unansweredOf(consumers[0]!.id)).toEqual([
      expect.objectContaining({ status: 'unanswered', error: '发送时服务中断，未收到微信的答复，无法确认是否送达', sentAt: null }),
    ])
    expect(await unansweredOf(consumers[1]!.id)).toEqual([])
    expect((await sendsOf(consumers[1]!.id)).map((row) => row.status)).toEqual(['pending'])

    // Two minutes on, Wen's has waited ten minutes too. Neither is sent again, and neither subscription comes back.
    clock.set('2026-08-28T13:02:00Z')
    await startAndSendQueued()
    expect(await unansweredOf(consumers[1]!.id)).toHaveLength(1)
    for (const name of who) expect(await delivered(name)).toEqual([])
    const grants = await suite.stack.query('select remaining from subscription_grants where customer_id in (?, ?)', ...consumers.map((c) => c.id))
    expect(grants.map((row) => Number(row.remaining))).toEqual([0, 0])
    clock.set('2026-08-03T04:00:00Z')
  })

  it('drops a queued notice whose subscription another took meanwhile, and queues it again once the customer subscribes again', async () => {
    await configure()
    clock.set('2026-09-01T04:00:00Z')
    const sol = await consumerOf(suite.stack, 'sub_sol')
    await couponsWon(sol, '蜂蜜 5 元券', 2)
    await subscribe('sub_sol', sol, ['coupon_expiring'])

    // Two coupons end within the window and one subscription is held: the first notice spends it, the second is dropped.
    await suite.stack.app.scheduler.runDue()
    await settled()
    expect(await delivered('sub_sol')).toHaveLength(1)
    const [first] = await sendsOf(sol.id)
    expect(await sendsOf(sol.id)).toEqual([expect.objectContaining({ status: 'sent', event: 'coupon_expiring' })])

    // Subscribed again, the next morning's run announces the other coupon, and not the first again.
    await subscribe('sub_sol', sol, ['coupon_expiring'])
    clock.set('2026-09-02T02:30:00Z')
    await suite.stack.app.scheduler.runDue()
    await settled()
    expect(await delivered('sub_sol')).toHaveLength(2)
    const sends = await sendsOf(sol.id)
    expect(sends.map((row) => row.status)).toEqual(['sent', 'sent'])
    expect(new Set(sends.map((row) => row.event_key)).size).toBe(2)
    expect(sends[0].event_key).toBe(first.event_key)
    clock.set('2026-08-03T04:00:00Z')
  })
})
