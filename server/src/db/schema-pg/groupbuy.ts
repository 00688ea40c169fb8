import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { GROUP_MEMBER_STATUSES, GROUP_STATUSES } from '@liuliang/shared'
import { createdAt, limitedOffer, timestamp } from './columns'
import { customers } from './customers'
import { orders, products } from './orders'

export const groupbuyCampaigns = pgTable(
  'groupbuy_campaigns',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    groupSize: integer('group_size').notNull(),
    priceFen: integer('price_fen').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    ...limitedOffer(),
    createdAt: createdAt(),
  },
  (t) => [check('groupbuy_campaigns_stock_not_negative', sql`${t.stock} >= 0`)],
)

export const groupbuyGroups = pgTable(
  'groupbuy_groups',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => groupbuyCampaigns.id),
    leaderId: integer('leader_id')
      .notNull()
      .references(() => customers.id),
    size: integer('size').notNull(),
    status: text('status', { enum: GROUP_STATUSES }).notNull(),
    /** members who paid; the guarded update `paid_count < size` is what keeps a group at N */
    paidCount: integer('paid_count').notNull().default(0),
    deadline: timestamp('deadline'),
    closedAt: timestamp('closed_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    check('groupbuy_groups_paid_in_range', sql`${t.paidCount} >= 0 and ${t.paidCount} <= ${t.size}`),
    // One group under way per leader per campaign.
    uniqueIndex('groupbuy_groups_one_open').on(t.campaignId, t.leaderId).where(sql`${t.status} in ('pending', 'open')`),
    index('groupbuy_groups_campaign_status').on(t.campaignId, t.status, t.deadline),
  ],
)

export const groupbuyMembers = pgTable(
  'groupbuy_members',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    groupId: integer('group_id')
      .notNull()
      .references(() => groupbuyGroups.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id)
      .unique(),
    isLeader: boolean('is_leader').notNull(),
    status: text('status', { enum: GROUP_MEMBER_STATUSES }).notNull(),
    /** an unpaid member keeps a seat until then */
    holdUntil: timestamp('hold_until').notNull(),
    joinedAt: timestamp('joined_at').notNull(),
    paidAt: timestamp('paid_at'),
  },
  (t) => [
    // Nobody is in the same group twice (a lapsed, unpaid hold does not count).
    uniqueIndex('groupbuy_members_once').on(t.groupId, t.customerId).where(sql`${t.status} in ('holding', 'paid')`),
    // A group's seats by status: every join counts the held ones and lists the members.
    index('groupbuy_members_group').on(t.groupId, t.status),
    index('groupbuy_members_customer').on(t.customerId, t.id),
  ],
)
