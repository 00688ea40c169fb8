// The demo's consumer activities, through the same HTTP doors the apps use: products, a running
// lottery, group-buy campaigns with groups waiting for members, and a distributor with bound
// customers whose paid orders earned commission. Safe to run again: what exists is kept.
import { first, type OpenDatabase } from '@liuliang/server/db'
import { call, freshCode, payAndWait } from './http'

interface SeedTarget {
  database: OpenDatabase
  serverUrl: string
  admin: { username: string; password: string }
}

const DAY_MS = 86_400_000

const PRODUCTS = [
  { name: '留量精选保温杯', priceFen: 12_900, stock: 300, description: '316 不锈钢内胆，12 小时保温' },
  { name: '云南古树红茶礼盒', priceFen: 8_800, stock: 300, description: '滇红一芽二叶，250 克' },
  { name: '百花蜂蜜 500g', priceFen: 6_800, stock: 300, description: '秦岭山区土蜂蜜' },
  { name: '品牌帆布袋', priceFen: 3_900, stock: 500, description: '加厚帆布，可装 A4 文件' },
]

/** The distributor of the demo and the customers who opened their link. */
const DISTRIBUTOR = 'carol'
const REFERRED = ['mp001', 'mp002', 'mp003']
/** Leaders of the groups waiting for members. */
const GROUP_LEADERS = ['mp004', 'mp005', 'mp006']

export async function seedActivities({ database, serverUrl, admin }: SeedTarget): Promise<string> {
  const { token: adminToken } = await call(`${serverUrl}/api/admin/login`, { body: admin })
  const asAdmin = (path: string, body?: unknown) => call(`${serverUrl}/api/admin${path}`, { token: adminToken, body })
  const tokens = new Map<string, string>()
  const consumer = async (who: string) => {
    if (!tokens.has(who)) tokens.set(who, (await call(`${serverUrl}/api/mp/login`, { body: { code: freshCode(who) } })).token)
    const token = tokens.get(who) as string
    return (path: string, init: { method?: string; body?: unknown } = {}) => call(`${serverUrl}/api/mp${path}`, { token, ...init })
  }

  const existing = new Map<string, { id: number }>((await asAdmin('/products')).items.map((p: { name: string; id: number }) => [p.name, p]))
  for (const product of PRODUCTS) {
    if (!existing.has(product.name)) existing.set(product.name, await asAdmin('/products', product))
  }
  const productId = (name: string) => (existing.get(name) as { id: number }).id

  const lotteries: { name: string }[] = (await asAdmin('/lotteries')).items
  if (!lotteries.some((lottery) => lottery.name === '周末幸运转盘')) {
    const templates: { id: number; name: string }[] = (await asAdmin('/coupon-templates')).items
    const coupon =
      templates.find((template) => template.name === '抽奖 5 元无门槛券') ??
      (await asAdmin('/coupon-templates', { name: '抽奖 5 元无门槛券', kind: 'amount_off', amountOffFen: 500, thresholdFen: 0, validDays: 30 }))
    await asAdmin('/lotteries', {
      name: '周末幸运转盘',
      startsAt: new Date(Date.now() - DAY_MS).toISOString(),
      endsAt: new Date(Date.now() + 90 * DAY_MS).toISOString(),
      costPoints: 10,
      freeDrawsPerDay: 1,
      maxDrawsPerUser: 50,
      prizes: [
        { name: '20 积分', type: 'points', weight: 30, stock: 5000, points: 20 },
        { name: '5 元券', type: 'coupon', weight: 15, stock: 1000, couponTemplateId: coupon.id },
        { name: '品牌帆布袋', type: 'physical', weight: 3, stock: 50 },
        { name: '谢谢参与', type: 'thanks', weight: 52, stock: 0 },
      ],
    })
  }

  let campaigns: { id: number; productName: string; groupSize: number }[] = (await asAdmin('/groupbuys')).items
  for (const [name, groupSize, priceFen] of [
    ['百花蜂蜜 500g', 2, 4_900],
    ['云南古树红茶礼盒', 3, 5_900],
  ] as const) {
    if (!campaigns.some((campaign) => campaign.productName === name && campaign.groupSize === groupSize)) {
      await asAdmin('/groupbuys', { productId: productId(name), groupSize, priceFen, durationMinutes: 24 * 60, stock: 500, perUserLimit: 5 })
    }
  }
  campaigns = (await asAdmin('/groupbuys')).items
  let groupsOpened = 0
  for (const campaign of campaigns) {
    for (const who of GROUP_LEADERS) {
      const as = await consumer(who)
      const mine: { campaignId: number; status: string }[] = (await as('/groupbuy-groups')).items
      if (mine.some((group) => group.campaignId === campaign.id && group.status === 'open')) continue
      const { order } = await as(`/groupbuys/${campaign.id}/groups`, { method: 'POST' })
      await payAndWait(as, order.id)
      groupsOpened++
    }
  }

  const carol = await consumer(DISTRIBUTOR)
  const distributor = await carol('/distributor', { method: 'POST' })
  const commissions = await first(database.query<{ n: number }>('select count(*) as n from commissions where distributor_id = ?', distributor.id))
  let bought = 0
  if (commissions?.n === 0) {
    for (const [index, who] of REFERRED.entries()) {
      const as = await consumer(who)
      await as('/referrals', { body: { distributorCode: distributor.code } })
      const product = PRODUCTS[index % PRODUCTS.length] as (typeof PRODUCTS)[number]
      const order = await as('/orders', { body: { items: [{ productId: productId(product.name), quantity: 1 }] } })
      await payAndWait(as, order.id)
      // The first two orders have shipped; the first buyer has received the goods (that commission now waits out the
      // refund window) and asks for part of the money back, which waits in the console's 售后 page; the third waits to be shipped.
      if (index < 2) await asAdmin(`/orders/${order.id}/ship`, { carrier: index === 0 ? 'SF' : 'ZTO', trackingNo: index === 0 ? 'SF1400012345678' : '773012345678901' })
      if (index === 0) {
        await as(`/orders/${order.id}/confirm`, { method: 'POST' })
        await as(`/orders/${order.id}/after-sales`, { body: { kind: 'refund_only', reason: '包装有破损，申请补偿部分款项', amountFen: 1_000 } })
      }
      bought++
    }
  }

  return (
    `Activities: ${PRODUCTS.length} products, the lottery 周末幸运转盘, ${campaigns.length} group-buy campaigns ` +
    `(${groupsOpened} groups opened this run), distributor ${DISTRIBUTOR} (code ${distributor.code}) with ${bought} referred purchases this run.`
  )
}
