import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { processDatabaseEngine } from '../../src/env'
import { activitySuite, consumerOf, orderReaches, refundsSettle, shipOrder, type Consumer } from '../support/activities'

const suite = activitySuite('2026-07-01T02:00:00Z', { payments: 'confirm', refunds: 'confirm', delayMs: 30 })
const { clock } = suite

async function campaign(fields: Record<string, unknown> = {}) {
  const product = (await suite.admin('/products', { body: { name: '蜂蜜礼盒', priceFen: 19_900, stock: 100 } })).body
  const reply = await suite.admin('/groupbuys', { body: { productId: product.id, groupSize: 3, priceFen: 9_900, durationMinutes: 60, stock: 200, ...fields } })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}

async function payAndWait(person: Consumer, orderId: number) {
  expect((await person.call(`/orders/${orderId}/pay`, { method: 'POST' })).status).toBe(200)
  return orderReaches(person, orderId, 'paid', 'refunding', 'refunded')
}

const rows = (sql: string, ...args: unknown[]) => suite.stack.query(sql, ...args)

describe('group-buy', () => {
  it('opens on the leader paying, fills with N paid members, and then takes no one', async () => {
    const honey = await campaign()
    const [lea, ben, cal, dot] = await Promise.all(['lea', 'ben', 'cal', 'dot'].map((who) => consumerOf(suite.stack, who)))
    const opened = await lea!.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })
    expect(opened.status).toBe(201)
    expect(opened.body.group).toMatchObject({ status: 'pending', paidCount: 0, groupSize: 3, deadline: null })
    expect(opened.body.order).toMatchObject({ kind: 'groupbuy', amountFen: 9_900, status: 'pending_payment' })
    const groupId = opened.body.group.id
    // A seat's answer is built from what the unit read and wrote: it is what reading the group and order back shows.
    expect(opened.body.group).toEqual((await lea!.call(`/groupbuy-groups/${groupId}`)).body)
    expect(opened.body.order).toEqual((await lea!.call(`/orders/${opened.body.order.id}`)).body)
    expect((await ben!.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })).body.error.code).toBe('GROUP_CLOSED')
    expect((await lea!.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })).body.error.code).toBe('GROUP_ALREADY_OPEN')

    await payAndWait(lea!, opened.body.order.id)
    const open = (await ben!.call(`/groupbuy-groups/${groupId}`)).body
    expect(open).toMatchObject({ status: 'open', paidCount: 1, seatsLeft: 2, deadline: '2026-07-01T03:00:00.000Z' })
    // A paid seat of a group still open is not shipped: the group may yet fail and refund it.
    const early = await suite.admin(`/orders/${opened.body.order.id}/ship`, { body: { carrier: 'SF', trackingNo: 'SF000000000123' } })
    expect(early.body.error).toMatchObject({ code: 'ORDER_NOT_SHIPPABLE', message: '拼团尚未成团，成团后才能发货' })
    const asked = await lea!.call(`/orders/${opened.body.order.id}/after-sales`, { body: { kind: 'refund_only', reason: '不想拼了', amountFen: 100 } })
    expect(asked.body.error).toMatchObject({ code: 'AFTER_SALE_NOT_ALLOWED', message: '拼团成功前不能申请售后，未成团将自动全额退款' })
    expect((await lea!.call(`/orders/${opened.body.order.id}`)).body.afterSaleAllowed).toBe(false)

    const joined = await ben!.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })
    expect(joined.status).toBe(201)
    expect(joined.body.group.seatsLeft).toBe(1)
    expect(joined.body.group).toEqual((await ben!.call(`/groupbuy-groups/${groupId}`)).body)
    expect(joined.body.order).toEqual((await ben!.call(`/orders/${joined.body.order.id}`)).body)
    expect((await ben!.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })).body.error.code).toBe('ALREADY_IN_GROUP')
    await payAndWait(ben!, joined.body.order.id)
    const last = (await cal!.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })).body
    expect((await dot!.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })).body.error.code).toBe('GROUP_FULL')
    await payAndWait(cal!, last.order.id)

    const full = (await dot!.call(`/groupbuy-groups/${groupId}`)).body
    expect(full).toMatchObject({ status: 'succeeded', paidCount: 3, seatsLeft: 0 })
    expect(full.members.map((m: any) => [m.name === null ? 'x' : 'named', m.isLeader, m.status])).toHaveLength(3)
    expect((await dot!.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })).body.error.code).toBe('GROUP_FULL')
    // Orders of a succeeded group proceed: they ship, and can complete.
    await shipOrder(suite.admin, last.order.id)
    expect((await cal!.call(`/orders/${last.order.id}/confirm`, { method: 'POST' })).body.status).toBe('completed')
    const mine = (await ben!.call('/groupbuy-groups')).body.items
    expect(mine.map((g: any) => g.id)).toEqual([groupId])
    const listed = (await suite.admin(`/groupbuys/${honey.id}/groups`)).body.items
    expect(listed.map((g: any) => [g.id, g.status, g.paidCount])).toEqual([[groupId, 'succeeded', 3]])
    const campaigns = (await suite.admin('/groupbuys')).body.items
    expect(campaigns.find((c: any) => c.id === honey.id).groups).toEqual({ open: 0, succeeded: 1, failed: 0 })
    const events = (await rows("select type from timeline_events where customer_id = ? and type like 'groupbuy_%' order by id", ben!.id)).map((r) => r.type)
    expect(events).toEqual(['groupbuy_joined', 'groupbuy_succeeded'])
  })

  it('gives the last units of stock to as many joiners as there are, refusing the rest with nothing of theirs kept', async () => {
    const honey = await campaign({ stock: 5, perUserLimit: 1 })
    const [lea, leo] = await Promise.all(['stock_lea', 'stock_leo'].map((who) => consumerOf(suite.stack, who)))
    const groupIds: number[] = []
    for (const leader of [lea!, leo!]) {
      const opened = (await leader.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })).body
      await payAndWait(leader, opened.order.id)
      groupIds.push(opened.group.id)
    }
    // Two groups with two seats each, and three units of stock left for four joiners at once.
    const joiners = await Promise.all([0, 1, 2, 3].map((i) => consumerOf(suite.stack, `stock_joiner${i}`)))
    const answers = await Promise.all(joiners.map((person, i) => person.call(`/groupbuy-groups/${groupIds[i % 2]}/members`, { method: 'POST' })))
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 201, 409])
    const refused = answers.findIndex((answer) => answer.status === 409)
    expect(answers[refused]!.body.error).toEqual({ code: 'OUT_OF_STOCK', message: '拼团库存不足' })
    expect((await rows('select stock from groupbuy_campaigns where id = ?', honey.id))[0].stock).toBe(0)
    const refusedId = joiners[refused]!.id
    expect((await rows('select count(*) as n from orders where customer_id = ?', refusedId))[0].n).toBe(0)
    expect((await rows('select count(*) as n from groupbuy_members where customer_id = ?', refusedId))[0].n).toBe(0)
    expect((await rows("select count(*) as n from timeline_events where customer_id = ? and (type like 'groupbuy%' or type like 'order%')", refusedId))[0].n).toBe(0)
    // A leader meets the same refusal, and opens no group.
    const late = await consumerOf(suite.stack, 'stock_late_leader')
    expect((await late.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })).body.error).toEqual({ code: 'OUT_OF_STOCK', message: '拼团库存不足' })
    expect((await rows('select count(*) as n from groupbuy_groups where leader_id = ?', late.id))[0].n).toBe(0)
  })

  it('leaves exactly 3 paid members of a 3-seat group under 50 concurrent joins and payments, refunding the rest', async () => {
    const honey = await campaign({ perUserLimit: 1 })
    const leader = await consumerOf(suite.stack, 'rush_leader')
    const opened = (await leader.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })).body
    await payAndWait(leader, opened.order.id)
    const groupId = opened.group.id

    // Payers who paid in time, but whose notification comes only after their seat hold has lapsed.
    await suite.gateway.mode({ payments: 'delay-notification' })
    const late: { person: Consumer; orderId: number }[] = []
    for (let round = 0; round < 4; round++) {
      const pair = await Promise.all([0, 1].map((i) => consumerOf(suite.stack, `late${round}_${i}`)))
      for (const person of pair) {
        const joined = await person.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })
        expect(joined.status, JSON.stringify(joined.body)).toBe(201)
        expect((await person.call(`/orders/${joined.body.order.id}/pay`, { method: 'POST' })).status).toBe(200)
        late.push({ person, orderId: joined.body.order.id })
      }
      clock.set(new Date(clock.now().getTime() + 6 * 60_000).toISOString())
    }

    await suite.gateway.mode({ payments: 'confirm' })
    const crowd = await Promise.all(Array.from({ length: 50 }, (_, i) => consumerOf(suite.stack, `crowd${i}`)))
    const [, ...attempts] = await Promise.all([
      suite.gateway.release(),
      ...crowd.map(async (person) => {
        const joined = await person.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })
        if (joined.status !== 201) return { person, code: joined.body.error.code as string }
        await person.call(`/orders/${joined.body.order.id}/pay`, { method: 'POST' })
        return { person, orderId: joined.body.order.id as number }
      }),
    ])
    expect(attempts.filter((a) => 'code' in a).every((a) => ['GROUP_FULL', 'GROUP_CLOSED'].includes((a as { code: string }).code))).toBe(true)
    const payers = [...late, ...attempts.filter((a): a is { person: Consumer; orderId: number } => 'orderId' in a)]
    const outcomes = await Promise.all(payers.map(({ person, orderId }) => orderReaches(person, orderId, 'paid', 'refunded')))
    await refundsSettle(suite.stack)

    const group = (await leader.call(`/groupbuy-groups/${groupId}`)).body
    expect(group).toMatchObject({ status: 'succeeded', paidCount: 3 })
    expect((await rows("select count(*) as n from groupbuy_members where group_id = ? and status = 'paid'", groupId))[0].n).toBe(3)
    expect(outcomes.filter((o) => o.status === 'paid')).toHaveLength(2)
    const refunded = outcomes.filter((o) => o.status === 'refunded')
    expect(refunded).toHaveLength(payers.length - 2)
    expect(refunded.every((o) => o.refund?.status === 'succeeded' && o.refund.amountFen === 9_900)).toBe(true)
    // Every payment the gateway collected for this group was kept by a seat or given back.
    const sandbox = await suite.gateway.list()
    const collected = sandbox.transactions.filter((t: any) => t.state !== 'NOTPAY' && payers.some((p) => t.outTradeNo.startsWith(`LL${String(p.orderId).padStart(8, '0')}`)))
    expect(collected.filter((t: any) => t.state === 'SUCCESS')).toHaveLength(2)
    expect(collected.filter((t: any) => t.state === 'REFUND')).toHaveLength(payers.length - 2)
  })

  it('holds a customer to the per-person limit when they join and open groups of one campaign at once', async () => {
    const honey = await campaign({ perUserLimit: 1, groupSize: 10 })
    const leaders = await Promise.all([0, 1, 2].map((i) => consumerOf(suite.stack, `limit_leader${i}`)))
    const groupIds: number[] = []
    for (const leader of leaders) {
      const opened = (await leader.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })).body
      await payAndWait(leader, opened.order.id)
      groupIds.push(opened.group.id)
    }
    for (let round = 0; round < 4; round++) {
      const eager = await consumerOf(suite.stack, `limit_eager${round}`)
      const replies = await Promise.all([
        ...groupIds.map((groupId) => eager.call(`/groupbuy-groups/${groupId}/members`, { method: 'POST' })),
        eager.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' }),
      ])
      expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1)
      expect(replies.filter((reply) => reply.status !== 201).map((reply) => reply.body.error.code)).toEqual(['GROUPBUY_LIMIT_REACHED', 'GROUPBUY_LIMIT_REACHED', 'GROUPBUY_LIMIT_REACHED'])
      const seats = await rows("select count(*) as n from groupbuy_members where customer_id = ? and status in ('holding', 'paid')", eager.id)
      expect(seats[0].n).toBe(1)
    }
  })

  // SQLite runs one unit of work at a time, so only PostgreSQL can change a price while a group opens.
  it.runIf(processDatabaseEngine() === 'postgres')('asks a leader to open again when the price changed while their group was opening', async () => {
    const honey = await campaign()
    const leader = await consumerOf(suite.stack, 'price_leader')
    const other = new pg.Client(suite.stack.database)
    await other.connect()
    try {
      // Another server's unit of work changes the price and has not committed yet.
      await other.query('begin')
      await other.query('update groupbuy_campaigns set price_fen = $2 where id = $1', [honey.id, 8_800])
      const opening = leader.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })
      // The opening read the old price and now waits behind the change to take the stock.
      for (let tries = 0; tries < 100; tries++) {
        const waiting = await other.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")
        if (waiting.rowCount) break
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      await other.query('commit')
      const refused = await opening
      expect(refused.status, JSON.stringify(refused.body)).toBe(409)
      expect(refused.body.error.code).toBe('GROUPBUY_PRICE_CHANGED')
    } finally {
      await other.end()
    }
    // Nothing of the refused opening stays: no group, no order, the stock whole.
    expect(await rows('select id from groupbuy_groups where campaign_id = ?', honey.id)).toEqual([])
    expect((await rows('select stock from groupbuy_campaigns where id = ?', honey.id))[0].stock).toBe(200)
    const opened = await leader.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })
    expect(opened.status).toBe(201)
    expect(opened.body.order.amountFen).toBe(8_800)
  })

  it('refuses a group price above the product’s own, and a product price below a running group price', async () => {
    const product = (await suite.admin('/products', { body: { name: '坚果礼盒', priceFen: 9_900, stock: 10 } })).body
    const dear = await suite.admin('/groupbuys', { body: { productId: product.id, groupSize: 2, priceFen: 10_000, durationMinutes: 60, stock: 5 } })
    expect(dear.status).toBe(400)
    expect(dear.body.error).toMatchObject({ code: 'GROUP_PRICE_TOO_HIGH', message: expect.stringContaining('99 元') })
    const fair = await suite.admin('/groupbuys', { body: { productId: product.id, groupSize: 2, priceFen: 9_900, durationMinutes: 60, stock: 5 } })
    expect(fair.status).toBe(201)
    const cut = await suite.admin(`/products/${product.id}`, { method: 'PATCH', body: { priceFen: 8_000 } })
    expect(cut.status).toBe(409)
    expect(cut.body.error.code).toBe('BELOW_GROUP_PRICE')
    expect((await suite.admin(`/groupbuys/${fair.body.id}`, { method: 'PATCH', body: { priceFen: 7_900 } })).status).toBe(200)
    expect((await suite.admin(`/products/${product.id}`, { method: 'PATCH', body: { priceFen: 8_000 } })).body.priceFen).toBe(8_000)
    // A cheaper SKU lowers the product's price just the same, and is refused just the same.
    const sizes = (priceFen: number) => ({
      skus: [
        { options: [{ name: '规格', value: '小盒' }], priceFen, stock: 5 },
        { options: [{ name: '规格', value: '大盒' }], priceFen: 12_000, stock: 5 },
      ],
    })
    const cheaper = await suite.admin(`/products/${product.id}/skus`, { method: 'PUT', body: sizes(6_900) })
    expect(cheaper.status).toBe(409)
    expect(cheaper.body.error.code).toBe('BELOW_GROUP_PRICE')
    expect((await suite.admin(`/products/${product.id}/detail`)).body).toMatchObject({ priceFen: 8_000, stock: 10 })
    expect((await suite.admin(`/products/${product.id}/skus`, { method: 'PUT', body: sizes(7_900) })).body.priceFen).toBe(7_900)
  })

  it('refuses a campaign whose stock cannot fill even one group', async () => {
    const product = (await suite.admin('/products', { body: { name: '茶具套装', priceFen: 19_900, stock: 10 } })).body
    const short = await suite.admin('/groupbuys', { body: { productId: product.id, groupSize: 3, priceFen: 9_900, durationMinutes: 60, stock: 2 } })
    expect(short.status).toBe(400)
    expect(short.body.error).toEqual({ code: 'GROUP_STOCK_TOO_LOW', message: '活动库存至少要够成一个团（不少于 3 件）' })
    expect((await suite.admin('/groupbuys', { body: { productId: product.id, groupSize: 3, priceFen: 9_900, durationMinutes: 60, stock: 3 } })).status).toBe(201)
  })

  it('changes a campaign’s price only until its first group starts, and never its shape or unknown fields', async () => {
    const honey = await campaign()
    for (const body of [{ groupSize: 1, priceFen: 0 }, { groupSize: 2 }, { priceFen: 0 }, { productId: 1 }, { id: 987_654 }, { priceFen: 20_000 }]) {
      const reply = await suite.admin(`/groupbuys/${honey.id}`, { method: 'PATCH', body })
      expect(reply.status, JSON.stringify(body)).toBe(400)
    }
    const [stored] = await rows('select id, group_size as "groupSize", price_fen as "priceFen" from groupbuy_campaigns where id = ?', honey.id)
    expect(stored).toEqual({ id: honey.id, groupSize: 3, priceFen: 9_900 })

    const repriced = await suite.admin(`/groupbuys/${honey.id}`, { method: 'PATCH', body: { priceFen: 8_900 } })
    expect(repriced.body).toMatchObject({ priceFen: 8_900, groupSize: 3 })
    const fay = await consumerOf(suite.stack, 'fay')
    const opened = await fay.call(`/groupbuys/${honey.id}/groups`, { method: 'POST' })
    expect(opened.body.order.amountFen).toBe(8_900)
    const late = await suite.admin(`/groupbuys/${honey.id}`, { method: 'PATCH', body: { priceFen: 7_900 } })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('GROUPBUY_STARTED')
    // Stock and the end still change.
    expect((await suite.admin(`/groupbuys/${honey.id}`, { method: 'PATCH', body: { stock: 50, priceFen: 8_900 } })).body).toMatchObject({ stock: 50, priceFen: 8_900 })
  })
})
