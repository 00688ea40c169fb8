// The sidebar's ww.register signatures, recomputed here from the sandbox's own tickets.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, request, startStack, type Stack } from '../support/stack'

let stack: Stack
let token: string
beforeAll(async () => {
  stack = await startStack({ JSSDK_TRUSTED_DOMAINS: '127.0.0.1,scrm.example.com' })
  token = (await login.staff(stack, 'guide_li')).token
})
afterAll(() => stack.close())

/** The tickets the sandbox hands out, asked for directly as WeCom's API would be. */
async function sandboxTickets() {
  const { corpId, secret } = stack.config.wecom
  const tokenReply = await request(`${stack.sandboxUrl}/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${secret}`)
  const accessToken = tokenReply.body.access_token as string
  const corp = await request(`${stack.sandboxUrl}/cgi-bin/get_jsapi_ticket?access_token=${accessToken}`)
  const agent = await request(`${stack.sandboxUrl}/cgi-bin/ticket/get?access_token=${accessToken}&type=agent_config`)
  return { corp: corp.body.ticket as string, agent: agent.body.ticket as string }
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

describe('GET /api/sidebar/jssdk-config', () => {
  it('signs the page without its fragment with the corp ticket and the app ticket', async () => {
    const page = 'http://127.0.0.1:8080/sidebar/?from=chat&code=abc'
    const reply = await request(`${stack.appUrl}/api/sidebar/jssdk-config?url=${encodeURIComponent(`${page}#/customer`)}`, { token })
    expect(reply.status).toBe(200)
    const { corpId, agentId, corp, agent } = reply.body
    expect({ corpId, agentId }).toEqual({ corpId: stack.config.wecom.corpId, agentId: stack.config.wecom.agentId })

    const tickets = await sandboxTickets()
    expect(tickets.corp).not.toBe(tickets.agent)
    for (const [signed, ticket] of [
      [corp, tickets.corp],
      [agent, tickets.agent],
    ] as const) {
      expect(signed.timestamp).toBeGreaterThan(1_600_000_000)
      expect(signed.nonceStr).toMatch(/^[0-9a-f]{16}$/)
      const plain = `jsapi_ticket=${ticket}&noncestr=${signed.nonceStr}&timestamp=${signed.timestamp}&url=${page}`
      expect(signed.signature).toBe(sha1(plain))
    }
  })

  it('signs each request with a fresh nonce', async () => {
    const url = encodeURIComponent('https://scrm.example.com/sidebar/')
    const [a, b] = await Promise.all([1, 2].map(() => request(`${stack.appUrl}/api/sidebar/jssdk-config?url=${url}`, { token })))
    expect(a?.body.corp.nonceStr).not.toBe(b?.body.corp.nonceStr)
  })

  it('needs a staff token and an http(s) page URL', async () => {
    const url = encodeURIComponent('https://scrm.example.com/sidebar/')
    expect((await request(`${stack.appUrl}/api/sidebar/jssdk-config?url=${url}`)).status).toBe(401)
    const notHttp = await request(`${stack.appUrl}/api/sidebar/jssdk-config?url=${encodeURIComponent('javascript:alert(1)')}`, { token })
    expect(notHttp.status).toBe(400)
    expect(notHttp.body.error.code).toBe('VALIDATION_FAILED')
    expect((await request(`${stack.appUrl}/api/sidebar/jssdk-config`, { token })).status).toBe(400)
  })

  it('signs only pages on the trusted domains', async () => {
    for (const page of ['https://evil.example/sidebar/', 'https://scrm.example.com.evil.example/', 'https://evil.example/?next=https://scrm.example.com/']) {
      const reply = await request(`${stack.appUrl}/api/sidebar/jssdk-config?url=${encodeURIComponent(page)}`, { token })
      expect(reply.status, page).toBe(400)
      expect(reply.body.error).toEqual({ code: 'UNTRUSTED_PAGE', message: expect.stringMatching(/可信域名/) })
    }
    const ours = await request(`${stack.appUrl}/api/sidebar/jssdk-config?url=${encodeURIComponent('https://SCRM.example.com:8443/sidebar/')}`, { token })
    expect(ours.status).toBe(200)
  })
})
