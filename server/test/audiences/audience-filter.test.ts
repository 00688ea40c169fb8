// The audience filter against an independent model of a small world built through the real doors
// (sandbox adds with channels and dates, tags marked by guides, deletions, mini-program logins,
// points granted by an admin, orders paid through the sandbox gateway and one refunded).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LEVELS, type AudienceFilter } from '@liuliang/shared'
import { consumerOf, eventually, orderReaches, refundsSettle } from '../support/activities'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

/** An order: paid in the first or second round of buying, and maybe refunded after. */
interface Purchase {
  round: 1 | 2
  yuan: number
  refunded?: boolean
}

interface Person {
  who: string
  guide: string
  /** A second guide who added them through the same channel, so a channel or two guides list them twice. */
  secondGuide: string | null
  channel: string | null
  daysAgo: number
  tags: string[]
  lost: boolean
  usesMiniProgram: boolean
  growth: number
  purchases: Purchase[]
}

const GUIDES = ['guide_li', 'guide_wang', 'guide_zhao']
const CHANNELS = [null, 'store_qr', 'live_room']
const TAGS = ['VIP', '护肤', '彩妆', '香水']
const DAY = 24 * 3600 * 1000

const GROWTH = [0, 700, 2600, 12000]
// Only mini-program users can buy; these shapes cycle over them.
const PURCHASES: Purchase[][] = [
  [],
  [{ round: 1, yuan: 100 }],
  [{ round: 1, yuan: 200 }, { round: 2, yuan: 50 }],
  [{ round: 1, yuan: 1000, refunded: true }, { round: 2, yuan: 300 }],
  [{ round: 1, yuan: 250 }, { round: 1, yuan: 250 }],
]

const world: Person[] = Array.from({ length: 24 }, (_, i) => {
  const usesMiniProgram = i % 4 === 1 || i % 4 === 2
  return {
    who: `aud${i}`,
    guide: GUIDES[i % 3] as string,
    secondGuide: i % 4 === 2 ? (GUIDES[(i + 1) % 3] as string) : null,
    channel: CHANNELS[i % CHANNELS.length] ?? null,
    daysAgo: 3 + i * 2,
    tags: TAGS.filter((_, t) => (i >> t) % 2 === 1),
    lost: i % 5 === 0,
    usesMiniProgram,
    growth: GROWTH[Math.floor(i / 2) % GROWTH.length] as number,
    purchases: usesMiniProgram ? (PURCHASES[Math.floor(i / 2) % PURCHASES.length] as Purchase[]) : [],
  }
})

let stack: Stack
let adminToken: string
const tagIds = new Map<string, number>()
let now = 0
/** between the two rounds of buying: every round-1 order was paid before it, every round-2 one after */
let betweenRounds = 0

beforeAll(async () => {
  stack = await startStack()
  adminToken = (await login.admin(stack)).token
  for (const name of TAGS) {
    const reply = await request(`${stack.appUrl}/api/admin/tags`, { token: adminToken, body: { groupName: '测试', name } })
    tagIds.set(name, reply.body.id)
  }
  now = Date.now()
  const guideTokens = new Map<string, string>()
  for (const guide of GUIDES) guideTokens.set(guide, (await login.staff(stack, guide)).token)
  for (const person of world) {
    const add = (guide: string, daysAgo: number) =>
      addContact(stack, person.who, guide, {
        name: person.who,
        ...(person.channel ? { state: person.channel } : {}),
        at: new Date(now - daysAgo * DAY).toISOString(),
      })
    const externalUserId = await add(person.guide, person.daysAgo)
    if (person.secondGuide) await add(person.secondGuide, person.daysAgo - 1)
    if (person.tags.length > 0) {
      const reply = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}/tags`, {
        method: 'PUT',
        token: guideTokens.get(person.guide),
        body: { add: person.tags.map((t) => tagIds.get(t)) },
      })
      expect(reply.status).toBe(200)
    }
    if (person.lost) {
      for (const guide of [person.guide, person.secondGuide].filter((g) => g !== null)) {
        await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=${guide}&by=customer`, { method: 'DELETE' })
      }
    }
    if (person.usesMiniProgram) await login.consumer(stack, person.who)
  }
  await grantGrowth()
  await buyInRounds()
})

