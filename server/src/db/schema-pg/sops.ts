import { sql } from 'drizzle-orm'
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { SOP_TASK_STATUSES, SOP_TRIGGERS, type QuietHours } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'
import { staff } from './staff'
import type { StoredSopStep } from '../schema-sqlite/sops'

/** An activation SOP (激活 SOP): a trigger, timed steps and quiet hours. */
export const sops = pgTable('sops', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  trigger: text('trigger', { enum: SOP_TRIGGERS }).notNull(),
  liveCodeId: integer('live_code_id'),
  tagId: integer('tag_id'),
  date: text('date'),
  weekday: integer('weekday'),
  audienceTagIds: jsonb('audience_tag_ids').$type<number[]>().notNull(),
  steps: jsonb('steps').$type<StoredSopStep[]>().notNull(),
  quietHours: jsonb('quiet_hours').$type<QuietHours | null>(),
  onTimeMinutes: integer('on_time_minutes').notNull(),
  enabled: boolean('enabled').notNull(),
  /** when it was last switched on: adds and groups before this do not enter it */
  activeSince: timestamp('active_since').notNull(),
  createdAt: timestamp('created_at').notNull(),
  updatedAt: timestamp('updated_at').notNull(),
})

/** Someone (a customer with their guide, or a guide's group) in an SOP: once per trigger round. */
export const sopEnrolments = pgTable(
  'sop_enrolments',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    sopId: integer('sop_id')
      .notNull()
      .references(() => sops.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    customerId: integer('customer_id').references(() => customers.id),
    groupChatId: integer('group_chat_id'),
    /** `c<customerId>` or `g<groupChatId>` */
    target: text('target').notNull(),
    /** the date for date and weekly SOPs, empty for the others (they run once per customer) */
    round: text('round').notNull(),
    anchorAt: timestamp('anchor_at').notNull(),
    endedAt: timestamp('ended_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sop_enrolments_once').on(t.sopId, t.target, t.round), index('sop_enrolments_customer').on(t.customerId)],
)

/** One step due for one enrolment: a to-do on the guide's list until sent, missed or ended. */
export const sopTasks = pgTable(
  'sop_tasks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    enrolmentId: integer('enrolment_id')
      .notNull()
      .references(() => sopEnrolments.id),
    sopId: integer('sop_id')
      .notNull()
      .references(() => sops.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    customerId: integer('customer_id').references(() => customers.id),
    groupChatId: integer('group_chat_id'),
    step: integer('step').notNull(),
    scriptId: integer('script_id').notNull(),
    dueAt: timestamp('due_at').notNull(),
    /** the second reminder: shortly before the step turns late */
    warnAt: timestamp('warn_at').notNull(),
    lateAt: timestamp('late_at').notNull(),
    missedAt: timestamp('missed_at').notNull(),
    status: text('status', { enum: SOP_TASK_STATUSES }).notNull(),
    doneAt: timestamp('done_at'),
    /** the send's request id: a retried send answers the same */
    requestId: text('request_id'),
    remindedAt: timestamp('reminded_at'),
    warnedAt: timestamp('warned_at'),
  },
  (t) => [
    uniqueIndex('sop_tasks_step').on(t.enrolmentId, t.step),
    index('sop_tasks_staff_open').on(t.staffId, t.status, t.dueAt),
    // What each minute's tick looks for, without reading every open to-do of a whole brand's round: the
    // pending ones still to remind, to warn, and to mark missed. The tick's statements write the status
    // as a constant, so a plan kept for any status (PostgreSQL's generic plan) still matches them.
    index('sop_tasks_to_remind').on(t.dueAt, t.id).where(sql`status = 'pending' and reminded_at is null`),
    index('sop_tasks_to_warn').on(t.warnAt, t.id).where(sql`status = 'pending' and warned_at is null`),
    index('sop_tasks_to_miss').on(t.missedAt, t.id).where(sql`status = 'pending'`),
    // A guide's open to-dos of an SOP, for its stats and list (its rounds still open, read from the index
    // alone): the closed ones are counted in sop_guide_counts.
    index('sop_tasks_sop_open').on(t.sopId, t.status, t.staffId, t.enrolmentId),
  ],
)

/**
 * What each guide's part of an SOP came to: rounds entered and to-dos closed on time, late or missed,
 * added to as they happen. Counting every to-do of every round grew with each round of a weekly SOP.
 */
export const sopGuideCounts = pgTable(
  'sop_guide_counts',
  {
    sopId: integer('sop_id')
      .notNull()
      .references(() => sops.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    enrolled: integer('enrolled').notNull().default(0),
    onTime: integer('on_time').notNull().default(0),
    late: integer('late').notNull().default(0),
    missed: integer('missed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.sopId, t.staffId] })],
)
