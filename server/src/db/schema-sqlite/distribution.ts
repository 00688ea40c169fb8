import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { COMMISSION_STATUSES, DISTRIBUTOR_STATUSES, WITHDRAWAL_STATUSES } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'
import { orders } from './orders'
import { admins } from './admins'

export const distributors = sqliteTable(
  'distributors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id)
      .unique(),
    code: text('code').notNull().unique(),
    status: text('status', { enum: DISTRIBUTOR_STATUSES }).notNull(),
    /** the distributor whose link brought this one in: level-2 commission goes there */
    inviterId: integer('inviter_id'),
    approvedAt: timestamp('approved_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('distributors_status').on(t.status, t.id), index('distributors_inviter').on(t.inviterId)],
)

/** Running totals in fen; the guarded updates on these columns are what keep withdrawals exact. */
export const distributorAccounts = sqliteTable(
  'distributor_accounts',
  {
    distributorId: integer('distributor_id')
      .primaryKey()
      .references(() => distributors.id),
    frozenFen: integer('frozen_fen').notNull().default(0),
    /** settled ever, less reversals of settled commission */
    settledFen: integer('settled_fen').notNull().default(0),
    withdrawableFen: integer('withdrawable_fen').notNull().default(0),
    pendingWithdrawalFen: integer('pending_withdrawal_fen').notNull().default(0),
    withdrawnFen: integer('withdrawn_fen').notNull().default(0),
    /** reversals the balance could not cover; paid off from later settlements */
    owedFen: integer('owed_fen').notNull().default(0),
  },
  (t) => [
    check(
      'distributor_accounts_not_negative',
      sql`${t.frozenFen} >= 0 and ${t.withdrawableFen} >= 0 and ${t.pendingWithdrawalFen} >= 0 and ${t.owedFen} >= 0`,
    ),
  ],
)

/** A customer is bound to one distributor at a time, until the binding expires. */
export const referralBindings = sqliteTable(
  'referral_bindings',
  {
    customerId: integer('customer_id')
      .primaryKey()
      .references(() => customers.id),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id),
    boundAt: timestamp('bound_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
  },
  (t) => [index('referral_bindings_distributor').on(t.distributorId, t.expiresAt)],
)

/** Who earns on an order, fixed when the order is placed. */
export const orderReferrals = sqliteTable('order_referrals', {
  orderId: integer('order_id')
    .primaryKey()
    .references(() => orders.id),
  level1Id: integer('level1_id')
    .notNull()
    .references(() => distributors.id),
  level2Id: integer('level2_id').references(() => distributors.id),
  createdAt: createdAt(),
})

export const commissions = sqliteTable(
  'commissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id),
    level: integer('level').notNull(),
    amountFen: integer('amount_fen').notNull(),
    status: text('status', { enum: COMMISSION_STATUSES }).notNull().default('frozen'),
    settleAt: timestamp('settle_at'),
    settledAt: timestamp('settled_at'),
    reversedAt: timestamp('reversed_at'),
    owedFen: integer('owed_fen').notNull().default(0),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('commissions_order_level').on(t.orderId, t.level), index('commissions_distributor').on(t.distributorId, t.id)],
)

export const withdrawals = sqliteTable(
  'withdrawals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    distributorId: integer('distributor_id')
      .notNull()
      .references(() => distributors.id),
    amountFen: integer('amount_fen').notNull(),
    status: text('status', { enum: WITHDRAWAL_STATUSES }).notNull().default('pending'),
    note: text('note'),
    idempotencyKey: text('idempotency_key'),
    decidedBy: integer('decided_by').references(() => admins.id),
    decidedAt: timestamp('decided_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('withdrawals_idempotency').on(t.distributorId, t.idempotencyKey),
    index('withdrawals_status').on(t.status, t.id),
    index('withdrawals_distributor').on(t.distributorId, t.id),
  ],
)
