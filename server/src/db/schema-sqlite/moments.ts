import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { MOMENT_INTERACTION_KINDS, MOMENT_TASK_STATUSES, type MomentContent } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'

/** A customer moment (客户朋友圈) the console asked WeCom to create: add_moment_task's job, then its moment id. */
export const momentTasks = sqliteTable(
  'moment_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    content: text('content', { mode: 'json' }).$type<MomentContent>().notNull(),
    /** the guides asked by name; empty is every guide */
    staffUserIds: text('staff_user_ids', { mode: 'json' }).$type<string[]>().notNull(),
    /** our tag ids; empty is every customer */
    tagIds: text('tag_ids', { mode: 'json' }).$type<number[]>().notNull(),
    status: text('status', { enum: MOMENT_TASK_STATUSES }).notNull(),
    jobId: text('job_id'),
    momentId: text('moment_id').unique(),
    failure: text('failure'),
    invalidStaffUserIds: text('invalid_staff_user_ids', { mode: 'json' }).$type<string[]>().notNull(),
    invalidTagIds: text('invalid_tag_ids', { mode: 'json' }).$type<string[]>().notNull(),
    syncedAt: timestamp('synced_at'),
    createdAt: createdAt(),
  },
  (t) => [index('moment_tasks_status').on(t.status, t.id)],
)

/** One guide's post of a moment task: published or not, reminders sent, what it reached. */
export const momentPosts = sqliteTable(
  'moment_posts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => momentTasks.id),
    staffUserId: text('staff_user_id').notNull(),
    published: integer('published', { mode: 'boolean' }).notNull().default(false),
    /** when a sync first saw it published */
    publishedAt: timestamp('published_at'),
    remindersSent: integer('reminders_sent').notNull().default(0),
    lastRemindedAt: timestamp('last_reminded_at'),
    reachedCount: integer('reached_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    likeCount: integer('like_count').notNull().default(0),
  },
  (t) => [uniqueIndex('moment_posts_task_staff').on(t.taskId, t.staffUserId)],
)

/** The customers a published post reaches (get_moment_send_result), replaced at each sync. */
export const momentReach = sqliteTable(
  'moment_reach',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postId: integer('post_id')
      .notNull()
      .references(() => momentPosts.id),
    externalUserId: text('external_user_id').notNull(),
  },
  (t) => [uniqueIndex('moment_reach_post_customer').on(t.postId, t.externalUserId)],
)

/** A like or a comment on a post, by a customer or a colleague (get_moment_comments). */
export const momentInteractions = sqliteTable(
  'moment_interactions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postId: integer('post_id')
      .notNull()
      .references(() => momentPosts.id),
    kind: text('kind', { enum: MOMENT_INTERACTION_KINDS }).notNull(),
    byKind: text('by_kind', { enum: ['customer', 'staff'] }).notNull(),
    /** external_userid or userid */
    byId: text('by_id').notNull(),
    at: timestamp('at').notNull(),
  },
  (t) => [uniqueIndex('moment_interactions_once').on(t.postId, t.kind, t.byKind, t.byId, t.at)],
)
