import { describe, expect, it } from 'vitest'
import { login, request } from '../support/stack'
import { useLoyaltyStack } from './loyalty-stack'

// 2026-03-09 12:00 in Shanghai.
const loyalty = useLoyaltyStack('2026-03-09T04:00:00Z')
const { clock, admin } = loyalty

/** Noon in Shanghai on a date. */
const noonOn = (date: string) => `${date}T04:00:00Z`

async function consumer(who: string) {
  const { token, customer } = await login.consumer(loyalty.stack, who)
  const call = (path: string, init: Parameters<typeof request>[1] = {}) => request(`${loyalty.stack.appUrl}/api/mp${path}`, { token, ...init })
  return { token, id: customer.id as number, call }
}

describe('daily check-in', () => {
  it('awards the first ladder step once a day and shows it on the member card and the ledger', async () => {
    clock.set(noonOn('2026-03-09'))
    const alice = await consumer('alice')
    const first = await alice.call('/checkins', { method: 'POST' })
    expect(first.status).toBe(201)
    expect(first.body).toEqual({ date: '2026-03-09', streak: 1, pointsAwarded: 5, balance: 5 })

    const again = await alice.call('/checkins', { method: 'POST' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_CHECKED_IN')

    const me = await alice.call('/me')
    expect(me.body).toMatchObject({ points: { balance: 5 }, growth: { value: 5, nextLevelAt: 500 }, level: { code: 'V1' } })
    const ledger = await alice.call('/points/ledger')
    expect(ledger.body.items).toEqual([expect.objectContaining({ delta: 5, reason: 'checkin', balanceAfter: 5 })])
    const events = await loyalty.stack.query("select data from timeline_events where customer_id = ? and type = 'checked_in'", alice.id)
    expect(events).toHaveLength(1)
  })

  it('lets exactly one of 200 concurrent check-ins through', async () => {
    clock.set(noonOn('2026-03-09'))
    const bob = await consumer('bob')
    const replies = await Promise.all(Array.from({ length: 200 }, () => bob.call('/checkins', { method: 'POST' })))
    const statuses = replies.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(199)
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'ALREADY_CHECKED_IN')).toBe(true)
    const ledger = await bob.call('/points/ledger')
    expect(ledger.body.items).toHaveLength(1)
    expect((await bob.call('/me')).body.points.balance).toBe(5)
  })

  it('answers a retry with the same idempotency key with the first result', async () => {
    clock.set(noonOn('2026-03-09'))
    const carol = await consumer('carol')
    const headers = { 'idempotency-key': 'checkin-carol-1' }
    const replies = await Promise.all(Array.from({ length: 20 }, () => carol.call('/checkins', { method: 'POST', headers })))
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]))
    expect(replies.every((r) => JSON.stringify(r.body) === JSON.stringify(replies[0]?.body))).toBe(true)
    expect((await carol.call('/me')).body.points.balance).toBe(5)
  })

  it('answers a retry that arrives after midnight with the first check-in, not a second one', async () => {
    const judy = await consumer('judy')
    const headers = { 'idempotency-key': 'checkin-judy-1' }
    clock.set('2026-03-09T15:59:00Z')
    const first = await judy.call('/checkins', { method: 'POST', headers })
    expect(first.body).toEqual({ date: '2026-03-09', streak: 1, pointsAwarded: 5, balance: 5 })
    clock.set('2026-03-09T16:01:00Z')
    const retried = await judy.call('/checkins', { method: 'POST', headers })
    expect(retried.status).toBe(201)
    expect(retried.body).toEqual(first.body)
    expect(await loyalty.stack.query('select date from checkins where customer_id = ?', judy.id)).toEqual([{ date: '2026-03-09' }])
    // The new day's own check-in, with a key of its own, still goes through.
    const today = await judy.call('/checkins', { method: 'POST', headers: { 'idempotency-key': 'checkin-judy-2' } })
    expect(today.body).toEqual({ date: '2026-03-10', streak: 2, pointsAwarded: 5, balance: 10 })
  })

  it('counts 23:59 and 00:01 Shanghai time as two days', async () => {
    const dave = await consumer('dave')
    clock.set('2026-03-09T15:59:00Z')
    const late = await dave.call('/checkins', { method: 'POST' })
    expect(late.body).toMatchObject({ date: '2026-03-09', streak: 1 })
    clock.set('2026-03-09T16:01:00Z')
    const early = await dave.call('/checkins', { method: 'POST' })
    expect(early.status).toBe(201)
    expect(early.body).toEqual({ date: '2026-03-10', streak: 2, pointsAwarded: 5, balance: 10 })
  })

  it('pays the ladder by streak day and starts over on day 8; a missed day resets the streak', async () => {
    const erin = await consumer('erin')
    const awarded: number[] = []
    for (let day = 1; day <= 8; day++) {
      clock.set(noonOn(`2026-04-${String(day).padStart(2, '0')}`))
      awarded.push((await erin.call('/checkins', { method: 'POST' })).body.pointsAwarded)
    }
    expect(awarded).toEqual([5, 5, 10, 10, 15, 15, 30, 5])
    clock.set(noonOn('2026-04-10'))
    expect((await erin.call('/checkins', { method: 'POST' })).body).toMatchObject({ streak: 1, pointsAwarded: 5 })
  })

  it('shows the month calendar with the streak and the next rewards', async () => {
    clock.set(noonOn('2026-04-11'))
    const erin = await consumer('erin')
    const month = await erin.call('/checkins?month=2026-04')
    expect(month.status).toBe(200)
    expect(month.body).toMatchObject({ month: '2026-04', today: '2026-04-11', checkedInToday: false, streak: 1 })
    expect(month.body.days.map((d: { date: string }) => d.date)).toHaveLength(9)
    expect(month.body.nextRewards.slice(0, 3)).toEqual([
      { date: '2026-04-11', streakDay: 2, points: 5 },
      { date: '2026-04-12', streakDay: 3, points: 10 },
      { date: '2026-04-13', streakDay: 4, points: 10 },
    ])
    expect(month.body.makeup.eligibleDates).toEqual(['2026-04-09'])
    const other = await erin.call('/checkins?month=2026-03')
    expect(other.body.days).toEqual([])
  })
})

