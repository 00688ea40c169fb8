// A send that outlasts the console's wait (a brand's whole audience takes tens of seconds to split): the create
// answers with it under way, the send carries on to the staff, and what goes wrong after the answer shows on the
// broadcast. The brand's image host, a real HTTP server here, holds the poster until the test lets it go.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { adminApi, type AdminApi, type Json } from '../acquisition/helpers'
import { addContact, login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let api: AdminApi
let token: string
let imageHost: Server
let imageBase: string
let poster: Buffer
/** Requests for the poster wait here until the test answers them. */
const held: ((found: boolean) => void)[] = []

beforeAll(async () => {
  stack = await startStack({ BROADCAST_ANSWER_WITHIN_MS: '300' })
  api = await adminApi(stack)
  token = (await login.admin(stack)).token
  poster = Buffer.from(await (await fetch(`${stack.sandboxUrl}/sandbox/images/poster.png`)).arrayBuffer())
  imageHost = createServer((_request, response) => {
    held.push((found) => {
      if (found) response.writeHead(200, { 'content-type': 'image/png' }).end(poster)
      else response.writeHead(404).end()
    })
  })
  await new Promise<void>((resolve) => imageHost.listen(0, '127.0.0.1', resolve))
  imageBase = `http://127.0.0.1:${(imageHost.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const answer of held.splice(0)) answer(false)
  await stack?.close()
  imageHost?.close()
})

const detail = async (id: number): Promise<Json> => (await api('GET', `/broadcasts/${id}`)).body
/** Answers the poster request the send is waiting on. */
async function answerPoster(found: boolean) {
  await vi.waitFor(() => expect(held.length).toBe(1), { timeout: 5_000, interval: 20 })
  held.shift()!(found)
}

function compose(guide: string, headers: Record<string, string> = {}) {
  return request(`${stack.appUrl}/api/admin/broadcasts`, {
    body: {
      name: '会员日海报',
      chatType: 'single',
      filter: { staffUserIds: [guide] },
      text: '会员日全场 9 折',
      attachments: [{ type: 'image', picUrl: `${imageBase}/poster.png` }],
    },
    token,
    headers,
  })
}

describe('a send that outlasts the console’s wait', () => {
  it('answers with it under way, and the send carries on to the staff', async () => {
    await addContact(stack, 'bw_ann', 'bw_guide_a')
    const key = { 'idempotency-key': 'bw-first' }
    const reply = await compose('bw_guide_a', key)
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    expect(reply.body).toMatchObject({ status: 'sending', tasks: [], counts: { recipients: 0 } })
    const { id } = reply.body
    // Submitted again (a lost answer): the same broadcast, still under way.
    expect((await compose('bw_guide_a', key)).body).toMatchObject({ id, status: 'sending' })
    expect((await api('POST', `/broadcasts/${id}/cancel`)).body.error.code).toBe('BROADCAST_SENDING')

    await answerPoster(true)
    await vi.waitFor(async () => expect((await detail(id)).status).toBe('waiting'), { timeout: 10_000, interval: 100 })
    expect(await detail(id)).toMatchObject({ counts: { recipients: 1, pending: 1, staff: 1 }, tasks: [{ staff: { userId: 'bw_guide_a' }, status: 'waiting' }] })
  })

  it('shows on the broadcast a failure that came after the answer', async () => {
    await addContact(stack, 'bw_ben', 'bw_guide_b')
    const reply = await compose('bw_guide_b')
    expect(reply.body.status).toBe('sending')
    await answerPoster(false)
    await vi.waitFor(async () => expect((await detail(reply.body.id)).status).toBe('failed'), { timeout: 10_000, interval: 100 })
    expect(await detail(reply.body.id)).toMatchObject({ failure: '群发图片无法获取（地址返回 404），请检查图片地址', counts: { recipients: 0 } })
  })

  it('is answered at once by 立即发送 too', async () => {
    await addContact(stack, 'bw_cat', 'bw_guide_c')
    const scheduled = await request(`${stack.appUrl}/api/admin/broadcasts`, {
      body: {
        name: '周末活动',
        chatType: 'single',
        filter: { staffUserIds: ['bw_guide_c'] },
        text: '周末来店有礼',
        attachments: [{ type: 'image', picUrl: `${imageBase}/poster.png` }],
        sendAt: new Date(Date.now() + 3600_000).toISOString(),
      },
      token,
    })
    expect(scheduled.body.status).toBe('scheduled')
    const sent = await api('POST', `/broadcasts/${scheduled.body.id}/send`)
    expect(sent.body.status).toBe('sending')
    await answerPoster(true)
    await vi.waitFor(async () => expect((await detail(scheduled.body.id)).status).toBe('waiting'), { timeout: 10_000, interval: 100 })
  })
})
