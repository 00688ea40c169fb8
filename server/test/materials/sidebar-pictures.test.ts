// Guides send the brand's library pictures into a chat from the sidebar: they see the JPG and PNG ones
// (what a chat takes), and a send answers the JS-SDK's image payload with a WeCom media id, uploaded to
// WeCom (the sandbox) once and reused until it is an hour from expiring.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, manualClock, request, startStack, type Stack } from '../support/stack'

const CUP = readFileSync(new URL('../../../seed/assets/product-cup.jpg', import.meta.url))
const GIF = Buffer.from('GIF89a-门店动图')

const clock = manualClock('2026-12-07T02:00:00Z')
let stack: Stack
let guide: string
let admin: string
beforeAll(async () => {
  stack = await startStack({}, { now: clock.now })
  guide = (await login.staff(stack, 'guide_li')).token
  admin = (await login.admin(stack)).token
})
afterAll(() => stack.close())

async function upload(data: Buffer, contentType: string, title: string) {
  const response = await fetch(`${stack.appUrl}/api/admin/materials/images?title=${encodeURIComponent(title)}`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${admin}` },
    body: data,
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: number; url: string }
}

const send = (id: number, token = guide) => request(`${stack.appUrl}/api/sidebar/materials/images/${id}/sends`, { method: 'POST', token })
const uploads = async () =>
  (await request(`${stack.sandboxUrl}/sandbox/wecom/messages?api=media/upload`)).body.items as { body: { media_id: string; filename: string; size: number } }[]

describe('library pictures in the sidebar', () => {
  it('lists what a chat takes and sends it by a media id uploaded once while it lasts', async () => {
    const cup = await upload(CUP, 'image/jpeg', '保温杯')
    const gif = await upload(GIF, 'image/gif', '动图')
    const listed = await request(`${stack.appUrl}/api/sidebar/materials/images`, { token: guide })
    expect(listed.status).toBe(200)
    expect(listed.body.items.map((item: { id: number }) => item.id)).toEqual([cup.id])
    expect(listed.body.items[0]).toMatchObject({ title: '保温杯', url: cup.url, contentType: 'image/jpeg' })

    const first = await send(cup.id)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    const [uploaded] = await uploads()
    expect(uploaded?.body).toMatchObject({ filename: cup.url.split('/').at(-1), size: CUP.length })
    expect(first.body).toEqual({ message: { msgtype: 'image', image: { mediaid: uploaded?.body.media_id } } })

    // Another send, by another guide, two days on: the same media, nothing uploaded again.
    clock.set('2026-12-09T02:00:00Z')
    const other = (await login.staff(stack, 'guide_wang')).token
    expect((await send(cup.id, other)).body).toEqual(first.body)
    expect(await uploads()).toHaveLength(1)

    // Within an hour of WeCom's three days, it is uploaded again.
    clock.set('2026-12-10T01:30:00Z')
    const renewed = await send(cup.id)
    const latest = await uploads()
    expect(latest).toHaveLength(2)
    expect(renewed.body.message.image.mediaid).toBe(latest[0]?.body.media_id)
    expect(renewed.body.message.image.mediaid).not.toBe(uploaded?.body.media_id)

    // A GIF is no chat picture; a removed picture is not in the library.
    expect((await send(gif.id)).body.error.code).toBe('IMAGE_NOT_FOR_WECOM')
    await request(`${stack.appUrl}/api/admin/materials/images/${cup.id}`, { method: 'DELETE', token: admin })
    expect((await send(cup.id)).status).toBe(404)
    expect((await request(`${stack.appUrl}/api/sidebar/materials/images`, { token: guide })).body.items).toEqual([])
    expect(await uploads()).toHaveLength(2)
  })

  it('is for signed-in guides only', async () => {
    expect((await request(`${stack.appUrl}/api/sidebar/materials/images`)).status).toBe(401)
    expect((await request(`${stack.appUrl}/api/sidebar/materials/images`, { token: admin })).status).toBe(401)
    expect((await send(1, admin)).status).toBe(401)
  })
})
