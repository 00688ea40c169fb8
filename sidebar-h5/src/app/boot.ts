import type { SidebarLoginResponse, Staff } from '@liuliang/shared'
import type { HttpClient } from '@liuliang/ui/http'
import type { ChatEntry, JsSdkConfig, Wecom } from '../lib/wecom'

/** WeCom's required order: OAuth code → staff token → JS-SDK register → context → current chat. */
export const BOOT_STEPS = ['oauth', 'login', 'register', 'context', 'contact'] as const
export type BootStep = (typeof BOOT_STEPS)[number]

export type ChatContext =
  | { kind: 'contact'; externalUserId: string }
  | { kind: 'group'; chatId: string }
  | { kind: 'other'; entry: ChatEntry }

export interface SidebarSession {
  staff: Staff
  chat: ChatContext
}

export interface BootDependencies {
  wecom: Wecom
  http: HttpClient
  setToken: (token: string) => void
  onStep?: (step: BootStep) => void
}

export async function bootSidebar({ wecom, http, setToken, onStep }: BootDependencies): Promise<SidebarSession> {
  onStep?.('oauth')
  const code = await wecom.obtainOAuthCode()

  onStep?.('login')
  const { token, staff } = await http.post<SidebarLoginResponse>('/api/sidebar/login', { code }, { auth: false })
  setToken(token)

  onStep?.('register')
  await wecom.register((url) => http.get<JsSdkConfig>('/api/sidebar/jssdk-config', { query: { url } }))

  onStep?.('context')
  const { entry } = await wecom.getContext()

  if (entry === 'single_chat_tools' || entry === 'contact_profile') {
    onStep?.('contact')
    const { userId } = await wecom.getCurExternalContact()
    return { staff, chat: { kind: 'contact', externalUserId: userId } }
  }
  if (entry === 'group_chat_tools') {
    onStep?.('contact')
    const { chatId } = await wecom.getCurExternalChat()
    return { staff, chat: { kind: 'group', chatId } }
  }
  return { staff, chat: { kind: 'other', entry } }
}

export type BootState =
  | { status: 'booting'; step: BootStep }
  | { status: 'failed'; step: BootStep; error: unknown }
  | { status: 'ready'; session: SidebarSession }

export interface BootController {
  getState(): BootState
  subscribe(listener: () => void): () => void
  /** Idempotent: an OAuth code is single-use, so the boot must never run twice on one page. */
  start(): void
}

export function createBootController(dependencies: Omit<BootDependencies, 'onStep'>): BootController {
  let state: BootState = { status: 'booting', step: 'oauth' }
  let started = false
  const listeners = new Set<() => void>()
  const set = (next: BootState) => {
    state = next
    for (const listener of listeners) listener()
  }

  // The double can switch customer without a new page; follow it.
  dependencies.wecom.onContactChange((externalUserId) => {
    if (state.status === 'ready') {
      set({ status: 'ready', session: { ...state.session, chat: { kind: 'contact', externalUserId } } })
    }
  })

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    start() {
      if (started) return
      started = true
      let step: BootStep = 'oauth'
      bootSidebar({
        ...dependencies,
        onStep: (next) => {
          step = next
          set({ status: 'booting', step })
        },
      }).then(
        (session) => set({ status: 'ready', session }),
        (error: unknown) => set({ status: 'failed', step, error }),
      )
    },
  }
}
