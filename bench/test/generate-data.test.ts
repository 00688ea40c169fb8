// The bench database must be data the product could have written itself: its books balance, its
// limits hold, and the real server carries on from it (a streak continues, a script is found).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, businessDate, DEFAULT_CHECKIN_SETTINGS, rewardForStreak } from '@liuliang/shared'
import { planLotteries } from '../src/dataset/catalog'
import { generateBenchData } from '../src/dataset/generate'
import { login, request, startStack, type Stack } from '../../server/test/support/stack'

const CUSTOMERS = 2000
// Noon in Shanghai; the history ends here and the server's clock starts a minute later.
const UNTIL = Date.parse('2026-06-15T04:00:00Z')
const TIME_ZONE = 'Asia/Shanghai'

let dir: string
let path: string
let db: Database.Database
const rows = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[]
const value = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liuliang-bench-data-'))
  path = join(dir, 'bench.db')
  await generateBenchData({ path, customers: CUSTOMERS, until: UNTIL, timeZone: TIME_ZONE, appId: 'wx0000000000demo01' })
  db = new Database(path, { readonly: true })
})

afterAll(() => {
  db?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the generated bench database', () => {
  it('has every kind of activity, and every foreign key points at a row', () => {
    for (const table of ['orders', 'order_items', 'payments', 'refunds', 'checkins', 'lottery_draws', 'groupbuy_members', 'commissions', 'withdrawals', 'follow_ups', 'script_sends']) {
      expect(value(`select count(*) from ${table}`), table).toBeGreaterThan(0)
    }
    expect(rows('select * from pragma_foreign_key_check')).toEqual([])
    expect(value('select count(*) from timeline_events where occurred_at > ?', UNTIL)).toBe(0)
  })

  it('keeps each balance equal to its ledger, its unexpired lots and the running balance of every entry', () => {
    expect(value('select count(*) from point_accounts a where balance != (select sum(delta) from point_ledger l where l.customer_id = a.customer_id)')).toBe(0)
    expect(value('select count(*) from point_accounts a where balance != (select sum(remaining) from point_lots l where l.customer_id = a.customer_id)')).toBe(0)
    expect(
      value(`select count(*) from (select balance_after, sum(delta) over (partition by customer_id order by id) as running from point_ledger) where running != balance_after or running < 0`),
    ).toBe(0)
    expect(
      value(`select count(*) from point_accounts a where earned_total != (select coalesce(sum(delta), 0) from point_ledger l
             where l.customer_id = a.customer_id and reason in ('checkin', 'lottery_prize', 'order_reward'))`),
    ).toBe(0)
    expect(value('select count(*) from point_lots where expires_at <= ? and remaining > 0', UNTIL)).toBe(0)
    expect(value("select count(*) from point_ledger where reason = 'expire'")).toBeGreaterThan(0)
  })

  it('has one check-in per customer per day, a reward for each by its streak, and at most two make-ups a month', () => {
    expect(value('select count(*) from (select customer_id, date from checkins group by 1, 2 having count(*) > 1)')).toBe(0)
    const ladder = DEFAULT_CHECKIN_SETTINGS.ladder
    const regular = rows<{ streak: number; points: number }>("select streak, points_awarded as points from checkins where kind = 'regular'")
    expect(regular.every((row) => row.points === rewardForStreak(row.streak, ladder))).toBe(true)
    expect(value("select max(n) from (select count(*) as n from checkins where kind = 'makeup' group by customer_id, makeup_month)")).toBeLessThanOrEqual(
      DEFAULT_CHECKIN_SETTINGS.makeupMonthlyLimit,
    )
    expect(value("select count(*) from checkins c where not exists (select 1 from timeline_events e where e.customer_id = c.customer_id and e.type in ('checked_in', 'makeup_checked_in') and json_extract(e.data, '$.date') = c.date)")).toBe(0)
  })

  it('leaves each prize with what was stocked less what was won, and a timeline entry per draw', () => {
    const planned = planLotteries(UNTIL - 730 * 86_400_000, UNTIL, CUSTOMERS).flatMap((lottery) => lottery.prizes)
    for (const prize of planned) {
      const left = value('select stock from lottery_prizes where id = ?', prize.id)
      const won = value('select count(*) from lottery_draws where prize_id = ? and won = 1', prize.id)
      expect(left + won, prize.name).toBe(prize.stock)
    }
    expect(value('select count(*) from lottery_draws')).toBe(value("select count(*) from timeline_events where type = 'lottery_drawn'"))
    expect(value('select count(*) from lottery_draws d join lotteries l on l.id = d.lottery_id where d.seq > l.max_draws_per_user or (d.free = 0) != (d.day_seq > l.free_draws_per_day)')).toBe(0)
  })

  it('fills groups to N at most, succeeds them at exactly N, and refunds the members of failed ones', () => {
    expect(value('select count(*) from groupbuy_groups g where paid_count != (select count(*) from groupbuy_members m where m.group_id = g.id)')).toBe(0)
    expect(value("select count(*) from groupbuy_groups where paid_count > size or (status = 'succeeded' and paid_count != size)")).toBe(0)
    expect(
      value(`select count(*) from groupbuy_members m join groupbuy_groups g on g.id = m.group_id join orders o on o.id = m.order_id
             where (g.status = 'failed') != (o.status = 'refunded' and m.status = 'refunded')`),
    ).toBe(0)
    expect(value("select count(*) from groupbuy_groups where status = 'open' and deadline <= ?", UNTIL)).toBe(0)
  })

  it('prices orders from their items, with a payment for each paid one and a refund for each refunded one', () => {
    expect(value('select count(*) from orders o where amount_fen != (select sum(price_fen * quantity) from order_items i where i.order_id = o.id)')).toBe(0)
    expect(
      value(`select count(*) from orders o where (o.status in ('paid', 'completed', 'refunded')) !=
             exists (select 1 from payments p where p.id = o.paid_payment_id and p.order_id = o.id and p.status = 'succeeded' and p.amount_fen = o.amount_fen)`),
    ).toBe(0)
    expect(value("select count(*) from orders o where (o.status = 'refunded') != exists (select 1 from refunds r where r.order_id = o.id and r.status = 'succeeded')")).toBe(0)
    expect(value("select count(*) from orders where status = 'completed' and points_awarded != (select coalesce(sum(delta), 0) from point_ledger where idempotency_key = 'order:' || orders.id || ':reward')")).toBe(0)
  })

  it('keeps distributor accounts equal to their commissions and withdrawals', () => {
    expect(value("select count(*) from distributor_accounts a where frozen_fen != (select coalesce(sum(amount_fen), 0) from commissions c where c.distributor_id = a.distributor_id and c.status = 'frozen')")).toBe(0)
    expect(value("select count(*) from distributor_accounts a where settled_fen != (select coalesce(sum(amount_fen), 0) from commissions c where c.distributor_id = a.distributor_id and c.status = 'settled')")).toBe(0)
    expect(
      value(`select count(*) from distributor_accounts a where withdrawn_fen != (select coalesce(sum(amount_fen), 0) from withdrawals w where w.distributor_id = a.distributor_id and w.status = 'paid')
             or pending_withdrawal_fen != (select coalesce(sum(amount_fen), 0) from withdrawals w where w.distributor_id = a.distributor_id and w.status = 'pending')
             or withdrawable_fen != settled_fen - withdrawn_fen - pending_withdrawal_fen or withdrawable_fen < 0`),
    ).toBe(0)
    expect(value("select count(*) from commissions c join orders o on o.id = c.order_id where (c.status = 'reversed') != (o.status = 'refunded')")).toBe(0)
  })

  it('counts each script send once in its script, and indexes every script for search', () => {
    expect(value('select count(*) from scripts s where usage_count != (select count(*) from script_sends x where x.script_id = s.id)')).toBe(0)
    expect(value('select count(*) from scripts_fts')).toBe(value('select count(*) from scripts'))
  })
})

