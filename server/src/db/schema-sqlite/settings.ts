import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { timestamp } from './columns'

/** Admin-configured rules, one JSON document per key; absent keys use the product's defaults. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull().$type<unknown>(),
  updatedAt: timestamp('updated_at').notNull(),
})
