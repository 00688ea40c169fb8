import type { AdminLoginResponse } from '@liuliang/shared'

export type AdminSession = AdminLoginResponse

export const SESSION_KEY = 'liuliang.admin.session'

/** Why the console went back to the login page, for the notice shown there. */
export type SignOutReason = 'logout' | 'expired' | 'password-changed'

type SessionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function isSession(value: unknown): value is AdminSession {
  if (typeof value !== 'object' || value === null) return false
  const session = value as Partial<AdminSession>
  return (
    typeof session.token === 'string' &&
    typeof session.expiresAt === 'string' &&
    typeof session.admin === 'object' &&
    session.admin !== null &&
    typeof session.admin.username === 'string'
  )
}

export function isExpired(session: Pick<AdminSession, 'expiresAt'>, now: Date): boolean {
  const expiresAt = Date.parse(session.expiresAt)
  // An unreadable expiry is treated as expired: better a new login than a token we cannot judge.
  return Number.isNaN(expiresAt) || expiresAt <= now.getTime()
}

/** The stored session, or null when there is none, it is unreadable, or it has expired (then it is removed). */
export function readSession(storage: SessionStorage, now: Date): AdminSession | null {
  const raw = storage.getItem(SESSION_KEY)
  if (raw === null) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    parsed = null
  }
  if (!isSession(parsed) || isExpired(parsed, now)) {
    storage.removeItem(SESSION_KEY)
    return null
  }
  return parsed
}

export interface AdminSessionStore {
  /** The session as last known, without side effects (a React snapshot). */
  getSession(): AdminSession | null
  /** The session if it is still valid; finding it expired signs out. */
  current(): AdminSession | null
  lastSignOut(): SignOutReason | null
  subscribe(listener: () => void): () => void
  signIn(session: AdminSession): void
  signOut(reason: SignOutReason): void
}

export function createAdminSessionStore(
  storage: SessionStorage,
  now: () => Date = () => new Date(),
): AdminSessionStore {
  let session = readSession(storage, now())
  let signOutReason: SignOutReason | null = null
  let expiryTimer: ReturnType<typeof setTimeout> | undefined
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }

  const signOut = (reason: SignOutReason) => {
    clearTimeout(expiryTimer)
    storage.removeItem(SESSION_KEY)
    if (session === null) return
    session = null
    signOutReason = reason
    notify()
  }

  // Back to the login page the moment the token expires, not at the next click.
  const scheduleExpiry = () => {
    clearTimeout(expiryTimer)
    if (session === null) return
    const delay = Date.parse(session.expiresAt) - now().getTime()
    // setTimeout overflows past ~24.8 days; such a session is re-checked on every read anyway.
    if (delay < 2 ** 31 - 1) expiryTimer = setTimeout(() => signOut('expired'), Math.max(0, delay))
  }
  scheduleExpiry()

  return {
    getSession: () => session,
    current() {
      if (session !== null && isExpired(session, now())) signOut('expired')
      return session
    },
    lastSignOut: () => signOutReason,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    signIn(next) {
      session = next
      signOutReason = null
      storage.setItem(SESSION_KEY, JSON.stringify(next))
      scheduleExpiry()
      notify()
    },
    signOut,
  }
}
