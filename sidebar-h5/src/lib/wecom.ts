// The only module that touches the WeCom JS-SDK. Inside WeCom it drives the real SDK; anywhere else it
// becomes a visible development double: a guide picker stands in for OAuth, a customer picker for
// getCurExternalContact, and a panel shows what sendChatMessage would have sent.
import type * as WecomSdk from '@wecom/jssdk'
import type { EntryType, SendChatMessage, SendChatMessageCommonParams } from '@wecom/jssdk'
import { UserFacingError } from '@liuliang/ui/errors'
import { env as clientEnv, missingWecomSettings } from './env'

export const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage', 'scanQRCode'] as const

export type WecomMode = 'wecom' | 'double'
export type ChatEntry = `${EntryType}`
export type ChatMessage = SendChatMessageCommonParams & SendChatMessage

export interface JsSdkSignature {
  timestamp: number | string
  nonceStr: string
  signature: string
}

/** `GET /api/sidebar/jssdk-config?url=`: one signature per ticket (corp for config, app for agentConfig). */
export interface JsSdkConfig {
  corpId: string
  agentId: number | string
  corp: JsSdkSignature
  agent: JsSdkSignature
}

export type FetchJsSdkConfig = (url: string) => Promise<JsSdkConfig>

export class WecomError extends UserFacingError {}

type SdkModule = Pick<
  typeof WecomSdk,
  'register' | 'ensureAgentConfigReady' | 'getContext' | 'getCurExternalContact' | 'getCurExternalChat' | 'sendChatMessage' | 'scanQRCode'
>

/** What the bridge needs from the page; the browser's by default. */
export interface WecomEnvironment {
  userAgent: string
  href: () => string
  /** Leaves for another URL without a history entry (OAuth must not be returned to with Back). */
  redirect: (url: string) => void
  reload: () => void
  corpId: string
  agentId: string
  loadSdk: () => Promise<SdkModule>
  now?: () => Date
}

/** One message the double pretended to send into the chat. */
export interface SentChatMessage {
  id: number
  sentAt: string
  message: ChatMessage
}

export interface DevDoubleState {
  /** The picker on screen: a guide (stands in for OAuth) or a customer (for getCurExternalContact). */
  picker: 'guide' | 'contact' | null
  guideUserId: string | null
  externalUserId: string | null
  sent: readonly SentChatMessage[]
}

export interface DevDouble {
  getState(): DevDoubleState
  subscribe(listener: () => void): () => void
  pickGuide(userId: string): void
  pickContact(externalUserId: string): void
  openContactPicker(): void
  closeContactPicker(): void
  /** A different guide means a new login: start the page over. */
  switchGuide(): void
}

export interface Wecom {
  readonly mode: WecomMode
  /** Present only outside WeCom. */
  readonly double: DevDouble | null
  /** The OAuth code to log in with; inside WeCom without one it redirects to OAuth and never settles. */
  obtainOAuthCode(): Promise<string>
  /** Gets a fresh login: a new OAuth round inside WeCom, the guide picker outside. */
  restartLogin(): void
  register(fetchConfig: FetchJsSdkConfig): Promise<void>
  getContext(): Promise<{ entry: ChatEntry }>
  getCurExternalContact(): Promise<{ userId: string }>
  getCurExternalChat(): Promise<{ chatId: string }>
  sendChatMessage(message: ChatMessage): Promise<void>
  /** What WeCom's scanner read (a QR code); outside WeCom the double asks for it to be typed. */
  scanQRCode(): Promise<string>
  /** WeCom opens a new sidebar page per chat, so only the double switches customer in place. */
  onContactChange(listener: (externalUserId: string) => void): () => void
}

export function isInsideWecom(userAgent: string): boolean {
  return /wxwork/i.test(userAgent)
}

export const OAUTH_STATE = 'liuliang'
const OAUTH_PARAMS = ['code', 'state']

export function readOAuthCode(href: string): string | null {
  return new URL(href).searchParams.get('code') || null
}

/** The page URL to come back to from OAuth (and to sign): no used code, no fragment. */
export function withoutOAuthParams(href: string): string {
  const url = new URL(href)
  for (const name of OAUTH_PARAMS) url.searchParams.delete(name)
  url.hash = ''
  return url.toString()
}

/** WeCom doc 91022; WeCom requires the parameters in this order and the `#wechat_redirect` suffix. */
export function buildOAuthUrl({ corpId, agentId, redirectUri, state = OAUTH_STATE }: {
  corpId: string
  agentId: string | number
  redirectUri: string
  state?: string
}): string {
  return (
    'https://open.weixin.qq.com/connect/oauth2/authorize' +
    `?appid=${encodeURIComponent(corpId)}` +
    `&redirect_uri=${encodeURIComponent(redirectUri)}` +
    '&response_type=code&scope=snsapi_base' +
    `&state=${encodeURIComponent(state)}` +
    `&agentid=${encodeURIComponent(String(agentId))}` +
    '#wechat_redirect'
  )
}

