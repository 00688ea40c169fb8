// The library's videos and documents (素材库 视频 / 文件): an upload is kept once per content under the name
// it came with, served to anyone at an address that names it, listed by kind, found, renamed, removed with
// undo; guides send one into a chat as WeCom's video or file message, by a media id uploaded once (to the
// sandbox, under the file's own name). What is no video or document WeCom takes is refused, leaving nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIBRARY_FILE_MAX_BYTES } from '@liuliang/shared'
import { login, manualClock, request, startStack, uploadLibraryFile, type Stack } from '../support/stack'

/** An MP4 begins with its `ftyp` box; the rest stands for the frames. */
const VIDEO = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(0x10), Buffer.from('门店探店视频')])
const BROCHURE = Buffer.from('%PDF-1.4\n% 春茶手册\n%%EOF\n')
const PRICE_LIST = Buffer.from('品名,价格\n龙井,128\n')

const clock = manualClock('2026-12-07T02:00:00Z')
let stack: Stack
let admin: string
let guide: string
beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
  admin = (await login.admin(stack)).token
  guide = (await login.staff(stack, 'guide_li')).token
})
afterAll(() => stack.close())

const api = (path = '') => `${stack.appUrl}/api/admin/materials/files${path}`

const upload = (data: Uint8Array, fileName: string, { title, token = admin }: { title?: string; token?: string } = {}) => uploadLibraryFile(stack, token, data, fileName, title)

const list = async (query = '', token = admin) => (await request(api(query), { token })).body
const storedCount = async () => Number((await stack.one<{ n: number }>('select count(*) as n from library_files')).n)
const send = (id: number, token = guide) => request(`${stack.appUrl}/api/sidebar/materials/files/${id}/sends`, { method: 'POST', token })
const mediaUploads = async () =>
  (await request(`${stack.sandboxUrl}/sandbox/wecom/messages?api=media/upload`)).body.items as { body: { type: string; media_id: string; filename: string; size: number } }[]

