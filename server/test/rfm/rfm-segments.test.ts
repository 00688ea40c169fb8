// RFM segments against an independent computation: customers and orders generated straight into the
// database (every order status, boundaries of the window and of recency), the daily run on the
// server's clock, the model below written from the product owner's table, not from the server's SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AudienceFilter, RfmSegment, RfmSettings } from '@liuliang/shared'
import { CUSTOMERS_PER_STEP } from '../../src/customers/customer-steps'
import { adminOf, type AdminCall } from '../support/activities'
import { manualClock, startStack, type Stack } from '../support/stack'

const DAY = 86_400_000
const STATUSES = ['paid', 'completed', 'refunded', 'refunding', 'cancelled', 'pending_payment'] as const
type Status = (typeof STATUSES)[number]

interface GeneratedOrder {
  customerId: number
  status: Status
  amountFen: number
  paidAt: number | null
}

/** The product owner's table: (R, F, M) high = 1. */
const NAMES: Record<string, string> = {
  '111': '重要价值客户',
  '101': '重要发展客户',
  '011': '重要保持客户',
  '001': '重要挽留客户',
  '110': '一般价值客户',
  '100': '一般发展客户',
  '010': '一般保持客户',
  '000': '一般挽留客户',
}
const CODES: Record<string, RfmSegment> = {
  重要价值客户: 'important_value',
  重要发展客户: 'important_develop',
  重要保持客户: 'important_keep',
  重要挽留客户: 'important_retain',
  一般价值客户: 'general_value',
  一般发展客户: 'general_develop',
  一般保持客户: 'general_keep',
  一般挽留客户: 'general_retain',
}

/** Each customer's segment name, or null for one with no paid, unrefunded order. */
function model(orders: GeneratedOrder[], customerIds: number[], rules: RfmSettings, at: number): Map<number, string | null> {
  const result = new Map<number, string | null>()
  for (const id of customerIds) {
    const bought = orders.filter((o) => o.customerId === id && (o.status === 'paid' || o.status === 'completed'))
    if (bought.length === 0) {
      result.set(id, null)
      continue
    }
    const last = Math.max(...bought.map((o) => o.paidAt as number))
    const inWindow = bought.filter((o) => (o.paidAt as number) >= at - rules.windowDays * DAY)
    const spend = inWindow.reduce((sum, o) => sum + o.amountFen, 0)
    const m = rules.monetaryMode === 'total' ? spend : inWindow.length === 0 ? 0 : Math.floor(spend / inWindow.length)
    const r = Math.floor((at - last) / DAY) <= rules.recencyDays
    const f = inWindow.length >= rules.frequencyOrders
    const key = `${r ? 1 : 0}${f ? 1 : 0}${m >= rules.monetaryFen ? 1 : 0}`
    result.set(id, NAMES[key] as string)
  }
  return result
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const clock = manualClock('2026-09-15T04:00:00.000Z')
let stack: Stack
let admin: AdminCall
const customerIds: number[] = []
const generated: GeneratedOrder[] = []
const NAMES_BY_CODE = Object.fromEntries(Object.entries(CODES).map(([name, code]) => [code, name]))

async function addCustomer(name: string): Promise<number> {
  const at = clock.now().getTime()
  const [row] = await stack.query<{ id: number }>('insert into customers (name, created_at, updated_at) values (?, ?, ?) returning id', name, at, at)
  return Number(row!.id)
}

/** Leaves `n` customer ids unused (customers added and deleted), so the customers after them fall in a later step of a run. */
async function skipCustomerIds(n: number) {
  const at = clock.now().getTime()
  await stack.query(
    `with recursive k(i) as (select 1 union all select i + 1 from k where i < ${n})
     insert into customers (name, created_at, updated_at) select 'gone', ?, ? from k`,
    at,
    at,
  )
  await stack.query("delete from customers where name = 'gone'")
}

async function addOrder(order: GeneratedOrder) {
  const created = order.paidAt ?? clock.now().getTime() - 5 * DAY
  await stack.query(
    'insert into orders (customer_id, kind, status, amount_fen, pay_deadline, paid_at, created_at) values (?, ?, ?, ?, ?, ?, ?)',
    order.customerId,
    'normal',
    order.status,
    order.amountFen,
    created + 15 * 60_000,
    order.paidAt,
    created,
  )
  generated.push(order)
}

/** Every customer's segment name as the server has it now (null: 未消费). */
async function segments(): Promise<Map<number, string | null>> {
  const rows = await stack.query<{ customer_id: number; segment: RfmSegment | null }>('select customer_id, segment from customer_rfm')
  const found = new Map(rows.map((row) => [Number(row.customer_id), row.segment]))
  return new Map(customerIds.map((id) => [id, found.get(id) ? (NAMES_BY_CODE[found.get(id) as string] as string) : null]))
}

const count = async (filter: AudienceFilter) => {
  const reply = await admin('/audiences/count', { body: { filter } })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body.count as number
}

const settings = (rules: RfmSettings) => admin('/rfm/settings', { method: 'PUT', body: rules })

/** How many customers went from one segment name to another between two days' segments. */
function movesBetween(before: Map<number, string | null>, after: Map<number, string | null>): Map<string, number> {
  const moves = new Map<string, number>()
  for (const id of customerIds) {
    const from = before.get(id) ?? null
    const to = after.get(id) ?? null
    if (from === to) continue
    moves.set(`${from}->${to}`, (moves.get(`${from}->${to}`) ?? 0) + 1)
  }
  return moves
}

/** A summary day's moves, by segment name. */
const movesOf = (day: { moves: { from: RfmSegment | null; to: RfmSegment | null; customers: number }[] }) =>
  new Map(day.moves.map((move) => [`${move.from ? NAMES_BY_CODE[move.from] : null}->${move.to ? NAMES_BY_CODE[move.to] : null}`, move.customers]))

beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
  admin = await adminOf(stack)
  const next = random(20260915)
  const now = clock.now().getTime()
  for (let i = 0; i < 160; i++) {
    // The customers span several of a run's steps, with empty steps between.
    if (i % 40 === 39) await skipCustomerIds(CUSTOMERS_PER_STEP * 1.5)
    const id = await addCustomer(`rfm${i}`)
    customerIds.push(id)
    // Some never order; the others get up to six orders over the last 500 days, in every status.
    const orders = i % 7 === 0 ? 0 : 1 + Math.floor(next() * 6)
    for (let k = 0; k < orders; k++) {
      const status = STATUSES[Math.floor(next() * (next() < 0.6 ? 2 : STATUSES.length))] as Status
      const paid = status !== 'cancelled' && status !== 'pending_payment'
      await addOrder({ customerId: id, status, amountFen: 100 + Math.floor(next() * 80_000), paidAt: paid ? now - Math.floor(next() * 500 * DAY) : null })
    }
  }
  // The edges: exactly at the window's start (inside), the last moment of a recency day (still recent), and a day past it.
  const edge = async (name: string, daysAgo: number, extraMs: number) => {
    const id = await addCustomer(name)
    customerIds.push(id)
    await addOrder({ customerId: id, status: 'paid', amountFen: 60_000, paidAt: now - daysAgo * DAY - extraMs })
  }
  await edge('edge-window', 180, 0)
  await edge('edge-recent', 30, DAY - 1)
  await edge('edge-stale', 31, 0)
})
afterAll(() => stack?.close())

