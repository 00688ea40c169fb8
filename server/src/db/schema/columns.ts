import { integer } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'

/** UTC timestamps in milliseconds, so ordering and range queries stay integer comparisons. */
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' })
export const createdAt = () =>
  timestamp('created_at')
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`)
