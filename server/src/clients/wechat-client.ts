// WeChat mini-program server APIs (WeChat mini-program server API docs).
import type { CredentialStore } from './shared-credentials'
import { createTencentTransport, tokenFromReply, type TencentReply } from './tencent-client'

export interface WechatClientOptions {
  apiBase: string
  appId: string
  secret: string
  /** The clock the access token expires by. */
  now: () => Date
  /** where servers share the access token */
  credentials: CredentialStore
}

export interface Code2SessionResult {
  openid: string
  unionid: string | null
}

/** subscribeMessage.send's body; data maps each keyword (`thing1`) to its value. */
export interface SubscribeMessage {
  touser: string
  template_id: string
  page?: string
  miniprogram_state?: 'developer' | 'trial' | 'formal'
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW'
  data: Record<string, { value: string }>
}

/** One of the brand's templates as wxaapi/newtmpl/gettemplate lists it; content names its keywords (`{{thing1.DATA}}`). */
export interface SubscribeTemplateEntry {
  priTmplId: string
  title: string
  content: string
  example?: string
  type: number
}

export type WechatClient = ReturnType<typeof createWechatClient>

export function createWechatClient(options: WechatClientOptions) {
  const { appId, secret, now, credentials } = options
  const transport = createTencentTransport({
    platform: 'wechat',
    baseUrl: options.apiBase,
    credential: `wechat:${appId}:access_token`,
    credentials,
    fetchToken: async (t) =>
      tokenFromReply(
        await t.call<TencentReply & { access_token?: string; expires_in?: number }>('cgi-bin/token', {
          withToken: false,
          query: { grant_type: 'client_credential', appid: appId, secret },
        }),
        now(),
      ),
  })

  return {
    /** Exchanges a wx.login code; session_key stays on the server and is not returned. */
    async code2Session(code: string): Promise<Code2SessionResult> {
      const reply = await transport.call<TencentReply & { openid: string; unionid?: string }>('sns/jscode2session', {
        withToken: false,
        query: { appid: appId, secret, js_code: code, grant_type: 'authorization_code' },
      })
      return { openid: reply.openid, unionid: reply.unionid ?? null }
    },

    /** An unlimited mini-program code (distributor share codes); `scene` ≤ 32 chars. */
    async getUnlimitedQrCode(body: { scene: string; page?: string; check_path?: boolean; width?: number }) {
      return transport.callBinary('wxa/getwxacodeunlimit', { method: 'POST', body })
    },

    /** A subscription message; errcode 43101 means the user holds no subscription to the template. */
    async sendSubscribeMessage(body: SubscribeMessage): Promise<void> {
      await transport.call('cgi-bin/message/subscribe/send', { method: 'POST', body })
    },

    /** The brand's own templates ("my templates" in the mini-program admin). */
    async subscribeTemplates(): Promise<SubscribeTemplateEntry[]> {
      return (await transport.call<TencentReply & { data?: SubscribeTemplateEntry[] }>('wxaapi/newtmpl/gettemplate')).data ?? []
    },

    accessToken: transport.accessToken,
  }
}
