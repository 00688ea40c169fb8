import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app'
import { json, login, request } from '../support/stack'
import { useLoyaltyStack } from './loyalty-stack'

const loyalty = useLoyaltyStack('2025-06-15T04:00:00Z')
const { clock, admin } = loyalty

async function consumer(who: string) {
  const { token, customer } = await login.consumer(loyalty.stack, who)
  return { id: customer.id as number, me: async () => (await request(`${loyalty.stack.appUrl}/api/mp/me`, { token })).body, token }
}

const adjust = (customerId: number, delta: number, reason: string, key?: string) =>
  admin(`/customers/${customerId}/points`, { body: { delta, reason }, headers: key ? { 'idempotency-key': key } : {} })

const ledgerOf = async (token: string) =>
  (await request(`${loyalty.stack.appUrl}/api/mp/points/ledger?limit=100`, { token })).body.items as { delta: number; reason: string }[]

describe('admin adjustments', () => {
  it('credits once for a retried request with the same idempotency key, and audits who and why', async () => {
    const alice = await consumer('alice')
    const replies = await Promise.all(Array.from({ length: 30 }, () => adjust(alice.id, 50, '门店活动补偿', 'adj-alice-1')))
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]))
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1)
    expect(replies[0]?.body).toMatchObject({ delta: 50, reason: 'admin_adjust', balanceAfter: 50, adminUsername: 'admin', note: '门店活动补偿' })
    expect((await alice.me()).points.balance).toBe(50)

    const reused = await adjust(alice.id, 80, '另一笔', 'adj-alice-1')
    expect(reused.status).toBe(409)
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')

    const events = await loyalty.stack.query<{ data: unknown }>(
      "select data from timeline_events where customer_id = ? and type = 'points_adjusted' order by id",
      alice.id,
    )
    expect(events.map((e) => json(e.data))).toEqual([{ delta: 50, reason: '门店活动补偿', admin: 'admin', balance: 50 }])
    const audit = await admin(`/customers/${alice.id}/points/ledger`)
    expect(audit.body.items[0]).toMatchObject({ adminUsername: 'admin', note: '门店活动补偿' })
  })

  it('never lets the balance go negative and refuses unknown customers and zero', async () => {
    const bob = await consumer('bob')
    await adjust(bob.id, 10, '欢迎礼')
    const over = await adjust(bob.id, -11, '扣减')
    expect(over.status).toBe(409)
    expect(over.body.error.code).toBe('INSUFFICIENT_POINTS')
    expect((await adjust(bob.id, -10, '扣减')).body.balanceAfter).toBe(0)
    expect((await adjust(999_999, 10, 'x')).status).toBe(404)
    expect((await adjust(bob.id, 0, 'x')).status).toBe(400)
    const growth = (await bob.me()).growth.value
    expect(growth, 'growth is points ever earned, spending does not lower it').toBe(10)
  })
})

describe('levels', () => {
  it('follows growth over the thresholds the admin configures', async () => {
    const carol = await consumer('carol')
    await adjust(carol.id, 600, '升级礼')
    expect((await carol.me()).level).toMatchObject({ code: 'V2', name: '银卡会员' })
    const levels = (await admin('/loyalty/levels')).body.levels
    const raised = levels.map((l: { minGrowth: number }, i: number) => ({ ...l, minGrowth: i === 0 ? 0 : l.minGrowth * 10 }))
    const put = await admin('/loyalty/levels', { method: 'PUT', body: { levels: raised } })
    expect(put.status).toBe(200)
    expect((await carol.me())).toMatchObject({ level: { code: 'V1' }, growth: { value: 600, nextLevelAt: 5000 } })
    const unordered = [...raised].reverse()
    const bad = await admin('/loyalty/levels', { method: 'PUT', body: { levels: unordered } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('INVALID_LEVELS')
    await admin('/loyalty/levels', { method: 'PUT', body: { levels } })
  })
})

/** Earns and spends at given instants: [ISO time, delta, reason]. */
async function history(customerId: number, steps: [string, number, string][]) {
  for (const [at, delta, reason] of steps) {
    clock.set(at)
    await adjust(customerId, delta, reason)
  }
}

describe('points expiry', () => {
  it('expires what is left of a year’s points when the next year ends, oldest lots spent first', async () => {
    const dave = await consumer('dave')
    await history(dave.id, [
      ['2025-06-15T04:00:00Z', 100, '2025 年获得'],
      ['2026-03-01T04:00:00Z', 50, '2026 年获得'],
      ['2026-03-01T05:00:00Z', -120, '兑换礼品'],
    ])
    // 2025's 100 went first, then 20 of 2026's 50.

    clock.set('2026-12-31T15:59:59Z')
    await loyalty.stack.app.scheduler.runDue()
    expect((await dave.me()).points.balance).toBe(30)

    // 2027-01-01 00:00 in Shanghai: 2025's points expire, but none are left.
    clock.set('2026-12-31T16:00:00Z')
    await loyalty.stack.app.scheduler.runDue()
    expect((await dave.me()).points.balance).toBe(30)
    expect((await ledgerOf(dave.token)).filter((e) => e.reason === 'expire')).toEqual([])

    clock.set('2027-12-31T16:00:01Z')
    await loyalty.stack.app.scheduler.runDue()
    await loyalty.stack.app.scheduler.runDue()
    expect((await dave.me()).points.balance).toBe(0)
    expect((await ledgerOf(dave.token)).filter((e) => e.reason === 'expire')).toEqual([expect.objectContaining({ delta: -30 })])
  })

  it('expires only the unspent part of the oldest year, and survives a restart', async () => {
    const erin = await consumer('erin')
    await history(erin.id, [
      ['2025-02-01T04:00:00Z', 100, '2025 年获得'],
      ['2026-02-01T04:00:00Z', 50, '2026 年获得'],
      ['2026-02-01T05:00:00Z', -20, '兑换'],
    ])

    // Another server process on the same database runs the job: the schedule lives in the database.
    clock.set('2027-01-01T00:00:00Z')
    const restarted = await buildApp({ config: loyalty.stack.config, serveWeb: false, now: clock.now })
    try {
      expect(await restarted.scheduler.runDue()).toBeGreaterThan(0)
    } finally {
      await restarted.close()
    }
    await loyalty.stack.app.scheduler.runDue()
    expect((await erin.me()).points.balance).toBe(50)
    const expired = (await ledgerOf(erin.token)).filter((e) => e.reason === 'expire')
    expect(expired).toEqual([expect.objectContaining({ delta: -80 })])
    const events = await loyalty.stack.one("select count(*) as n from timeline_events where customer_id = ? and type = 'points_expired'", erin.id)
    expect(events).toEqual({ n: 1 })
  })
})
