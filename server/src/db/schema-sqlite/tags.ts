import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { TAG_RULE_ACTIVITIES } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'
import { staff } from './staff'

/** Mirrors of WeCom corp tag groups; an exclusive group lets a customer carry one of its tags at most. */
export const tagGroups = sqliteTable('tag_groups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  wecomGroupId: text('wecom_group_id').notNull().unique(),
  name: text('name').notNull().unique(),
  exclusive: integer('exclusive', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
})

export const tags = sqliteTable(
  'tags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    wecomTagId: text('wecom_tag_id').notNull().unique(),
    groupId: integer('group_id')
      .notNull()
      .references(() => tagGroups.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tags_group_name').on(t.groupId, t.name)],
)

export const customerTags = sqliteTable(
  'customer_tags',
  {
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id),
    /** the guide who marked it; null for rules and imports */
    markedByStaffId: integer('marked_by_staff_id').references(() => staff.id),
    createdAt: createdAt(),
  },
  // (tag, customer) serves audience filters by tag; the primary key serves one customer's tags.
  (t) => [primaryKey({ columns: [t.customerId, t.tagId] }), index('customer_tags_tag').on(t.tagId, t.customerId)],
)

/** Automatic tags: an activity reported by another domain marks its tag while the rule is on. */
export const tagRules = sqliteTable('tag_rules', {
  activity: text('activity', { enum: TAG_RULE_ACTIVITIES }).primaryKey(),
  tagId: integer('tag_id')
    .notNull()
    .references(() => tags.id),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  updatedAt: timestamp('updated_at').notNull(),
})
