// The picture library (素材库): an upload is kept once per content and served to anyone under an address
// that names it; the library lists, finds, renames, removes (with undo) its pictures, and a removed picture
// still shows wherever its address was used. Files that are no picture, too large or sent as something
// else are refused and leave nothing behind.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMAGE_MAX_BYTES, LIBRARY_TITLE_MAX } from '@liuliang/shared'
import { login, request, startStack, type Stack } from '../support/stack'

const TEA_BANNER = readFileSync(new URL('../../../seed/assets/banner-tea.jpg', import.meta.url))
const CUP = readFileSync(new URL('../../../seed/assets/product-cup.jpg', import.meta.url))
/** The smallest PNG header: a picture by its first bytes. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
/** A distinct small "PNG" per number, for filling pages of the library. */
const numberedPng = (n: number) => Buffer.concat([PNG_SIGNATURE, Buffer.from(`#${n}`)])

let stack: Stack
let token: string
beforeAll(async () => {
  stack = await startStack()
  token = (await login.admin(stack)).token
})
afterAll(() => stack.close())

const api = (path: string) => `${stack.appUrl}/api/admin/materials/images${path}`

async function upload(data: Uint8Array, contentType: string, options: { title?: string; as?: string | null } = {}) {
  const as = options.as === undefined ? token : options.as
  const query = options.title === undefined ? '' : `?title=${encodeURIComponent(options.title)}`
  const response = await fetch(api(query), {
    method: 'POST',
    headers: { 'content-type': contentType, ...(as ? { authorization: `Bearer ${as}` } : {}) },
    body: data,
  })
  return { status: response.status, body: (await response.json()) as any }
}

const list = async (query = '') => (await request(api(query), { token })).body
const storedCount = async () => Number((await stack.one<{ n: number }>('select count(*) as n from images')).n)
const entryCount = async () => Number((await stack.one<{ n: number }>('select count(*) as n from library_images')).n)

