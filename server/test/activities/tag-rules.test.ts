// Automatic tags from activity: a won draw, a paid group-buy seat and an approved distributor each
// report to the tag rules after their own change has committed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminOf, consumerOf, eventually, orderReaches } from '../support/activities'
import { addContact, startStack, type Stack } from '../support/stack'

let stack: Stack
beforeAll(async () => {
  stack = await startStack()
})
afterAll(() => stack.close())

const tagsOf = async (customerId: number) =>
  (
    await stack.query<{ name: string }>(
      'select t.name from customer_tags ct join tags t on t.id = ct.tag_id where ct.customer_id = ? order by t.name',
      customerId,
    )
  ).map((row) => row.name)

describe('activity tag rules', () => {
  it('tag a customer who wins a draw, pays for a group seat and becomes a distributor', async () => {
    const admin = await adminOf(stack)
    const rules = { lottery_won: '中奖用户', groupbuy_joined: '拼团用户', distributor_joined: '分销员' }
    for (const [activity, name] of Object.entries(rules)) {
      const tag = await admin('/tags', { body: { groupName: '活动标签', name } })
      expect((await admin(`/tag-rules/${activity}`, { method: 'PUT', body: { tagId: tag.body.id, enabled: true } })).status).toBe(200)
    }
    const wendy = await consumerOf(stack, 'wendy')
    await addContact(stack, 'wendy', 'guide_li')

    const now = Date.now()
    const wheel = await admin('/lotteries', {
      body: {
        name: '必中转盘',
        startsAt: new Date(now - 3600_000).toISOString(),
        endsAt: new Date(now + 3600_000).toISOString(),
        costPoints: 0,
        freeDrawsPerDay: 1,
        maxDrawsPerUser: 1,
        prizes: [{ name: '小样', type: 'physical', weight: 1, stock: 5 }],
      },
    })
    await wendy.call(`/lotteries/${wheel.body.id}/draws`, { method: 'POST' })
    await eventually(async () => ((await tagsOf(wendy.id)).includes('中奖用户') ? true : undefined), 'the lottery tag')

    const product = await admin('/products', { body: { name: '护手霜', priceFen: 3900, stock: 20 } })
    const campaign = await admin('/groupbuys', { body: { productId: product.body.id, groupSize: 2, priceFen: 2900, durationMinutes: 60, stock: 10 } })
    const opened = await wendy.call(`/groupbuys/${campaign.body.id}/groups`, { method: 'POST' })
    expect(opened.status).toBe(201)
    await wendy.call(`/orders/${opened.body.order.id}/pay`, { method: 'POST' })
    await orderReaches(wendy, opened.body.order.id, 'paid')
    await eventually(async () => ((await tagsOf(wendy.id)).includes('拼团用户') ? true : undefined), 'the group-buy tag')

    const applied = await wendy.call('/distributor', { method: 'POST' })
    expect(applied.status).toBe(201)
    if (applied.body.status !== 'approved') {
      await admin(`/distributors/${applied.body.id}/approve`, { method: 'POST' })
    }
    await eventually(async () => ((await tagsOf(wendy.id)).includes('分销员') ? true : undefined), 'the distributor tag')
    expect(await tagsOf(wendy.id)).toEqual(['中奖用户', '分销员', '拼团用户'].sort())
  })
})
