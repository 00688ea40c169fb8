import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { timestamp } from './columns'

/** Requests counted per key and window: every server behind the load balancer counts in the same row. */
export const rateLimitWindows = sqliteTable('rate_limit_windows', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  endsAt: timestamp('ends_at').notNull(),
})

/**
 * Tencent access tokens, one row per credential, shared by every server: a server fetching its own
 * would make Tencent expire the token the others hold.
 */
export const accessTokens = sqliteTable('access_tokens', {
  credential: text('credential').primaryKey(),
  token: text('token'),
  expiresAt: timestamp('expires_at'),
  /** while a server fetches a new token the others wait for it instead of fetching their own */
  refreshingUntil: timestamp('refreshing_until'),
})

/**
 * Periodic work that one server does for all (syncing from WeCom): the server that moves a round's due time
 * on does the round, and the others skip it.
 */
export const periodicRounds = sqliteTable('periodic_rounds', {
  name: text('name').primaryKey(),
  nextDueAt: timestamp('next_due_at').notNull(),
})
