import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { FISSION_INVITE_STATUSES, FISSION_REWARD_KINDS, FISSION_REWARD_STATES } from '@liuliang/shared'
import { createdAt, timestamp } from './columns'
import { couponTemplates } from './coupons'
import { customers } from './customers'
import { liveCodes } from './live-codes'
import { mallItems } from './mall'
import { customerRef, staffRef } from './references'

/** A 任务宝: invite `goal` new friends to the live code's guides, earn the reward. */
export const fissionActivities = sqliteTable('fission_activities', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  liveCodeId: integer('live_code_id')
    .notNull()
    .references(() => liveCodes.id),
  goal: integer('goal').notNull(),
  rewardKind: text('reward_kind', { enum: FISSION_REWARD_KINDS }).notNull(),
  rewardPoints: integer('reward_points'),
  rewardCouponTemplateId: integer('reward_coupon_template_id').references(() => couponTemplates.id),
  rewardMallItemId: integer('reward_mall_item_id').references(() => mallItems.id),
  revokeOnWithdraw: integer('revoke_on_withdraw', { mode: 'boolean' }).notNull().default(false),
  startsAt: timestamp('starts_at').notNull(),
  endsAt: timestamp('ends_at').notNull(),
  rules: text('rules').notNull().default(''),
  posterImageUrl: text('poster_image_url'),
  deletedAt: timestamp('deleted_at'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at').notNull(),
})

export const fissionParticipants = sqliteTable(
  'fission_participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    activityId: integer('activity_id')
      .notNull()
      .references(() => fissionActivities.id),
    customerId: customerRef(),
    /** the personal contact way's state (live_code_ways.state), which add events echo */
    state: text('state').notNull().unique(),
    /** friends counting now; changed only by a conditional update, which serialises concurrent adds */
    invited: integer('invited').notNull().default(0),
    rewardState: text('reward_state', { enum: FISSION_REWARD_STATES }).notNull().default('none'),
    /** how many times the reward was issued: the ledgers' idempotency keys carry it */
    rewardRound: integer('reward_round').notNull().default(0),
    rewardedAt: timestamp('rewarded_at'),
    rewardError: text('reward_error'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('fission_participants_once').on(t.activityId, t.customerId),
    index('fission_participants_customer').on(t.customerId),
    check('fission_participants_invited_not_negative', sql`${t.invited} >= 0`),
  ],
)

export const fissionInvites = sqliteTable(
  'fission_invites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    activityId: integer('activity_id')
      .notNull()
      .references(() => fissionActivities.id),
    participantId: integer('participant_id')
      .notNull()
      .references(() => fissionParticipants.id),
    friendCustomerId: integer('friend_customer_id')
      .notNull()
      .references(() => customers.id),
    staffId: staffRef(),
    status: text('status', { enum: FISSION_INVITE_STATUSES }).notNull(),
    /** the friend, on the one invite they ever counted for: unique, so a friend counts for one inviter only */
    creditedFriendId: integer('credited_friend_id').references(() => customers.id),
    addedAt: timestamp('added_at').notNull(),
    withdrawnAt: timestamp('withdrawn_at'),
  },
  (t) => [
    uniqueIndex('fission_invites_credit_once').on(t.creditedFriendId),
    index('fission_invites_participant').on(t.participantId, t.id),
    index('fission_invites_activity_status').on(t.activityId, t.status, t.id),
    index('fission_invites_friend').on(t.friendCustomerId, t.staffId),
  ],
)

/** A poster opened in the mini-program, by its owner or by a friend it was shared with. */
export const fissionPosterViews = sqliteTable(
  'fission_poster_views',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    activityId: integer('activity_id')
      .notNull()
      .references(() => fissionActivities.id),
    participantId: integer('participant_id')
      .notNull()
      .references(() => fissionParticipants.id),
    viewerCustomerId: customerRef(),
    viewedAt: timestamp('viewed_at').notNull(),
  },
  (t) => [index('fission_poster_views_activity').on(t.activityId), index('fission_poster_views_participant').on(t.participantId)],
)
