import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import {
  BROADCAST_CHAT_TYPES,
  BROADCAST_RECIPIENT_STATUSES,
  BROADCAST_STATUSES,
  BROADCAST_TASK_STATUSES,
  type AudienceFilter,
  type BroadcastAttachment,
} from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'
import { groupChats } from './customer-groups'
import { staff } from './staff'

/** A customer broadcast (客户群发) or customer-group broadcast, from composing to every result being final. */
export const broadcasts = pgTable(
  'broadcasts',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    chatType: text('chat_type', { enum: BROADCAST_CHAT_TYPES }).notNull(),
    status: text('status', { enum: BROADCAST_STATUSES }).notNull(),
    text: text('text').notNull(),
    attachments: jsonb('attachments').$type<BroadcastAttachment[]>().notNull(),
    /** single: the audience, resolved when it is sent */
    filter: jsonb('filter').$type<AudienceFilter>(),
    /** group: the groups chosen, or every group of these owners */
    groupChatIds: jsonb('group_chat_ids').$type<number[]>(),
    ownerUserIds: jsonb('owner_user_ids').$type<string[]>(),
    /** the console's Idempotency-Key: a retried create answers the first broadcast */
    idempotencyKey: text('idempotency_key').unique(),
    sendAt: timestamp('send_at').notNull(),
    /** when a server last took the send; one still under way long after it is taken for one a server did not finish */
    sendingSince: timestamp('sending_since'),
    /** when every task and recipient had been written; until then a resumed send writes those still missing */
    tasksWrittenAt: timestamp('tasks_written_at'),
    /** why nothing could be sent (an image that could not be fetched, WeCom refusing every call) */
    failure: text('failure'),
    syncedAt: timestamp('synced_at'),
    finishedAt: timestamp('finished_at'),
    createdAt: createdAt(),
  },
  (t) => [index('broadcasts_status').on(t.status, t.id)],
)

/** One add_msg_template call: a staff member's share of a broadcast (≤ 10,000 customers or 2,000 groups). */
export const broadcastTasks = pgTable(
  'broadcast_tasks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    broadcastId: integer('broadcast_id')
      .notNull()
      .references(() => broadcasts.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    /** the staff member's share is split in calls of WeCom's size; 0, 1, … */
    batch: integer('batch').notNull(),
    status: text('status', { enum: BROADCAST_TASK_STATUSES }).notNull(),
    msgid: text('msgid'),
    errcode: integer('errcode'),
    /** when the staff member confirmed it in their client (get_groupmsg_task send_time) */
    confirmedAt: timestamp('confirmed_at'),
    /**
     * Its recipients by status, counted again whenever they change: a broadcast's progress is summed from
     * its tasks, as counting a whole brand's recipients held the server a second on every look.
     */
    recipients: integer('recipients').notNull().default(0),
    recipientsPending: integer('recipients_pending').notNull().default(0),
    recipientsSent: integer('recipients_sent').notNull().default(0),
    recipientsNotFriend: integer('recipients_not_friend').notNull().default(0),
    recipientsOverQuota: integer('recipients_over_quota').notNull().default(0),
    recipientsFailed: integer('recipients_failed').notNull().default(0),
  },
  (t) => [uniqueIndex('broadcast_tasks_batch').on(t.broadcastId, t.staffId, t.batch), index('broadcast_tasks_status').on(t.status)],
)

/** Each customer or group a broadcast was for, with WeCom's result. */
export const broadcastRecipients = pgTable(
  'broadcast_recipients',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    broadcastId: integer('broadcast_id')
      .notNull()
      .references(() => broadcasts.id),
    taskId: integer('task_id')
      .notNull()
      .references(() => broadcastTasks.id),
    customerId: integer('customer_id').references(() => customers.id),
    groupChatId: integer('group_chat_id').references(() => groupChats.id),
    /** external_userid or chat_id, as WeCom answers results by it */
    wecomId: text('wecom_id').notNull(),
    status: text('status', { enum: BROADCAST_RECIPIENT_STATUSES }).notNull(),
    sentAt: timestamp('sent_at'),
  },
  (t) => [
    uniqueIndex('broadcast_recipients_once').on(t.broadcastId, t.wecomId),
    index('broadcast_recipients_task').on(t.taskId, t.wecomId),
    index('broadcast_recipients_status').on(t.broadcastId, t.status),
    // the receive rule: what each customer (or group) was delivered since a time
    index('broadcast_recipients_customer_sent').on(t.customerId, t.status, t.sentAt),
    index('broadcast_recipients_group_sent').on(t.groupChatId, t.status, t.sentAt),
  ],
)

/** remind_groupmsg_send: numbered per broadcast, so two reminders at once cannot both take the third place. */
export const broadcastReminders = pgTable(
  'broadcast_reminders',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    broadcastId: integer('broadcast_id')
      .notNull()
      .references(() => broadcasts.id),
    seq: integer('seq').notNull(),
    at: timestamp('at').notNull(),
  },
  (t) => [uniqueIndex('broadcast_reminders_seq').on(t.broadcastId, t.seq)],
)
