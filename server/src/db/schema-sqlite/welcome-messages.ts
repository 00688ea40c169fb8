import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { WELCOME_SCOPES, WELCOME_SEND_STATUSES, type WelcomeMessageAttachment } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customerRef, staffRef } from './references'
import { liveCodes } from './live-codes'
import { staff } from './staff'

/** What a new customer is greeted with; the most specific enabled scope that matches wins. */
export const welcomeMessages = sqliteTable(
  'welcome_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    scope: text('scope', { enum: WELCOME_SCOPES }).notNull(),
    liveCodeId: integer('live_code_id').references(() => liveCodes.id),
    staffId: integer('staff_id').references(() => staff.id),
    /** WeCom department id */
    departmentId: integer('department_id'),
    startsAt: timestamp('starts_at'),
    endsAt: timestamp('ends_at'),
    text: text('text').notNull(),
    attachments: text('attachments', { mode: 'json' }).$type<WelcomeMessageAttachment[]>().notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [index('welcome_messages_scope').on(t.scope, t.enabled)],
)

/** One welcome per WelcomeCode: WeCom accepts a code once, within 20 s of the add. */
export const welcomeSends = sqliteTable(
  'welcome_sends',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    welcomeCode: text('welcome_code').notNull().unique(),
    customerId: customerRef(),
    staffId: staffRef(),
    welcomeMessageId: integer('welcome_message_id').references(() => welcomeMessages.id),
    status: text('status', { enum: WELCOME_SEND_STATUSES }).notNull(),
    /** the last errcode WeCom answered, when not 0 */
    errcode: integer('errcode'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at'),
  },
  (t) => [index('welcome_sends_customer').on(t.customerId)],
)
