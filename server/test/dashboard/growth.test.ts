// The growth funnel, cohorts and levels against counts this test makes itself from the data it generated:
// a few hundred customers through three live codes, with deleted guides, mini-program logins, orders in every
// state and activity, written straight into the tables, then read back through the dashboard's API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COHORT_WEEKS, DEFAULT_LEVELS, PURCHASED_ORDER_STATUSES, levelForGrowth } from '@liuliang/shared'
import { login, manualClock, request, startStack, type Stack } from '../support/stack'

const DAY = 86_400_000
const WEEK = 7 * DAY
const NOW = Date.parse('2026-06-20T04:00:00Z')
const FROM = '2026-05-01'
const TO = '2026-06-19'
// Asia/Shanghai, UTC+8 all year
const RANGE_START = Date.parse('2026-04-30T16:00:00Z')
const RANGE_END = Date.parse('2026-06-19T16:00:00Z')
const businessDay = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10)

/** mulberry32: the same data on every run and both engines. */
function randomFrom(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = randomFrom(20260620)
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T
const between = (from: number, to: number) => Math.floor(from + random() * (to - from))

interface Add { code: number; customer: number; staff: number; at: number }
interface Follow { customer: number; staff: number; firstAt: number; status: 'active' | 'lost'; endedAt: number | null }
interface Order { customer: number; status: string; amountFen: number; paidAt: number | null }
interface Customer { id: number; mpAt: number | null; growth: number; events: { type: string; at: number }[] }

const CODES = [1, 2, 3]
const STAFF = [1, 2, 3, 4]
const customers: Customer[] = []
const adds: Add[] = []
const follows: Follow[] = []
const orders: Order[] = []

for (let id = 1; id <= 240; id++) {
  const firstAt = between(RANGE_START - 10 * DAY, NOW - 3600_000)
  const customer: Customer = { id, mpAt: random() < 0.6 ? between(firstAt - 20 * DAY, NOW) : null, growth: pick([0, 120, 600, 2500, 7000, 12000]), events: [] }
  customers.push(customer)
  const staffUsed = new Set<number>()
  // Most come through one code; some add a second guide through another code, a few days later.
  const times = random() < 0.2 ? 2 : 1
  for (let i = 0; i < times; i++) {
    const staff = pick(STAFF.filter((s) => !staffUsed.has(s)))
    staffUsed.add(staff)
    const at = i === 0 ? firstAt : Math.min(NOW - 60_000, firstAt + between(DAY, 10 * DAY))
    adds.push({ code: pick(CODES), customer: id, staff, at })
    const endedAt = random() < 0.35 ? at + between(3600_000, 45 * DAY) : null
    follows.push(endedAt !== null && endedAt < NOW ? { customer: id, staff, firstAt: at, status: 'lost', endedAt } : { customer: id, staff, firstAt: at, status: 'active', endedAt: null })
  }
  if (customer.mpAt !== null) {
    for (let n = between(0, 4); n > 0; n--) {
      const status = pick(['paid', 'shipped', 'completed', 'refunded', 'refunding', 'pending_payment', 'cancelled'])
      const paidAt = status === 'pending_payment' || status === 'cancelled' ? null : between(firstAt - 5 * DAY, NOW)
      orders.push({ customer: id, status, amountFen: between(100, 50_000), paidAt })
    }
  }
  for (let n = between(0, 6); n > 0; n--) customer.events.push({ type: pick(['checked_in', 'lottery_drawn', 'order_paid', 'wecom_added', 'tags_changed']), at: between(firstAt, NOW) })
}

const ACTIVE = new Set(['checked_in', 'lottery_drawn', 'order_paid'])

let stack: Stack
let token: string
beforeAll(async () => {
  const clock = manualClock(new Date(NOW).toISOString())
  stack = await startStack({}, { now: clock.now })
  token = (await login.admin(stack)).token
  const q = (text: string, ...params: unknown[]) => stack.query(text, ...params)
  for (const id of STAFF) await q('insert into staff (id, user_id, name) values (?, ?, ?)', 1000 + id, `growth_guide_${id}`, `导购${id}`)
  for (const id of CODES) {
    await q(
      'insert into live_codes (id, name, state, config_id, allocation, pushed_config, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
      1000 + id, `渠道${id}`, `growth${id}`, `cfg-growth-${id}`, 'round_robin', JSON.stringify({ remark: '', skip_verify: true, user: [] }), NOW,
    )
  }
  for (const c of customers) {
    await q('insert into customers (id, external_user_id, name, mp_registered_at, updated_at) values (?, ?, ?, ?, ?)', 1000 + c.id, `wm-growth-${c.id}`, `客户${c.id}`, c.mpAt, NOW)
    if (c.mpAt !== null) await q('insert into point_accounts (customer_id, balance, earned_total) values (?, 0, ?)', 1000 + c.id, c.growth)
    for (const e of c.events) await q('insert into timeline_events (customer_id, type, occurred_at) values (?, ?, ?)', 1000 + c.id, e.type, e.at)
  }
  for (const f of follows) {
    await q(
      'insert into customer_follows (customer_id, staff_id, status, first_added_at, last_added_at, ended_at) values (?, ?, ?, ?, ?, ?)',
      1000 + f.customer, 1000 + f.staff, f.status, f.firstAt, f.firstAt, f.endedAt,
    )
  }
  for (const a of adds) {
    await q('insert into live_code_adds (live_code_id, customer_id, staff_id, business_day, added_at) values (?, ?, ?, ?, ?)', 1000 + a.code, 1000 + a.customer, 1000 + a.staff, businessDay(a.at), a.at)
  }
  for (const o of orders) {
    await q('insert into orders (customer_id, kind, status, amount_fen, pay_deadline, paid_at, created_at) values (?, ?, ?, ?, ?, ?, ?)', 1000 + o.customer, 'normal', o.status, o.amountFen, NOW, o.paidAt, NOW)
  }
}, 120_000)
afterAll(() => stack?.close())

const growth = async (from = FROM, to = TO) => {
  const reply = await request(`${stack.appUrl}/api/admin/dashboard/growth?from=${from}&to=${to}`, { token })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body
}

describe('growth funnel', () => {
  it('counts each channel’s stages and money as the generated data says', async () => {
    const inRange = adds.filter((a) => a.at >= RANGE_START && a.at < RANGE_END)
    const expected = CODES.map((code) => {
      const firstAdd = new Map<number, number>()
      for (const a of inRange.filter((a) => a.code === code)) firstAdd.set(a.customer, Math.min(firstAdd.get(a.customer) ?? Infinity, a.at))
      const stages = [...firstAdd].map(([customer, at]) => {
        const guides = new Set(adds.filter((a) => a.code === code && a.customer === customer).map((a) => a.staff))
        const lostAt = follows
          .filter((f) => f.customer === customer && guides.has(f.staff) && f.status === 'lost')
          .reduce((min, f) => Math.min(min, f.endedAt as number), Infinity)
        const bought = orders.filter((o) => o.customer === customer && (PURCHASED_ORDER_STATUSES as readonly string[]).includes(o.status) && (o.paidAt as number) >= at)
        return { at, lostAt, mp: customers[customer - 1]!.mpAt !== null, bought }
      })
      const stayed = (days: number) => stages.filter((s) => s.at + days * DAY <= NOW && s.lostAt >= s.at + days * DAY).length
      return {
        liveCodeId: 1000 + code,
        name: `渠道${code}`,
        added: stages.length,
        eligible7: stages.filter((s) => s.at + 7 * DAY <= NOW).length,
        stayed7: stayed(7),
        eligible30: stages.filter((s) => s.at + 30 * DAY <= NOW).length,
        stayed30: stayed(30),
        usedMiniProgram: stages.filter((s) => s.mp).length,
        firstPurchase: stages.filter((s) => s.bought.length >= 1).length,
        repeatPurchase: stages.filter((s) => s.bought.length >= 2).length,
        revenueFen: stages.reduce((sum, s) => sum + s.bought.reduce((total, o) => total + o.amountFen, 0), 0),
      }
    })
    const { funnel } = await growth()
    expect([...funnel].sort((a, b) => a.liveCodeId - b.liveCodeId)).toEqual(expected)
    // The data reaches every stage, so the comparison means something.
    for (const channel of expected) expect(channel.repeatPurchase * channel.stayed30).toBeGreaterThan(0)
    expect(expected.some((channel) => channel.stayed7 < channel.eligible7)).toBe(true)
  })

  it('follows weekly cohorts: still a friend at each week’s end and active in it', async () => {
    const firstAt = new Map<number, number>()
    for (const f of follows) firstAt.set(f.customer, Math.min(firstAt.get(f.customer) ?? Infinity, f.firstAt))
    const weeks = Math.ceil((RANGE_END - RANGE_START) / WEEK)
    const expected = Array.from({ length: weeks }, (_, w) => {
      const members = [...firstAt].filter(([, at]) => at >= RANGE_START && at < RANGE_END && Math.floor((at - RANGE_START) / WEEK) === w).map(([id]) => id)
      return {
        week: businessDay(RANGE_START + w * WEEK),
        customers: members.length,
        retained: Array.from({ length: COHORT_WEEKS }, (_, k) => {
          const start = RANGE_START + (w + k) * WEEK
          if (start > NOW) return null
          const end = start + WEEK
          const judged = Math.min(end, NOW)
          return members.filter(
            (id) =>
              follows.some((f) => f.customer === id && f.firstAt < judged && (f.endedAt === null || f.endedAt >= judged)) &&
              customers[id - 1]!.events.some((e) => ACTIVE.has(e.type) && e.at >= start && e.at < end),
          ).length
        }),
      }
    })
    const { cohorts } = await growth()
    expect(cohorts).toEqual(expected)
    expect(expected.flatMap((c) => c.retained).some((n) => (n ?? 0) > 0)).toBe(true)
  })

  it('counts mini-program members by level', async () => {
    const members = customers.filter((c) => c.mpAt !== null)
    const expected = DEFAULT_LEVELS.map((level) => ({
      code: level.code,
      name: level.name,
      customers: members.filter((c) => levelForGrowth(c.growth).level.code === level.code).length,
    }))
    expect((await growth()).levels).toEqual(expected)
  })

  it('refuses reversed and over-long ranges', async () => {
    for (const [from, to, code] of [['2026-06-10', '2026-06-01', 'INVALID_RANGE'], ['2024-01-01', '2026-01-01', 'RANGE_TOO_LONG']]) {
      const reply = await request(`${stack.appUrl}/api/admin/dashboard/growth?from=${from}&to=${to}`, { token })
      expect(reply.status).toBe(400)
      expect(reply.body.error.code).toBe(code)
    }
  })
})