describe('videos and documents in the library', () => {
  it('keeps an upload once under its own name and serves it, cached for good, to anyone', async () => {
    const brochure = await upload(BROCHURE, '春茶手册.PDF')
    expect(brochure.status, JSON.stringify(brochure.body)).toBe(201)
    expect(brochure.body).toEqual({
      id: expect.any(Number),
      kind: 'file',
      title: '春茶手册',
      fileName: '春茶手册.PDF',
      contentType: 'application/pdf',
      bytes: BROCHURE.length,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\/[0-9a-f]{64}\.pdf$/),
      createdAt: '2026-12-07T02:00:00.000Z',
    })
    const served = await fetch(brochure.body.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('application/pdf')
    expect(served.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('春茶手册.PDF')}`)
    expect(served.headers.get('cache-control')).toContain('immutable')
    expect(Buffer.from(await served.arrayBuffer()).equals(BROCHURE)).toBe(true)

    // The same bytes again, twice at once and under another name: its one entry.
    const again = await Promise.all([upload(BROCHURE, '手册副本.pdf', { title: '另一个名字' }), upload(BROCHURE, '春茶手册.pdf')])
    expect(again.map((reply) => [reply.status, reply.body.id, reply.body.title, reply.body.fileName])).toEqual([
      [201, brochure.body.id, '春茶手册', '春茶手册.PDF'],
      [201, brochure.body.id, '春茶手册', '春茶手册.PDF'],
    ])

    const video = await upload(VIDEO, '探店.mp4', { title: '  门店探店 ' })
    expect(video.body).toMatchObject({ kind: 'video', title: '门店探店', contentType: 'video/mp4', fileName: '探店.mp4' })
    expect(await storedCount()).toBe(2)

    const audit = await request(`${stack.appUrl}/api/admin/audit-entries?objectType=materials/files&objectId=${brochure.body.id}`, { token: admin })
    expect(audit.body.items).toHaveLength(3)
    expect(audit.body.items[0]).toMatchObject({ action: 'create', requestBody: { contentType: 'application/octet-stream', bytes: BROCHURE.length } })
  })

  it('refuses what WeCom would not take, with the reason, keeping nothing', async () => {
    const before = await storedCount()
    const refusals = [
      [await upload(BROCHURE, 'setup.exe'), 400, 'NOT_A_LIBRARY_FILE', /只能上传 MP4 视频/],
      [await upload(BROCHURE, '没有扩展名'), 400, 'NOT_A_LIBRARY_FILE', /只能上传/],
      [await upload(BROCHURE, '假视频.mp4'), 400, 'NOT_AN_MP4', /不是 MP4/],
      [await upload(Buffer.from('abc'), '空.txt'), 400, 'EMPTY_FILE', /空/],
      [await upload(Buffer.concat([VIDEO, Buffer.alloc(LIBRARY_FILE_MAX_BYTES.video)]), '太长.mp4'), 413, 'FILE_TOO_LARGE', /视频不能超过 10 MB/],
      [await upload(Buffer.alloc(LIBRARY_FILE_MAX_BYTES.file + 1, 1), '太大.zip'), 413, undefined, /./],
      [await upload(BROCHURE, 'a/b.pdf'), 400, 'VALIDATION_FAILED', /文件名/],
      [await upload(BROCHURE, `${'长'.repeat(41)}.pdf`), 400, 'VALIDATION_FAILED', /文件名/],
    ] as const
    for (const [reply, status, code, message] of refusals) {
      expect(reply.status, JSON.stringify(reply.body)).toBe(status)
      if (code) expect(reply.body.error.code).toBe(code)
      expect(reply.body.error.message).toMatch(message)
    }
    // A picture's content type is for the picture library, not this one.
    const asPicture = await fetch(api('?fileName=a.pdf'), { method: 'POST', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${admin}` }, body: BROCHURE })
    expect(asPicture.status).toBe(415)
    expect(await storedCount()).toBe(before)
  })

  it('lists by kind and words, a page at a time, renames, and removes with undo', async () => {
    const priceList = (await upload(PRICE_LIST, '价目表.txt')).body
    const all = await list()
    expect(all.items.map((item: { title: string }) => item.title)).toEqual(['价目表', '门店探店', '春茶手册'])
    expect((await list('?kind=video')).items.map((item: { kind: string }) => item.kind)).toEqual(['video'])
    expect((await list('?kind=file&q=手册')).items.map((item: { title: string }) => item.title)).toEqual(['春茶手册'])
    const firstPage = await list('?limit=2')
    expect(firstPage.items).toHaveLength(2)
    expect((await list(`?limit=2&cursor=${firstPage.nextCursor}`)).items.map((item: { title: string }) => item.title)).toEqual(['春茶手册'])

    const renamed = await request(api(`/${priceList.id}`), { method: 'PATCH', token: admin, body: { title: '秋季价目表' } })
    expect(renamed.body).toMatchObject({ title: '秋季价目表', fileName: '价目表.txt' })

    // Two removals at once: one goes through, the other finds nothing to remove; both logged once.
    const removals = await Promise.all([1, 2].map(() => request(api(`/${priceList.id}`), { method: 'DELETE', token: admin })))
    expect(removals.map((reply) => reply.status).sort()).toEqual([204, 404])
    expect((await list()).items.map((item: { id: number }) => item.id)).not.toContain(priceList.id)
    // Its address still serves it: a copied address keeps working.
    expect((await fetch(priceList.url)).status).toBe(200)
    const logged = await request(`${stack.appUrl}/api/admin/audit-entries?objectType=materials/files&objectId=${priceList.id}&action=delete`, { token: admin })
    // The refused one is logged as the refusal it was.
    expect(logged.body.items.map((entry: { status: number | null }) => entry.status).sort()).toEqual([404, null])

    const restored = await request(api(`/${priceList.id}/restore`), { method: 'POST', token: admin })
    expect(restored.body).toMatchObject({ id: priceList.id, title: '秋季价目表' })
    expect((await request(api(`/${priceList.id}/restore`), { method: 'POST', token: admin })).status).toBe(404)
    expect((await request(api('/999999'), { method: 'PATCH', token: admin, body: { title: 'x' } })).body.error.code).toBe('LIBRARY_FILE_NOT_FOUND')
  })

  it('sends a file or a video into a chat by a media id uploaded once under its own name', async () => {
    const { items } = await list()
    const brochure = items.find((item: { title: string }) => item.title === '春茶手册')
    const video = items.find((item: { title: string }) => item.title === '门店探店')
    const listed = await request(`${stack.appUrl}/api/sidebar/materials/files?kind=file`, { token: guide })
    expect(listed.body.items.map((item: { id: number }) => item.id)).toContain(brochure.id)

    const sent = await send(brochure.id)
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    const [uploaded] = await mediaUploads()
    expect(uploaded?.body).toMatchObject({ type: 'file', filename: '春茶手册.PDF', size: BROCHURE.length })
    expect(sent.body).toEqual({ message: { msgtype: 'file', file: { mediaid: uploaded?.body.media_id } } })

    const sentVideo = await send(video.id, (await login.staff(stack, 'guide_wang')).token)
    const [videoUpload] = await mediaUploads()
    expect(videoUpload?.body).toMatchObject({ type: 'video', filename: '探店.mp4' })
    expect(sentVideo.body).toEqual({ message: { msgtype: 'video', video: { mediaid: videoUpload?.body.media_id } } })

    // Two days on, the same media; within an hour of WeCom's three days, a new one.
    clock.set('2026-12-09T02:00:00Z')
    expect((await send(brochure.id)).body).toEqual(sent.body)
    expect(await mediaUploads()).toHaveLength(2)
    clock.set('2026-12-10T01:30:00Z')
    const renewed = await send(brochure.id)
    expect(renewed.body.message.file.mediaid).not.toBe(uploaded?.body.media_id)
    expect(await mediaUploads()).toHaveLength(3)

    await request(api(`/${brochure.id}`), { method: 'DELETE', token: admin })
    expect((await send(brochure.id)).body.error.code).toBe('LIBRARY_FILE_NOT_FOUND')
  })

  it('says where a file is used: brand scripts, welcome messages and broadcasts still to go', async () => {
    const handbook = (await upload(Buffer.from('%PDF-1.4\n% 会员手册\n%%EOF\n'), '会员手册.pdf')).body
    const other = (await upload(Buffer.from('%PDF-1.4\n% 活动规则\n%%EOF\n'), '活动规则.pdf')).body
    const made = async (path: string, body: unknown, token = admin) => {
      const reply = await request(`${stack.appUrl}/api/${path}`, { token, body })
      expect(reply.status, `${path} ${JSON.stringify(reply.body)}`).toBe(201)
      return reply.body
    }
    const script = await made('admin/scripts', { type: 'file', title: '手册话术', content: '', file: { fileId: handbook.id } })
    await made('admin/scripts', { type: 'file', title: '规则话术', content: '', file: { fileId: other.id } })
    await made('sidebar/scripts', { type: 'text', title: '我的手册', content: `手册编号 "${handbook.id}"` }, guide)
    const welcome = await made('admin/welcome-messages', { name: '手册欢迎语', scope: 'default', text: '欢迎', attachments: [{ type: 'file', fileId: handbook.id }] })
    await made('admin/welcome-messages', { name: '规则欢迎语', scope: 'default', text: '欢迎', attachments: [{ type: 'file', fileId: other.id }] })
    const tomorrow = new Date(clock.now().getTime() + 86_400_000).toISOString()
    const broadcast = await made('admin/broadcasts', { name: '手册群发', chatType: 'single', filter: {}, text: '', attachments: [{ type: 'file', fileId: handbook.id }], sendAt: tomorrow })

    const expected = [
      { kind: 'script', id: script.id, title: '手册话术' },
      { kind: 'welcome_message', id: welcome.id, title: '手册欢迎语' },
      { kind: 'broadcast', id: broadcast.id, title: '手册群发' },
    ]
    expect((await request(api(`/${handbook.id}/uses`), { token: admin })).body).toEqual({ items: expected })
    // Out of the library, it is still used where it was.
    await request(api(`/${handbook.id}`), { method: 'DELETE', token: admin })
    expect((await request(api(`/${handbook.id}/uses`), { token: admin })).body).toEqual({ items: expected })
    const unused = (await upload(Buffer.from('%PDF-1.4\n% 没用上\n%%EOF\n'), '没用上.pdf')).body
    expect((await request(api(`/${unused.id}/uses`), { token: admin })).body).toEqual({ items: [] })
    expect((await request(api('/2147483647/uses'), { token: admin })).status).toBe(404)
    expect((await request(api(`/${unused.id}/uses`), { token: guide })).status).toBe(401)
  })

  it('is for admins to change and signed-in guides to send', async () => {
    expect((await upload(BROCHURE, 'x.pdf', { token: guide })).status).toBe(401)
    expect((await request(`${stack.appUrl}/api/sidebar/materials/files`)).status).toBe(401)
    expect((await send(1, admin)).status).toBe(401)
  })
})
