// Pictures uploaded for the shop: kept once per content, served to anyone under an address that names it,
// refused when the file is no picture, too large or sent as something else.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMAGE_MAX_BYTES } from '@liuliang/shared'
import { login, request, startStack, type Stack } from '../support/stack'

const TEA_BANNER = readFileSync(new URL('../../../seed/assets/banner-tea.jpg', import.meta.url))
/** The smallest PNG header: a picture by its first bytes. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])

let stack: Stack
let token: string
beforeAll(async () => {
  stack = await startStack()
  token = (await login.admin(stack)).token
})
afterAll(() => stack.close())

async function upload(data: Uint8Array, contentType: string, as: string | null = token) {
  const response = await fetch(`${stack.appUrl}/api/admin/shop/images`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(as ? { authorization: `Bearer ${as}` } : {}) },
    body: data,
  })
  return { status: response.status, body: (await response.json()) as any }
}

const storedCount = async () => Number((await stack.one<{ n: number }>('select count(*) as n from shop_images')).n)

describe('shop pictures', () => {
  it('keeps an upload once and serves the same bytes, cached for good, to anyone', async () => {
    const first = await upload(TEA_BANNER, 'image/jpeg')
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/images\/[0-9a-f]{64}\.jpg$/), contentType: 'image/jpeg', bytes: TEA_BANNER.length })

    const served = await fetch(first.body.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.from(await served.arrayBuffer()).equals(TEA_BANNER)).toBe(true)

    // The same file again, and twice at once: one address, one row.
    const again = await Promise.all([upload(TEA_BANNER, 'image/jpeg'), upload(TEA_BANNER, 'image/jpeg')])
    expect(again.map((reply) => reply.body.url)).toEqual([first.body.url, first.body.url])
    expect(await storedCount()).toBe(1)

    const entries = await request(`${stack.appUrl}/api/admin/audit-entries?objectType=shop/images`, { token })
    // Every upload is the admin's act, logged with the picture it named.
    expect(entries.body.items).toHaveLength(3)
    for (const entry of entries.body.items) expect(entry).toMatchObject({ action: 'create', objectId: first.body.url.split('/').at(-1), requestBody: { contentType: 'image/jpeg', bytes: TEA_BANNER.length } })
  })

  it('names a picture by what its bytes are, not by what the upload says', async () => {
    const reply = await upload(PNG_SIGNATURE, 'image/jpeg')
    expect(reply.status).toBe(201)
    expect(reply.body.contentType).toBe('image/png')
    expect(reply.body.url).toMatch(/\.png$/)
    expect((await fetch(reply.body.url)).headers.get('content-type')).toBe('image/png')
  })

  it('refuses what is no picture, too large or of another type, and keeps nothing of it', async () => {
    const before = await storedCount()
    const notPicture = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png')
    expect(notPicture).toMatchObject({ status: 400, body: { error: { code: 'NOT_AN_IMAGE' } } })
    const empty = await upload(Buffer.alloc(0), 'image/png')
    expect(empty.status).toBe(400)
    expect(empty.body.error.code).toEqual(expect.any(String))
    const tooLarge = await upload(Buffer.concat([PNG_SIGNATURE, Buffer.alloc(IMAGE_MAX_BYTES)]), 'image/png')
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'BODY_TOO_LARGE' } } })
    const svg = await upload(Buffer.from('<svg/>'), 'image/svg+xml')
    expect(svg).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } })
    expect(await storedCount()).toBe(before)
  })

  it('takes uploads from signed-in admins only, and answers an unknown address with 404', async () => {
    expect((await upload(TEA_BANNER, 'image/jpeg', null)).status).toBe(401)
    const consumer = await login.consumer(stack, 'alice')
    expect(consumer.token).toEqual(expect.any(String))
    expect((await upload(TEA_BANNER, 'image/jpeg', consumer.token)).status).toBe(401)
    const missing = await request(`${stack.appUrl}/images/${'0'.repeat(64)}.png`)
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'IMAGE_NOT_FOUND' } } })
    expect((await request(`${stack.appUrl}/images/..%2F..%2Fetc%2Fpasswd`)).status).toBe(400)
  })
})
