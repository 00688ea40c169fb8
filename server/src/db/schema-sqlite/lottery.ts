import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { LOTTERY_PRIZE_TYPES, PRIZE_CLAIM_STATUSES, type LotteryAudience, type ShippingAddress } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { customers } from './customers'
import { couponTemplates, coupons } from './coupons'

export const lotteries = sqliteTable('lotteries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  startsAt: timestamp('starts_at').notNull(),
  endsAt: timestamp('ends_at').notNull(),
  costPoints: integer('cost_points').notNull(),
  freeDrawsPerDay: integer('free_draws_per_day').notNull(),
  maxDrawsPerUser: integer('max_draws_per_user').notNull(),
  audience: text('audience', { mode: 'json' }).$type<LotteryAudience>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
})

export const lotteryPrizes = sqliteTable(
  'lottery_prizes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    lotteryId: integer('lottery_id')
      .notNull()
      .references(() => lotteries.id),
    /** the cell's place on the wheel */
    position: integer('position').notNull(),
    name: text('name').notNull(),
    type: text('type', { enum: LOTTERY_PRIZE_TYPES }).notNull(),
    weight: integer('weight').notNull(),
    stock: integer('stock').notNull(),
    points: integer('points'),
    couponTemplateId: integer('coupon_template_id').references(() => couponTemplates.id),
  },
  (t) => [check('lottery_prizes_stock_not_negative', sql`${t.stock} >= 0`), index('lottery_prizes_lottery').on(t.lotteryId, t.position)],
)

export const lotteryDraws = sqliteTable(
  'lottery_draws',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    lotteryId: integer('lottery_id')
      .notNull()
      .references(() => lotteries.id),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    /** the customer's n-th draw in this lottery: unique, so the total limit holds in the database */
    seq: integer('seq').notNull(),
    /** business day of the draw, and its number that day: free draws are the first of each day */
    date: text('date').notNull(),
    daySeq: integer('day_seq').notNull(),
    free: integer('free', { mode: 'boolean' }).notNull(),
    costPoints: integer('cost_points').notNull(),
    /** what the wheel stopped on; null when there was no "thanks" cell for a miss */
    prizeId: integer('prize_id').references(() => lotteryPrizes.id),
    /** whether something was won (an exhausted prize counts as a miss) */
    won: integer('won', { mode: 'boolean' }).notNull(),
    couponId: integer('coupon_id').references(() => coupons.id),
    claimStatus: text('claim_status', { enum: PRIZE_CLAIM_STATUSES }).notNull().default('none'),
    address: text('address', { mode: 'json' }).$type<ShippingAddress>(),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('lottery_draws_customer_seq').on(t.lotteryId, t.customerId, t.seq),
    // Customer first, it is also a customer's draws (the 360 view, my prizes: a few per customer, sorted
    // after the lookup) and where a retry's draw is found by its key: no index of their own to write.
    uniqueIndex('lottery_draws_customer_lottery_day').on(t.customerId, t.lotteryId, t.date, t.daySeq),
    index('lottery_draws_prize').on(t.prizeId, t.won),
  ],
)