describe('make-up check-in (补签)', () => {
  it('mends the streak for points, within the window and the monthly cap', async () => {
    const frank = await consumer('frank')
    // Earn enough for make-ups, then check in on the 1st, 2nd, 4th and 5th of May.
    await admin(`/customers/${frank.id}/points`, { body: { delta: 100, reason: '测试补签' } })
    for (const day of ['01', '02', '04', '05']) {
      clock.set(noonOn(`2026-05-${day}`))
      await frank.call('/checkins', { method: 'POST' })
    }
    clock.set(noonOn('2026-05-05'))
    expect((await frank.call('/checkins')).body.streak).toBe(2)
    const before = (await frank.call('/me')).body.points.balance

    const mended = await frank.call('/checkins/makeup', { body: { date: '2026-05-03' } })
    expect(mended.status).toBe(201)
    expect(mended.body).toEqual({ date: '2026-05-03', streak: 5, pointsCost: 20, balance: before - 20, makeupsLeftThisMonth: 1 })
    const ledger = await frank.call('/points/ledger')
    expect(ledger.body.items[0]).toMatchObject({ delta: -20, reason: 'makeup_checkin' })

    const twice = await frank.call('/checkins/makeup', { body: { date: '2026-05-03' } })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('ALREADY_CHECKED_IN')
    const today = await frank.call('/checkins/makeup', { body: { date: '2026-05-05' } })
    expect(today.body.error.code).toBe('MAKEUP_NOT_PAST')

    clock.set(noonOn('2026-05-12'))
    const tooOld = await frank.call('/checkins/makeup', { body: { date: '2026-05-04' } })
    expect(tooOld.status).toBe(409)
    expect(tooOld.body.error.code).toBe('MAKEUP_OUT_OF_WINDOW')
    expect((await frank.call('/checkins/makeup', { body: { date: '2026-05-06' } })).status).toBe(201)
    const third = await frank.call('/checkins/makeup', { body: { date: '2026-05-07' } })
    expect(third.status).toBe(409)
    expect(third.body.error.code).toBe('MAKEUP_LIMIT_REACHED')

    // A new month brings new make-ups.
    clock.set(noonOn('2026-06-02'))
    expect((await frank.call('/checkins/makeup', { body: { date: '2026-05-30' } })).status).toBe(201)
  })

  it('answers a make-up retried with its key once, charging once, also after the month has turned', async () => {
    const kate = await consumer('kate')
    await admin(`/customers/${kate.id}/points`, { body: { delta: 100, reason: '测试补签' } })
    clock.set(noonOn('2026-10-31'))
    const headers = { 'idempotency-key': 'makeup-kate-1' }
    const replies = await Promise.all(Array.from({ length: 10 }, () => kate.call('/checkins/makeup', { body: { date: '2026-10-29' }, headers })))
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]))
    expect(replies.every((r) => JSON.stringify(r.body) === JSON.stringify(replies[0]?.body))).toBe(true)
    expect(replies[0]?.body).toMatchObject({ date: '2026-10-29', pointsCost: 20, balance: 80 })
    clock.set(noonOn('2026-11-01'))
    const nextMonth = await kate.call('/checkins/makeup', { body: { date: '2026-10-29' }, headers })
    expect(nextMonth.status).toBe(201)
    expect(nextMonth.body).toMatchObject({ date: '2026-10-29', pointsCost: 20, balance: 80 })
    expect(await loyalty.stack.query("select count(*) as n from point_ledger where customer_id = ? and reason = 'makeup_checkin'", kate.id)).toEqual([
      { n: 1 },
    ])
  })

  it('refuses a make-up the points cannot pay for, and changes nothing', async () => {
    clock.set(noonOn('2026-07-02'))
    const grace = await consumer('grace')
    const reply = await grace.call('/checkins/makeup', { body: { date: '2026-07-01' } })
    expect(reply.status).toBe(409)
    expect(reply.body.error.code).toBe('INSUFFICIENT_POINTS')
    expect((await grace.call('/checkins?month=2026-07')).body.days).toEqual([])
  })

  it('refuses a date that is not on the calendar, and charges nothing', async () => {
    clock.set(noonOn('2026-12-02'))
    const ivan = await consumer('ivan')
    await admin(`/customers/${ivan.id}/points`, { body: { delta: 100, reason: '测试补签' } })
    // 30 November + 1 would be 1 December, yesterday: well inside the make-up window.
    for (const date of ['2026-11-31', '2026-02-29', '2026-11-00', '2026-13-01']) {
      const reply = await ivan.call('/checkins/makeup', { body: { date } })
      expect(reply.status, date).toBe(400)
      expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    }
    expect((await ivan.call('/me')).body.points.balance).toBe(100)
    expect(await loyalty.stack.query('select date from checkins where customer_id = ?', ivan.id)).toEqual([])
  })

  it('follows the rules the admin configures', async () => {
    const rules = { ladder: [1, 2, 3], makeupCost: 0, makeupWindowDays: 3, makeupMonthlyLimit: 1 }
    const put = await admin('/loyalty/checkin-rules', { method: 'PUT', body: rules })
    expect(put.body).toEqual(rules)
    clock.set(noonOn('2026-08-10'))
    const heidi = await consumer('heidi')
    expect((await heidi.call('/checkins', { method: 'POST' })).body.pointsAwarded).toBe(1)
    expect((await heidi.call('/checkins/makeup', { body: { date: '2026-08-09' } })).body).toMatchObject({ pointsCost: 0, streak: 2 })
    expect((await heidi.call('/checkins/makeup', { body: { date: '2026-08-08' } })).body.error.code).toBe('MAKEUP_LIMIT_REACHED')
    await admin('/loyalty/checkin-rules', {
      method: 'PUT',
      body: { ladder: [5, 5, 10, 10, 15, 15, 30], makeupCost: 20, makeupWindowDays: 7, makeupMonthlyLimit: 2 },
    })
  })
})

describe('a 7-day streak', () => {
  it('marks the tag the admin set for it, once', async () => {
    const tag = await admin('/tags', { body: { groupName: '活跃度', name: '签到达人' } })
    expect(tag.status).toBe(201)
    const rule = await admin('/tag-rules/checkin_streak_7', { method: 'PUT', body: { tagId: tag.body.id, enabled: true } })
    expect(rule.status).toBe(200)
    const ivan = await consumer('ivan')
    for (let day = 1; day <= 8; day++) {
      clock.set(noonOn(`2026-09-${String(day).padStart(2, '0')}`))
      await ivan.call('/checkins', { method: 'POST' })
      const tags = await loyalty.stack.query('select tag_id from customer_tags where customer_id = ?', ivan.id)
      expect(tags, `day ${day}`).toEqual(day >= 7 ? [{ tag_id: tag.body.id }] : [])
    }
  })
})
