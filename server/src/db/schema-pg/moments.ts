import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { MOMENT_INTERACTION_KINDS, MOMENT_TASK_STATUSES, type MomentContent } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'

/** A customer moment (客户朋友圈) the console asked WeCom to create: add_moment_task's job, then its moment id. */
export const momentTasks = pgTable(
  'moment_tasks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    content: jsonb('content').$type<MomentContent>().notNull(),
    /** the guides asked by name; empty is every guide */
    staffUserIds: jsonb('staff_user_ids').$type<string[]>().notNull(),
    /** our tag ids; empty is every customer */
    tagIds: jsonb('tag_ids').$type<number[]>().notNull(),
    status: text('status', { enum: MOMENT_TASK_STATUSES }).notNull(),
    jobId: text('job_id'),
    momentId: text('moment_id').unique(),
    failure: text('failure'),
    invalidStaffUserIds: jsonb('invalid_staff_user_ids').$type<string[]>().notNull(),
    invalidTagIds: jsonb('invalid_tag_ids').$type<string[]>().notNull(),
    syncedAt: timestamp('synced_at'),
    createdAt: createdAt(),
  },
  (t) => [index('moment_tasks_status').on(t.status, t.id)],
)

/** One guide's post of a moment task: published or not, reminders sent, what it reached. */
export const momentPosts = pgTable(
  'moment_posts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    taskId: integer('task_id')
      .notNull()
      .references(() => momentTasks.id),
    staffUserId: text('staff_user_id').notNull(),
    published: boolean('published').notNull().default(false),
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
export const momentReach = pgTable(
  'moment_reach',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    postId: integer('post_id')
      .notNull()
      .references(() => momentPosts.id),
    externalUserId: text('external_user_id').notNull(),
  },
  (t) => [uniqueIndex('moment_reach_post_customer').on(t.postId, t.externalUserId)],
)

/** A like or a comment on a post, by a customer or a colleague (get_moment_comments). */
export const momentInteractions = pgTable(
  'moment_interactions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
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