describe('RFM scores against an independent computation', () => {
  const cases: RfmSettings[] = [
    { windowDays: 180, recencyDays: 30, frequencyOrders: 2, monetaryFen: 60_000, monetaryMode: 'total' },
    { windowDays: 365, recencyDays: 90, frequencyOrders: 3, monetaryFen: 30_000, monetaryMode: 'average' },
    { windowDays: 30, recencyDays: 7, frequencyOrders: 1, monetaryFen: 1, monetaryMode: 'total' },
  ]
  for (const rules of cases) {
    it(`scores every customer as the model does (${rules.windowDays} days, M ${rules.monetaryMode})`, async () => {
      const saved = await settings(rules)
      expect(saved.status, JSON.stringify(saved.body)).toBe(200)
      const expected = model(generated, customerIds, rules, clock.now().getTime())
      expect(Object.fromEntries(await segments())).toEqual(Object.fromEntries(expected))
      // Every segment is represented, and counted by the audience filter as the model counts it.
      const names = [...expected.values()]
      for (const [name, code] of Object.entries(CODES)) {
        expect(await count({ rfmSegments: [code] }), name).toBe(names.filter((n) => n === name).length)
      }
      expect(await count({ rfmSegments: ['important_retain', 'general_retain'] })).toBe(
        names.filter((n) => n === '重要挽留客户' || n === '一般挽留客户').length,
      )
      // Segments with more of the filter: read off their index, then met with the customers for the rest.
      const nameOf = new Map((await stack.query<{ id: number; name: string }>('select id, name from customers')).map((row) => [Number(row.id), row.name]))
      const retainedRfm1 = [...expected].filter(([id, name]) => name === '一般挽留客户' && nameOf.get(id)?.includes('rfm1')).length
      expect(await count({ rfmSegments: ['general_retain'], nameContains: 'rfm1' })).toBe(retainedRfm1)
      const summary = await admin('/rfm/summary?from=2026-09-15&to=2026-09-15')
      expect(summary.body.current).toContainEqual({ segment: null, customers: names.filter((n) => n === null).length })
      // Segments were just recomputed with the saved settings, at the clock's time.
      expect(summary.body.lastComputedAt).toBe(clock.now().toISOString())
    })
  }

  it('holds the edges: the window includes its first instant, recency counts whole days', async () => {
    await settings({ windowDays: 180, recencyDays: 30, frequencyOrders: 1, monetaryFen: 60_000, monetaryMode: 'total' })
    const byName = async (name: string) =>
      (await stack.one<{ segment: string }>('select r.segment from customer_rfm r join customers c on c.id = r.customer_id where c.name = ?', name)).segment
    expect(await byName('edge-window')).toBe('important_keep')
    expect(await byName('edge-recent')).toBe('important_value')
    expect(await byName('edge-stale')).toBe('important_keep')
  })

  it('suggests thresholds at the buyers\' medians', async () => {
    const reply = await admin('/rfm/suggestion?windowDays=365&monetaryMode=total')
    expect(reply.status).toBe(200)
    const now = clock.now().getTime()
    const buyers = customerIds.filter((id) => generated.some((o) => o.customerId === id && (o.status === 'paid' || o.status === 'completed')))
    const middle = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b)
      const half = sorted.length / 2
      return sorted.length % 2 ? (sorted[Math.floor(half)] as number) : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2
    }
    const bought = (id: number) => generated.filter((o) => o.customerId === id && (o.status === 'paid' || o.status === 'completed'))
    const inWindow = (id: number) => bought(id).filter((o) => (o.paidAt as number) >= now - 365 * DAY)
    const medians = {
      recencyDays: middle(buyers.map((id) => Math.floor((now - Math.max(...bought(id).map((o) => o.paidAt as number))) / DAY))),
      orders: middle(buyers.map((id) => inWindow(id).length)),
      monetaryFen: middle(buyers.map((id) => inWindow(id).reduce((sum, o) => sum + o.amountFen, 0))),
    }
    expect(reply.body).toEqual({
      windowDays: 365,
      monetaryMode: 'total',
      buyers: buyers.length,
      medians,
      suggested: { recencyDays: Math.round(medians.recencyDays), frequencyOrders: Math.floor(medians.orders) + 1, monetaryFen: Math.round(medians.monetaryFen) },
    })
  })

  it('refuses nonsensical thresholds with the reason, and keeps the saved ones', async () => {
    const before = (await admin('/rfm/settings')).body
    const beyond = await settings({ windowDays: 30, recencyDays: 60, frequencyOrders: 1, monetaryFen: 100, monetaryMode: 'total' })
    expect(beyond.status).toBe(400)
    expect(beyond.body.error).toMatchObject({ code: 'INVALID_RFM_THRESHOLDS', message: expect.stringContaining('统计周期') })
    for (const body of [
      { ...before, monetaryFen: 0 },
      { ...before, frequencyOrders: 0 },
      { ...before, monetaryMode: 'median' },
      { ...before, windowDays: 5000 },
    ]) {
      const reply = await settings(body)
      expect(reply.status, JSON.stringify(body)).toBe(400)
    }
    expect((await admin('/rfm/settings')).body).toEqual(before)
    expect((await admin('/rfm/summary?from=2026-09-15&to=2026-09-01')).status).toBe(400)
  })
})

