// The audience filter against an independent model of a small world built through the real doors
// (sandbox adds with channels and dates, tags marked by guides, deletions, mini-program logins).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AudienceFilter } from '@liuliang/shared'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

interface Person {
  who: string
  guide: string
  channel: string | null
  daysAgo: number
  tags: string[]
  lost: boolean
  usesMiniProgram: boolean
}

const GUIDES = ['guide_li', 'guide_wang', 'guide_zhao']
const CHANNELS = [null, 'store_qr', 'live_room']
const TAGS = ['VIP', '护肤', '彩妆', '香水']
const DAY = 24 * 3600 * 1000

const world: Person[] = Array.from({ length: 24 }, (_, i) => ({
  who: `aud${i}`,
  guide: GUIDES[i % 3] as string,
  channel: CHANNELS[i % CHANNELS.length] ?? null,
  daysAgo: 3 + i * 2,
  tags: TAGS.filter((_, t) => (i >> t) % 2 === 1),
  lost: i % 5 === 0,
  usesMiniProgram: i % 4 === 1,
}))

let stack: Stack
let adminToken: string
const tagIds = new Map<string, number>()
let now = 0

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
    const externalUserId = await addContact(stack, person.who, person.guide, {
      name: person.who,
      ...(person.channel ? { state: person.channel } : {}),
      at: new Date(now - person.daysAgo * DAY).toISOString(),
    })
    if (person.tags.length > 0) {
      const reply = await request(`${stack.appUrl}/api/sidebar/customers/${externalUserId}/tags`, {
        method: 'PUT',
        token: guideTokens.get(person.guide),
        body: { add: person.tags.map((t) => tagIds.get(t)) },
      })
      expect(reply.status).toBe(200)
    }
    if (person.lost) {
      await request(`${stack.sandboxUrl}/sandbox/wecom/contacts/${externalUserId}?userId=${person.guide}&by=customer`, {
        method: 'DELETE',
      })
    }
    if (person.usesMiniProgram) await login.consumer(stack, person.who)
  }
})
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
      if (filter.staffUserIds?.length && (p.lost || !filter.staffUserIds.includes(p.guide))) return false
      if (filter.lost !== undefined && p.lost !== filter.lost) return false
      const addedAt = now - p.daysAgo * DAY
      if (filter.addedFrom && addedAt < Date.parse(filter.addedFrom)) return false
      if (filter.addedBefore && addedAt >= Date.parse(filter.addedBefore)) return false
      if (filter.isMiniProgramUser !== undefined && p.usesMiniProgram !== filter.isMiniProgramUser) return false
      return true
    })
    .map((p) => p.who)
}

async function matched(filter: AudienceFilter) {
  const count = await request(`${stack.appUrl}/api/admin/audiences/count`, { token: adminToken, body: { filter } })
  expect(count.status, JSON.stringify(count.body)).toBe(200)
  const names: string[] = []
  let cursor: string | null = null
  do {
    const page: any = await request(`${stack.appUrl}/api/admin/audiences/customers`, {
      token: adminToken,
      body: { filter, limit: 7, ...(cursor ? { cursor } : {}) },
    })
    names.push(...page.body.items.map((c: { name: string }) => c.name))
    cursor = page.body.nextCursor
  } while (cursor)
  return { count: count.body.count as number, names }
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
    for (const filter of [{ level: 'V3' }, { tags: { allOf: ['x'] } }, { addedFrom: 'yesterday' }, { lost: 'yes' }]) {
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
    expect(lines[0]).toBe('客户ID,姓名,性别,小程序用户,企业微信外部联系人ID,成为客户时间')
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
