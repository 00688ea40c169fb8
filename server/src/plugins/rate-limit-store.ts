// @fastify/rate-limit's counters kept in the database, so every server behind the load balancer
// counts the same requests: a client spreading its attempts over several servers is limited once.
import type { FastifyRateLimitStore } from '@fastify/rate-limit'
import { createRequire } from 'node:module'
import { and, eq, gt, lt, sql } from 'drizzle-orm'
import type { Db, Tx } from '../db'
import { rateLimitWindows } from '../db/schema'

declare module '@fastify/rate-limit' {
  interface RateLimitOptions {
    /**
     * Counted by each server in its own memory, written nowhere: for throttles of a second or so against
     * tapping bursts, where a client reaching two servers at once gains little and a write per request
     * would cost more than what it guards.
     */
    perServer?: boolean
  }
}

type Reply = Parameters<FastifyRateLimitStore['incr']>[1]
/** What the plugin hands a store's constructor and `child`: at run time, a route's limit with its route. */
type RouteParams = Parameters<FastifyRateLimitStore['child']>[0] & { routeInfo?: { method?: string | string[]; url?: string }; perServer?: boolean; continueExceeding?: boolean; exponentialBackoff?: boolean }

/** The plugin's own in-memory store (an LRU of windows), for `perServer` limits. */
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  cache?: number,
) => FastifyRateLimitStore

/** Windows that ended this long ago are swept away now and then. */
const SWEEP_AFTER_MS = 3600_000
const SWEEP_EVERY_CALLS = 500

/** One more hit of `key` in its window at `at` (ms); a window that has ended starts over. */
export async function countHit(tx: Tx, key: string, windowMs: number, at: number): Promise<{ hits: number; endsAt: Date }> {
  const [row] = await tx
    .insert(rateLimitWindows)
    .values({ key, hits: 1, endsAt: new Date(at + windowMs) })
    .onConflictDoUpdate({
      target: rateLimitWindows.key,
      set: {
        hits: sql`case when ${rateLimitWindows.endsAt} <= ${at} then 1 else ${rateLimitWindows.hits} + 1 end`,
        endsAt: sql`case when ${rateLimitWindows.endsAt} <= ${at} then ${at + windowMs} else ${rateLimitWindows.endsAt} end`,
      },
    })
    .returning()
  return row as typeof rateLimitWindows.$inferSelect
}

/** Takes one hit of `key` back, if its window (known by its end) is still the one counted in. */
export async function takeBackHit(tx: Tx, key: string, endsAt: Date): Promise<void> {
  await tx
    .update(rateLimitWindows)
    .set({ hits: sql`${rateLimitWindows.hits} - 1` })
    .where(and(eq(rateLimitWindows.key, key), eq(rateLimitWindows.endsAt, endsAt), gt(rateLimitWindows.hits, 0)))
}

export function databaseRateLimitStore(db: Db) {
  let calls = 0

  const count = (key: string, windowMs: number) =>
    db.transaction(async (tx) => {
      // Request rates are about real time, not the business clock tests move: the window is wall time.
      const at = Date.now()
      const window = await countHit(tx, key, windowMs, at)
      if (++calls % SWEEP_EVERY_CALLS === 0) await tx.delete(rateLimitWindows).where(lt(rateLimitWindows.endsAt, new Date(at - SWEEP_AFTER_MS)))
      return { current: window.hits, ttl: Math.max(0, window.endsAt.getTime() - at) }
    })

  return class DatabaseRateLimitStore implements FastifyRateLimitStore {
    readonly prefix: string

    constructor(params: Partial<RouteParams> = {}) {
      const method = params.routeInfo?.method
      this.prefix = params.routeInfo?.url ? `${Array.isArray(method) ? method.join(',') : method} ${params.routeInfo.url} ` : ''
    }

    incr(key: string, reply: Reply, timeWindow: number): void {
      count(this.prefix + key, timeWindow).then(
        (result) => reply(null, result),
        (error: Error) => reply(error),
      )
    }

    child(params: RouteParams): FastifyRateLimitStore {
      if (params.perServer) return new LocalStore(params.continueExceeding ?? false, params.exponentialBackoff ?? false)
      return new DatabaseRateLimitStore(params)
    }
  }
}