describe('the real server on the generated database', () => {
  let stack: Stack
  let copy: string
  const now = new Date(UNTIL + 60_000)
  const today = businessDate(now, TIME_ZONE)

  beforeAll(async () => {
    copy = join(dir, 'served.db')
    await db.backup(copy)
    stack = await startStack({ DATABASE_PATH: copy }, { now: () => now })
  })
  afterAll(async () => {
    await stack?.close()
  })

  it("finds a generated script by its title through the sidebar's search", async () => {
    const script = db.prepare('select id, title from scripts where id = 1234').get() as { id: number; title: string }
    const { token } = await login.staff(stack, 'bench_g1')
    const reply = await request(`${stack.appUrl}/api/sidebar/scripts?q=${encodeURIComponent(script.title)}`, { token })
    expect(reply.status).toBe(200)
    expect(reply.body.items.map((item: { id: number }) => item.id)).toContain(script.id)
  })

  it('serves every generated script through the search, each matching the response schema', async () => {
    const { token } = await login.staff(stack, 'bench_g1')
    const seen = new Set<number>()
    let cursor: string | null = ''
    while (cursor !== null) {
      const reply: { status: number; body: { items: { id: number }[]; nextCursor: string | null } } = await request(`${stack.appUrl}/api/sidebar/scripts?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token })
      expect(reply.status).toBe(200)
      for (const item of reply.body.items) seen.add(item.id)
      cursor = reply.body.nextCursor
    }
    expect(seen.size).toBe(value('select count(*) from scripts'))
  })

  it("continues a customer's streak from yesterday and adds the reward to their balance", async () => {
    const yesterday = addDays(today, -1)
    const customer = db
      .prepare(`select c.customer_id as id, c.streak from checkins c where c.date = ? and c.kind = 'regular'
                and not exists (select 1 from checkins t where t.customer_id = c.customer_id and t.date = ?) limit 1`)
      .get(yesterday, today) as { id: number; streak: number }
    let streak = 0
    while (db.prepare('select 1 from checkins where customer_id = ? and date = ?').get(customer.id, addDays(yesterday, -streak))) streak++
    const balance = value('select balance from point_accounts where customer_id = ?', customer.id)
    const { token } = await login.consumer(stack, `bench${customer.id}`)
    const reply = await request(`${stack.appUrl}/api/mp/checkins`, { method: 'POST', token })
    const reward = rewardForStreak(streak + 1, DEFAULT_CHECKIN_SETTINGS.ladder)
    expect(reply.body).toEqual({ date: today, streak: streak + 1, pointsAwarded: reward, balance: balance + reward })
  })

  it('lets a customer draw in the lottery that is still running', async () => {
    const live = db.prepare('select id from lotteries where starts_at <= ? and ends_at > ?').get(now.getTime(), now.getTime()) as { id: number }
    const customerId = value(
      'select id from customers where openid is not null and id not in (select customer_id from lottery_draws where lottery_id = ? and date = ?) limit 1',
      live.id,
      today,
    )
    const { token } = await login.consumer(stack, `bench${customerId}`)
    const reply = await request(`${stack.appUrl}/api/mp/lotteries/${live.id}/draws`, { method: 'POST', token })
    expect(reply.status).toBe(201)
    expect(reply.body.draw.free).toBe(true)
  })

  it("shows a buyer's orders in the guide's 360 view", async () => {
    const buyer = db
      .prepare(`select c.id, c.external_user_id as externalUserId, count(*) as purchases from customers c join orders o on o.customer_id = c.id
                where c.external_user_id is not null and o.status in ('paid', 'completed') group by c.id limit 1`)
      .get() as { id: number; externalUserId: string; purchases: number }
    const { token } = await login.staff(stack, 'bench_g1')
    const reply = await request(`${stack.appUrl}/api/sidebar/customers/${buyer.externalUserId}`, { token })
    expect(reply.status).toBe(200)
    expect(reply.body.sections.orders.count).toBe(buyer.purchases)
    expect(reply.body.timeline.items.length).toBeGreaterThan(0)
  })
})
