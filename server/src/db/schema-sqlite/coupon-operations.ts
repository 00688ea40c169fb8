import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { COUPON_BATCH_STATUSES, type AudienceFilter } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { couponTemplates, coupons } from './coupons'
import { customers } from './customers'
import { staff } from './staff'

/** A template's coupon issued to an audience, chunk by chunk, with its progress. */
export const couponIssueBatches = sqliteTable('coupon_issue_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  templateId: integer('template_id')
    .notNull()
    .references(() => couponTemplates.id),
  filter: text('filter', { mode: 'json' }).$type<AudienceFilter>().notNull(),
  skipHolders: integer('skip_holders', { mode: 'boolean' }).notNull(),
  /** the console's key for the request: submitting it again answers this batch */
  idempotencyKey: text('idempotency_key').unique(),
  status: text('status', { enum: COUPON_BATCH_STATUSES }).notNull().default('running'),
  total: integer('total').notNull(),
  /** the audience is walked by customer id up to the last one that existed when the batch began */
  maxCustomerId: integer('max_customer_id').notNull(),
  lastCustomerId: integer('last_customer_id').notNull().default(0),
  issued: integer('issued').notNull().default(0),
  skipped: integer('skipped').notNull().default(0),
  note: text('note'),
  createdAt: timestamp('created_at').notNull(),
  finishedAt: timestamp('finished_at'),
})

/** A template published in the claim centre (领券中心) with its stock, per-customer limit and window. */
export const couponClaimables = sqliteTable(
  'coupon_claimables',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    templateId: integer('template_id')
      .notNull()
      .references(() => couponTemplates.id),
    totalStock: integer('total_stock').notNull(),
    claimed: integer('claimed').notNull().default(0),
    perCustomerLimit: integer('per_customer_limit').notNull(),
    startsAt: timestamp('starts_at').notNull(),
    endsAt: timestamp('ends_at').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [check('coupon_claimables_within_stock', sql`${t.claimed} <= ${t.totalStock}`)],
)

export const couponClaims = sqliteTable(
  'coupon_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimableId: integer('claimable_id')
      .notNull()
      .references(() => couponClaimables.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    /** the customer's n-th claim here: unique, so the per-customer limit holds in the database */
    slot: integer('slot').notNull(),
    couponId: integer('coupon_id')
      .notNull()
      .references(() => coupons.id),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('coupon_claims_slot').on(t.claimableId, t.customerId, t.slot),
    uniqueIndex('coupon_claims_customer_idempotency').on(t.customerId, t.idempotencyKey),
  ],
)

/** A coupon a guide redeemed in a store (核销): who, where; one per coupon. */
export const couponStoreRedemptions = sqliteTable(
  'coupon_store_redemptions',
  {
    couponId: integer('coupon_id')
      .primaryKey()
      .references(() => coupons.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    store: text('store'),
    redeemedAt: timestamp('redeemed_at').notNull(),
  },
  (t) => [index('coupon_store_redemptions_staff').on(t.staffId, t.redeemedAt)],
)
