import { jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { timestamp } from './columns'

/** Admin-configured rules, one JSON document per key; absent keys use the product's defaults. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull().$type<unknown>(),
  updatedAt: timestamp('updated_at').notNull(),
})
