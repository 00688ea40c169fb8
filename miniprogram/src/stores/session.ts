import Taro from '@tarojs/taro'
import { create } from 'zustand'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import type { CustomerProfile, MpLoginResponse } from '@liuliang/shared'
import { IS_H5 } from '../env'
import { errorMessage } from '../services/client'
import { obtainLoginCode } from '../services/login-code'
import { login } from '../services/session'

export const DEV_LOGIN_PAGE = '/pages/dev-login/index'

type SignInStatus = 'idle' | 'signing-in' | 'signed-in' | 'failed'

interface SessionState {
  token: string | null
  customer: CustomerProfile | null
  /** h5 only: who the dev-login page signed in as, so a re-login needs no second pick. */
  devWho: string | null
  status: SignInStatus
  error: string | null
  /**
   * Signs in with a fresh login code (`who` picks the sandbox user on h5). Resolves to null when
   * h5 has nobody to sign in as; it then opens the dev-login page.
   */
  signIn: (who?: string) => Promise<MpLoginResponse | null>
  /** Forgets the session (logout); the next signIn starts from scratch. */
  clear: () => void
}

// Taro's sync storage answers '' for a missing key; zustand expects null.
const taroStorage: StateStorage = {
  getItem: (name) => {
    const value: unknown = Taro.getStorageSync(name)
    return typeof value === 'string' && value !== '' ? value : null
  },
  setItem: (name, value) => Taro.setStorageSync(name, value),
  removeItem: (name) => Taro.removeStorageSync(name),
}

// Launch, a page and a 401 can all ask to sign in at once; they share one attempt, since each
// login code is single use.
let pending: Promise<MpLoginResponse | null> | null = null

export const useSessionStore = create<SessionState>()(
  persist(
    (set, get) => ({
      token: null,
      customer: null,
      devWho: null,
      status: 'idle',
      error: null,
      signIn: (who) => {
        if (pending && who === undefined) return pending
        const attempt = (async () => {
          set({ status: 'signing-in', error: null })
          try {
            const devWho = who ?? get().devWho
            const code = await obtainLoginCode(devWho)
            if (code === null) {
              set({ status: 'idle' })
              if (IS_H5) void Taro.reLaunch({ url: DEV_LOGIN_PAGE })
              return null
            }
            const session = await login(code)
            set({ token: session.token, customer: session.customer, devWho, status: 'signed-in' })
            return session
          } catch (error) {
            set({ status: 'failed', error: errorMessage(error) })
            throw error
          }
        })()
        pending = attempt
        const release = () => {
          if (pending === attempt) pending = null
        }
        attempt.then(release, release)
        return attempt
      },
      clear: () => set({ token: null, customer: null, devWho: null, status: 'idle', error: null }),
    }),
    {
      name: 'liuliang-session',
      storage: createJSONStorage(() => taroStorage),
      partialize: ({ token, customer, devWho }) => ({ token, customer, devWho }),
    },
  ),
)
