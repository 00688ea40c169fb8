import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SESSION_KEY, createAdminSessionStore, readSession, type AdminSession } from './admin-session'

class MemoryStorage {
  readonly items = new Map<string, string>()
  getItem(key: string) {
    return this.items.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.items.set(key, value)
  }
  removeItem(key: string) {
    this.items.delete(key)
  }
}

const session = (expiresAt: string): AdminSession => ({
  token: 'admin-token',
  admin: { id: 1, username: 'admin' },
  expiresAt,
})

describe('readSession', () => {
  it('returns a stored session that has not expired', () => {
    const storage = new MemoryStorage()
    storage.setItem(SESSION_KEY, JSON.stringify(session('2025-01-01T12:00:00.000Z')))
    expect(readSession(storage, new Date('2025-01-01T11:59:59.000Z'))?.token).toBe('admin-token')
  })

  it('drops an expired, unreadable or malformed session', () => {
    const storage = new MemoryStorage()
    for (const raw of [
      JSON.stringify(session('2025-01-01T12:00:00.000Z')),
      JSON.stringify(session('not a date')),
      '{not json',
      JSON.stringify({ token: 1 }),
    ]) {
      storage.setItem(SESSION_KEY, raw)
      expect(readSession(storage, new Date('2025-01-01T12:00:00.000Z'))).toBeNull()
      expect(storage.items.has(SESSION_KEY)).toBe(false)
    }
  })
})

describe('admin session store', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2025-01-01T10:00:00.000Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps the session in storage until logout', () => {
    const storage = new MemoryStorage()
    const store = createAdminSessionStore(storage)
    store.signIn(session('2025-01-01T12:00:00.000Z'))
    expect(createAdminSessionStore(storage).current()?.admin.username).toBe('admin')

    store.signOut('logout')
    expect(store.current()).toBeNull()
    expect(store.lastSignOut()).toBe('logout')
    expect(storage.items.has(SESSION_KEY)).toBe(false)
  })

  it('goes back to the login page when the token expires', () => {
    const storage = new MemoryStorage()
    const store = createAdminSessionStore(storage)
    const changes: Array<AdminSession | null> = []
    store.subscribe(() => changes.push(store.getSession()))
    store.signIn(session('2025-01-01T10:30:00.000Z'))

    vi.advanceTimersByTime(29 * 60 * 1000)
    expect(store.getSession()).not.toBeNull()
    vi.advanceTimersByTime(60 * 1000)
    expect(store.getSession()).toBeNull()
    expect(store.lastSignOut()).toBe('expired')
    expect(changes.map((c) => c?.token ?? null)).toEqual(['admin-token', null])
    expect(storage.items.has(SESSION_KEY)).toBe(false)
  })

  it('signs out when an expired session is read before its timer fires', () => {
    const storage = new MemoryStorage()
    let now = new Date('2025-01-01T10:00:00.000Z')
    const store = createAdminSessionStore(storage, () => now)
    store.signIn(session('2025-01-01T10:30:00.000Z'))
    now = new Date('2025-01-01T11:00:00.000Z')
    expect(store.current()).toBeNull()
    expect(store.lastSignOut()).toBe('expired')
  })
})
