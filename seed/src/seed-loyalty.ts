// The demo brand's loyalty program: coupon templates and mall items through the admin API,
// bonuses, coupons and redemptions through the admin and mini-program APIs with idempotency keys,
// and weeks of check-in history. Past check-ins cannot be made through the API (it checks in
// today), so they go through the same check-in service with its clock set to each past day.
import Fastify from 'fastify'
import { addDays, businessDate, startOfBusinessDay } from '@liuliang/shared'
import { createCheckinService } from '@liuliang/server/checkin/checkin-service'
import { first, type OpenDatabase } from '@liuliang/server/db'
import { AppError } from '@liuliang/server/errors'
import { createPointsService } from '@liuliang/server/points/points-service'
import { createScheduler } from '@liuliang/server/scheduler/scheduler'
import { createSettingsService } from '@liuliang/server/settings/settings-service'
import { MINI_PROGRAM_ONLY, SHOWCASE_CONSUMERS, demoCustomers } from './demo-people'
import { call, freshCode } from './http'

interface LoyaltyTarget {
  database: OpenDatabase
  serverUrl: string
  adminToken: string
  timeZone: string
}

const TEMPLATES = [
  { name: '满 99 减 10', kind: 'amount_off', amountOffFen: 1000, thresholdFen: 9900, validDays: 30 },
  { name: '满 199 减 30', kind: 'amount_off', amountOffFen: 3000, thresholdFen: 19900, validDays: 30 },
  { name: '全场 9 折券', kind: 'discount', discountPercent: 90, thresholdFen: 0, validDays: 14 },
  { name: '5 元无门槛券', kind: 'amount_off', amountOffFen: 500, thresholdFen: 0, validDays: 7 },
  // Short-lived on purpose: these show up in the expiring-soon list guides follow up on.
  { name: '会员专享 8.5 折', kind: 'discount', discountPercent: 85, thresholdFen: 29900, validDays: 2 },
] as const
type TemplateName = (typeof TEMPLATES)[number]['name']

const ITEMS: { name: string; description: string; pointsPrice: number; stock: number; perUserLimit: number; template?: TemplateName }[] = [
  { name: '5 元无门槛券', description: '全场通用，下单立减 5 元，7 天内有效。', pointsPrice: 50, stock: 500, perUserLimit: 5, template: '5 元无门槛券' },
  { name: '满 99 减 10 优惠券', description: '单笔满 99 元可用，30 天内有效。', pointsPrice: 80, stock: 300, perUserLimit: 3, template: '满 99 减 10' },
  { name: '满 199 减 30 优惠券', description: '单笔满 199 元可用，30 天内有效。', pointsPrice: 200, stock: 100, perUserLimit: 2, template: '满 199 减 30' },
  { name: '全场 9 折券', description: '不限门槛，14 天内有效。', pointsPrice: 150, stock: 200, perUserLimit: 1, template: '全场 9 折券' },
  { name: '品牌帆布袋', description: '加厚帆布，可装下一台笔记本电脑。兑换后 7 个工作日内发货。', pointsPrice: 300, stock: 50, perUserLimit: 1 },
  { name: '旅行装保湿面霜 15ml', description: '明星保湿面霜旅行装，出差旅行随身带。', pointsPrice: 600, stock: 30, perUserLimit: 1 },
  { name: '限量香氛蜡烛', description: '门店同款香氛，限量 3 份，先到先得。', pointsPrice: 1200, stock: 3, perUserLimit: 1 },
]

/** Days ago each showcase consumer checked in: alice on a 12-day streak, bob with gaps to make up, carol for a month. */
const SHOWCASE_CHECKINS: Record<string, number[]> = {
  alice: Array.from({ length: 12 }, (_, i) => i + 1),
  bob: [1, 3, 4, 5, 6, 9, 10, 15, 16, 17],
  carol: Array.from({ length: 30 }, (_, i) => i + 1),
  dave: [2, 3, 7, 20],
}

/** A fixed pattern (about three days in five over the last four weeks) for everyone else. */
const demoCheckinDays = (index: number) => Array.from({ length: 28 }, (_, i) => i + 1).filter((d) => (index * 7 + d * 13) % 10 < 6)

const SHOWCASE_BONUS: Record<string, number> = { alice: 300, bob: 120, carol: 2600, dave: 80 }