describe('the picture library', () => {
  it('keeps an upload once, in one entry, and serves the same bytes, cached for good, to anyone', async () => {
    const first = await upload(TEA_BANNER, 'image/jpeg', { title: '  春茶横幅 ' })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body).toEqual({
      id: expect.any(Number),
      title: '春茶横幅',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/images\/[0-9a-f]{64}\.jpg$/),
      contentType: 'image/jpeg',
      bytes: TEA_BANNER.length,
      createdAt: expect.any(String),
    })

    const served = await fetch(first.body.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.from(await served.arrayBuffer()).equals(TEA_BANNER)).toBe(true)

    // The same file again, and twice at once: one address, one entry under its first title, one row.
    const again = await Promise.all([upload(TEA_BANNER, 'image/jpeg', { title: '另一个名字' }), upload(TEA_BANNER, 'image/jpeg')])
    expect(again.map((reply) => [reply.status, reply.body.id, reply.body.url, reply.body.title])).toEqual([
      [201, first.body.id, first.body.url, '春茶横幅'],
      [201, first.body.id, first.body.url, '春茶横幅'],
    ])
    expect(await storedCount()).toBe(1)
    expect(await entryCount()).toBe(1)

    const entries = await request(`${stack.appUrl}/api/admin/audit-entries?objectType=materials/images`, { token })
    // Every upload is the admin's act, logged with the entry it made or found; the body as its type and size only.
    expect(entries.body.items).toHaveLength(3)
    for (const entry of entries.body.items) {
      expect(entry).toMatchObject({ action: 'create', objectId: String(first.body.id), requestBody: { contentType: 'image/jpeg', bytes: TEA_BANNER.length } })
    }
  })

  it('names a picture by what its bytes are, not by what the upload says, and titles it 未命名图片 without a title', async () => {
    const reply = await upload(PNG_SIGNATURE, 'image/jpeg')
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({ contentType: 'image/png', title: '未命名图片' })
    expect(reply.body.url).toMatch(/\.png$/)
    expect((await fetch(reply.body.url)).headers.get('content-type')).toBe('image/png')
  })

  it('refuses what is no picture, too large, of another type or badly titled, and keeps nothing of it', async () => {
    const [stored, entries] = [await storedCount(), await entryCount()]
    const notPicture = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png')
    expect(notPicture).toMatchObject({ status: 400, body: { error: { code: 'NOT_AN_IMAGE' } } })
    const empty = await upload(Buffer.alloc(0), 'image/png')
    expect(empty.status).toBe(400)
    expect(empty.body.error.code).toEqual(expect.any(String))
    const tooLarge = await upload(Buffer.concat([PNG_SIGNATURE, Buffer.alloc(IMAGE_MAX_BYTES)]), 'image/png')
    expect(tooLarge).toMatchObject({ status: 413, body: { error: { code: 'BODY_TOO_LARGE' } } })
    const svg = await upload(Buffer.from('<svg/>'), 'image/svg+xml')
    expect(svg).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE' } } })
    for (const title of ['   ', '图'.repeat(LIBRARY_TITLE_MAX + 1)]) {
      expect((await upload(CUP, 'image/jpeg', { title })).status).toBe(400)
    }
    expect([await storedCount(), await entryCount()]).toEqual([stored, entries])
  })

  it('lists newest first in pages, finds by title words, and renames', async () => {
    const uploaded = []
    for (let n = 1; n <= 5; n++) uploaded.push((await upload(numberedPng(n), 'image/png', { title: n % 2 ? `门店海报_${n}` : `门店海报%${n}` })).body)
    const firstPage = await list('?limit=3')
    expect(firstPage.items.map((item: any) => item.id)).toEqual([uploaded[4].id, uploaded[3].id, uploaded[2].id])
    expect(firstPage.nextCursor).toEqual(expect.any(String))
    const secondPage = await list(`?limit=3&cursor=${firstPage.nextCursor}`)
    expect(secondPage.items.map((item: any) => item.id)).toEqual([uploaded[1].id, uploaded[0].id, expect.any(Number)])

    // "%" and "_" are the words themselves, not wildcards.
    expect((await list(`?q=${encodeURIComponent('海报%')}`)).items.map((item: any) => item.title)).toEqual(['门店海报%4', '门店海报%2'])
    expect((await list(`?q=${encodeURIComponent('报_5')}`)).items.map((item: any) => item.title)).toEqual(['门店海报_5'])
    expect((await list('?q=没有这个')).items).toEqual([])
    // For WeCom's messages and moments, only JPG and PNG: the GIF is left out.
    const gif = (await upload(Buffer.from('GIF89a-门店动图'), 'image/gif', { title: '门店海报动图' })).body
    expect(gif.contentType).toBe('image/gif')
    expect((await list(`?q=${encodeURIComponent('门店海报')}`)).items.map((item: any) => item.id)).toContain(gif.id)
    const forWecom = (await list(`?q=${encodeURIComponent('门店海报')}&wecom=true`)).items
    expect(forWecom.map((item: any) => item.contentType)).toEqual(['image/png', 'image/png', 'image/png', 'image/png', 'image/png'])

    const renamed = await request(api(`/${uploaded[0].id}`), { token, method: 'PATCH', body: { title: ' 七月海报 ' } })
    expect(renamed).toMatchObject({ status: 200, body: { id: uploaded[0].id, title: '七月海报', url: uploaded[0].url } })
    expect((await request(api(`/${uploaded[0].id}`), { token, method: 'PATCH', body: { title: ' ' } })).status).toBe(400)
    expect((await request(api(`/${uploaded[0].id}`), { token, method: 'PATCH', body: { title: 'x', extra: 1 } })).status).toBe(400)
    expect((await request(api('/2147483647'), { token, method: 'PATCH', body: { title: 'x' } })).body.error.code).toBe('LIBRARY_IMAGE_NOT_FOUND')
    const audit = await request(`${stack.appUrl}/api/admin/audit-entries?objectType=materials/images&objectId=${uploaded[0].id}`, { token })
    expect(audit.body.items[0]).toMatchObject({ action: 'update', changes: [{ field: 'title', before: '门店海报_1', after: '七月海报' }] })
  })

  it('removes a picture from the library only, puts it back on undo, and brings it back when it is uploaded again', async () => {
    const picture = (await upload(CUP, 'image/jpeg', { title: '杯子' })).body
    // Two admins remove it at once: one removal, logged once as done.
    const removals = await Promise.all([1, 2].map(() => request(api(`/${picture.id}`), { token, method: 'DELETE' })))
    expect(removals.map((reply) => reply.status).sort()).toEqual([204, 404])
    const logged = await request(`${stack.appUrl}/api/admin/audit-entries?objectType=materials/images&objectId=${picture.id}&action=delete`, { token })
    // The refused one is logged as the refusal it was.
    expect(logged.body.items.map((entry: { status: number | null }) => entry.status).sort()).toEqual([404, null])
    expect((await list()).items.map((item: any) => item.id)).not.toContain(picture.id)
    // Wherever its address was used, it still shows.
    expect((await fetch(picture.url)).status).toBe(200)
    expect((await request(api(`/${picture.id}`), { token, method: 'DELETE' })).status).toBe(404)
    expect((await request(api(`/${picture.id}`), { token, method: 'PATCH', body: { title: 'x' } })).status).toBe(404)

    const restored = await request(api(`/${picture.id}/restore`), { token, method: 'POST' })
    expect(restored).toMatchObject({ status: 200, body: { id: picture.id, title: '杯子' } })
    expect((await list()).items[0].id).toBe(picture.id)
    expect((await request(api(`/${picture.id}/restore`), { token, method: 'POST' })).status).toBe(404)

    await request(api(`/${picture.id}`), { token, method: 'DELETE' })
    const again = await upload(CUP, 'image/jpeg', { title: '新名字' })
    expect(again.body).toMatchObject({ id: picture.id, title: '杯子' })
    expect((await list()).items.map((item: any) => item.id)).toContain(picture.id)
  })

  it('says where a picture is used: banners, products and galleries, mall items, scripts, welcomes, broadcasts to go', async () => {
    const poster = (await upload(numberedPng(901), 'image/png', { title: '用处多的海报' })).body
    const unused = (await upload(numberedPng(902), 'image/png', { title: '没用上的' })).body
    const admin = (path: string, body: unknown, method = 'POST') => request(`${stack.appUrl}/api/admin${path}`, { token, method, body })
    const made = async (path: string, body: unknown) => {
      const reply = await admin(path, body)
      expect(reply.status, `${path} ${JSON.stringify(reply.body)}`).toBe(201)
      return reply.body
    }
    const banner = await made('/shop/banners', { title: '海报横幅', imageUrl: poster.url, linkType: 'none' })
    const product = await made('/products', { name: '海报商品', priceFen: 100, stock: 1 })
    expect((await admin(`/products/${product.id}/shop`, { categoryId: null, images: ['https://cdn.example.com/cover.png', poster.url] }, 'PUT')).status).toBe(200)
    const item = await made('/mall/items', { name: '海报礼品', kind: 'physical', pointsPrice: 10, stock: 1, perUserLimit: 1, imageUrl: poster.url })
    const script = await made('/scripts', { type: 'image', title: '海报话术', content: '', image: { url: poster.url } })
    const welcome = await made('/welcome-messages', { name: '海报欢迎语', scope: 'default', text: '', attachments: [{ type: 'image', picUrl: poster.url }] })
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString()
    const broadcast = await made('/broadcasts', { name: '海报群发', chatType: 'single', filter: {}, text: '', attachments: [{ type: 'image', picUrl: poster.url }], sendAt: tomorrow })

    const uses = await request(api(`/${poster.id}/uses`), { token })
    expect(uses.status).toBe(200)
    expect(uses.body.items).toEqual([
      { kind: 'banner', id: banner.id, title: '海报横幅' },
      { kind: 'product', id: product.id, title: '海报商品' },
      { kind: 'mall_item', id: item.id, title: '海报礼品' },
      { kind: 'script', id: script.id, title: '海报话术' },
      { kind: 'welcome_message', id: welcome.id, title: '海报欢迎语' },
      { kind: 'broadcast', id: broadcast.id, title: '海报群发' },
    ])
    expect((await request(api(`/${unused.id}/uses`), { token })).body).toEqual({ items: [] })
    // Out of the library, it is still used where it was.
    await request(api(`/${poster.id}`), { token, method: 'DELETE' })
    expect((await request(api(`/${poster.id}/uses`), { token })).body.items).toHaveLength(6)
    expect((await request(api('/2147483647/uses'), { token })).status).toBe(404)
  })

  it('takes uploads from signed-in admins only, and answers an unknown address with 404', async () => {
    expect((await upload(TEA_BANNER, 'image/jpeg', { as: null })).status).toBe(401)
    const consumer = await login.consumer(stack, 'alice')
    expect(consumer.token).toEqual(expect.any(String))
    expect((await upload(TEA_BANNER, 'image/jpeg', { as: consumer.token })).status).toBe(401)
    expect((await request(api(''), { token: consumer.token })).status).toBe(401)
    const missing = await request(`${stack.appUrl}/images/${'0'.repeat(64)}.png`)
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'IMAGE_NOT_FOUND' } } })
    expect((await request(`${stack.appUrl}/images/..%2F..%2Fetc%2Fpasswd`)).status).toBe(400)
  })
})
