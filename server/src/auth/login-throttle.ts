// Failed admin logins, limited per client address and per account name. The counters live in the
// database with the other rate limits, so every server behind the load balancer counts the same
// failures. An attempt is counted before its password is checked, so a burst of parallel guesses
// cannot all slip in under the limit, and taken back when the password is right: only failures count,
// and a correct password never locks an admin out.
import type { Db } from '../db'
import { AppError } from '../errors'
import { countHit, takeBackHit } from '../plugins/rate-limit-store'

export const LOGIN_FAILURE_LIMITS = {
  /** one client guessing */
  address: { max: 10, windowMs: 60_000 },
  /** many clients guessing one account's password */
  account: { max: 20, windowMs: 15 * 60_000 },
} as const

export interface LoginAttempt {
  /** The password was right: the attempt does not count. */
  succeeded(): Promise<void>
}

export function createLoginThrottle(db: Db) {
  return {
    /** Counts an attempt, or refuses it with 429 while the address or the account is over its limit. */
    async begin(address: string, username: string): Promise<LoginAttempt> {
      const counters = [
        { key: `admin-login-failures address ${address}`, ...LOGIN_FAILURE_LIMITS.address },
        { key: `admin-login-failures account ${username}`, ...LOGIN_FAILURE_LIMITS.account },
      ]
      // Request rates are about real time, as the other rate limits: the windows are wall time.
      const at = Date.now()
      const windows = await db.transaction(async (tx) => {
        const counted = []
        for (const counter of counters) counted.push({ ...counter, ...(await countHit(tx, counter.key, counter.windowMs, at)) })
        return counted
      })
      const over = windows.filter((window) => window.hits > window.max)
      if (over.length > 0) {
        const waitMinutes = Math.ceil(Math.max(...over.map((window) => window.endsAt.getTime() - at)) / 60_000)
        throw new AppError(429, 'RATE_LIMITED', `登录失败次数过多，请 ${waitMinutes} 分钟后再试`)
      }
      return {
        succeeded: () =>
          db.transaction(async (tx) => {
            for (const window of windows) await takeBackHit(tx, window.key, window.endsAt)
          }),
      }
    },
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>
