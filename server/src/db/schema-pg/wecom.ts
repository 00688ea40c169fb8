import { integer, pgTable, text } from 'drizzle-orm/pg-core'
import { createdAt } from './columns'

/** Callbacks already handled: WeCom retries, and a replay must change nothing twice. */
export const wecomCallbackEvents = pgTable('wecom_callback_events', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  /** sha256 of the decrypted message: identical for WeCom's retries of one event */
  dedupeKey: text('dedupe_key').notNull().unique(),
  event: text('event').notNull(),
  changeType: text('change_type'),
  receivedAt: createdAt(),
})