describe('the daily run', () => {
  it('runs once per business day on the server clock, and charts sizes and moves between days', async () => {
    const rules: RfmSettings = { windowDays: 180, recencyDays: 30, frequencyOrders: 2, monetaryFen: 60_000, monetaryMode: 'total' }
    await settings(rules)
    const runsOn = async (date: string) => (await stack.query('select date from rfm_runs where date = ?', date)).length
    // Today's run was planned at start and has run (by a tick or here); running again does nothing more.
    await stack.app.scheduler.runDue()
    expect(await runsOn('2026-09-15')).toBe(1)
    const first = await admin('/rfm/recompute', { method: 'POST' })
    expect(first.status).toBe(200)
    expect(first.body.date).toBe('2026-09-15')
    const day1 = model(generated, customerIds, rules, clock.now().getTime())

    // Nothing is due until 04:00 of the next business day in Shanghai (20:00 UTC).
    clock.set('2026-09-15T19:59:00.000Z')
    await stack.app.scheduler.runDue()
    expect(await runsOn('2026-09-16')).toBe(0)
    clock.set('2026-09-25T20:30:00.000Z')
    await stack.app.scheduler.runDue()
    expect(await runsOn('2026-09-26')).toBe(1)
    // In steps of a few thousand customers, each its own job, and after them one that records the day's moves.
    const steps = (await stack.app.scheduler.jobsOf('rfm-step')).filter((job) => job.key.startsWith('2026-09-26:'))
    expect(steps.length).toBeGreaterThan(3)
    expect(steps.every((job) => job.status === 'done')).toBe(true)
    expect(steps.at(-1)?.key).toBe('2026-09-26:finish')
    const jobs = await stack.app.scheduler.jobsOf('rfm-daily')
    expect(jobs.filter((job) => job.status === 'pending').map((job) => job.key)).toEqual(['2026-09-27'])

    // Ten days on, customers have drifted: the moves are the model's, from one run's day to the next.
    const day2 = model(generated, customerIds, rules, clock.now().getTime())
    expect(Object.fromEntries(await segments())).toEqual(Object.fromEntries(day2))
    const expectedMoves = movesBetween(day1, day2)
    expect(expectedMoves.size).toBeGreaterThan(0)
    const summary = (await admin('/rfm/summary?from=2026-09-01&to=2026-09-30')).body
    expect(summary.days.map((day: { date: string }) => day.date)).toEqual(['2026-09-15', '2026-09-26'])
    const day = summary.days[1]
    expect(Object.fromEntries(movesOf(day))).toEqual(Object.fromEntries(expectedMoves))
    const sizes = Object.fromEntries(day.sizes.map((size: { segment: RfmSegment; customers: number }) => [NAMES_BY_CODE[size.segment], size.customers]))
    const expectedSizes: Record<string, number> = {}
    for (const name of day2.values()) if (name) expectedSizes[name] = (expectedSizes[name] ?? 0) + 1
    expect(sizes).toEqual(expectedSizes)

    // A second run the same day starts again from the previous run's day: the same moves.
    await admin('/rfm/recompute', { method: 'POST' })
    const again = (await admin('/rfm/summary?from=2026-09-26&to=2026-09-26')).body.days[0]
    expect(again.moves).toEqual(day.moves)
  })

  it('writes what moved behind its back: a buyer left with no purchase, a first purchase, a changed figure', async () => {
    const rules: RfmSettings = { windowDays: 180, recencyDays: 30, frequencyOrders: 2, monetaryFen: 60_000, monetaryMode: 'total' }
    const before = await segments()
    const lost = customerIds.find((id) => before.get(id) !== null) as number
    const first = customerIds.find((id) => before.get(id) === null) as number
    // Straight in the database, as no order hook would: the run alone must notice.
    await stack.query("update orders set status = 'refunded' where customer_id = ?", lost)
    for (const order of generated) if (order.customerId === lost) order.status = 'refunded'
    for (const customerId of [first, customerIds.find((id) => id !== lost && before.get(id) !== null) as number]) {
      await addOrder({ customerId, status: 'paid', amountFen: 70_000, paidAt: clock.now().getTime() - DAY })
    }
    expect((await admin('/rfm/recompute', { method: 'POST' })).status).toBe(200)
    const after = await segments()
    expect(after.get(lost)).toBeNull()
    expect(after.get(first)).not.toBeNull()
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(model(generated, customerIds, rules, clock.now().getTime())))
  })
  it("keeps the day's moves when an admin runs it while the daily run is under way", async () => {
    const rules: RfmSettings = { windowDays: 180, recencyDays: 30, frequencyOrders: 2, monetaryFen: 60_000, monetaryMode: 'total' }
    const before = model(generated, customerIds, rules, clock.now().getTime())
    // Ten days on, the daily run starts and has done two of its steps when the admin's run begins.
    clock.set('2026-10-05T20:30:00.000Z')
    const stepsOfTheDay = async () => (await stack.app.scheduler.jobsOf('rfm-step')).filter((job) => job.key.startsWith('2026-10-06:'))
    while ((await stepsOfTheDay()).filter((job) => job.status === 'done').length < 2) expect(await stack.app.scheduler.runDue(1)).toBe(1)
    expect((await stepsOfTheDay()).some((job) => job.status === 'pending')).toBe(true)
    const now = model(generated, customerIds, rules, clock.now().getTime())
    const expected = movesBetween(before, now)
    expect(expected.size).toBeGreaterThan(0)

    expect((await admin('/rfm/recompute', { method: 'POST' })).status).toBe(200)
    const byTheAdmin = (await admin('/rfm/summary?from=2026-10-06&to=2026-10-06')).body.days[0]
    expect(Object.fromEntries(movesOf(byTheAdmin))).toEqual(Object.fromEntries(expected))
    // The daily run then finishes its steps, and counts the same moves.
    await stack.app.scheduler.runDue()
    expect((await stepsOfTheDay()).every((job) => job.status === 'done')).toBe(true)
    const daily = (await admin('/rfm/summary?from=2026-10-06&to=2026-10-06')).body.days[0]
    expect(Object.fromEntries(movesOf(daily))).toEqual(Object.fromEntries(expected))
    expect(Object.fromEntries(await segments())).toEqual(Object.fromEntries(now))
  })
})
