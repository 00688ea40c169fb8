import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt } from './columns'

/** Callbacks already handled: WeCom retries, and a replay must change nothing twice. */
export const wecomCallbackEvents = sqliteTable('wecom_callback_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** sha256 of the decrypted message: identical for WeCom's retries of one event */
  dedupeKey: text('dedupe_key').notNull().unique(),
  event: text('event').notNull(),
  changeType: text('change_type'),
  receivedAt: createdAt(),
})
