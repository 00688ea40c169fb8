import { boolean, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import type { Permission } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'

/** What an admin may do. Built-in roles carry their key and are rewritten from the code at every start. */
export const adminRoles = pgTable('admin_roles', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  builtIn: text('built_in').unique(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  permissions: jsonb('permissions').$type<Permission[]>().notNull(),
  createdAt: createdAt(),
})

export const admins = pgTable('admins', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull().default(''),
  /** scrypt$N$r$p$salt$hash, base64 parts */
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: timestamp('password_changed_at').notNull(),
  /** Carried in every token issued to this admin; raising it (password change, logout, disabling) ends them all. */
  sessionVersion: integer('session_version').notNull().default(0),
  /** Without a role an account may do nothing; accounts made before roles existed become owners at start. */
  roleId: integer('role_id').references(() => adminRoles.id),
  /** WeCom department ids the account is limited to; empty: the whole brand. */
  departmentIds: jsonb('department_ids').$type<number[]>().notNull().default([]),
  disabledAt: timestamp('disabled_at'),
  /** An invite or a reset sets a one-time password that must be replaced before anything else. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  lastLoginAt: timestamp('last_login_at'),
  createdAt: createdAt(),
})
