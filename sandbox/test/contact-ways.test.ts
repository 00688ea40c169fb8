import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Json, type Sandbox } from './helpers'
import { readCode } from './read-code'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const call = (api: string, body: unknown) => sandbox.externalcontact(api, body)
const add = (body: Json) => call('add_contact_way', body)
const single = { type: 1, scene: 2, user: ['guide_li'] }

describe('add_contact_way', () => {
  it('creates a QR-code way with a 32-hex config_id and a loadable qr_code', async () => {
    const reply = await add({ ...single, remark: '门店海报', state: 'poster_01' })
    expect(reply).toMatchObject({ errcode: 0, errmsg: 'ok' })
    expect(reply.config_id).toMatch(/^[0-9a-f]{32}$/)
    expect(reply.qr_code).toBe(`${sandbox.base}/sandbox/qr/${reply.config_id}.png`)
    const image = await sandbox.request('GET', new URL(reply.qr_code).pathname)
    expect(image.status).toBe(200)
    expect(image.type).toBe('image/png')
    expect([...image.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  })

  it("draws a scannable QR code of the way's WeCom address, big enough to print", async () => {
    const reply = await add({ ...single, state: 'poster_02' })
    const image = await sandbox.request('GET', new URL(reply.qr_code).pathname)
    expect(readCode(image.bytes, 'image/png')).toEqual({ text: `https://work.weixin.qq.com/ca/${reply.config_id}`, width: 430, height: 430 })
  })

  it('returns no qr_code for a mini-program way (scene 1)', async () => {
    const reply = await add({ type: 1, scene: 1, style: 1, user: ['guide_li'] })
    expect(reply.errcode).toBe(0)
    expect(reply).not.toHaveProperty('qr_code')
  })

  it('requires a valid type and scene', async () => {
    expect((await add({ scene: 2, user: ['guide_li'] })).errcode).toBe(41037)
    expect((await add({ type: 1, user: ['guide_li'] })).errcode).toBe(41038)
    expect((await add({ ...single, type: 3 })).errcode).toBe(41039)
    expect((await add({ ...single, scene: 3 })).errcode).toBe(41040)
    expect((await add({ ...single, type: '1' })).errcode).toBe(47001)
  })

  it('needs exactly one user for type 1, and a user or party for type 2', async () => {
    expect((await add({ type: 1, scene: 2 })).errcode).toBe(40058)
    expect((await add({ type: 1, scene: 2, user: ['guide_li', 'guide_wang'] })).errcode).toBe(40058)
    expect((await add({ type: 1, scene: 2, user: ['guide_li'], party: [2] })).errcode).toBe(40058)
    expect((await add({ type: 2, scene: 2 })).errcode).toBe(40058)
    expect((await add({ type: 2, scene: 2, party: [2] })).errcode).toBe(0)
  })

  it('allows at most 100 users (41041)', async () => {
    const users = (n: number) => Array.from({ length: n }, (_, i) => `guide_${i}`)
    expect((await add({ type: 2, scene: 2, user: users(100) })).errcode).toBe(0)
    expect((await add({ type: 2, scene: 2, user: users(101) })).errcode).toBe(41041)
  })

  it('limits state and remark to 30 characters, counting characters, not bytes', async () => {
    expect((await add({ ...single, state: 's'.repeat(30), remark: '备'.repeat(30) })).errcode).toBe(0)
    expect((await add({ ...single, state: 's'.repeat(31) })).errcode).toBe(40058)
    expect((await add({ ...single, remark: '备'.repeat(31) })).errcode).toBe(40058)
  })

  it('rejects an invalid style, an impossible userid and temp mode for several members', async () => {
    expect((await add({ ...single, scene: 1, style: 0 })).errcode).toBe(41042)
    expect((await add({ ...single, user: ['bad user'] })).errcode).toBe(60111)
    expect((await add({ type: 2, scene: 2, user: ['guide_li'], is_temp: true })).errcode).toBe(40058)
    expect((await add({ ...single, is_temp: true, expires_in: 15 * 86_400 })).errcode).toBe(40058)
  })
})

describe('get, update and delete', () => {
  it('returns what was configured, with defaults', async () => {
    const { config_id, qr_code } = await add({ type: 2, scene: 2, user: ['guide_li', 'guide_wang'], state: 'live_a' })
    const reply = await call('get_contact_way', { config_id })
    expect(reply).toEqual({
      errcode: 0,
      errmsg: 'ok',
      contact_way: {
        config_id,
        type: 2,
        scene: 2,
        remark: '',
        skip_verify: true,
        state: 'live_a',
        user: ['guide_li', 'guide_wang'],
        party: [],
        is_temp: false,
        qr_code,
      },
    })
  })

  it('update replaces the user list and keeps the rest', async () => {
    const { config_id } = await add({ type: 2, scene: 2, user: ['guide_li', 'guide_wang'], state: 'live_b' })
    expect((await call('update_contact_way', { config_id, user: ['guide_zhao'], remark: '换人' })).errcode).toBe(0)
    const { contact_way } = await call('get_contact_way', { config_id })
    expect(contact_way).toMatchObject({ user: ['guide_zhao'], remark: '换人', state: 'live_b', type: 2 })
  })

  it('update applies the same rules as add', async () => {
    const { config_id } = await add(single)
    expect((await call('update_contact_way', { config_id, user: ['guide_li', 'guide_wang'] })).errcode).toBe(40058)
    expect((await call('update_contact_way', { config_id, state: 'x'.repeat(31) })).errcode).toBe(40058)
    expect((await call('get_contact_way', { config_id })).contact_way.user).toEqual(['guide_li'])
  })

  it('answers 41043 without a config_id and 41044 for an unknown one', async () => {
    for (const api of ['get_contact_way', 'update_contact_way', 'del_contact_way']) {
      expect((await call(api, {})).errcode, api).toBe(41043)
      expect((await call(api, { config_id: 'f'.repeat(32) })).errcode, api).toBe(41044)
      expect((await call(api, { config_id: 'constructor' })).errcode, api).toBe(41044)
    }
  })

  it('delete makes the way and its QR code unknown', async () => {
    const { config_id, qr_code } = await add(single)
    expect((await call('del_contact_way', { config_id })).errcode).toBe(0)
    expect((await call('get_contact_way', { config_id })).errcode).toBe(41044)
    expect((await call('del_contact_way', { config_id })).errcode).toBe(41044)
    expect((await sandbox.request('GET', new URL(qr_code).pathname)).status).toBe(404)
  })
})

describe('list_contact_way', () => {
  it('pages through permanent ways, oldest first, leaving temporary ones out', async () => {
    const fresh = await startSandbox()
    try {
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push((await fresh.externalcontact('add_contact_way', single)).config_id)
      await fresh.externalcontact('add_contact_way', { ...single, is_temp: true })

      const seen: string[] = []
      let cursor = ''
      for (let page = 0; page < 5; page++) {
        const reply = await fresh.externalcontact('list_contact_way', { limit: 2, cursor })
        expect(reply.errcode).toBe(0)
        seen.push(...reply.contact_way.map((way: { config_id: string }) => way.config_id))
        cursor = reply.next_cursor
        if (!cursor) break
      }
      expect(seen).toHaveLength(5)
      expect(new Set(seen)).toEqual(new Set(ids))
    } finally {
      await fresh.close()
    }
  })

  it('filters by creation time and bounds the limit', async () => {
    const { config_id } = await add(single)
    const now = Math.floor(Date.now() / 1000)
    const recent = await call('list_contact_way', { start_time: now - 60, end_time: now + 60, limit: 1000 })
    expect(recent.contact_way.map((way: { config_id: string }) => way.config_id)).toContain(config_id)
    const old = await call('list_contact_way', { start_time: now - 7200, end_time: now - 3600 })
    expect(old.contact_way).toEqual([])
    expect((await call('list_contact_way', { limit: 1001 })).errcode).toBe(40058)
  })
})
