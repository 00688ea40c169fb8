import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { POINTS_REASONS } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'
import { admins } from './admins'

/** A customer's running totals; the ledger is the history, this row is what conditional updates guard. */
export const pointAccounts = sqliteTable(
  'point_accounts',
  {
    customerId: integer('customer_id')
      .primaryKey()
      .references(() => customers.id),
    balance: integer('balance').notNull().default(0),
    /** growth value: points ever earned */
    earnedTotal: integer('earned_total').notNull().default(0),
  },
  (t) => [check('point_accounts_balance_not_negative', sql`${t.balance} >= 0`)],
)

/** Append-only: every change of a balance, once per idempotency key. */
export const pointLedger = sqliteTable(
  'point_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    delta: integer('delta').notNull(),
    reason: text('reason', { enum: POINTS_REASONS }).notNull(),
    title: text('title').notNull(),
    balanceAfter: integer('balance_after').notNull(),
    /** derived from what caused the entry (check-in date, redemption id, admin's key…) */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** admin adjustments: who, and their stated reason */
    adminId: integer('admin_id').references(() => admins.id),
    note: text('note'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('point_ledger_customer').on(t.customerId, t.id)],
)

/** Earned points by when they expire; spending and expiry draw the oldest lots first. */
export const pointLots = sqliteTable(
  'point_lots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    ledgerId: integer('ledger_id')
      .notNull()
      .references(() => pointLedger.id),
    amount: integer('amount').notNull(),
    remaining: integer('remaining').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check('point_lots_remaining_in_range', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.amount}`),
    index('point_lots_customer_expiry').on(t.customerId, t.expiresAt, t.id),
  ],
)
