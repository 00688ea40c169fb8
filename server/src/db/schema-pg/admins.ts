import { integer, pgTable, text } from 'drizzle-orm/pg-core'
import { createdAt, timestamp } from './columns'

export const admins = pgTable('admins', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  username: text('username').notNull().unique(),
  /** scrypt$N$r$p$salt$hash, base64 parts */
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: timestamp('password_changed_at').notNull(),
  /** Carried in every token issued to this admin; raising it (password change, logout) ends them all. */
  sessionVersion: integer('session_version').notNull().default(0),
  createdAt: createdAt(),
})
