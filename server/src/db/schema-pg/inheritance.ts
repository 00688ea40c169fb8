import { index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { GROUP_TRANSFER_STATUSES, TRANSFER_KINDS, TRANSFER_STATUSES } from '@liuliang/shared'
import { timestamp } from './columns'
import { groupChats } from './customer-groups'
import { customers } from './customers'
import { staff } from './staff'

/** One customer handed from one guide to another (在职 / 离职继承), from the request to WeCom's final answer. */
export const customerTransfers = pgTable(
  'customer_transfers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: TRANSFER_KINDS }).notNull(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    handoverStaffId: integer('handover_staff_id')
      .notNull()
      .references(() => staff.id),
    takeoverStaffId: integer('takeover_staff_id')
      .notNull()
      .references(() => staff.id),
    status: text('status', { enum: TRANSFER_STATUSES }).notNull(),
    /** WeCom's per-customer errcode when it refused the request (status rejected) */
    errcode: integer('errcode'),
    /** the message shown to the customer (on-the-job only) */
    message: text('message'),
    requestedAt: timestamp('requested_at').notNull(),
    /** when WeCom takes (or took) the customer over */
    takeoverAt: timestamp('takeover_at'),
    finishedAt: timestamp('finished_at'),
  },
  (t) => [
    // the 90-day rule and "already in transfer", per customer
    index('customer_transfers_customer').on(t.customerId, t.requestedAt),
    // the result poller: waiting transfers by the pair of guides WeCom answers for
    index('customer_transfers_status_pair').on(t.status, t.kind, t.handoverStaffId, t.takeoverStaffId),
  ],
)

/** Guides WeCom reports as resigned (from the unassigned list), and when they left. */
export const staffDepartures = pgTable('staff_departures', {
  staffId: integer('staff_id')
    .primaryKey()
    .references(() => staff.id),
  resignedAt: timestamp('resigned_at').notNull(),
  syncedAt: timestamp('synced_at').notNull(),
})

/** A resigned guide's customer still waiting to be handed over (WeCom's get_unassigned_list), as last synced. */
export const unassignedCustomers = pgTable(
  'unassigned_customers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    externalUserId: text('external_user_id').notNull(),
    /** null when the customer never reached us through a callback */
    customerId: integer('customer_id').references(() => customers.id),
    dimissionAt: timestamp('dimission_at').notNull(),
    syncedAt: timestamp('synced_at').notNull(),
  },
  (t) => [uniqueIndex('unassigned_customers_staff_customer').on(t.staffId, t.externalUserId)],
)

/** A customer group handed to a new owner; WeCom answers at once, so each is done or rejected (with its errcode). */
export const groupTransfers = pgTable(
  'group_transfers',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind', { enum: TRANSFER_KINDS }).notNull(),
    groupChatId: integer('group_chat_id')
      .notNull()
      .references(() => groupChats.id),
    handoverStaffId: integer('handover_staff_id')
      .notNull()
      .references(() => staff.id),
    takeoverStaffId: integer('takeover_staff_id')
      .notNull()
      .references(() => staff.id),
    status: text('status', { enum: GROUP_TRANSFER_STATUSES }).notNull(),
    errcode: integer('errcode'),
    requestedAt: timestamp('requested_at').notNull(),
  },
  (t) => [
    // twice in 90 days per group (on the job)
    index('group_transfers_group').on(t.groupChatId, t.requestedAt),
    // 300 of one owner's groups a day
    index('group_transfers_handover').on(t.handoverStaffId, t.requestedAt),
  ],
)
