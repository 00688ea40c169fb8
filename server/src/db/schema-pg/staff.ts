import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core'
import { createdAt } from './columns'

/** WeCom members (shop guides). Created on first login or first event that names them. */
export const staff = pgTable('staff', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  userId: text('user_id').notNull().unique(),
  name: text('name').notNull(),
  avatarUrl: text('avatar_url'),
  isAdmin: boolean('is_admin').notNull().default(false),
  createdAt: createdAt(),
})