async function grantGrowth() {
  for (const person of world.filter((p) => p.growth > 0)) {
    const id = (await matched({ nameContains: person.who })).ids[person.who]
    const reply = await request(`${stack.appUrl}/api/admin/customers/${id}/points`, {
      token: adminToken,
      body: { delta: person.growth, reason: '测试成长值' },
    })
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
  }
}

async function buyInRounds() {
  const products = new Map<number, number>()
  for (const yuan of new Set(world.flatMap((p) => p.purchases.map((purchase) => purchase.yuan)))) {
    const product = await request(`${stack.appUrl}/api/admin/products`, { token: adminToken, body: { name: `测试商品 ${yuan} 元`, priceFen: yuan * 100, stock: 1000 } })
    products.set(yuan, product.body.id)
  }
  const buyers = world.filter((p) => p.purchases.length > 0)
  const consumers = new Map(await Promise.all(buyers.map(async (p) => [p.who, await consumerOf(stack, p.who)] as const)))
  const refunds: number[] = []
  for (const round of [1, 2] as const) {
    if (round === 2) {
      await new Promise((resolve) => setTimeout(resolve, 5))
      betweenRounds = Date.now()
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    for (const person of buyers) {
      for (const purchase of person.purchases.filter((p) => p.round === round)) {
        const consumer = consumers.get(person.who)!
        const order = await consumer.call('/orders', { body: { items: [{ productId: products.get(purchase.yuan), quantity: 1 }] } })
        expect(order.status, JSON.stringify(order.body)).toBe(201)
        await consumer.call(`/orders/${order.body.id}/pay`, { method: 'POST' })
        await orderReaches(consumer, order.body.id, 'paid')
        if (purchase.refunded) refunds.push(order.body.id)
      }
    }
  }
  for (const id of refunds) {
    const reply = await request(`${stack.appUrl}/api/admin/orders/${id}/refund`, { token: adminToken, body: { reason: '测试退款' } })
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  }
  await refundsSettle(stack)
  await eventually(async () => {
    const row = await stack.one<{ n: number }>("select count(*) as n from orders where status = 'refunding'")
    return row.n === 0 ? true : undefined
  }, 'refunded orders')
}

const levelOf = (growth: number) => [...DEFAULT_LEVELS].reverse().find((level) => growth >= level.minGrowth)?.code
const bought = (p: Person) => p.purchases.filter((purchase) => !purchase.refunded)
afterAll(() => stack.close())

/** The model's answer: what the filter means, written independently of the SQL. */
function expected(filter: AudienceFilter): string[] {
  const names = (ids: number[] | undefined) => (ids ?? []).map((id) => [...tagIds].find(([, v]) => v === id)?.[0])
  return world
    .filter((p) => {
      const { allOf, anyOf, noneOf } = filter.tags ?? {}
      if (allOf?.length && !names(allOf).every((t) => p.tags.includes(t as string))) return false
      if (anyOf?.length && !names(anyOf).some((t) => p.tags.includes(t as string))) return false
      if (noneOf?.length && names(noneOf).some((t) => p.tags.includes(t as string))) return false
      if (filter.channels?.length && !(p.channel && filter.channels.includes(p.channel))) return false
      if (filter.staffUserIds?.length && (p.lost || ![p.guide, p.secondGuide].some((g) => g !== null && filter.staffUserIds?.includes(g)))) return false
      if (filter.lost !== undefined && p.lost !== filter.lost) return false
      const addedAt = now - p.daysAgo * DAY
      if (filter.addedFrom && addedAt < Date.parse(filter.addedFrom)) return false
      if (filter.addedBefore && addedAt >= Date.parse(filter.addedBefore)) return false
      if (filter.isMiniProgramUser !== undefined && p.usesMiniProgram !== filter.isMiniProgramUser) return false
      if (filter.levels && !filter.levels.includes(levelOf(p.growth) as never)) return false
      const lastRound = Math.max(0, ...bought(p).map((purchase) => purchase.round))
      const lastAt = lastRound === 0 ? null : lastRound === 1 ? betweenRounds - 1 : betweenRounds + 1
      if (filter.lastPurchaseFrom && (lastAt === null || lastAt < Date.parse(filter.lastPurchaseFrom))) return false
      if (filter.lastPurchaseBefore && (lastAt === null || lastAt >= Date.parse(filter.lastPurchaseBefore))) return false
      const spentFen = bought(p).reduce((sum, purchase) => sum + purchase.yuan * 100, 0)
      if (filter.totalSpendFen?.min !== undefined && spentFen < filter.totalSpendFen.min) return false
      if (filter.totalSpendFen?.max !== undefined && spentFen > filter.totalSpendFen.max) return false
      return true
    })
    .map((p) => p.who)
}

async function matched(filter: AudienceFilter) {
  const count = await request(`${stack.appUrl}/api/admin/audiences/count`, { token: adminToken, body: { filter } })
  expect(count.status, JSON.stringify(count.body)).toBe(200)
  const names: string[] = []
  const ids: Record<string, number> = {}
  let cursor: string | null = null
  do {
    const page: any = await request(`${stack.appUrl}/api/admin/audiences/customers`, {
      token: adminToken,
      body: { filter, limit: 7, ...(cursor ? { cursor } : {}) },
    })
    for (const customer of page.body.items as { id: number; name: string }[]) {
      names.push(customer.name)
      ids[customer.name] = customer.id
    }
    cursor = page.body.nextCursor
  } while (cursor)
  return { count: count.body.count as number, names, ids }
}

const tag = (name: string) => tagIds.get(name) as number
const daysAgo = (n: number) => new Date(now - n * DAY).toISOString()

// Built when tests run: tag ids and "now" exist only after the world is.
const SINGLE_FIELD_FILTERS: [string, () => AudienceFilter][] = [
  ['nothing', () => ({})],
  ['all of VIP and 护肤', () => ({ tags: { allOf: [tag('VIP'), tag('护肤')] } })],
  ['any of 彩妆 or 香水', () => ({ tags: { anyOf: [tag('彩妆'), tag('香水')] } })],
  ['none of VIP', () => ({ tags: { noneOf: [tag('VIP')] } })],
  ['channel store_qr', () => ({ channels: ['store_qr'] })],
  ['channel store_qr or live_room', () => ({ channels: ['store_qr', 'live_room'] })],
  ['followed by guide_wang', () => ({ staffUserIds: ['guide_wang'] })],
  ['followed by guide_li or guide_zhao', () => ({ staffUserIds: ['guide_li', 'guide_zhao'] })],
  ['added in the last 20 days', () => ({ addedFrom: daysAgo(20) })],
  ['added before 20 days ago', () => ({ addedBefore: daysAgo(20) })],
  ['lost', () => ({ lost: true })],
  ['not lost', () => ({ lost: false })],
  ['mini-program users', () => ({ isMiniProgramUser: true })],
  ['not mini-program users', () => ({ isMiniProgramUser: false })],
  ['level V1', () => ({ levels: ['V1'] })],
  ['level V2 or V5', () => ({ levels: ['V2', 'V5'] })],
  ['level V3 and up', () => ({ levels: ['V3', 'V4', 'V5'] })],
  ['last purchase in the second round', () => ({ lastPurchaseFrom: new Date(betweenRounds).toISOString() })],
  ['last purchase before the second round', () => ({ lastPurchaseBefore: new Date(betweenRounds).toISOString() })],
  ['spent at least 250 元', () => ({ totalSpendFen: { min: 25_000 } })],
  ['spent at most 200 元', () => ({ totalSpendFen: { max: 20_000 } })],
  ['spent 100 to 350 元', () => ({ totalSpendFen: { min: 10_000, max: 35_000 } })],
]

describe('audience filter', () => {
  it.each(SINGLE_FIELD_FILTERS)('matches the model for %s', async (_, build) => {
    const filter = build()
    const want = expected(filter)
    const got = await matched(filter)
    expect(got.count).toBe(want.length)
    expect(got.names.sort()).toEqual(want.sort())
  })

  it('matches the model for combinations of every field', async () => {
    // Pairs and triples of the single-field filters, merged; tags merge field by field.
    const combos: AudienceFilter[] = []
    const fields = SINGLE_FIELD_FILTERS.slice(1).map(([, build]) => build())
    for (let a = 0; a < fields.length; a++) {
      for (let b = a + 1; b < fields.length; b++) {
        const merged: AudienceFilter = { ...fields[a], ...fields[b], tags: { ...fields[a]?.tags, ...fields[b]?.tags } }
        combos.push(merged)
        const c = fields[(a + b) % fields.length]
        combos.push({ ...merged, ...c, tags: { ...merged.tags, ...c?.tags } })
      }
    }
    for (const filter of combos) {
      const got = await matched(filter)
      expect(got.count, JSON.stringify(filter)).toBe(expected(filter).length)
    }
    expect(combos.length).toBeGreaterThan(100)
  })

  it('is not vacuous: the world has customers on both sides of every field', () => {
    for (const [, build] of SINGLE_FIELD_FILTERS.slice(1)) {
      const filter = build()
      const n = expected(filter).length
      expect(n, JSON.stringify(filter)).toBeGreaterThan(0)
      expect(n, JSON.stringify(filter)).toBeLessThan(world.length)
    }
  })

  it('rejects unknown filter fields and malformed values with 400', async () => {
    for (const filter of [
      { level: 'V3' },
      { tags: { allOf: ['x'] } },
      { addedFrom: 'yesterday' },
      { lost: 'yes' },
      { levels: ['V9'] },
      { levels: [] },
      { lastPurchaseBefore: 'last week' },
      { totalSpendFen: { min: -1 } },
      { totalSpendFen: { max: 1.5 } },
      { totalSpendFen: { least: 1 } },
    ]) {
      const reply = await request(`${stack.appUrl}/api/admin/audiences/count`, { token: adminToken, body: { filter } })
      expect(reply.status, JSON.stringify(filter)).toBe(400)
      expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    }
  })
})

describe('audience exports and pickers', () => {
  it('exports exactly the matched customers as CSV with a BOM and a header', async () => {
    const filter: AudienceFilter = { tags: { anyOf: [tag('护肤')] } }
    const response = await fetch(`${stack.appUrl}/api/admin/audiences/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filter }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n')
    expect(lines[0]).toBe('客户ID,姓名,性别,小程序用户,企业微信外部联系人ID,成为客户时间,RFM分群')
    const names = lines.slice(1).map((line) => line.split(',')[1])
    expect(names.sort()).toEqual(expected(filter).sort())
  })

  it('searches names literally, wildcards included', async () => {
    expect((await matched({ nameContains: 'aud1' })).names.sort()).toEqual(world.filter((p) => p.who.includes('aud1')).map((p) => p.who).sort())
    expect((await matched({ nameContains: 'aud%' })).count).toBe(0)
    expect((await matched({ nameContains: 'au_' })).count).toBe(0)
  })

  it('lists the channels customers came through and the guides', async () => {
    const channels = await request(`${stack.appUrl}/api/admin/audiences/channels`, { token: adminToken })
    const counts = Object.fromEntries(channels.body.channels.map((c: { state: string; customers: number }) => [c.state, c.customers]))
    expect(counts).toEqual({
      store_qr: world.filter((p) => p.channel === 'store_qr').length,
      live_room: world.filter((p) => p.channel === 'live_room').length,
    })
    const staff = await request(`${stack.appUrl}/api/admin/staff`, { token: adminToken })
    expect(staff.body.items.map((s: { userId: string }) => s.userId)).toEqual(expect.arrayContaining(GUIDES))
  })
})
