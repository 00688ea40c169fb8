import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { SCRIPT_TYPES } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customerRef, staffRef } from './references'
import { staff } from './staff'

/** The script library's categories, a tree. */
export const scriptCategories = pgTable(
  'script_categories',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    parentId: integer('parent_id').references((): AnyPgColumn => scriptCategories.id),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  // Names are unique among siblings; unique indexes let NULLs repeat, so top-level ones need their own.
  (t) => [
    uniqueIndex('script_categories_parent_name').on(t.parentId, t.name),
    uniqueIndex('script_categories_top_name').on(t.name).where(sql`parent_id is null`),
  ],
)

/**
 * Scripts (话术). Searched through the `scripts_search_trgm` GIN trigram index over title, content and
 * keywords (migration scripts_search), so Chinese text matches by substring.
 */
export const scripts = pgTable(
  'scripts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    categoryId: integer('category_id').references(() => scriptCategories.id),
    /** null for the brand's library; otherwise the guide whose own script it is */
    ownerStaffId: integer('owner_staff_id').references(() => staff.id),
    type: text('type', { enum: SCRIPT_TYPES }).notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    keywords: jsonb('keywords').$type<string[]>().notNull(),
    /** what the type adds: {url} for image, {url, imageUrl} for link, {appid, page, imageUrl} for miniprogram */
    attachment: jsonb('attachment').$type<Record<string, string>>(),
    usageCount: integer('usage_count').notNull().default(0),
    /** WeCom temporary media for image scripts (valid three days), uploaded when first sent */
    mediaId: text('media_id'),
    mediaExpiresAt: timestamp('media_expires_at'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [index('scripts_usage').on(t.usageCount, t.id), index('scripts_category').on(t.categoryId), index('scripts_owner').on(t.ownerStaffId)],
)

/** Each time a guide sent a script into a chat; the request id makes a retried send count once. */
export const scriptSends = pgTable(
  'script_sends',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    scriptId: integer('script_id')
      .notNull()
      .references(() => scripts.id, { onDelete: 'cascade' }),
    staffId: staffRef(),
    customerId: customerRef(),
    requestId: text('request_id').notNull(),
    sentAt: timestamp('sent_at').notNull(),
  },
  (t) => [uniqueIndex('script_sends_request').on(t.staffId, t.requestId), index('script_sends_staff_time').on(t.staffId, t.sentAt)],
)
