import { integer } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'

/** UTC timestamps in milliseconds, so ordering and range queries stay integer comparisons. */
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' })
export const createdAt = () =>
  timestamp('created_at')
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`)

/**
 * What makes something a limited offer (a mall item, a group-buy campaign): stock that the
 * database keeps from going negative, a per-customer limit, an optional sale window and a switch.
 */
export const limitedOffer = () => ({
  stock: integer('stock').notNull(),
  perUserLimit: integer('per_user_limit').notNull(),
  startsAt: timestamp('starts_at'),
  endsAt: timestamp('ends_at'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
})
