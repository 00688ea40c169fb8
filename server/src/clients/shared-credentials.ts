// Access tokens and jsapi tickets kept in the database, so every server behind the load balancer uses
// the same one. Tencent limits how often they may be fetched, and a fresh WeChat token expires the
// previous one: servers each fetching their own would throttle or invalidate one another.
import { and, eq, isNull, lt, or } from 'drizzle-orm'
import { first, rowsChanged, type Db } from '../db'
import { accessTokens } from '../db/schema'

export interface LifetimeValue {
  value: string
  /** ms since the epoch */
  expiresAt: number
}

export interface SharedCredential {
  /** The live value, fetched by this server or another one. */
  get(): Promise<LifetimeValue>
  /** Tencent refused `stale`: forget it, unless another server already replaced it. */
  invalidate(stale: string): Promise<void>
}

/** One credential, fetched by `fetchValue` when no server holds a live one. */
export type CredentialStore = (credential: string, fetchValue: () => Promise<LifetimeValue>) => SharedCredential

/** Refreshed this long before it expires, so it never expires between reading and sending it. */
const REFRESH_EARLY_MS = 60_000
/** How long a server may take to fetch before another one tries. */
const FETCH_LEASE_MS = 10_000
const WAIT_STEP_MS = 50

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function databaseCredentials(db: Db, now: () => Date): CredentialStore {
  return (credential, fetchValue) => {
    const row = eq(accessTokens.credential, credential)
    const live = (value: LifetimeValue | null): value is LifetimeValue => !!value && value.expiresAt - REFRESH_EARLY_MS > now().getTime()
    // The value last seen, so most calls to Tencent need no database read.
    let known: LifetimeValue | null = null

    const stored = async (): Promise<LifetimeValue | null> => {
      const found = await first(db.select().from(accessTokens).where(row))
      return found?.token && found.expiresAt ? { value: found.token, expiresAt: found.expiresAt.getTime() } : null
    }

    /** Takes the fetch lease unless another server holds a current one. */
    const takeLease = () =>
      db.transaction(async (tx) => {
        const at = now()
        await tx.insert(accessTokens).values({ credential }).onConflictDoNothing()
        const taken = await tx
          .update(accessTokens)
          .set({ refreshingUntil: new Date(at.getTime() + FETCH_LEASE_MS) })
          .where(and(row, or(isNull(accessTokens.refreshingUntil), lt(accessTokens.refreshingUntil, at))))
        return rowsChanged(taken) === 1
      })

    const fetchAndShare = async (): Promise<LifetimeValue> => {
      try {
        const fetched = await fetchValue()
        await db.transaction((tx) =>
          tx
            .update(accessTokens)
            .set({ token: fetched.value, expiresAt: new Date(fetched.expiresAt), refreshingUntil: null })
            .where(row),
        )
        return fetched
      } catch (error) {
        await db.transaction((tx) => tx.update(accessTokens).set({ refreshingUntil: null }).where(row))
        throw error
      }
    }

    let pending: Promise<LifetimeValue> | null = null
    const refresh = async (): Promise<LifetimeValue> => {
      for (;;) {
        const current = await stored()
        if (live(current)) return current
        if (await takeLease()) return fetchAndShare()
        // Another server is fetching: its value lands in the row shortly.
        await sleep(WAIT_STEP_MS)
      }
    }

    return {
      async get() {
        if (live(known)) return known
        // One refresh at a time in this server.
        pending ??= refresh().finally(() => {
          pending = null
        })
        known = await pending
        return known
      },
      async invalidate(stale) {
        if (known?.value === stale) known = null
        await db.transaction((tx) => tx.update(accessTokens).set({ expiresAt: null }).where(and(row, eq(accessTokens.token, stale))))
      },
    }
  }
}
