// Signatures for the sidebar's `ww.register` (WeCom doc 90506): the corp jsapi ticket signs `config`,
// the app's agent_config ticket signs `agentConfig`. Both tickets are cached by the WeCom client.
import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import { getJsApiSignature } from '@wecom/crypto'
import type { JsSdkConfig, JsSdkSignature } from '@liuliang/shared'
import type { WecomClient } from '../clients/wecom-client'
import { badRequest } from '../errors'
import { serviceDeps, type ServiceDeps } from '../services'

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname
  } catch {
    return ''
  }
}

/** WeCom signs the page URL without its fragment. */
export const pageUrlToSign = (url: string) => url.split('#')[0] ?? url

export interface JsSdkOptions {
  /** Host names of the pages that may be signed (JSSDK_TRUSTED_DOMAINS) */
  trustedDomains: readonly string[]
}

export interface JsSdkDeps extends ServiceDeps, JsSdkOptions {
  wecom: WecomClient
}

export function createJsSdkService({ now, wecom, trustedDomains }: JsSdkDeps) {
  const trusted = new Set(trustedDomains)
  const sign = (url: string, ticket: string, timestamp: number): JsSdkSignature => {
    const nonceStr = randomBytes(8).toString('hex')
    const { signature } = getJsApiSignature({ url, ticket, nonceStr, timestamp })
    return { timestamp, nonceStr, signature }
  }

  return {
    /** Only our own pages are signed: a signature for any page would lend our app's JS-SDK rights to it. */
    async configFor(pageUrl: string, at = now()): Promise<JsSdkConfig> {
      const url = pageUrlToSign(pageUrl)
      if (!trusted.has(hostOf(url))) throw badRequest('UNTRUSTED_PAGE', '该页面不在可信域名内，无法签名')
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
  async (app, options: JsSdkOptions) => {
    app.decorate('jssdk', createJsSdkService({ ...serviceDeps(app), ...options, wecom: app.wecom }))
  },
  { name: 'jssdk', dependencies: ['clock', 'tencent-clients'] },
)
