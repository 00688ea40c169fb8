// The demo's RFM segments: the mini-program users' purchase history over the last year, so every
// segment has customers (重要挽留 among them) and the dashboard shows two weeks of sizes and moves.
// The gateway can only pay orders now, so the history is written as completed orders from the shop's
// past, and each of the last 14 days is run through the RFM service on its own clock, as the server's
// daily job would have run it. Today's run goes through the admin API. Safe to run again: once the
// history exists nothing is repeated.
import Fastify from 'fastify'
import { addDays, businessDate, startOfBusinessDay } from '@liuliang/shared'
import { first, type OpenDatabase } from '@liuliang/server/db'
import { createRfmService } from '@liuliang/server/rfm/rfm-service'
import { createSettingsService } from '@liuliang/server/settings/settings-service'
import { call } from './http'

interface RfmTarget {
  database: OpenDatabase
  serverUrl: string
  admin: { username: string; password: string }
  timeZone: string
}

const DAY_MS = 86_400_000
const REPLAYED_DAYS = 14
const HISTORY_KEY = 'demo-history'

/** Purchase histories as [days ago, [product, quantity][]]; with the default thresholds each lands in the segment named. */
const HISTORIES: [string, [number, [string, number][]][]][] = [
  ['重要价值', [[5, [['留量精选保温杯', 2], ['云南古树红茶礼盒', 1]]], [50, [['留量精选保温杯', 1], ['云南古树红茶礼盒', 2]]]]],
  ['重要挽留', [[150, [['留量精选保温杯', 3], ['云南古树红茶礼盒', 2]]]]],
  ['重要发展', [[20, [['留量精选保温杯', 4]]]]],
  ['一般价值', [[8, [['百花蜂蜜 500g', 1]]], [30, [['品牌帆布袋', 1]]]]],
  // Bought 81 days before the first replayed day: recent then, 重要挽留 by now.
  ['重要发展 → 重要挽留', [[95, [['留量精选保温杯', 4]]]]],
  ['重要保持', [[120, [['留量精选保温杯', 2]]], [200, [['留量精选保温杯', 2]]]]],
  ['一般发展', [[12, [['云南古树红茶礼盒', 1]]]]],
  ['重要挽留', [[240, [['云南古树红茶礼盒', 6]]]]],
  ['一般保持', [[100, [['百花蜂蜜 500g', 1]]], [160, [['品牌帆布袋', 2]]]]],
  ['一般挽留', [[210, [['品牌帆布袋', 1]]]]],
  // First purchase three days ago: moves from 未消费 on the dashboard.
  ['未消费 → 一般发展', [[3, [['百花蜂蜜 500g', 1]]]]],
  ['未消费', []],
]

interface PlannedOrder {
  customerId: number
  key: string
  paidAt: number
  items: { productId: number; name: string; priceFen: number; quantity: number }[]
}

export async function seedRfm({ database, serverUrl, admin, timeZone }: RfmTarget): Promise<string> {
  const { query } = database
  const done = await first(query('select 1 from orders where idempotency_key like ?', `${HISTORY_KEY}:%`))
  if (done) return 'RFM: the demo purchase history is already there.'

  const products = new Map(
    (await query<{ id: number; name: string; price_fen: number }>('select id, name, price_fen from products')).map((p) => [p.name, p]),
  )
  const consumers = await query<{ id: number }>('select id from customers where openid is not null order by id')
  const now = Date.now()
  const planned: PlannedOrder[] = consumers.flatMap(({ id }, index) => {
    const [, history] = HISTORIES[index % HISTORIES.length] as (typeof HISTORIES)[number]
    return history.map(([daysAgo, lines], n) => ({
      customerId: Number(id),
      key: `${HISTORY_KEY}:${n}`,
      // Mid-afternoon, a little apart for each customer.
      paidAt: now - daysAgo * DAY_MS - (index % 60) * 60_000,
      items: lines.map(([name, quantity]) => {
        const product = products.get(name)
        if (!product) throw new Error(`the demo product ${name} is missing: seed the activities first`)
        return { productId: Number(product.id), name, priceFen: Number(product.price_fen), quantity }
      }),
    }))
  })

  const write = async (order: PlannedOrder) => {
    const amountFen = order.items.reduce((sum, item) => sum + item.priceFen * item.quantity, 0)
    const [row] = await query<{ id: number }>(
      `insert into orders (customer_id, kind, status, amount_fen, pay_deadline, idempotency_key, paid_at, completed_at, created_at)
       values (?, 'normal', 'completed', ?, ?, ?, ?, ?, ?) returning id`,
      order.customerId,
      amountFen,
      order.paidAt + 15 * 60_000,
      order.key,
      order.paidAt,
      Math.min(order.paidAt + 3 * DAY_MS, now),
      order.paidAt - 60_000,
    )
    for (const item of order.items) {
      await query('insert into order_items (order_id, product_id, name, price_fen, quantity) values (?, ?, ?, ?, ?)', row?.id, item.productId, item.name, item.priceFen, item.quantity)
    }
  }

  // The daily runs of the last two weeks, oldest first, each seeing the orders paid before it; the
  // server's own run from before the history existed counted nobody and is dropped.
  await query('delete from rfm_daily_counts')
  await query('delete from rfm_runs')
  let clock = new Date(now)
  const base = { db: database.db, now: () => clock, log: Fastify().log }
  const rfm = createRfmService({ ...base, timeZone, settings: createSettingsService(base) })
  const pending = [...planned].sort((a, b) => a.paidAt - b.paidAt)
  const today = businessDate(new Date(now), timeZone)
  for (let daysAgo = REPLAYED_DAYS; daysAgo >= 1; daysAgo--) {
    clock = new Date(startOfBusinessDay(addDays(today, -daysAgo), timeZone).getTime() + 5 * 60_000)
    while (pending[0] && pending[0].paidAt <= clock.getTime()) await write(pending.shift() as PlannedOrder)
    await rfm.runDay(clock)
  }
  for (const order of pending) await write(order)

  const { token } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const run = await call(`${serverUrl}/api/admin/rfm/recompute`, { method: 'POST', token })
  return `RFM: ${planned.length} past orders of ${consumers.length} mini-program users, ${REPLAYED_DAYS} daily runs replayed; today ${run.segmented} customers have a segment.`
}