/** WeCom member userids: letters, digits and `_-.@`, up to 64 characters. */
export function isValidStaffUserId(userId: string): boolean {
  return /^[A-Za-z0-9_.@-]{1,64}$/.test(userId)
}

/**
 * The sandbox logs in staff `<userid>` with `test_<userid>~<anything>`; codes are single use, as
 * WeCom's are, so every login (and every reload) needs a fresh one.
 */
export function sandboxOAuthCode(userId: string): string {
  return `test_${userId}~${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
}

export function createWecom(environment: WecomEnvironment): Wecom {
  return isInsideWecom(environment.userAgent) ? createRealWecom(environment) : createDevDouble(environment)
}

/** The SDK rejects with `{errMsg}` objects; make them errors a person can read. */
async function callSdk<T>(action: () => Promise<T>, failure: string): Promise<T> {
  try {
    return await action()
  } catch (error) {
    const detail =
      typeof error === 'object' && error !== null && 'errMsg' in error ? String(error.errMsg) : String(error)
    throw new WecomError(`${failure}（${detail}）`)
  }
}

function createRealWecom(environment: WecomEnvironment): Wecom {
  let sdk: Promise<SdkModule> | undefined
  const loadSdk = () =>
    (sdk ??= environment.loadSdk().catch(() => {
      sdk = undefined
      throw new WecomError('企业微信 JS-SDK 加载失败，请检查网络后重试')
    }))

  const redirectToOAuth = () => {
    const missing = missingWecomSettings({ wecomCorpId: environment.corpId, wecomAgentId: environment.agentId })
    if (missing.length > 0) throw new WecomError(`无法发起企业微信登录：此版本缺少配置 ${missing.join('、')}`)
    const redirectUri = withoutOAuthParams(environment.href())
    environment.redirect(buildOAuthUrl({ corpId: environment.corpId, agentId: environment.agentId, redirectUri }))
  }

  return {
    mode: 'wecom',
    double: null,
    async obtainOAuthCode() {
      const code = readOAuthCode(environment.href())
      if (code) {
        // Fetch the SDK while the login request is in flight; failures surface at register.
        loadSdk().catch(() => undefined)
        return code
      }
      redirectToOAuth()
      return new Promise<never>(() => undefined)
    },
    restartLogin() {
      try {
        redirectToOAuth()
      } catch {
        // Without the settings no OAuth is possible; reloading shows the boot error that names them.
        environment.redirect(withoutOAuthParams(environment.href()))
      }
    },
    async register(fetchConfig) {
      const ww = await loadSdk()
      // One response carries both signatures; the SDK asks for each separately, per page URL.
      const configs = new Map<string, Promise<JsSdkConfig>>()
      const configFor = (url: string) => {
        let config = configs.get(url)
        if (!config) {
          config = fetchConfig(url)
          configs.set(url, config)
          config.catch(() => configs.delete(url))
        }
        return config
      }
      const { corpId, agentId } = await configFor(environment.href().split('#')[0] ?? '')
      ww.register({
        corpId,
        agentId,
        jsApiList: [...JS_API_LIST],
        getConfigSignature: async (url) => (await configFor(url)).corp,
        getAgentConfigSignature: async (url) => (await configFor(url)).agent,
      })
      // register() is lazy; wait for agentConfig so a bad signature fails the boot, not a later tap.
      await callSdk(() => ww.ensureAgentConfigReady(), '企业微信 JS-SDK 注册失败')
    },
    async getContext() {
      const ww = await loadSdk()
      const { entry } = await callSdk(() => ww.getContext(), '无法获取页面的打开场景')
      return { entry: entry as ChatEntry }
    },
    async getCurExternalContact() {
      const ww = await loadSdk()
      const { userId } = await callSdk(() => ww.getCurExternalContact(), '无法获取当前客户')
      return { userId }
    },
    async getCurExternalChat() {
      const ww = await loadSdk()
      const { chatId } = await callSdk(() => ww.getCurExternalChat(), '无法获取当前客户群')
      return { chatId }
    },
    async sendChatMessage(message) {
      const ww = await loadSdk()
      await callSdk(() => ww.sendChatMessage(message), '发送失败')
    },
    async scanQRCode() {
      const ww = await loadSdk()
      const { resultStr } = await callSdk(() => ww.scanQRCode({ needResult: true, scanType: ['qrCode'] as WecomSdk.ScanQRCodeType[] }), '扫码失败')
      if (!resultStr) throw new WecomError('没有扫到内容，请重试')
      return resultStr
    },
    onContactChange() {
      return () => undefined
    },
  }
}

function createDevDouble(environment: WecomEnvironment): Wecom {
  const now = environment.now ?? (() => new Date())
  let state: DevDoubleState = { picker: null, guideUserId: null, externalUserId: null, sent: [] }
  let nextMessageId = 1
  const listeners = new Set<() => void>()
  const contactListeners = new Set<(externalUserId: string) => void>()
  let guideWaiters: Array<(userId: string) => void> = []
  let contactWaiters: Array<(externalUserId: string) => void> = []

  // `?groupChat=<chat id>` opens the page as the toolbar of that customer group does (group_chat_tools).
  const groupChatId = () => new URL(environment.href()).searchParams.get('groupChat')

  const update = (patch: Partial<DevDoubleState>) => {
    state = { ...state, ...patch }
    for (const listener of listeners) listener()
  }

  const double: DevDouble = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    pickGuide(userId) {
      const id = userId.trim()
      if (!isValidStaffUserId(id)) throw new WecomError('导购账号只能包含字母、数字和 _ . @ -')
      // The token belongs to the first guide; another guide goes through switchGuide.
      if (state.guideUserId !== null) return
      update({ guideUserId: id, picker: null })
      const waiters = guideWaiters
      guideWaiters = []
      for (const resolve of waiters) resolve(id)
    },
    pickContact(externalUserId) {
      const previous = state.externalUserId
      update({ externalUserId, picker: null })
      const waiters = contactWaiters
      contactWaiters = []
      for (const resolve of waiters) resolve(externalUserId)
      if (previous !== null && previous !== externalUserId) {
        for (const listener of contactListeners) listener(externalUserId)
      }
    },
    openContactPicker() {
      if (state.guideUserId !== null) update({ picker: 'contact' })
    },
    closeContactPicker() {
      // Before the first pick there is nothing to go back to.
      if (state.externalUserId !== null) update({ picker: null })
    },
    switchGuide() {
      environment.reload()
    },
  }

  return {
    mode: 'double',
    double,
    obtainOAuthCode() {
      if (state.guideUserId !== null) return Promise.resolve(sandboxOAuthCode(state.guideUserId))
      update({ picker: 'guide' })
      return new Promise<string>((resolve) => guideWaiters.push(resolve)).then(sandboxOAuthCode)
    },
    restartLogin() {
      environment.reload()
    },
    async register() {
      // Nothing to sign outside WeCom.
    },
    async getContext() {
      return { entry: groupChatId() ? 'group_chat_tools' : 'single_chat_tools' }
    },
    getCurExternalContact() {
      if (state.externalUserId !== null) return Promise.resolve({ userId: state.externalUserId })
      update({ picker: 'contact' })
      return new Promise<string>((resolve) => contactWaiters.push(resolve)).then((userId) => ({ userId }))
    },
    async getCurExternalChat() {
      const chatId = groupChatId()
      if (!chatId) throw new WecomError('开发模式下在地址后加 ?groupChat=<群 ID> 才有当前客户群')
      return { chatId }
    },
    async sendChatMessage(message) {
      const sent: SentChatMessage = { id: nextMessageId++, sentAt: now().toISOString(), message }
      update({ sent: [...state.sent, sent] })
    },
    async scanQRCode() {
      // Said on screen rather than faked: outside WeCom there is no scanner, so the code is typed in.
      const text = globalThis.prompt?.('开发模式：不在企业微信内，无法打开扫一扫。请输入二维码内容：')
      if (!text) throw new WecomError('已取消扫码')
      return text
    },
    onContactChange(listener) {
      contactListeners.add(listener)
      return () => contactListeners.delete(listener)
    },
  }
}

function browserEnvironment(): WecomEnvironment {
  return {
    userAgent: globalThis.navigator?.userAgent ?? '',
    href: () => globalThis.location?.href ?? 'http://localhost/',
    redirect: (url) => globalThis.location.replace(url),
    reload: () => globalThis.location.reload(),
    corpId: clientEnv.wecomCorpId,
    agentId: clientEnv.wecomAgentId,
    // Loaded on demand: outside WeCom the SDK is never downloaded.
    loadSdk: () => import('@wecom/jssdk'),
  }
}

let pageWecom: Wecom | undefined

/** The page's bridge, created on first use from the browser's user agent. */
export function getWecom(): Wecom {
  return (pageWecom ??= createWecom(browserEnvironment()))
}

/** Sends into the current chat; outside WeCom the double records it in its panel instead. */
export function sendChatMessage(message: ChatMessage): Promise<void> {
  return getWecom().sendChatMessage(message)
}
