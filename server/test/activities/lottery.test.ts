import { describe, expect, it } from 'vitest'
import { activitySuite, consumerOf } from '../support/activities'

const suite = activitySuite('2026-06-01T04:00:00Z')
const { clock } = suite

const window = { startsAt: '2026-05-31T16:00:00Z', endsAt: '2026-06-30T16:00:00Z' }
const lottery = async (fields: Record<string, unknown>) => {
  const reply = await suite.admin('/lotteries', { body: { name: '六月幸运转盘', ...window, costPoints: 10, freeDrawsPerDay: 1, maxDrawsPerUser: 5, ...fields } })
  expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  return reply.body
}
const rows = (sql: string, ...args: unknown[]) => suite.stack.query(sql, ...args)
/** A lottery whose one real prize has been given away: every draw lands on "thanks". */
const spentLottery = async (fields: Record<string, unknown>) => {
  const wheel = await lottery({ ...fields, prizes: [{ name: '谢谢参与', type: 'thanks', weight: 1, stock: 0 }, { name: '纪念徽章', type: 'physical', weight: 1, stock: 1 }] })
  await rows("update lottery_prizes set stock = 0 where lottery_id = ? and type = 'physical'", wheel.id)
  return wheel
}

describe('lottery', () => {
  it('gives a prize with stock 10 at most 10 times under 500 concurrent draws, and the ledger balances', async () => {
    const wheel = await lottery({
      prizes: [
        { name: '5 积分', type: 'points', weight: 90, stock: 10, points: 5 },
        { name: '谢谢参与', type: 'thanks', weight: 10, stock: 0 },
      ],
    })
    const [bonus, thanks] = wheel.prizes
    const people = []
    for (let i = 0; i < 100; i += 20) {
      people.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => consumerOf(suite.stack, `lucky${i + j}`, suite.admin, 40)))))
    }
    const replies = await Promise.all(people.flatMap((p) => Array.from({ length: 5 }, () => p.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' }))))
    expect(replies.map((r) => r.status).filter((s) => s !== 201)).toEqual([])
    const wins = replies.filter((r) => r.body.draw.prize?.id === bonus.id)
    expect(wins).toHaveLength(10)
    expect(replies.filter((r) => r.body.draw.prize?.id === thanks.id)).toHaveLength(490)

    expect((await rows('select stock from lottery_prizes where id = ?', bonus.id))[0].stock).toBe(0)
    const accounts = await rows(
      `select a.customer_id, a.balance, (select sum(delta) from point_ledger l where l.customer_id = a.customer_id) as total,
              (select count(*) from lottery_draws d where d.customer_id = a.customer_id and d.won = true) as won
       from point_accounts a where a.customer_id in (${people.map((p) => p.id).join(',')})`,
    )
    for (const account of accounts) {
      expect(account.balance).toBe(account.total)
      expect(account.balance).toBe(40 - 4 * 10 + 5 * account.won)
    }
    const stats = (await suite.admin(`/lotteries/${wheel.id}/stats`)).body
    expect(stats).toMatchObject({ draws: 500, participants: 100, pointsSpent: 4000 })
    expect(stats.prizes[0]).toMatchObject({ id: bonus.id, won: 10, stockLeft: 0 })
    // 500 draws through HTTP on a busy CI machine: the test checks what they did, not how fast.
  }, 60_000)

  it('draws free first, then for points, within the limits, and refuses outside the window', async () => {
    const wheel = await spentLottery({ maxDrawsPerUser: 3 })
    const amy = await consumerOf(suite.stack, 'amy', suite.admin, 15)
    const view = (await amy.call(`/lotteries/${wheel.id}`)).body
    expect(view.mine).toMatchObject({ freeDrawsLeftToday: 1, drawsLeft: 3, ineligibleReason: null, balance: 15 })
    expect(view.prizes[0]).not.toHaveProperty('stock')
    expect(view.prizes[0]).not.toHaveProperty('weight')

    const free = await amy.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    expect(free.body).toMatchObject({ draw: { free: true, costPoints: 0, prize: { type: 'thanks' } }, balance: 15 })
    const paid = await amy.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    expect(paid.body).toMatchObject({ draw: { free: false, costPoints: 10 }, balance: 5 })
    const broke = await amy.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    expect(broke.status).toBe(409)
    expect(broke.body.error.code).toBe('INSUFFICIENT_POINTS')
    expect((await rows('select count(*) as n from lottery_draws where customer_id = ?', amy.id))[0].n).toBe(2)

    clock.set('2026-06-02T04:00:00Z')
    expect((await amy.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })).body.draw.free).toBe(true)
    const limit = await amy.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    expect(limit.status).toBe(409)
    expect(limit.body.error.code).toBe('DRAW_LIMIT_REACHED')

    clock.set('2026-07-01T04:00:00Z')
    const late = await amy.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })
    expect(late.body.error.code).toBe('LOTTERY_NOT_ACTIVE')
    clock.set('2026-06-01T04:00:00Z')
  })

  it("answers the balance after a points prize, a paid draw and the last one in stock, without reading it back", async () => {
    const wheel = await lottery({ maxDrawsPerUser: 4, prizes: [{ name: '5 积分', type: 'points', weight: 1, stock: 2, points: 5 }] })
    const cai = await consumerOf(suite.stack, 'cai', suite.admin, 15)
    const draw = (key: string) => cai.call(`/lotteries/${wheel.id}/draws`, { method: 'POST', headers: { 'idempotency-key': key } })
    const free = await draw('cai-1')
    expect(free.body).toMatchObject({ draw: { free: true, prize: { name: '5 积分' } }, balance: 20 })
    expect((await draw('cai-2')).body).toMatchObject({ draw: { free: false, costPoints: 10, prize: { name: '5 积分' } }, balance: 15 })
    // The stock is gone: the prize falls back to nothing won, and the paid draw only costs.
    expect((await draw('cai-3')).body).toMatchObject({ draw: { free: false, costPoints: 10, prize: null }, balance: 5 })
    expect((await draw('cai-1')).body).toMatchObject({ draw: { id: free.body.draw.id, prize: { name: '5 积分' } }, balance: 5 })
    const [account] = await rows('select balance from point_accounts where customer_id = ?', cai.id)
    expect(account.balance).toBe(5)
  })

  it('answers a draw retried after midnight with its key, without drawing again', async () => {
    const wheel = await spentLottery({ maxDrawsPerUser: 3 })
    const dong = await consumerOf(suite.stack, 'dong', suite.admin, 15)
    const headers = { 'idempotency-key': 'dong-1' }
    clock.set('2026-06-01T15:59:00Z')
    const first = await dong.call(`/lotteries/${wheel.id}/draws`, { method: 'POST', headers })
    expect(first.body).toMatchObject({ draw: { free: true }, balance: 15 })
    clock.set('2026-06-01T16:01:00Z')
    const retried = await dong.call(`/lotteries/${wheel.id}/draws`, { method: 'POST', headers })
    expect(retried.status).toBe(201)
    expect(retried.body).toEqual(first.body)
    expect(await rows('select date from lottery_draws where customer_id = ?', dong.id)).toEqual([{ date: '2026-06-01' }])
    clock.set('2026-06-01T04:00:00Z')
  })

  it('issues coupon prizes at once and takes an address for a physical one', async () => {
    const template = (await suite.admin('/coupon-templates', { body: { name: '满 100 减 20', kind: 'amount_off', amountOffFen: 2000, thresholdFen: 10_000, validDays: 30 } })).body
    const couponWheel = await lottery({ freeDrawsPerDay: 3, prizes: [{ name: '20 元券', type: 'coupon', weight: 1, stock: 5, couponTemplateId: template.id }] })
    const ben = await consumerOf(suite.stack, 'ben')
    const won = await ben.call(`/lotteries/${couponWheel.id}/draws`, { method: 'POST' })
    expect(won.body.draw.prize).toMatchObject({ name: '20 元券', type: 'coupon' })
    expect((await ben.call('/coupons')).body.items).toEqual([expect.objectContaining({ name: '满 100 减 20', source: 'prize' })])

    const mugWheel = await lottery({ freeDrawsPerDay: 3, prizes: [{ name: '品牌马克杯', type: 'physical', weight: 1, stock: 1 }, { name: '谢谢参与', type: 'thanks', weight: 0, stock: 0 }] })
    const first = (await ben.call(`/lotteries/${mugWheel.id}/draws`, { method: 'POST' })).body
    expect(first.draw).toMatchObject({ prize: { name: '品牌马克杯' }, claimStatus: 'unclaimed' })
    // Only one mug: the next draw lands on "thanks" though the mug has all the weight.
    expect((await ben.call(`/lotteries/${mugWheel.id}/draws`, { method: 'POST' })).body.draw.prize).toMatchObject({ type: 'thanks' })
    const address = { name: '陈小本', phone: '13900139000', region: '广东省 深圳市 南山区', detail: '科技园 1 号' }
    const claimed = await ben.call(`/lottery-prizes/${first.draw.id}/claim`, { body: { address } })
    expect(claimed.body.draw.claimStatus).toBe('claimed')
    expect((await ben.call(`/lottery-prizes/${first.draw.id}/claim`, { body: { address } })).body.error.code).toBe('PRIZE_NOT_CLAIMABLE')
    const prizes = (await ben.call('/lottery-prizes')).body.items
    expect(prizes.map((p: any) => [p.prize.name, p.claimStatus])).toEqual([
      ['品牌马克杯', 'claimed'],
      ['20 元券', 'none'],
    ])
    const events = (await rows("select type from timeline_events where customer_id = ? and type like 'lottery_%' order by id", ben.id)).map((r) => r.type)
    expect(events).toEqual(['lottery_drawn', 'lottery_drawn', 'lottery_drawn', 'lottery_prize_claimed'])
  })

  it('gives a coupon prize with stock 3 to exactly 3 of 20 concurrent draws, each coupon with its draw, expiry and timeline', async () => {
    const template = (await suite.admin('/coupon-templates', { body: { name: '满 50 减 5', kind: 'amount_off', amountOffFen: 500, thresholdFen: 5_000, validDays: 7 } })).body
    const wheel = await lottery({ prizes: [{ name: '5 元券', type: 'coupon', weight: 1, stock: 3, couponTemplateId: template.id }, { name: '谢谢参与', type: 'thanks', weight: 0, stock: 0 }] })
    const crowd = await Promise.all(Array.from({ length: 20 }, (_, i) => consumerOf(suite.stack, `coupon_rush${i}`)))
    const replies = await Promise.all(crowd.map((person) => person.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })))
    expect(replies.map((reply) => reply.status).filter((status) => status !== 201)).toEqual([])
    expect(replies.filter((reply) => reply.body.draw.prize?.type === 'coupon')).toHaveLength(3)
    expect(replies.filter((reply) => reply.body.draw.prize?.type === 'thanks')).toHaveLength(17)

    const given = await rows('select id, customer_id from coupons where template_id = ? order by id', template.id)
    const won = await rows('select customer_id, coupon_id from lottery_draws where lottery_id = ? and won order by coupon_id', wheel.id)
    expect(won.map((draw) => [draw.customer_id, draw.coupon_id])).toEqual(given.map((coupon) => [coupon.customer_id, coupon.id]))
    const jobs = await rows("select key from scheduled_jobs where kind = 'coupon-expiry' order by id")
    expect(jobs.map((job) => Number(job.key)).filter((id) => given.some((coupon) => coupon.id === id))).toHaveLength(3)
    const told = await rows("select customer_id from timeline_events where type = 'coupon_issued' order by customer_id")
    expect(told.map((event) => event.customer_id).filter((id) => crowd.some((person) => person.id === id))).toEqual(given.map((coupon) => coupon.customer_id).sort((a, b) => a - b))
    expect((await crowd.find((person) => person.id === given[0]!.customer_id)!.call('/coupons')).body.items).toEqual([expect.objectContaining({ name: '满 50 减 5', source: 'prize' })])
  })

  it('throttles a burst from one customer', async () => {
    const wheel = await spentLottery({ freeDrawsPerDay: 100, maxDrawsPerUser: 100 })
    const cat = await consumerOf(suite.stack, 'cat')
    const burst = await Promise.all(Array.from({ length: 25 }, () => cat.call(`/lotteries/${wheel.id}/draws`, { method: 'POST' })))
    const throttled = burst.filter((r) => r.status === 429)
    expect(throttled.length).toBeGreaterThan(0)
    expect(throttled[0]!.body.error.code).toBe('RATE_LIMITED')
    expect((await rows('select count(*) as n from lottery_draws where customer_id = ?', cat.id))[0].n).toBe(burst.length - throttled.length)
    // a throttle of a second is counted in the server's memory: no write of its own per draw
    expect((await rows("select count(*) as n from rate_limit_windows where key like ?", `%draw:${cat.id}`))[0].n).toBe(0)
  })

  it('keeps a lottery to its audience', async () => {
    const vip = await spentLottery({ audience: { levels: ['V3', 'V4', 'V5'] } })
    const dan = await consumerOf(suite.stack, 'dan')
    expect((await dan.call(`/lotteries/${vip.id}`)).body.mine.ineligibleReason).toContain('等级')
    expect((await dan.call(`/lotteries/${vip.id}/draws`, { method: 'POST' })).body.error.code).toBe('LOTTERY_NOT_ELIGIBLE')
  })

  it('refuses a lottery nobody can win (every paid draw a certain loss) or nobody can draw', async () => {
    const cases = [
      [{ name: '大奖', type: 'physical', weight: 0, stock: 5 }, { name: '谢谢参与', type: 'thanks', weight: 0, stock: 0 }],
      [{ name: '谢谢参与', type: 'thanks', weight: 1, stock: 0 }],
      [{ name: '50 积分', type: 'points', points: 50, weight: 10, stock: 0 }, { name: '谢谢参与', type: 'thanks', weight: 90, stock: 0 }],
    ]
    for (const prizes of cases) {
      const reply = await suite.admin('/lotteries', { body: { name: '必不中', ...window, costPoints: 10, freeDrawsPerDay: 0, maxDrawsPerUser: 5, prizes } })
      expect(reply.status, JSON.stringify(prizes)).toBe(400)
      expect(reply.body.error).toMatchObject({ code: 'NO_WINNABLE_PRIZE', message: expect.stringContaining('中奖概率为 0') })
    }
    const prizes = [{ name: '5 积分', type: 'points', weight: 1, stock: 10, points: 5 }]
    const closed = await suite.admin('/lotteries', { body: { name: '必不中', ...window, costPoints: 0, freeDrawsPerDay: 0, maxDrawsPerUser: 5, prizes } })
    expect(closed.body.error?.code).toBe('NO_WAY_TO_DRAW')
    expect((await rows("select count(*) as n from lotteries where name = '必不中'"))[0].n).toBe(0)
  })

  it('changes only the name, the end and the switch of a lottery customers may have drawn on', async () => {
    const wheel = await lottery({ prizes: [{ name: '5 积分', type: 'points', weight: 1, stock: 10, points: 5 }] })
    for (const body of [{ costPoints: -100 }, { name: '改名', costPoints: 0 }, { startsAt: window.startsAt }, { prizes: [] }, { id: 987654 }]) {
      const reply = await suite.admin(`/lotteries/${wheel.id}`, { method: 'PATCH', body })
      expect(reply.status, JSON.stringify(body)).toBe(400)
      expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    }
    const [row] = await rows('select id, name, cost_points as "costPoints" from lotteries where id = ?', wheel.id)
    expect(row).toEqual({ id: wheel.id, name: '六月幸运转盘', costPoints: 10 })
    const renamed = await suite.admin(`/lotteries/${wheel.id}`, { method: 'PATCH', body: { name: '七月幸运转盘', active: false } })
    expect(renamed.body).toMatchObject({ id: wheel.id, name: '七月幸运转盘', active: false, costPoints: 10 })
  })
})