export async function seedLoyalty({ database, serverUrl, adminToken, timeZone }: LoyaltyTarget): Promise<string> {
  const admin = (path: string, body: unknown, key?: string) =>
    call(`${serverUrl}/api/admin${path}`, { body, token: adminToken, headers: key ? { 'idempotency-key': key } : {} })
  const customerIdOf = async (who: string) => (await first(database.query<{ id: number }>('select id from customers where openid = ?', `o_${who}`)))?.id

  // Catalog, created once by name.
  const templates = (await call(`${serverUrl}/api/admin/coupon-templates`, { token: adminToken })).items as { id: number; name: string }[]
  const templateId = new Map(templates.map((t) => [t.name, t.id]))
  for (const template of TEMPLATES) {
    if (!templateId.has(template.name)) templateId.set(template.name, (await admin('/coupon-templates', template)).id)
  }
  const items = (await call(`${serverUrl}/api/admin/mall/items`, { token: adminToken })).items as { id: number; name: string }[]
  const itemId = new Map(items.map((i) => [i.name, i.id]))
  for (const { template, ...item } of ITEMS) {
    if (itemId.has(item.name)) continue
    const body = template ? { ...item, kind: 'coupon', couponTemplateId: templateId.get(template) } : { ...item, kind: 'physical' }
    itemId.set(item.name, (await admin('/mall/items', body)).id)
  }

  // Past check-ins through the check-in service, its clock at noon of each day.
  let clock = new Date()
  const now = () => clock
  // The services log nothing the seed needs; Fastify's logger without a destination discards it.
  const base = { db: database.db, now, log: Fastify().log }
  const settings = createSettingsService(base)
  const scheduler = createScheduler(base)
  const points = createPointsService({ ...base, timeZone, scheduler, settings })
  const checkins = createCheckinService({ ...base, timeZone, points, settings })
  const today = businessDate(new Date(), timeZone)
  const consumers = [
    ...SHOWCASE_CONSUMERS.map((who) => ({ who, days: SHOWCASE_CHECKINS[who] ?? [] })),
    ...demoCustomers()
      .filter((person) => person.usesMiniProgram && !(SHOWCASE_CONSUMERS as readonly string[]).includes(person.who))
      .map((person, index) => ({ who: person.who, days: demoCheckinDays(index) })),
    ...MINI_PROGRAM_ONLY.map((who, index) => ({ who, days: demoCheckinDays(index + 100) })),
  ]
  let checkedIn = 0
  for (const { who, days } of consumers) {
    const customerId = await customerIdOf(who)
    if (!customerId) continue
    // Oldest first, so each day's streak and reward follow from the days before it.
    for (const daysAgo of [...days].sort((a, b) => b - a)) {
      clock = new Date(startOfBusinessDay(addDays(today, -daysAgo), timeZone).getTime() + 12 * 3600_000)
      try {
        await checkins.checkIn(customerId)
        checkedIn++
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'ALREADY_CHECKED_IN')) throw error
      }
    }
  }

  // Bonuses, coupons and redemptions through the API; their idempotency keys make a rerun a no-op.
  for (const [index, { who }] of consumers.entries()) {
    const customerId = await customerIdOf(who)
    if (!customerId) continue
    const bonus = SHOWCASE_BONUS[who] ?? (index % 5 === 0 ? 100 + ((index * 37) % 900) : 0)
    if (bonus > 0) await admin(`/customers/${customerId}/points`, { delta: bonus, reason: '新会员见面礼' }, `seed-bonus-${who}`)
    if (index % 7 === 3) {
      await admin(`/customers/${customerId}/coupons`, { templateId: templateId.get('会员专享 8.5 折') }, `seed-coupon-${who}-expiring`)
    }
  }
  const showcaseCoupons: [string, TemplateName][] = [
    ['alice', '满 99 减 10'],
    ['alice', '会员专享 8.5 折'],
    ['bob', '全场 9 折券'],
    ['carol', '满 199 减 30'],
    ['dave', '5 元无门槛券'],
  ]
  for (const [who, name] of showcaseCoupons) {
    const coupon = await admin(`/customers/${await customerIdOf(who)}/coupons`, { templateId: templateId.get(name) }, `seed-coupon-${who}-${templateId.get(name)}`)
    // carol already spent hers in a store.
    if (who === 'carol' && coupon.status === 'available') await admin(`/coupons/${coupon.id}/use`, { orderRef: 'POS-DEMO-0001' })
  }
  // The claim centre (领券中心) offers 满 99 减 10 for a month: two per customer while 200 last.
  const claimables = (await call(`${serverUrl}/api/admin/coupon-claimables`, { token: adminToken })).items as { templateId: number }[]
  if (!claimables.some((c) => c.templateId === templateId.get('满 99 减 10'))) {
    const startsAt = startOfBusinessDay(today, timeZone).toISOString()
    const endsAt = startOfBusinessDay(addDays(today, 30), timeZone).toISOString()
    await admin('/coupon-claimables', { templateId: templateId.get('满 99 减 10'), totalStock: 200, perCustomerLimit: 2, startsAt, endsAt })
  }
  const redemptions: [string, string, Record<string, unknown>][] = [
    ['alice', '5 元无门槛券', {}],
    ['carol', '品牌帆布袋', { address: { name: '陈可乐', phone: '13800138000', region: '上海市 徐汇区', detail: '漕溪北路 88 号 2 号楼' } }],
    ['carol', '全场 9 折券', {}],
  ]
  for (const [who, item, body] of redemptions) {
    const { token } = await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(who) } })
    await call(`${serverUrl}/api/mp/mall/items/${itemId.get(item)}/redemptions`, {
      body,
      token,
      headers: { 'idempotency-key': `seed-redeem-${who}-${itemId.get(item)}` },
    })
  }

  const totals = (await first(
    database.query<Record<string, number>>(
      `select (select count(*) from checkins) as checkins,
              (select count(*) from point_ledger) as entries,
              (select count(*) from coupons) as coupons,
              (select count(*) from mall_items) as items`,
    ),
  )) as Record<string, number>
  return (
    `Loyalty: ${totals.checkins} check-ins, ${totals.entries} points entries, ${totals.coupons} coupons, ${totals.items} mall items. ` +
    `This run added ${checkedIn} check-ins.`
  )
}
