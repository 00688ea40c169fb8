import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { createdAt, timestamp } from './columns'

export const admins = sqliteTable('admins', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  /** scrypt$N$r$p$salt$hash, base64 parts */
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: timestamp('password_changed_at').notNull(),
  /** Carried in every token issued to this admin; raising it (password change, logout) ends them all. */
  sessionVersion: integer('session_version').notNull().default(0),
  createdAt: createdAt(),
})
