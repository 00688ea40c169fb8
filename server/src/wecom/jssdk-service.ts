// Signatures for the sidebar's `ww.register` (WeCom doc 90506): the corp jsapi ticket signs `config`,
// the app's agent_config ticket signs `agentConfig`. Both tickets are cached by the WeCom client.
import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import { getJsApiSignature } from '@wecom/crypto'
import type { JsSdkConfig, JsSdkSignature } from '@liuliang/shared'
import type { WecomClient } from '../clients/wecom-client'
import { serviceDeps, type ServiceDeps } from '../services'

/** WeCom signs the page URL without its fragment. */
export const pageUrlToSign = (url: string) => url.split('#')[0] ?? url

export interface JsSdkDeps extends ServiceDeps {
  wecom: WecomClient
}

export function createJsSdkService({ now, wecom }: JsSdkDeps) {
  const sign = (url: string, ticket: string, timestamp: number): JsSdkSignature => {
    const nonceStr = randomBytes(8).toString('hex')
    const { signature } = getJsApiSignature({ url, ticket, nonceStr, timestamp })
    return { timestamp, nonceStr, signature }
  }

  return {
    async configFor(pageUrl: string, at = now()): Promise<JsSdkConfig> {
      const url = pageUrlToSign(pageUrl)
      const [corpTicket, agentTicket] = await Promise.all([wecom.jsapiTicket('corp'), wecom.jsapiTicket('agent')])
      const timestamp = Math.floor(at.getTime() / 1000)
      return {
        corpId: wecom.corpId,
        agentId: wecom.agentId,
        corp: sign(url, corpTicket, timestamp),
        agent: sign(url, agentTicket, timestamp),
      }
    },
  }
}

export type JsSdkService = ReturnType<typeof createJsSdkService>

declare module 'fastify' {
  interface FastifyInstance {
    jssdk: JsSdkService
  }
}

export default fp(
  async (app) => {
    app.decorate('jssdk', createJsSdkService({ ...serviceDeps(app), wecom: app.wecom }))
  },
  { name: 'jssdk', dependencies: ['clock', 'tencent-clients'] },
)
